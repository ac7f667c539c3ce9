'use strict';
// DingTalk download info through @alicloud/dingtalk, for what the seed page's error table says besides the happy path:
// fileArchived clears once the unarchiving the first attempt started has had its time (per space, or the server's
// FILEGATE_DINGTALK_UNARCHIVE_SECONDS); dentryDownloadProtocolNotSupport for a space whose storage lacks
// HEADER_SIGNATURE; orgAuthLevelNotEnough for an app of an unauthenticated organisation; the app permission
// Storage.DownloadInfo.Read; and option.version given as a string, as the gateway takes it.

const test = require('node:test');
const assert = require('node:assert/strict');

const Storage = require('@alicloud/dingtalk/storage_1_0');

const { startServer } = require('../lib/server');
const {
  accessToken, storageApi, expectError, upload, downloadInfo, download,
} = require('../lib/dingtalk-client');

// Apps and spaces of their own, applied through the admin API over the server's start-up fixtures.
const APPS = {
  limited: { appKey: 'ding5dc00000000000a1', appSecret: 'limitedAppSecret00000000000000000001' },
  unauthenticated: { appKey: 'ding5dc00000000000a2', appSecret: 'unauthenticatedAppSecret000000000001' },
};
const SPACES = {
  instant: '52800000101', // unarchives as soon as the first attempt has been made
  slow: '52800000102', // takes an hour: the second attempt is still refused
  otherProtocol: '52800000103', // its storage serves QUERY_SIGNATURE only
  limited: '52800000104',
  unauthenticated: '52800000105',
};
const UNION = 'sdkDownloadRulesUser0001';

function fixtures(defaultApp) {
  return `
[[dingtalk.apps]]
app_key = "${APPS.limited.appKey}"
app_secret = "${APPS.limited.appSecret}"
scopes = ["Storage.UploadInfo.Read", "Storage.File.Write", "Storage.File.Read"]

[[dingtalk.apps]]
app_key = "${APPS.unauthenticated.appKey}"
app_secret = "${APPS.unauthenticated.appSecret}"
org_authenticated = false

[[dingtalk.spaces]]
space_id = "${SPACES.instant}"
app_key = "${defaultApp}"
members = ["${UNION}"]
unarchive_seconds = 0

[[dingtalk.spaces]]
space_id = "${SPACES.slow}"
app_key = "${defaultApp}"
members = ["${UNION}"]
unarchive_seconds = 3600

[[dingtalk.spaces]]
space_id = "${SPACES.otherProtocol}"
app_key = "${defaultApp}"
members = ["${UNION}"]
download_protocols = ["QUERY_SIGNATURE"]

[[dingtalk.spaces]]
space_id = "${SPACES.limited}"
app_key = "${APPS.limited.appKey}"
members = ["${UNION}"]

[[dingtalk.spaces]]
space_id = "${SPACES.unauthenticated}"
app_key = "${APPS.unauthenticated.appKey}"
members = ["${UNION}"]

[[dingtalk.files]]
space_id = "${SPACES.instant}"
file_path = "cold/instant.txt"
union_id = "${UNION}"
dentry_id = "52800000901"
text = "archived, back at once"
archived = true

[[dingtalk.files]]
space_id = "${SPACES.slow}"
file_path = "cold/slow.txt"
union_id = "${UNION}"
dentry_id = "52800000902"
text = "archived for an hour"
archived = true
`;
}

test.describe('DingTalk download rules with @alicloud/dingtalk', () => {
  let server;
  let call;
  const as = (spaceId) => ({ spaceId, unionId: UNION });

  test.before(async () => {
    server = await startServer({ rateLimits: false });
    const res = await fetch(`${server.url}/_filegate/api/v1/fixtures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/toml' },
      body: fixtures(server.dingtalk.appKey),
    });
    assert.equal(res.status, 200, await res.text());
    call = storageApi(server.url, await accessToken(server.url, server.dingtalk.appKey, server.dingtalk.appSecret));
  });
  test.after(async () => {
    if (server) await server.stop();
  });
  test.afterEach(async () => {
    if (server) await server.crashCheck();
  });

  test('an archived file answers fileArchived once, then downloads when its space unarchives at once', async () => {
    const ctx = as(SPACES.instant);
    await expectError(downloadInfo(call, ctx, '52800000901'), 400, 'fileArchived', 'first attempt');
    assert.equal((await download(call, ctx, '52800000901')).toString(), 'archived, back at once');
    // Unarchived for good: later downloads need no new attempt.
    assert.equal((await download(call, ctx, '52800000901')).toString(), 'archived, back at once');
  });

  test('an archived file stays archived until its space\'s delay has passed since the first attempt', async () => {
    const ctx = as(SPACES.slow);
    await expectError(downloadInfo(call, ctx, '52800000902'), 400, 'fileArchived', 'first attempt');
    await expectError(downloadInfo(call, ctx, '52800000902'), 400, 'fileArchived', 'second attempt, within the hour');
  });

  test('the CLI archives a file again; the server default (FILEGATE_DINGTALK_UNARCHIVE_SECONDS) applies', async () => {
    // The default space of the start-up fixtures sets no delay of its own: the server's 60 s hold.
    const ctx = { ...server.dingtalk };
    const d = await upload(call, ctx, { name: 'archive-me.txt', data: Buffer.from('cold bytes') });
    server.cli(['dentry', 'archive', '--space', ctx.spaceId, '--dentry', d.id]);
    await expectError(downloadInfo(call, ctx, d.id), 400, 'fileArchived', 'first attempt');
    await expectError(downloadInfo(call, ctx, d.id), 400, 'fileArchived', 'second attempt, within 60 s');
    // A space configured by the CLI to unarchive at once lets it through on the next attempt.
    server.cli(['space', 'configure', '--space', ctx.spaceId, '--unarchive-seconds', '0']);
    assert.equal((await download(call, ctx, d.id)).toString(), 'cold bytes');
  });

  test('a space whose storage lacks HEADER_SIGNATURE answers dentryDownloadProtocolNotSupport', async () => {
    const ctx = as(SPACES.otherProtocol);
    const d = await upload(call, ctx, { name: 'elsewhere.txt', data: Buffer.from('stored elsewhere') });
    await expectError(downloadInfo(call, ctx, d.id), 400, 'dentryDownloadProtocolNotSupport', 'the space\'s protocol');
    // The CLI gives the space HEADER_SIGNATURE back.
    server.cli(['space', 'configure', '--space', SPACES.otherProtocol, '--download-protocol', 'HEADER_SIGNATURE']);
    assert.equal((await download(call, ctx, d.id)).toString(), 'stored elsewhere');
  });

  test('option.version as a string ("1") is the version, as the gateway takes it', async () => {
    const ctx = { ...server.dingtalk };
    const first = await upload(call, ctx, { name: 'string-version.txt', data: Buffer.from('one') });
    await upload(call, ctx, { name: 'string-version.txt', data: Buffer.from('two'), conflictStrategy: 'OVERWRITE' });
    assert.equal((await download(call, ctx, first.id, { version: '1' })).toString(), 'one');
    assert.equal((await download(call, ctx, first.id, { version: '2' })).toString(), 'two');
    await expectError(downloadInfo(call, ctx, first.id, { version: 'one' }), 400, 'paramError', 'not a number');
  });

  test('an app without Storage.DownloadInfo.Read is refused the download, not the upload', async () => {
    const limited = storageApi(server.url, await accessToken(server.url, APPS.limited.appKey, APPS.limited.appSecret));
    const ctx = as(SPACES.limited);
    const d = await upload(limited, ctx, { name: 'limited.txt', data: Buffer.from('x') });
    const err = await expectError(downloadInfo(limited, ctx, d.id), 403,
      'Forbidden.AccessDenied.AccessTokenPermissionDenied', 'no download permission');
    assert.match(err.data.message, /Storage\.DownloadInfo\.Read/);
    // The gateway names the missing permission; the SDK hands it over as accessDeniedDetail.
    assert.deepEqual(err.accessDeniedDetail, { requiredScopes: ['Storage.DownloadInfo.Read'] });
    assert.deepEqual(err.data.accessdenieddetail, { requiredScopes: ['Storage.DownloadInfo.Read'] });
    const space = await expectError(limited('getSpace', ctx.spaceId, new Storage.GetSpaceRequest({ unionId: UNION })),
      403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', 'no space permission');
    assert.deepEqual(space.accessDeniedDetail, { requiredScopes: ['Storage.Space.Read'] });
    // Apps declared without scopes have every permission.
    assert.equal((await download(call, { ...server.dingtalk }, (await upload(call, { ...server.dingtalk },
      { name: 'allowed.txt', data: Buffer.from('ok') })).id)).toString(), 'ok');
  });

  test('an app of an organisation below the needed auth level answers orgAuthLevelNotEnough', async () => {
    const app = APPS.unauthenticated;
    const unauthenticated = storageApi(server.url, await accessToken(server.url, app.appKey, app.appSecret));
    const ctx = as(SPACES.unauthenticated);
    const d = await upload(unauthenticated, ctx, { name: 'org.txt', data: Buffer.from('x') });
    await expectError(downloadInfo(unauthenticated, ctx, d.id), 403, 'orgAuthLevelNotEnough', 'org auth level');
    // Reading the tree is not a download: it still works.
    const got = await unauthenticated('getDentry', ctx.spaceId, d.id, new Storage.GetDentryRequest({ unionId: UNION }));
    assert.equal(got.body.dentry.name, 'org.txt');
  });
});
