'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: version history beyond the list, as the Android SDK (restoreHistoryMedia, deleteHistoryMedia) and the
// history API's doc (setHistoryLatest, deleteHistory) call it, in both client styles (../lib/smh-client.js):
// POST …/directory-history/{lib}/{space}/latest-version/{id} makes an old version the latest again (a new version,
// creationWay 2), POST …/delete with [ids] deletes versions, whose download URLs then answer COS's 404 NoSuchKey.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const { makeClient, getToken, clientsOfBothStyles, expectError, expectJson: json } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH version restore and delete', () => {
  let server;
  let clients;

  before(async () => {
    server = await startServer();
    clients = await clientsOfBothStyles(server, { user_id: 'android-user' });
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  const uploaded = async (client, p, data, opts) => {
    const up = await client.upload(p, data, opts);
    assert.equal(up.confirm.status, 200, `upload ${p}: ${JSON.stringify(up.confirmBody)}`);
    return up.confirmBody;
  };
  const bytesOf = async (client, p, params) => {
    const res = await client.download(p, params, { redirect: 'manual' });
    assert.equal(res.status, 302, `download ${p}: ${await res.text()}`);
    const bytes = await fetch(res.headers.get('location'));
    assert.equal(bytes.status, 200);
    return Buffer.from(await bytes.arrayBuffer()).toString();
  };
  /** A file with three versions "v1 …", "v2 …", "v3 …"; returns their history ids, oldest first. */
  const threeVersions = async (client, p) => {
    const ids = [];
    for (const n of [1, 2, 3]) {
      const confirmed = await uploaded(client, p, Buffer.from(`v${n} ${p}`), { strategy: 'overwrite' });
      ids.push(confirmed.versionId);
    }
    return ids;
  };

  for (const style of ['java', 'android']) {
    it(`${style}: restoring a version makes it the latest as a new version (creationWay 2) with its bytes`, T, async () => {
      const c = clients[style];
      const dir = `版本 ${style}`;
      assert.equal((await c.mkdir(dir)).status, 201);
      const p = `${dir}/报告 第1版.txt`;
      const [v1, , v3] = await threeVersions(c, p);

      const restored = await json(c.restoreVersion(v1), 200, 'restore');
      assert.deepEqual(restored.path, [dir, '报告 第1版.txt']);
      assert.equal(restored.name, '报告 第1版.txt');
      assert.equal(restored.size, String(Buffer.byteLength(`v1 ${p}`)));
      assert.ok(restored.versionId > v3, `a new version id: ${JSON.stringify(restored)}`);

      const history = await json(c.history(p), 200, 'history');
      assert.equal(history.totalNum, 4);
      const newest = history.contents[0];
      assert.equal(newest.id, restored.versionId);
      assert.equal(newest.creationWay, 2, 'documented: 2 = restored');
      assert.equal(newest.version, 4);
      assert.equal(newest.isLatestVersion, true);
      assert.equal(history.contents.filter((v) => v.isLatestVersion).length, 1);
      assert.equal(newest.crc64, history.contents.find((v) => v.id === v1).crc64, 'the same bytes');

      assert.equal(await bytesOf(c, p), `v1 ${p}`, 'the file now downloads as version 1');
      assert.equal(await bytesOf(c, p, { history_id: v3 }), `v3 ${p}`, 'version 3 is still there');
      const info = await json(c.info(p), 200, 'info');
      assert.equal(info.versionId, restored.versionId);
    });

    it(`${style}: deleting versions removes them from the list; their URLs answer 404 NoSuchKey`, T, async () => {
      const c = clients[style];
      const dir = `删除版本 ${style}`;
      assert.equal((await c.mkdir(dir)).status, 201);
      const p = `${dir}/数据 a.bin`;
      const [v1, v2, v3] = await threeVersions(c, p);
      const old = await c.download(p, { history_id: v2 }, { redirect: 'manual' });
      assert.equal(old.status, 302);
      const oldUrl = old.headers.get('location');
      assert.equal((await fetch(oldUrl)).status, 200);

      // The OpenAPI client sends the ids as strings, the Android SDK as numbers.
      const res = await c.deleteVersions(style === 'java' ? [String(v2)] : [v2]);
      assert.equal(res.status, 204, await res.text());
      assert.equal(await res.text(), '');

      const history = await json(c.history(p), 200, 'history');
      assert.deepEqual(history.contents.map((v) => v.id), [v3, v1]);
      const gone = await fetch(oldUrl);
      assert.equal(gone.status, 404);
      assert.match(await gone.text(), /<Code>NoSuchKey<\/Code>/);
      await expectError(c.download(p, { history_id: v2 }), 404, 'FileNotFound', 'a deleted version by history_id');
      await expectError(c.restoreVersion(v2), 404, 'FileNotFound', 'restoring a deleted version');
      assert.equal(await bytesOf(c, p), `v3 ${p}`, 'the latest version is untouched');
    });
  }

  it('refusals: the latest version, unknown ids, a malformed body, a file in the recycle bin', T, async () => {
    const { java, android } = clients;
    assert.equal((await java.mkdir('拒绝')).status, 201);
    const p = '拒绝/文件 x.txt';
    const [v1, v2] = (await threeVersions(java, p)).slice(1);
    await expectError(android.deleteVersions([v2]), 400, 'ParamInvalid', 'the latest version');
    await expectError(android.deleteVersions([v1, 987654]), 404, 'FileNotFound', 'an unknown id among known ones');
    assert.equal((await json(java.history(p), 200, 'history')).totalNum, 3, 'a refused delete deletes nothing');
    await expectError(java.deleteVersions('{"ids": [1]}'), 400, 'ParamInvalid', 'not an array');
    await expectError(java.deleteVersions([]), 400, 'ParamInvalid', 'an empty array');
    await expectError(java.deleteVersions(['x']), 400, 'ParamInvalid', 'not an id');
    await expectError(java.restoreVersion(987654), 404, 'FileNotFound', 'an unknown id');
    await expectError(java.restoreVersion('abc'), 404, 'FileNotFound', 'not an id');

    assert.equal((await java.remove(p)).status, 200, 'into the recycle bin');
    await expectError(java.restoreVersion(v1), 404, 'FileNotFound', 'a version of a file in the recycle bin');
  });

  it('grants: set_history_latest restores, delete_history deletes, other grants get 403 NoPermission', T, async () => {
    const lib = server.smh;
    const { java } = clients;
    assert.equal((await java.mkdir('授权')).status, 201);
    const p = '授权/f.txt';
    const [v1, v2] = await threeVersions(java, p);
    const clientWith = async (grant, style) =>
      makeClient(server, style, {
        libraryId: lib.libraryId,
        token: (await getToken(server, lib.libraryId, lib.librarySecret, { grant })).accessToken,
      });
    const uploader = await clientWith('upload_file', 'android');
    await expectError(uploader.restoreVersion(v1), 403, 'NoPermission', 'restore without set_history_latest');
    await expectError(uploader.deleteVersions([v1]), 403, 'NoPermission', 'delete without delete_history');
    const restorer = await clientWith('set_history_latest', 'java');
    assert.equal((await restorer.restoreVersion(v1)).status, 200);
    await expectError(restorer.deleteVersions([v1]), 403, 'NoPermission', 'set_history_latest does not delete');
    const deleter = await clientWith('delete_history', 'android');
    assert.equal((await deleter.deleteVersions([v2])).status, 204);
  });
});
