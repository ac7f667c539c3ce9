'use strict';
// DingTalk's asynchronous tasks through @alicloud/dingtalk: a folder's copy (or move to another space) answers
// {async: true, taskId}, and GetTask reports the task as the platform does for a large one: IN_PROGRESS with a
// growing successCount and no endTime, then SUCCESS. filegate reports one step of dentries done per poll (100, or
// FILEGATE_DINGTALK_TASK_STEP); a task of at most one step is SUCCESS from its first poll.

const test = require('node:test');
const assert = require('node:assert/strict');

const Storage = require('@alicloud/dingtalk/storage_1_0');

const { startServer } = require('../lib/server');
const { accessToken, storageApi } = require('../lib/dingtalk-client');

/** A server (with `env`) and the helpers a test needs, through the SDK. */
function dingtalkSuite(env) {
  const s = {};
  test.before(async () => {
    s.server = await startServer({ rateLimits: false, env });
    s.ctx = { ...s.server.dingtalk };
    s.call = storageApi(s.server.url, await accessToken(s.server.url, s.ctx.appKey, s.ctx.appSecret));
  });
  test.after(async () => { if (s.server) await s.server.stop(); });
  test.afterEach(async () => { if (s.server) await s.server.crashCheck(); });
  s.folder = async (name, parentId = '0') => (await s.call('addFolder', s.ctx.spaceId, parentId,
    new Storage.AddFolderRequest({ unionId: s.ctx.unionId, name }))).body.dentry;
  s.poll = async (taskId) => (await s.call('getTask', taskId,
    new Storage.GetTaskRequest({ unionId: s.ctx.unionId }))).body.task;
  s.children = async (parentId, spaceId = s.ctx.spaceId) => (await s.call('listAllDentries', spaceId,
    new Storage.ListAllDentriesRequest({ unionId: s.ctx.unionId, maxResults: 50 })))
    .body.dentries.filter((d) => d.parentId === parentId);
  return s;
}

test.describe('DingTalk tasks: the default step of 100 dentries', () => {
  const s = dingtalkSuite({});

  test('copying a folder of 101 dentries is IN_PROGRESS at its first poll, SUCCESS at its second', async () => {
    const big = await s.folder('hundred-and-one');
    for (let i = 0; i < 100; i++) await s.folder(`sub-${String(i).padStart(3, '0')}`, big.id);
    const dest = await s.folder('big-dest');
    const copied = await s.call('copyDentry', s.ctx.spaceId, big.id, new Storage.CopyDentryRequest({
      unionId: s.ctx.unionId, targetSpaceId: s.ctx.spaceId, targetFolderId: dest.id,
    }));
    assert.equal(copied.body.async, true);

    const first = await s.poll(copied.body.taskId);
    assert.equal(first.id, copied.body.taskId);
    assert.equal(first.status, 'IN_PROGRESS');
    assert.equal(first.totalCount, 101);
    assert.equal(first.successCount, 100);
    assert.equal(first.failCount, 0);
    assert.ok(first.beginTime);
    assert.equal(first.endTime, undefined, 'no end time while in progress');

    const second = await s.poll(copied.body.taskId);
    assert.equal(second.status, 'SUCCESS');
    assert.equal(second.successCount, 101);
    assert.ok(second.endTime);
    assert.deepEqual(await s.poll(copied.body.taskId), second, 'a finished task stays as it is');
  });

  test('a folder of 100 dentries is SUCCESS at its first poll', async () => {
    const hundred = await s.folder('hundred');
    for (let i = 0; i < 99; i++) await s.folder(`sub-${i}`, hundred.id);
    const copied = await s.call('copyDentry', s.ctx.spaceId, hundred.id, new Storage.CopyDentryRequest({
      unionId: s.ctx.unionId, targetSpaceId: s.ctx.spaceId, targetFolderId: '0',
    }));
    const task = await s.poll(copied.body.taskId);
    assert.deepEqual([task.status, task.totalCount, task.successCount], ['SUCCESS', 100, 100]);
  });
});

test.describe('DingTalk tasks: FILEGATE_DINGTALK_TASK_STEP=2', () => {
  const s = dingtalkSuite({ FILEGATE_DINGTALK_TASK_STEP: '2' });

  test('a batch move to another space: each item a task a polling loop follows to SUCCESS', async () => {
    const other = (await s.call('addSpace', new Storage.AddSpaceRequest({
      unionId: s.ctx.unionId, option: { name: 'task-destination', ownerType: 'USER' },
    }))).body.space.id;
    const top = await s.folder('five');
    const a = await s.folder('a', top.id);
    await s.folder('a1', a.id);
    await s.folder('b', top.id);
    await s.folder('c', top.id);
    const moved = await s.call('moveDentries', s.ctx.spaceId, new Storage.MoveDentriesRequest({
      unionId: s.ctx.unionId, targetSpaceId: other, targetFolderId: '0', dentryIds: [top.id],
    }));
    const [item] = moved.body.resultItems;
    assert.equal(item.success, true);
    assert.equal(item.async, true);

    const seen = [];
    for (;;) {  // a client's polling loop
      const task = await s.poll(item.taskId);
      seen.push(`${task.status} ${task.successCount}/${task.totalCount}`);
      if (task.status !== 'IN_PROGRESS') break;
      assert.ok(seen.length < 10, 'the task ends');
    }
    assert.deepEqual(seen, ['IN_PROGRESS 2/5', 'IN_PROGRESS 4/5', 'SUCCESS 5/5']);
    assert.deepEqual((await s.children(top.id, other)).map((d) => d.name).sort(), ['a', 'b', 'c']);
  });

  test('a task of two dentries (one step) is SUCCESS at once', async () => {
    const two = await s.folder('two');
    await s.folder('inner', two.id);
    const copied = await s.call('copyDentry', s.ctx.spaceId, two.id, new Storage.CopyDentryRequest({
      unionId: s.ctx.unionId, targetSpaceId: s.ctx.spaceId, targetFolderId: '0',
    }));
    const task = await s.poll(copied.body.taskId);
    assert.deepEqual([task.status, task.successCount, task.totalCount], ['SUCCESS', 2, 2]);
  });
});
