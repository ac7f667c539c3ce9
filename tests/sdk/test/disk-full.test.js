'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Disk full: the data dir on a small tmpfs. An upload that does not fit fails with the platform's own error, leaves
// nothing behind (no object, no staged bytes), and the server goes on serving downloads; once space is freed, the
// same upload works. Needs root to mount the tmpfs (CI runs as root); skipped otherwise, saying why.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, newClient } = require('../lib/server');
const { readAll, expectApiError } = require('../lib/helpers');

const MiB = 1024 * 1024;
const T = { timeout: 60000 };

function mountTmpfs(dir, size) {
  if (process.getuid() !== 0) return 'not root: cannot mount a tmpfs';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount -t tmpfs failed: ${String(e.stderr).trim()}`;
  }
}

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-disk-full-'));
const skip = mountTmpfs(mountPoint, '32m');
if (skip) fs.rmSync(mountPoint, { recursive: true, force: true });

describe('disk full', { skip: skip ?? false }, () => {
  let server;
  let client;
  const filler = path.join(mountPoint, 'filler');
  const upload = (bytes) =>
    client.im.file.create({ data: { file_type: 'stream', file_name: 'big.bin', file: bytes } });
  const download = async (key) => readAll((await client.im.file.get({ path: { file_key: key } })).getReadableStream());
  const filesIn = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

  before(async () => {
    const dataDir = path.join(mountPoint, 'data');
    fs.mkdirSync(dataDir);
    server = await startServer({ dataDir });
    client = newClient(server.url, server.app);
  });
  after(async () => {
    await server?.stop();
    execFileSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it('an upload that does not fit fails cleanly, downloads go on, and freed space makes it work', T, async () => {
    const small = crypto.randomBytes(64 * 1024);
    const smallKey = (await upload(small)).file_key;
    const objectsBefore = (await (await server.admin('objects')).json()).objects.length;

    // Leave about 2 MiB free, then send 6 MiB.
    const free = () => fs.statfsSync(mountPoint).bavail * fs.statfsSync(mountPoint).bsize;
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 2 * MiB)));
    const big = crypto.randomBytes(6 * MiB);
    await expectApiError(upload(big), { status: 500, what: 'upload into a full disk' });

    for (const node of server.nodes) {
      assert.deepEqual(filesIn(path.join(node.dataDir, 'staging')), [], `no staged bytes left behind in ${node.dataDir}`);
    }
    assert.equal((await (await server.admin('objects')).json()).objects.length, objectsBefore, 'no new object');
    assert.deepEqual(await download(smallKey), small, 'downloads go on');
    assert.equal((await fetch(`${server.url}/_filegate/ready`)).status, 200);

    fs.rmSync(filler);
    const key = (await upload(big)).file_key;
    assert.deepEqual(await download(key), big);
  });
});
