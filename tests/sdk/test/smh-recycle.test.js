'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: the recycle bin as the Android SDK calls it (api/v1/recycled/{lib}/{space}[/{id}]: listRecycled,
// restoreRecycledItem, deleteRecycledItem, clearRecycled), in both client styles (../lib/smh-client.js for the file
// and directory calls): a delete without ?permanent leaves an item that lists and restores with its versions, and
// a download URL handed out before the delete serves nothing while the file is in the bin.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { makeClient, getToken, smhSuite, expectError, expectJson: json } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH recycle bin', () => {
  const suite = smhSuite();
  let lib;

  before(() => {
    lib = suite.server.smh;
  });

  /** The recycle-bin calls, in the client's style (the Java SDK sends the token as a header, Android in the query). */
  const bin = (client, method, rest = '', query = '') => {
    const java = client.style === 'java';
    const params = [query, java ? '' : `access_token=${encodeURIComponent(client.token)}`].filter(Boolean).join('&');
    return fetch(`${suite.server.url}/api/v1/recycled/${lib.libraryId}/-${rest}${params ? `?${params}` : ''}`, {
      method,
      headers: java ? { Authorization: `Bearer ${client.token}` } : {},
    });
  };
  const uploaded = async (client, p, data, opts) => {
    const up = await client.upload(p, data, opts);
    assert.equal(up.confirm.status, 200, `upload ${p}: ${JSON.stringify(up.confirmBody)}`);
    return up;
  };
  const location = async (client, p, params = {}) => {
    const res = await client.download(p, params, { redirect: 'manual' });
    assert.equal(res.status, 302, `download ${p}: ${res.status} ${await res.text()}`);
    return res.headers.get('location');
  };
  const bytesAt = async (url) => {
    const res = await fetch(url);
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  for (const style of ['java', 'android']) {
    it(`${style}: a deleted file lists in the bin and restores with its versions; its URLs serve only while it is back`, T, async () => {
      const c = suite.clients[style];
      const dir = `回收 ${style}`;
      assert.equal((await c.mkdir(dir)).status, 201);
      const p = `${dir}/报告 v1.txt`;
      await uploaded(c, p, Buffer.from('first version'));
      await uploaded(c, p, Buffer.from('second version!'), { strategy: 'overwrite' });
      const before = await location(c, p);
      assert.equal((await bytesAt(before)).bytes.toString(), 'second version!');

      const deleted = await json(c.remove(p), 200, 'delete');
      assert.ok(Number.isInteger(deleted.recycledItemId), JSON.stringify(deleted));
      await expectError(c.info(p), 404, 'FileNotFound', 'deleted file info');
      assert.equal((await bytesAt(before)).status, 404, 'a URL handed out before the delete must stop serving');

      const listed = await json(bin(c, 'GET', '', 'page=1&page_size=50'), 200, 'list');
      const item = listed.contents.find((i) => i.recycledItemId === deleted.recycledItemId);
      assert.ok(item, `item ${deleted.recycledItemId} not listed: ${JSON.stringify(listed)}`);
      assert.ok(listed.totalNum >= 1);
      assert.equal(item.name, '报告 v1.txt');
      assert.deepEqual(item.originalPath, [dir, '报告 v1.txt']);
      assert.equal(item.spaceId, '-');
      assert.equal(item.size, '15');
      assert.equal(item.type, 'file');
      assert.match(item.removalTime, /^\d{4}-\d\d-\d\dT/);
      assert.equal(item.remainingTime, 30);

      const restored = await json(bin(c, 'POST', `/${deleted.recycledItemId}`, 'restore'), 200, 'restore');
      assert.deepEqual(restored, { path: [dir, '报告 v1.txt'] });
      assert.equal((await bytesAt(await location(c, p))).bytes.toString(), 'second version!');
      const history = await json(c.history(p), 200, 'history after restore');
      assert.equal(history.totalNum, 2, 'both versions come back');
      assert.equal((await bytesAt(before)).bytes.toString(), 'second version!', 'the file is back, so is its URL');

      // Restored items leave the bin: a second restore or a delete answers RecycledItemNotFound.
      await expectError(bin(c, 'POST', `/${deleted.recycledItemId}`, 'restore'), 404, 'RecycledItemNotFound', 'again');
      await expectError(bin(c, 'DELETE', `/${deleted.recycledItemId}`), 404, 'RecycledItemNotFound', 'delete gone');
    });

    it(`${style}: a directory restores with everything below it; a taken name restores as "name (1)"`, T, async () => {
      const c = suite.clients[style];
      const dir = `tree ${style}`;
      assert.equal((await c.mkdir(`${dir}/sub`)).status, 201);
      await uploaded(c, `${dir}/sub/a.txt`, Buffer.from('a'));
      const removed = await json(c.call('DELETE', 'directory', dir), 200, 'delete directory');
      // Something new takes the name meanwhile.
      assert.equal((await c.mkdir(dir)).status, 201);
      const restored = await json(bin(c, 'POST', `/${removed.recycledItemId}`, 'restore'), 200, 'restore directory');
      assert.deepEqual(restored, { path: [`${dir} (1)`] });
      assert.equal((await bytesAt(await location(c, `${dir} (1)/sub/a.txt`))).bytes.toString(), 'a');
    });

    it(`${style}: permanent deletes skip the bin; items can be deleted one by one or all at once`, T, async () => {
      const c = suite.clients[style];
      await uploaded(c, `perm-${style}.txt`, Buffer.from('p'));
      assert.equal((await c.remove(`perm-${style}.txt`, { permanent: 1 })).status, 204);
      const all = await json(bin(c, 'GET', '', 'limit=1000'), 200, 'list');
      assert.ok(!all.contents.some((i) => i.name === `perm-${style}.txt`), 'a permanent delete is not in the bin');

      await uploaded(c, `one-${style}.txt`, Buffer.from('1'));
      await uploaded(c, `two-${style}.txt`, Buffer.from('2'));
      const one = await json(c.remove(`one-${style}.txt`), 200, 'delete one');
      const two = await json(c.remove(`two-${style}.txt`), 200, 'delete two');
      const url = await (async () => {
        await uploaded(c, `three-${style}.txt`, Buffer.from('3'));
        return location(c, `three-${style}.txt`);
      })();
      const three = await json(c.remove(`three-${style}.txt`), 200, 'delete three');

      // Newest first, paged by marker.
      const first = await json(bin(c, 'GET', '', 'limit=1'), 200, 'first page');
      assert.equal(first.contents[0].recycledItemId, three.recycledItemId);
      assert.equal(first.nextMarker, '1');
      const second = await json(bin(c, 'GET', '', 'limit=1&marker=1'), 200, 'second page');
      assert.equal(second.contents[0].recycledItemId, two.recycledItemId);

      assert.equal((await bin(c, 'DELETE', `/${one.recycledItemId}`)).status, 204);
      await expectError(bin(c, 'POST', `/${one.recycledItemId}`, 'restore'), 404, 'RecycledItemNotFound', 'deleted item');
      assert.equal((await bin(c, 'DELETE')).status, 204, 'empty the bin');
      const empty = await json(bin(c, 'GET', '', 'page=1&page_size=10'), 200, 'after emptying');
      assert.deepEqual(empty, { totalNum: 0, contents: [] });
      await expectError(bin(c, 'POST', `/${two.recycledItemId}`, 'restore'), 404, 'RecycledItemNotFound', 'emptied');
      assert.equal((await bytesAt(url)).status, 404, 'nothing of an emptied item serves');
      await expectError(bin(c, 'POST', '/not-a-number', 'restore'), 404, 'RecycledItemNotFound', 'bad id');
    });
  }

  it('restoring and emptying need a grant that may delete; listing does not', T, async () => {
    const { accessToken } = await getToken(suite.server, lib.libraryId, lib.librarySecret, { grant: 'upload_file' });
    const limited = makeClient(suite.server, 'android', { libraryId: lib.libraryId, token: accessToken });
    await json(bin(limited, 'GET'), 200, 'list with upload_file');
    await expectError(bin(limited, 'POST', '/1', 'restore'), 403, 'NoPermission', 'restore with upload_file');
    await expectError(bin(limited, 'DELETE'), 403, 'NoPermission', 'empty with upload_file');
  });
});
