'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: instant upload by hash, in both client styles (../lib/smh-client.js). The simple upload's start takes
// an optional body {size, beginningHash, fullHash} (OpenAPI doc: 202 when beginningHash matches, so the client sends
// fullHash next; 200 with the file created when fullHash matches; 201 otherwise). The hashes are the SMH JS SDK's,
// computed here independently: beginningHash = SHA-256 of the first 1 MiB, fullHash = SHA-256 chained over 1 MiB
// chunks (each chunk's hash is prepended to the next chunk).

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { crc64xz, smhSuite, expectError } = require('../lib/smh-client');

const T = { timeout: 60000 };
const MiB = 1024 * 1024;

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest();
}
function hashesOf(data) {
  let previous = null;
  let beginningHash = null;
  for (let at = 0; at < data.length; at += MiB) {
    const chunk = data.subarray(at, at + MiB);
    previous = sha256(previous ? Buffer.concat([previous, chunk]) : chunk);
    if (!beginningHash) beginningHash = previous.toString('hex');
  }
  return { beginningHash, fullHash: previous.toString('hex') };
}

describe('Tencent SMH instant upload', () => {
  const suite = smhSuite();

  const start = (client, p, body, params = {}) =>
    client.call('PUT', 'file', p, {
      params: { filesize: body.size, ...params },
      headers: { 'Content-Type': 'application/json', 'x-smh-meta-source': 'instant' },
      body: JSON.stringify(body),
    });
  const bytesOf = async (client, p) => {
    const res = await client.download(p, {}, { redirect: 'manual' });
    assert.equal(res.status, 302, `download ${p}: ${await res.text()}`);
    return Buffer.from(await (await fetch(res.headers.get('location'))).arrayBuffer());
  };

  it('the test hashes are the SDK\'s: a file of at most 1 MiB has both equal to its SHA-256', () => {
    const small = Buffer.from('小文件');
    assert.deepEqual(hashesOf(small), { beginningHash: sha256(small).toString('hex'), fullHash: sha256(small).toString('hex') });
    const big = crypto.randomBytes(MiB + 10);
    const h1 = sha256(big.subarray(0, MiB));
    assert.equal(hashesOf(big).fullHash, sha256(Buffer.concat([h1, big.subarray(MiB)])).toString('hex'));
  });

  for (const style of ['java', 'android']) {
    for (const [label, size] of [['a small file', 4096], ['a file of several MiB (chained hash)', 2 * MiB + 123]]) {
      it(`${style}: ${label}: beginningHash → 202, fullHash → 200 with the file, no bytes sent`, T, async () => {
        const c = suite.clients[style];
        const dir = `秒传 ${style} ${size}`;
        assert.equal((await c.mkdir(dir)).status, 201);
        const data = crypto.randomBytes(size);
        const original = await c.upload(`${dir}/原 文件.bin`, data);
        assert.equal(original.confirm.status, 200);
        const { beginningHash, fullHash } = hashesOf(data);

        const first = await start(c, `${dir}/副本 文件.bin`, { size: String(size), beginningHash });
        const firstText = await first.text();
        assert.equal(first.status, 202, firstText);
        assert.equal(firstText, '', 'documented: an empty body');
        assert.equal((await c.info(`${dir}/副本 文件.bin`)).status, 404, 'a 202 creates nothing');

        const second = await start(c, `${dir}/副本 文件.bin`, { size: String(size), beginningHash, fullHash });
        const made = await second.json();
        assert.equal(second.status, 200, JSON.stringify(made));
        assert.deepEqual(made.path, [dir, '副本 文件.bin']);
        assert.equal(made.size, String(size));
        assert.equal(made.crc64, crc64xz(data));
        assert.equal(made.metaData['x-smh-meta-source'], 'instant');
        assert.ok(made.versionId > 0);
        assert.ok((await bytesOf(c, `${dir}/副本 文件.bin`)).equals(data), 'the new file serves the stored bytes');

        const history = await (await c.history(`${dir}/副本 文件.bin`)).json();
        assert.equal(history.totalNum, 1);
        assert.equal(history.contents[0].creationWay, 0);
      });
    }
  }

  it('no match: the ordinary 201 upload parameters; ask over an existing name: 409 before any match', T, async () => {
    const { java, android } = suite.clients;
    assert.equal((await java.mkdir('秒传 未中')).status, 201);
    const data = Buffer.from('some stored bytes');
    assert.equal((await java.upload('秒传 未中/a.txt', data)).confirm.status, 200);
    const { beginningHash, fullHash } = hashesOf(data);
    const other = hashesOf(Buffer.from('other bytes'));

    for (const body of [
      { size: String(data.length), beginningHash: other.beginningHash },
      { size: String(data.length), beginningHash, fullHash: other.fullHash },
      { size: '5', beginningHash, fullHash }, // the right hashes of another size match nothing
    ]) {
      const res = await start(android, '秒传 未中/b.txt', body);
      const params = await res.json();
      assert.equal(res.status, 201, JSON.stringify(params));
      assert.ok(params.confirmKey && params.domain && params.headers.Authorization, JSON.stringify(params));
    }
    assert.equal((await android.info('秒传 未中/b.txt')).status, 404, 'no file until the bytes come');

    await expectError(
      start(android, '秒传 未中/a.txt', { size: String(data.length), beginningHash, fullHash }, {
        conflict_resolution_strategy: 'ask',
      }),
      409, 'SameNameDirectoryOrFileExists', 'ask over an existing name');
    const renamed = await start(java, '秒传 未中/a.txt', { size: String(data.length), beginningHash, fullHash });
    assert.equal(renamed.status, 200);
    assert.deepEqual((await renamed.json()).path, ['秒传 未中', 'a (1).txt'], 'rename, the default, picks a free name');
    await expectError(start(java, '秒传 缺失/a.txt', { size: String(data.length), fullHash }), 404, 'DirectoryNotFound',
      'the parent must exist');
  });
});
