'use strict';
// The stores several nodes share (issue 20), for the tests that need them: a PostgreSQL (scripts/postgres.sh) and a
// one-node Ceph with its S3 gateway (scripts/ceph-s3.sh), each under `work` on free ports, stopped by PID.

const net = require('node:net');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { REPO_ROOT } = require('./server');

const ACCESS_KEY = 'scaleoutaccesskey';
const SECRET_KEY = 'scaleoutsecretkey0000000000000000';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL in `work`/pg and Ceph in `work`/ceph.
 * @returns {Promise<{pgUrl, endpoint, blobsUrl(bucketAndPrefix), nodeEnv(bucketAndPrefix), s3Env, stop()}>}
 * nodeEnv: the environment of a node over both (FILEGATE_METADATA, FILEGATE_BLOBS and the S3 credentials); s3Env:
 * the credentials alone. stop() also tidies what a failed start left.
 */
async function startScaleOutStores(work) {
  const pgDir = path.join(work, 'pg');
  const cephEnv = {
    ...process.env,
    BASE: path.join(work, 'ceph'),
    RGW_PORT: String(await freePort()),
    MON_PORT: String(await freePort()),
    MON2_PORT: String(await freePort()),
    ACCESS_KEY,
    SECRET_KEY,
  };
  const stop = () => {
    try { execFileSync(path.join(REPO_ROOT, 'scripts/ceph-s3.sh'), ['stop'], { env: cephEnv }); } catch { /* not started */ }
    try { execFileSync(path.join(REPO_ROOT, 'scripts/postgres.sh'), ['stop', pgDir]); } catch { /* not started */ }
  };
  try {
    const pgUrl = execFileSync(path.join(REPO_ROOT, 'scripts/postgres.sh'), ['start', pgDir, String(await freePort())],
      { encoding: 'utf8' }).trim();
    const endpoint = execFileSync(path.join(REPO_ROOT, 'scripts/ceph-s3.sh'), ['start'],
      { encoding: 'utf8', env: cephEnv, timeout: 240000 }).trim().split('\n').pop();
    const blobsUrl = (bucketAndPrefix) =>
      `s3://${bucketAndPrefix}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1`;
    const s3Env = { FILEGATE_S3_ACCESS_KEY: ACCESS_KEY, FILEGATE_S3_SECRET_KEY: SECRET_KEY };
    const nodeEnv = (bucketAndPrefix) => ({
      FILEGATE_METADATA: pgUrl, FILEGATE_BLOBS: blobsUrl(bucketAndPrefix), ...s3Env,
    });
    return { pgUrl, endpoint, blobsUrl, nodeEnv, s3Env, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

module.exports = { startScaleOutStores, freePort, ACCESS_KEY, SECRET_KEY };
