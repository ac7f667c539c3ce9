'use strict';
// DingTalk's organisation-scoped recycle bin through @alicloud/dingtalk: GetRecycleBin with recycleBinScope ORG and
// scopeId the corpId (the app's organisation, as GetSpace reports it) finds a bin whose id is the corpId and that holds
// the recycled items of every space of the organisation. A caller lists and clears the items of the spaces it is a
// member of; an item of another space answers permissionDenied (per item in a batch restore). Another organisation's
// corpId is permissionDenied, an unknown scope paramError.

const test = require('node:test');
const assert = require('node:assert/strict');

const Storage = require('@alicloud/dingtalk/storage_1_0');

const { startServer } = require('../lib/server');
const { accessToken, storageApi, expectError, upload, download } = require('../lib/dingtalk-client');

test.describe('DingTalk organisation recycle bin with @alicloud/dingtalk', () => {
  const OUTSIDER = 'outsider-union-id';
  let server;
  let ctx; // {appKey, appSecret, spaceId, unionId, token}
  let call;
  let corpId;
  let spaceB; // a second space of the same user
  let spaceC; // a space the user is not a member of

  const newSpace = async (unionId, name) => (await call('addSpace', new Storage.AddSpaceRequest({
    unionId, option: { name, ownerType: 'USER' },
  }))).body.space.id;
  // Uploads a file into the space as `unionId` and moves it to the recycle bin; its dentry.
  const recycled = async (spaceId, name, unionId = ctx.unionId) => {
    const d = await upload(call, { ...ctx, spaceId, unionId }, { name, data: Buffer.from(name) });
    await call('deleteDentry', spaceId, d.id, new Storage.DeleteDentryRequest({ unionId, toRecycleBin: true }));
    return d;
  };
  // Every item of a bin as `unionId` sees it, walking the pages `maxResults` at a time.
  const listAll = async (binId, unionId = ctx.unionId, maxResults = 2) => {
    const all = [];
    let nextToken;
    do {
      const page = (await call('listRecycleItems', binId, new Storage.ListRecycleItemsRequest({
        unionId, maxResults, nextToken,
      }))).body;
      all.push(...page.recycleItems);
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  };
  const itemOf = (items, dentry) => items.find((i) => i.dentryId === dentry.id);

  test.before(async () => {
    server = await startServer({ rateLimits: false });
    ctx = { ...server.dingtalk };
    ctx.token = await accessToken(server.url, ctx.appKey, ctx.appSecret);
    call = storageApi(server.url, ctx.token);
    corpId = (await call('getSpace', ctx.spaceId, new Storage.GetSpaceRequest({ unionId: ctx.unionId }))).body.space.corpId;
    spaceB = await newSpace(ctx.unionId, 'second space');
    spaceC = await newSpace(OUTSIDER, 'not ours');
  });
  test.after(async () => {
    if (server) await server.stop();
  });
  test.afterEach(async () => {
    if (server) await server.crashCheck();
  });

  test('GetRecycleBin with scope ORG and the corpId finds the organisation\'s bin', async () => {
    assert.match(corpId, /^ding[0-9a-f]{32}$/);
    const bin = (await call('getRecycleBin', new Storage.GetRecycleBinRequest({
      unionId: ctx.unionId, recycleBinScope: 'ORG', scopeId: corpId,
    }))).body.recycleBin;
    assert.deepEqual({ ...bin }, { id: corpId, scope: 'ORG', scopeId: corpId });
    // Every space of the app belongs to the same organisation.
    const other = (await call('getSpace', spaceB, new Storage.GetSpaceRequest({ unionId: ctx.unionId }))).body.space;
    assert.equal(other.corpId, corpId);
  });

  test('the org bin lists the items of the caller\'s spaces, pages through them, and restores each to its space', async () => {
    const a = await recycled(ctx.spaceId, 'org-a.txt');
    const b = await recycled(spaceB, 'org-b.txt');
    const b2 = await recycled(spaceB, 'org-b2.txt');
    const c = await recycled(spaceC, 'org-c.txt', OUTSIDER);

    const mine = await listAll(corpId, ctx.unionId, 1);
    assert.equal(itemOf(mine, a).spaceId, ctx.spaceId);
    assert.equal(itemOf(mine, b).spaceId, spaceB);
    assert.equal(itemOf(mine, b2).originalName, 'org-b2.txt');
    assert.ok(!itemOf(mine, c), 'an item of a space the caller is not a member of is not listed');
    assert.equal(new Set(mine.map((i) => i.id)).size, mine.length, 'pages neither repeat nor overlap');
    // The outsider sees its own space's item in the same bin, and none of ours.
    const theirs = await listAll(corpId, OUTSIDER);
    assert.ok(itemOf(theirs, c));
    assert.ok(!itemOf(theirs, a) && !itemOf(theirs, b));
    // A space's own bin still holds only its items.
    const spaceBItems = await listAll(spaceB);
    assert.ok(itemOf(spaceBItems, b) && !itemOf(spaceBItems, a));

    const one = (await call('getRecycleItem', corpId, itemOf(mine, b).id,
      new Storage.GetRecycleItemRequest({ unionId: ctx.unionId }))).body.item;
    assert.equal(one.dentryId, b.id);
    assert.equal(one.spaceId, spaceB);

    const restored = (await call('restoreRecycleItem', corpId, itemOf(mine, b).id,
      new Storage.RestoreRecycleItemRequest({ unionId: ctx.unionId }))).body;
    assert.equal(restored.dentryId, b.id);
    assert.equal(restored.spaceId, spaceB);
    assert.equal((await download(call, { ...ctx, spaceId: spaceB }, b.id)).toString(), 'org-b.txt');

    // A batch restore reports an item of another member's space as permissionDenied, and restores the others.
    const batch = (await call('restoreRecycleItems', corpId, new Storage.RestoreRecycleItemsRequest({
      unionId: ctx.unionId, recycleItemIds: [itemOf(mine, a).id, itemOf(theirs, c).id],
    }))).body.resultItems;
    assert.deepEqual(batch.map((i) => [i.recycleBinId, i.success, i.errorCode]),
      [[corpId, true, undefined], [corpId, false, 'permissionDenied']]);
    assert.equal(batch[0].spaceId, ctx.spaceId);
    assert.equal((await download(call, ctx, a.id)).toString(), 'org-a.txt');
  });

  test('an item of a space the caller is not a member of is permissionDenied; delete and clear keep to the caller\'s spaces', async () => {
    const c = await recycled(spaceC, 'org-c-kept.txt', OUTSIDER);
    const cItem = itemOf(await listAll(corpId, OUTSIDER), c);
    const request = { unionId: ctx.unionId };
    await expectError(call('getRecycleItem', corpId, cItem.id, new Storage.GetRecycleItemRequest(request)),
      403, 'permissionDenied', 'get an item of another member\'s space');
    await expectError(call('restoreRecycleItem', corpId, cItem.id, new Storage.RestoreRecycleItemRequest(request)),
      403, 'permissionDenied', 'restore an item of another member\'s space');
    await expectError(call('deleteRecycleItem', corpId, cItem.id, new Storage.DeleteRecycleItemRequest(request)),
      403, 'permissionDenied', 'delete an item of another member\'s space');

    const doomed = await recycled(ctx.spaceId, 'org-doomed.txt');
    const doomedItem = itemOf(await listAll(corpId), doomed);
    // All or none: one item the caller may not delete refuses the whole batch.
    await expectError(call('deleteRecycleItems', corpId, new Storage.DeleteRecycleItemsRequest({
      unionId: ctx.unionId, recycleItemIds: [doomedItem.id, cItem.id],
    })), 403, 'permissionDenied', 'a batch delete with an item of another member\'s space');
    assert.ok(itemOf(await listAll(corpId), doomed), 'nothing of the refused batch was deleted');
    await call('deleteRecycleItem', corpId, doomedItem.id, new Storage.DeleteRecycleItemRequest(request));
    await expectError(call('getRecycleItem', corpId, doomedItem.id, new Storage.GetRecycleItemRequest(request)),
      404, 'recycleItemNotExist', 'a deleted item');

    await recycled(ctx.spaceId, 'org-clear-a.txt');
    await recycled(spaceB, 'org-clear-b.txt');
    const cleared = await call('clearRecycleBin', corpId, new Storage.ClearRecycleBinRequest(request));
    assert.equal(cleared.body.success, true);
    assert.deepEqual(await listAll(corpId), []);
    assert.deepEqual(await listAll(spaceB), []);
    assert.ok(itemOf(await listAll(corpId, OUTSIDER), c), 'the outsider\'s item stays');
  });

  test('errors: another organisation\'s corpId, no scopeId, an unknown scope', async () => {
    const bin = (scope, scopeId) => call('getRecycleBin', new Storage.GetRecycleBinRequest({
      unionId: ctx.unionId, recycleBinScope: scope, scopeId,
    }));
    await expectError(bin('ORG', 'ding00000000000000000000000000000000'), 403, 'permissionDenied',
      'another organisation\'s bin');
    await expectError(bin('ORG', ''), 400, 'paramError', 'ORG without a scopeId');
    await expectError(bin('TEAM', corpId), 400, 'paramError', 'an unknown scope');
    // Another organisation's corpId is no bin id either: it is read as a space id, which it cannot be.
    await expectError(call('listRecycleItems', 'ding00000000000000000000000000000000',
      new Storage.ListRecycleItemsRequest({ unionId: ctx.unionId })), 400, 'paramError.spaceId', 'an unknown bin id');
  });
});
