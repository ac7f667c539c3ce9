'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH batch operations (POST /api/v1/batch/{lib}/{space}?delete|copy|move, a JSON array of items), in both
// client styles: each item runs as its single-path operation would, and the answer is 200 with one result per item
// when all succeeded, 207 when any failed (that item's status, code and message).

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { makeClient, getToken, smhSuite, expectError, expectJson: json } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH batch delete, copy and move', () => {
  const suite = smhSuite();
  let lib;
  before(() => { lib = suite.server.smh; });

  const uploaded = async (client, p, text) => {
    const up = await client.upload(p, Buffer.from(text));
    assert.equal(up.confirm.status, 200, `upload ${p}`);
  };
  const read = async (client, p) => {
    const res = await client.download(p, {}, { redirect: 'manual' });
    assert.equal(res.status, 302, `download ${p}`);
    return (await fetch(res.headers.get('location'))).text();
  };

  for (const style of ['java', 'android']) {
    it(`${style}: copy, move and delete a file and a directory per item; a failed item makes the answer 207`, T, async () => {
      const c = suite.clients[style];
      const dir = `批量 ${style}`;
      assert.equal((await c.mkdir(dir)).status, 201);
      assert.equal((await c.mkdir(`${dir}/子 目录`)).status, 201);
      await uploaded(c, `${dir}/a.txt`, 'alpha');
      await uploaded(c, `${dir}/子 目录/c.txt`, 'gamma');

      const copied = await json(c.batch('copy', [
        { copyFrom: `${dir}/a.txt`, to: `${dir}/a.txt` },  // a file's default is rename: "a (1).txt"
        { copyFrom: `/${dir}/子 目录`, to: `${dir}/副本` },  // a directory's default is ask: 204
        { copyFrom: `${dir}/missing.txt`, to: `${dir}/x.txt` },
      ]), 207, 'batch copy');
      assert.deepEqual(copied.result[0], { status: 200, copyFrom: [dir, 'a.txt'], to: [dir, 'a (1).txt'] });
      assert.deepEqual(copied.result[1], { status: 204, copyFrom: [dir, '子 目录'], to: [dir, '副本'] });
      assert.equal(copied.result[2].status, 404);
      assert.equal(copied.result[2].code, 'SourceFileNotFound');
      assert.deepEqual(copied.result[2].copyFrom, [dir, 'missing.txt']);
      assert.equal(await read(c, `${dir}/a (1).txt`), 'alpha');
      assert.equal(await read(c, `${dir}/副本/c.txt`), 'gamma');

      const moved = await json(c.batch('move', [
        { from: `${dir}/a (1).txt`, to: `${dir}/副本/moved.txt`, conflictResolutionStrategy: 'ask' },
        { from: `${dir}/副本`, to: `${dir}/renamed`, moveAuthority: true },
      ]), 200, 'batch move');
      assert.deepEqual(moved.result, [
        { status: 204, from: [dir, 'a (1).txt'], to: [dir, '副本', 'moved.txt'] },
        { status: 204, from: [dir, '副本'], to: [dir, 'renamed'] },
      ]);
      assert.equal(await read(c, `${dir}/renamed/moved.txt`), 'alpha');
      await expectError(c.info(`${dir}/a (1).txt`), 404, 'FileNotFound', 'the moved file is gone from its old path');

      const deleted = await json(c.batch('delete', [
        { path: `${dir}/a.txt` },
        { path: `${dir}/renamed`, permanent: true },
        { path: `${dir}/nothing` },
      ]), 207, 'batch delete');
      assert.equal(deleted.result[0].status, 200);
      assert.ok(Number.isInteger(deleted.result[0].recycledItemId), JSON.stringify(deleted.result[0]));
      assert.deepEqual(deleted.result[0].path, [dir, 'a.txt']);
      assert.deepEqual(deleted.result[1], { status: 204, path: [dir, 'renamed'] });
      assert.equal(deleted.result[2].status, 404);
      assert.equal(deleted.result[2].code, 'FileNotFound');
      await expectError(c.info(`${dir}/a.txt`), 404, 'FileNotFound', 'deleted into the bin');
      await expectError(c.info(`${dir}/renamed/moved.txt`), 404, 'FileNotFound', 'deleted for good');
      assert.equal((await json(c.list(`${dir}/子 目录`), 200, 'the source directory stays')).contents.length, 1);
    });
  }

  it('an item conflicting under ask is 409 SameNameDirectoryOrFileExists; all succeeding is 200', T, async () => {
    const c = suite.clients.java;
    await uploaded(c, 'one.txt', 'one');
    assert.equal((await c.mkdir('conflict')).status, 201);
    await uploaded(c, 'conflict/one.txt', 'other');
    const res = await json(c.batch('copy', [
      { copyFrom: 'one.txt', to: 'conflict/one.txt', conflictResolutionStrategy: 'ask' },
    ]), 207, 'a conflict');
    assert.equal(res.result[0].status, 409);
    assert.equal(res.result[0].code, 'SameNameDirectoryOrFileExists');
    const ok = await json(c.batch('copy', [
      { copyFrom: 'one.txt', to: 'conflict/one.txt', conflictResolutionStrategy: 'overwrite' },
    ]), 200, 'overwrite');
    assert.deepEqual(ok.result, [{ status: 204, copyFrom: ['one.txt'], to: ['conflict', 'one.txt'] }]);
    assert.equal(await read(c, 'conflict/one.txt'), 'one');
  });

  for (const style of ['java', 'android']) {
    it(`${style}: a batch of more than 100 items is a task (202); the task API reports it running, then its results`, T, async () => {
      const c = suite.clients[style];
      const dir = `many ${style}`;
      assert.equal((await c.mkdir(dir)).status, 201);
      await uploaded(c, `${dir}/kept.txt`, 'kept');
      const items = [{ path: `${dir}/kept.txt`, permanent: true }];
      for (let i = 0; i < 100; i++) items.push({ path: `${dir}/missing ${i}` });
      const started = await json(c.batch('delete', items), 202, 'a large batch');
      assert.deepEqual(Object.keys(started), ['taskId']);
      assert.ok(Number.isInteger(started.taskId), JSON.stringify(started));

      const seen = [];
      let done;
      for (;;) {  // a client's polling loop
        const tasks = await json(c.tasks(`${started.taskId}`), 200, 'task status');
        assert.equal(tasks.length, 1);
        assert.equal(tasks[0].taskId, started.taskId);
        seen.push(tasks[0].status);
        if (tasks[0].status !== 202) { [done] = tasks; break; }
        assert.ok(seen.length < 5, 'the task ends');
      }
      assert.deepEqual(seen, [202, 207]);
      assert.equal(done.result.length, 101);
      assert.deepEqual(done.result[0], { status: 204, path: [dir, 'kept.txt'] });
      assert.equal(done.result[1].code, 'FileNotFound');
      await expectError(c.info(`${dir}/kept.txt`), 404, 'FileNotFound', 'deleted by the task');
      assert.deepEqual(await json(c.tasks(`1,${started.taskId}`), 200, 'an unknown id is left out'),
        [{ taskId: started.taskId, status: 207, result: done.result }]);
      await expectError(c.tasks('12,abc'), 400, 'ParamInvalid', 'a task id that is no number');
    });
  }

  it('a body that is not an array of items is 400 ParamInvalid; a token without the grant fails each item', T, async () => {
    const c = suite.clients.android;
    await expectError(c.batch('delete', '{"path":"x"}'), 400, 'ParamInvalid', 'an object, not an array');
    await expectError(c.batch('delete', []), 400, 'ParamInvalid', 'no items');
    await expectError(c.batch('delete', [1]), 400, 'ParamInvalid', 'an item that is not an object');
    await expectError(c.batch('delete', Array.from({ length: 1001 }, () => ({ path: 'p' }))), 400, 'ParamInvalid',
      'more than 1000 items');

    await uploaded(c, 'granted.txt', 'kept');
    const { accessToken } = await getToken(suite.server, lib.libraryId, lib.librarySecret, { grant: 'copy_file' });
    const limited = makeClient(suite.server, 'android', { libraryId: lib.libraryId, token: accessToken });
    const res = await json(limited.batch('delete', [{ path: 'granted.txt' }]), 207, 'no delete grant');
    assert.equal(res.result[0].status, 403);
    assert.equal(res.result[0].code, 'NoPermission');
    assert.equal(await read(c, 'granted.txt'), 'kept');
    const copied = await json(limited.batch('copy', [{ copyFrom: 'granted.txt', to: 'granted copy.txt' }]), 200,
      'copy_file grants a file copy');
    assert.deepEqual(copied.result[0].to, ['granted copy.txt']);
  });
});
