'use strict';
// The DingTalk storage_1_0 dentry operations past upload and download, through @alicloud/dingtalk: rename, move and
// copy (single and batch, with the asynchronous task and GET /v1.0/storage/tasks/{taskId}), batch delete, listAll,
// batch get, get by dentryUuid (doc_2.0 GetDentryIdByUuid), version revert, the recycle bin (find, list, get,
// restore, delete, clear), and GetSpace / AddSpace. A dentry in the recycle bin is gone for every other call, and
// the download URLs of its files stop serving until it is restored.

const test = require('node:test');
const assert = require('node:assert/strict');

const Storage = require('@alicloud/dingtalk/storage_1_0');
const Doc2 = require('@alicloud/dingtalk/doc_2_0');

const { startServer } = require('../lib/server');
const {
  accessToken, storageApi, expectError, get, upload, downloadInfo, download,
} = require('../lib/dingtalk-client');

test.describe('DingTalk dentry operations with @alicloud/dingtalk', () => {
  let server;
  let ctx; // {appKey, appSecret, spaceId, unionId, token}
  let call;
  let doc;

  const getDentry = (id, spaceId = ctx.spaceId) =>
    call('getDentry', spaceId, id, new Storage.GetDentryRequest({ unionId: ctx.unionId }));
  const list = async (parentId, spaceId = ctx.spaceId) => (await call('listDentries', spaceId,
    new Storage.ListDentriesRequest({ unionId: ctx.unionId, parentId, maxResults: 50 }))).body.dentries;
  const folder = async (name, parentId = '0', spaceId = ctx.spaceId) => (await call('addFolder', spaceId, parentId,
    new Storage.AddFolderRequest({ unionId: ctx.unionId, name }))).body.dentry;
  const put = (name, text, parentId = '0', spaceId = ctx.spaceId) =>
    upload(call, { ...ctx, spaceId }, { name, data: Buffer.from(text), parentId });
  const read = async (id, spaceId = ctx.spaceId) => (await download(call, { ...ctx, spaceId }, id)).toString();
  const newSpace = async (name) => (await call('addSpace', new Storage.AddSpaceRequest({
    unionId: ctx.unionId, option: { name, ownerType: 'USER' },
  }))).body.space.id;

  test.before(async () => {
    server = await startServer({ rateLimits: false });
    ctx = { ...server.dingtalk };
    ctx.token = await accessToken(server.url, ctx.appKey, ctx.appSecret);
    call = storageApi(server.url, ctx.token);
    doc = storageApi(server.url, ctx.token, Doc2);
  });
  test.after(async () => {
    if (server) await server.stop();
  });
  test.afterEach(async () => {
    if (server) await server.crashCheck();
  });

  test('rename a file and a folder; the paths below a folder follow; a taken name is dentryNameConflict', async () => {
    const f = await folder('rename-me');
    const inner = await put('inner.txt', 'inside', f.id);
    const file = await put('old-name.txt', 'renamed bytes');

    const renamed = await call('renameDentry', ctx.spaceId, file.id, new Storage.RenameDentryRequest({
      unionId: ctx.unionId, newName: 'new-name.txt',
    }));
    assert.equal(renamed.body.dentry.id, file.id);
    assert.equal(renamed.body.dentry.name, 'new-name.txt');
    assert.equal(renamed.body.dentry.path, '/new-name.txt');
    assert.equal(await read(file.id), 'renamed bytes');

    await call('renameDentry', ctx.spaceId, f.id, new Storage.RenameDentryRequest({ unionId: ctx.unionId, newName: 'renamed' }));
    assert.equal((await getDentry(inner.id)).body.dentry.path, '/renamed/inner.txt');
    assert.ok((await list('0')).some((d) => d.name === 'renamed' && d.id === f.id));
    assert.ok(!(await list('0')).some((d) => d.name === 'rename-me'));
    // The old name is free again.
    assert.equal((await folder('rename-me')).name, 'rename-me');

    await expectError(call('renameDentry', ctx.spaceId, file.id, new Storage.RenameDentryRequest({
      unionId: ctx.unionId, newName: 'renamed',
    })), 400, 'dentryNameConflict', 'rename onto a folder\'s name');
    await expectError(call('renameDentry', ctx.spaceId, file.id, new Storage.RenameDentryRequest({
      unionId: ctx.unionId, newName: 'a/b',
    })), 400, 'paramError', 'a slash in the name');
    await expectError(call('renameDentry', ctx.spaceId, '99999999999', new Storage.RenameDentryRequest({
      unionId: ctx.unionId, newName: 'x',
    })), 404, 'dentryNotExist', 'rename of an unknown dentry');
  });

  test('move a file into a folder, AUTO_RENAME on a taken name, and never a folder into itself', async () => {
    const target = await folder('move-target');
    const sub = await folder('sub', target.id);
    const file = await put('moving.txt', 'moved bytes');
    const moved = await call('moveDentry', ctx.spaceId, file.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: target.id,
    }));
    assert.equal(moved.body.async, false);
    assert.equal(moved.body.dentry.id, file.id);
    assert.equal(moved.body.dentry.parentId, target.id);
    assert.equal(moved.body.dentry.path, '/move-target/moving.txt');
    assert.ok(!(await list('0')).some((d) => d.id === file.id));
    assert.equal(await read(file.id), 'moved bytes');

    const twin = await put('moving.txt', 'a twin');
    const renamed = await call('moveDentry', ctx.spaceId, twin.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: target.id, option: { conflictStrategy: 'AUTO_RENAME' },
    }));
    assert.equal(renamed.body.dentry.name, 'moving(1).txt');
    const third = await put('moving.txt', 'a third');
    await expectError(call('moveDentry', ctx.spaceId, third.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: target.id,
      option: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' },
    })), 400, 'dentryNameConflict', 'RETURN_ERROR_IF_EXISTS');
    // OVERWRITE replaces the file under the name: the moved one takes its place.
    const over = await call('moveDentry', ctx.spaceId, third.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: target.id, option: { conflictStrategy: 'OVERWRITE' },
    }));
    assert.equal(over.body.dentry.id, third.id);
    assert.equal(over.body.dentry.name, 'moving.txt');
    await expectError(getDentry(file.id), 404, 'dentryNotExist', 'the overwritten file');

    await expectError(call('moveDentry', ctx.spaceId, target.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: sub.id,
    })), 400, 'paramError', 'a folder into its own subfolder');
    await expectError(call('moveDentry', ctx.spaceId, twin.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: '424242424',
    })), 404, 'dentryNotExist', 'an unknown target folder');
    await expectError(call('moveDentry', ctx.spaceId, twin.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: '0', option: { conflictStrategy: 'SOMETIMES' },
    })), 400, 'paramError', 'an unknown conflictStrategy');
    await expectError(call('moveDentry', ctx.spaceId, twin.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetFolderId: '0',
    })), 400, 'paramError', 'no targetSpaceId');
    await expectError(call('moveDentry', ctx.spaceId, twin.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: '99999999999', targetFolderId: '0',
    })), 404, 'spaceNotExist', 'an unknown target space');
  });

  test('a folder moved to another space is an async task; its tree follows it there', async () => {
    const otherSpace = await newSpace('move-destination');
    const f = await folder('travelling');
    const deep = await folder('deep', f.id);
    const file = await put('bag.txt', 'packed', deep.id);
    const moved = await call('moveDentry', ctx.spaceId, f.id, new Storage.MoveDentryRequest({
      unionId: ctx.unionId, targetSpaceId: otherSpace, targetFolderId: '0',
    }));
    assert.equal(moved.body.async, true);
    const task = (await call('getTask', moved.body.taskId, new Storage.GetTaskRequest({ unionId: ctx.unionId }))).body.task;
    assert.equal(task.id, moved.body.taskId);
    assert.equal(task.status, 'SUCCESS');
    assert.equal(task.totalCount, 3);
    assert.equal(task.successCount, 3);
    assert.equal(task.failCount, 0);

    const there = (await getDentry(file.id, otherSpace)).body.dentry;
    assert.equal(there.spaceId, otherSpace);
    assert.equal(there.path, '/travelling/deep/bag.txt');
    assert.deepEqual((await list(deep.id, otherSpace)).map((d) => d.name), ['bag.txt']);
    assert.equal(await read(file.id, otherSpace), 'packed');
    await expectError(getDentry(file.id), 404, 'dentryNotExist', 'the old space no longer has it');
    assert.ok(!(await list('0')).some((d) => d.id === f.id));

    await expectError(call('getTask', '1234567890123456', new Storage.GetTaskRequest({ unionId: ctx.unionId })),
      404, 'taskNotExist', 'an unknown task');
  });

  test('copy a file (a new first version over the same bytes) and a folder (an async task)', async () => {
    const file = await put('original.txt', 'copied bytes');
    await upload(call, ctx, { name: 'original.txt', data: Buffer.from('copied bytes v2'), conflictStrategy: 'OVERWRITE' });
    const copy = await call('copyDentry', ctx.spaceId, file.id, new Storage.CopyDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: '0',
    }));
    assert.equal(copy.body.async, false);
    const c = copy.body.dentry;
    assert.notEqual(c.id, file.id);
    assert.equal(c.name, 'original(1).txt');
    assert.equal(c.version, 1);
    assert.equal(await read(c.id), 'copied bytes v2');
    assert.equal(await read(file.id), 'copied bytes v2');

    const f = await folder('copy-me');
    const inner = await put('inner.txt', 'inner bytes', f.id);
    const dest = await folder('copy-dest');
    const copied = await call('copyDentry', ctx.spaceId, f.id, new Storage.CopyDentryRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: dest.id,
    }));
    assert.equal(copied.body.async, true);
    const task = (await call('getTask', copied.body.taskId, new Storage.GetTaskRequest({ unionId: ctx.unionId }))).body.task;
    assert.equal(task.status, 'SUCCESS');
    assert.equal(task.totalCount, 2);
    const [copiedFolder] = await list(dest.id);
    assert.equal(copiedFolder.name, 'copy-me');
    const [copiedInner] = await list(copiedFolder.id);
    assert.notEqual(copiedInner.id, inner.id);
    assert.equal(copiedInner.path, '/copy-dest/copy-me/inner.txt');
    assert.equal(await read(copiedInner.id), 'inner bytes');
    // The copy stands on its own: deleting the original leaves its bytes readable.
    await call('deleteDentry', ctx.spaceId, f.id, new Storage.DeleteDentryRequest({ unionId: ctx.unionId }));
    assert.equal(await read(copiedInner.id), 'inner bytes');
  });

  test('batch move, copy and delete answer one result per id', async () => {
    const dest = await folder('batch-dest');
    const a = await put('batch-a.txt', 'a');
    const b = await put('batch-b.txt', 'b');
    const moved = await call('moveDentries', ctx.spaceId, new Storage.MoveDentriesRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: dest.id, dentryIds: [a.id, '77777777777', b.id],
    }));
    const items = moved.body.resultItems;
    assert.deepEqual(items.map((i) => [i.dentryId, i.success]), [[a.id, true], ['77777777777', false], [b.id, true]]);
    assert.equal(items[1].errorCode, 'dentryNotExist');
    assert.equal(items[0].targetDentryId, a.id);
    assert.deepEqual((await list(dest.id)).map((d) => d.name), ['batch-a.txt', 'batch-b.txt']);

    const copies = await call('copyDentries', ctx.spaceId, new Storage.CopyDentriesRequest({
      unionId: ctx.unionId, targetSpaceId: ctx.spaceId, targetFolderId: '0', dentryIds: [a.id, b.id],
    }));
    assert.ok(copies.body.resultItems.every((i) => i.success && i.targetDentryId && i.targetDentryId !== i.dentryId));
    const copyIds = copies.body.resultItems.map((i) => i.targetDentryId);
    assert.equal(await read(copyIds[1]), 'b');

    const deleted = await call('deleteDentries', ctx.spaceId, new Storage.DeleteDentriesRequest({
      unionId: ctx.unionId, dentryIds: [...copyIds, '77777777777'], option: { toRecycleBin: false },
    }));
    assert.deepEqual(deleted.body.resultItems.map((i) => i.success), [true, true, false]);
    await expectError(getDentry(copyIds[0]), 404, 'dentryNotExist', 'batch-deleted copy');
    await expectError(call('deleteDentries', ctx.spaceId, new Storage.DeleteDentriesRequest({
      unionId: ctx.unionId, dentryIds: [],
    })), 400, 'paramError', 'no ids');
  });

  test('batch get, listAll over pages, and a dentry found by its uuid (doc_2.0)', async () => {
    const space = await newSpace('listing');
    const f = await folder('dir', '0', space);
    const one = await put('one.txt', '1', '0', space);
    const two = await put('two.txt', '2', f.id, space);

    const got = await call('getDentries', space, new Storage.GetDentriesRequest({
      unionId: ctx.unionId, dentryIds: [two.id, '55555555555', one.id],
    }));
    const items = got.body.resultItems;
    assert.deepEqual(items.map((i) => [i.dentryId, i.success]), [[two.id, true], ['55555555555', false], [one.id, true]]);
    assert.equal(items[0].dentry.path, '/dir/two.txt');
    assert.equal(items[1].errorCode, 'dentryNotExist');

    const seen = [];
    let nextToken;
    for (let pages = 0; pages < 5; pages++) {
      const res = await call('listAllDentries', space, new Storage.ListAllDentriesRequest({
        unionId: ctx.unionId, option: { maxResults: 2, nextToken },
      }));
      seen.push(...res.body.dentries.map((d) => d.path));
      nextToken = res.body.nextToken;
      if (!nextToken) break;
    }
    assert.deepEqual(seen.sort(), ['/dir', '/dir/two.txt', '/one.txt']);

    const byUuid = await doc('getDentryIdByUuid', two.uuid, new Doc2.GetDentryIdByUuidRequest({ operatorId: ctx.unionId }));
    assert.deepEqual({ ...byUuid.body }, { dentryId: two.id, dentryUuid: two.uuid, spaceId: space });
    await expectError(doc('getDentryIdByUuid', 'noSuchUuid', new Doc2.GetDentryIdByUuidRequest({ operatorId: ctx.unionId })),
      404, 'dentryNotExist', 'an unknown uuid');
  });

  test('listAll option.order: by modification time, ASC by default, DESC the reverse, over pages either way', async () => {
    const space = await newSpace('ordered');
    await put('a.txt', 'a', '0', space);
    await put('b.txt', 'b', '0', space);
    const f = await folder('dir', '0', space);
    await put('c.txt', 'c', f.id, space);
    const listAll = async (order) => {
      const seen = [];
      let nextToken;
      for (let pages = 0; pages < 10; pages++) {
        const res = await call('listAllDentries', space, new Storage.ListAllDentriesRequest({
          unionId: ctx.unionId, option: { maxResults: 3, nextToken, order },
        }));
        seen.push(...res.body.dentries.map((d) => d.path));
        nextToken = res.body.nextToken;
        if (!nextToken) break;
      }
      return seen;
    };
    const asc = await listAll(undefined);
    assert.deepEqual([...asc].sort(), ['/a.txt', '/b.txt', '/dir', '/dir/c.txt']);
    assert.deepEqual(await listAll('ASC'), asc, 'ASC is the default');
    assert.deepEqual(await listAll('DESC'), [...asc].reverse(), 'DESC is ASC reversed, over pages too');
    await expectError(call('listAllDentries', space, new Storage.ListAllDentriesRequest({
      unionId: ctx.unionId, option: { order: 'NAME' },
    })), 400, 'paramError', 'an order the API does not document');
  });

  test('revert a version: the old bytes become the newest version', async () => {
    const v1 = await put('revert.txt', 'first');
    await upload(call, ctx, { name: 'revert.txt', data: Buffer.from('second'), conflictStrategy: 'OVERWRITE' });
    const reverted = await call('revertDentryVersion', ctx.spaceId, v1.id, '1',
      new Storage.RevertDentryVersionRequest({ unionId: ctx.unionId }));
    assert.equal(reverted.body.success, true);
    const now = (await getDentry(v1.id)).body.dentry;
    assert.equal(now.version, 3);
    assert.equal(await read(v1.id), 'first');
    const versions = await call('listDentryVersions', ctx.spaceId, v1.id,
      new Storage.ListDentryVersionsRequest({ unionId: ctx.unionId }));
    assert.deepEqual(versions.body.dentries.map((d) => d.version), [3, 2, 1]);
    await expectError(call('revertDentryVersion', ctx.spaceId, v1.id, '9',
      new Storage.RevertDentryVersionRequest({ unionId: ctx.unionId })), 400, 'paramError', 'an unknown version');
  });

  test('the recycle bin: a recycled folder is gone, its URLs stop serving, and a restore brings it back', async () => {
    const bin = (await call('getRecycleBin', new Storage.GetRecycleBinRequest({
      unionId: ctx.unionId, recycleBinScope: 'SPACE', scopeId: ctx.spaceId,
    }))).body.recycleBin;
    assert.equal(bin.scope, 'SPACE');
    assert.equal(bin.scopeId, ctx.spaceId);

    const f = await folder('to-the-bin');
    const file = await put('binned.txt', 'binned bytes', f.id);
    const sig = (await downloadInfo(call, ctx, file.id)).headerSignatureInfo;
    await call('deleteDentry', ctx.spaceId, f.id, new Storage.DeleteDentryRequest({ unionId: ctx.unionId, toRecycleBin: true }));

    await expectError(getDentry(file.id), 404, 'dentryNotExist', 'a file of a recycled folder');
    await expectError(downloadInfo(call, ctx, file.id), 404, 'dentryNotExist', 'download info of a recycled file');
    const gone = await get(sig.resourceUrls[0], sig.headers);
    assert.equal(gone.res.status, 404);
    assert.match(gone.body.toString(), /<Code>NoSuchKey<\/Code>/);
    assert.ok(!(await list('0')).some((d) => d.id === f.id));

    const items = (await call('listRecycleItems', bin.id, new Storage.ListRecycleItemsRequest({
      unionId: ctx.unionId, maxResults: 50,
    }))).body.recycleItems;
    const item = items.find((i) => i.dentryId === f.id);
    assert.ok(item, JSON.stringify(items));
    assert.equal(item.originalName, 'to-the-bin');
    assert.equal(item.originalPath, '/to-the-bin');
    assert.equal(item.type, 'folder');
    assert.equal(item.operatorId, ctx.unionId);
    const one = (await call('getRecycleItem', bin.id, item.id, new Storage.GetRecycleItemRequest({ unionId: ctx.unionId }))).body.item;
    assert.equal(one.dentryId, f.id);

    // Its name is free while it is in the bin: the restore renames it.
    await folder('to-the-bin');
    const restored = await call('restoreRecycleItem', bin.id, item.id, new Storage.RestoreRecycleItemRequest({
      unionId: ctx.unionId, option: { conflictStrategy: 'AUTO_RENAME' },
    }));
    assert.equal(restored.body.dentryId, f.id);
    assert.equal((await getDentry(f.id)).body.dentry.name, 'to-the-bin(1)');
    assert.equal((await getDentry(file.id)).body.dentry.path, '/to-the-bin(1)/binned.txt');
    assert.equal(await read(file.id), 'binned bytes');
    await expectError(call('getRecycleItem', bin.id, item.id, new Storage.GetRecycleItemRequest({ unionId: ctx.unionId })),
      404, 'recycleItemNotExist', 'a restored item');
  });

  test('the recycle bin: delete items for good, batch restore, and clear', async () => {
    const bin = ctx.spaceId; // a space's recycle bin has the space's id
    const recycle = async (name) => {
      const d = await put(name, name);
      await call('deleteDentry', ctx.spaceId, d.id, new Storage.DeleteDentryRequest({ unionId: ctx.unionId, toRecycleBin: true }));
      const items = (await call('listRecycleItems', bin, new Storage.ListRecycleItemsRequest({ unionId: ctx.unionId }))).body.recycleItems;
      return { dentry: d, item: items.find((i) => i.dentryId === d.id) };
    };
    const doomed = await recycle('doomed.txt');
    const sig = (await call('deleteRecycleItem', bin, doomed.item.id, new Storage.DeleteRecycleItemRequest({ unionId: ctx.unionId }))).body;
    assert.equal(sig.success, true);
    await expectError(call('restoreRecycleItem', bin, doomed.item.id, new Storage.RestoreRecycleItemRequest({ unionId: ctx.unionId })),
      404, 'recycleItemNotExist', 'a deleted item');

    const a = await recycle('batch-restore-a.txt');
    const b = await recycle('batch-restore-b.txt');
    const restored = await call('restoreRecycleItems', bin, new Storage.RestoreRecycleItemsRequest({
      unionId: ctx.unionId, recycleItemIds: [a.item.id, '999', b.item.id],
    }));
    assert.deepEqual(restored.body.resultItems.map((i) => [i.recycleItemId, i.success]),
      [[a.item.id, true], ['999', false], [b.item.id, true]]);
    assert.equal(restored.body.resultItems[1].errorCode, 'recycleItemNotExist');
    assert.equal(await read(b.dentry.id), 'batch-restore-b.txt');

    const c = await recycle('batch-delete-c.txt');
    await call('deleteRecycleItems', bin, new Storage.DeleteRecycleItemsRequest({ unionId: ctx.unionId, recycleItemIds: [c.item.id] }));
    await recycle('cleared-d.txt');
    await recycle('cleared-e.txt');
    const cleared = await call('clearRecycleBin', bin, new Storage.ClearRecycleBinRequest({ unionId: ctx.unionId }));
    assert.equal(cleared.body.success, true);
    const left = (await call('listRecycleItems', bin, new Storage.ListRecycleItemsRequest({ unionId: ctx.unionId }))).body.recycleItems;
    assert.deepEqual(left, []);

    // A restore onto a taken name with RETURN_ERROR_IF_EXISTS is a conflict and leaves the item in the bin.
    const f = await recycle('taken.txt');
    await put('taken.txt', 'new one');
    await expectError(call('restoreRecycleItem', bin, f.item.id, new Storage.RestoreRecycleItemRequest({
      unionId: ctx.unionId, option: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' },
    })), 400, 'dentryNameConflict', 'restore onto a taken name');
    assert.equal((await call('getRecycleItem', bin, f.item.id, new Storage.GetRecycleItemRequest({ unionId: ctx.unionId }))).body.item.id, f.item.id);
  });

  test('spaces: AddSpace makes one for the calling user; GetSpace reports it with its usage', async () => {
    const made = (await call('addSpace', new Storage.AddSpaceRequest({
      unionId: ctx.unionId, option: { name: 'team files', ownerType: 'USER', quota: 1048576, scene: 'sdk', sceneId: 's1' },
    }))).body.space;
    assert.match(made.id, /^\d+$/);
    assert.equal(made.name, 'team files');
    assert.equal(made.ownerType, 'USER');
    assert.equal(made.ownerId, ctx.unionId);
    assert.equal(made.quota, 1048576);
    await put('usage.bin', '12345', '0', made.id);
    const got = (await call('getSpace', made.id, new Storage.GetSpaceRequest({ unionId: ctx.unionId }))).body.space;
    assert.equal(got.id, made.id);
    assert.equal(got.scene, 'sdk');
    assert.equal(got.sceneId, 's1');
    assert.equal(got.usedQuota, 5);
    assert.equal(got.status, 'NORMAL');
    await expectError(call('addSpace', new Storage.AddSpaceRequest({
      unionId: ctx.unionId, option: { name: 'x', ownerType: 'NOBODY' },
    })), 400, 'paramError', 'an unknown ownerType');
    await expectError(call('getSpace', '99999999999', new Storage.GetSpaceRequest({ unionId: ctx.unionId })),
      404, 'spaceNotExist', 'an unknown space');
  });
});
