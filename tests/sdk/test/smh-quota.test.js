'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: a space's quota from fixtures ([[smh.quotas]], docs/fixtures.md), read with GET /api/v1/quota/{lib}/
// {space} (the Java SDK's QuotaCapacityResponse {id, capacity}; the Android SDK's getQuotaCapacity), and enforced:
// an upload that would exceed it answers 400 QuotaLimitReached (the Android SDK special-cases that code), whether
// its size is declared at the start, known only at the confirm, or an instant upload's.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../lib/server');
const { makeClient, getToken, expectError } = require('../lib/smh-client');

const T = { timeout: 30000 };
const LIMITED = { libraryId: 'smhquota00000001', librarySecret: 'quotaFixtureSecret00000000000000000000001' };
const OPEN = { libraryId: 'smhquota00000002', librarySecret: 'quotaFixtureSecret00000000000000000000002' };
const CAPACITY = 100;

describe('Tencent SMH quota', () => {
  let server;
  let dir;
  const clients = {};

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-smh-quota-'));
    const toml = `
[[smh.libraries]]
library_id = "${LIMITED.libraryId}"
library_secret = "${LIMITED.librarySecret}"

[[smh.libraries]]
library_id = "${OPEN.libraryId}"
library_secret = "${OPEN.librarySecret}"

[[smh.directories]]
library_id = "${LIMITED.libraryId}"
dir_path = "配额 目录"

[[smh.quotas]]
library_id = "${LIMITED.libraryId}"
capacity = ${CAPACITY}
`;
    fs.writeFileSync(path.join(dir, 'fixtures.toml'), toml);
    server = await startServer({ extraArgs: ['--fixtures', path.join(dir, 'fixtures.toml')] });
    for (const style of ['java', 'android']) {
      for (const [name, lib] of [['limited', LIMITED], ['open', OPEN]]) {
        const token = (await getToken(server, lib.libraryId, lib.librarySecret)).accessToken;
        clients[`${name}-${style}`] = makeClient(server, style, { libraryId: lib.libraryId, token });
      }
    }
  });
  after(async () => {
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  const quotaOf = async (client) => {
    const res = await client.quota();
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    return body;
  };

  it('GET quota answers the capacity and the bytes used; a space without one: 404 NoQuota', T, async () => {
    for (const style of ['java', 'android']) {
      const q = await quotaOf(clients[`limited-${style}`]);
      assert.equal(q.capacity, String(CAPACITY));
      assert.equal(typeof q.id, 'number');
      assert.equal(q.usedSpace, '0');
      await expectError(clients[`open-${style}`].quota(), 404, 'NoQuota', `${style}: no quota set`);
    }
  });

  it('uploads count until the next would exceed the capacity: 400 QuotaLimitReached at the start or the confirm', T, async () => {
    const java = clients['limited-java'];
    const android = clients['limited-android'];
    const first = await java.upload('配额 目录/第一个.bin', crypto.randomBytes(60));
    assert.equal(first.confirm.status, 200, JSON.stringify(first.confirmBody));
    assert.equal((await quotaOf(android)).usedSpace, '60');

    // Declared size: refused at the start, before any bytes are sent.
    await expectError(
      android.call('PUT', 'file', '配额 目录/第二个.bin', { params: { filesize: 41 } }),
      400, 'QuotaLimitReached', 'a start whose filesize does not fit');
    const fits = await android.upload('配额 目录/刚好.bin', crypto.randomBytes(40));
    assert.equal(fits.confirm.status, 200, 'exactly the capacity fits');
    assert.equal((await quotaOf(java)).usedSpace, String(CAPACITY));

    // No declared size: the bytes arrive, the confirm refuses, nothing is created.
    const start = await java.call('PUT', 'file', '配额 目录/未声明.bin');
    const params = await start.json();
    assert.equal(start.status, 201, JSON.stringify(params));
    const put = await fetch(`http://${params.domain}${params.path}`, {
      method: 'PUT', headers: params.headers, body: Buffer.from('x'),
    });
    assert.equal(put.status, 200);
    await expectError(java.confirmUpload(params.confirmKey), 400, 'QuotaLimitReached', 'a confirm past the quota');
    await expectError(java.info('配额 目录/未声明.bin'), 404, 'FileNotFound', 'nothing was created');

    // Deleting makes room: the recycle bin does not count.
    assert.equal((await java.remove('配额 目录/第一个.bin')).status, 200);
    assert.equal((await quotaOf(java)).usedSpace, '40');
    const after = await android.upload('配额 目录/之后.bin', crypto.randomBytes(60));
    assert.equal(after.confirm.status, 200);
  });

  it('an instant upload and a version restore count as the bytes they add', T, async () => {
    const java = clients['limited-java'];
    // The space is full (40 + 60 from the test before); free it, then fill it to 80 with two versions of 40.
    for (const name of ['刚好.bin', '之后.bin']) {
      assert.equal((await java.remove(`配额 目录/${name}`, { permanent: 1 })).status, 204);
    }
    const data = crypto.randomBytes(40);
    const v1 = await java.upload('配额 目录/版本.bin', data);
    const v2 = await java.upload('配额 目录/版本.bin', crypto.randomBytes(40), { strategy: 'overwrite' });
    assert.equal(v2.confirm.status, 200);
    assert.equal((await quotaOf(java)).usedSpace, '80');

    // An instant upload stores no bytes but adds a file of that size, as the platform counts it.
    const fullHash = crypto.createHash('sha256').update(data).digest('hex'); // one chunk: the plain SHA-256
    await expectError(
      java.call('PUT', 'file', '配额 目录/秒传.bin', {
        params: { filesize: 40 },
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ size: '40', beginningHash: fullHash, fullHash }),
      }),
      400, 'QuotaLimitReached', 'an instant upload past the quota');
    await expectError(java.restoreVersion(v1.confirmBody.versionId), 400, 'QuotaLimitReached', 'a restore past the quota');
    assert.equal((await quotaOf(java)).usedSpace, '80', 'nothing was added');
  });
});
