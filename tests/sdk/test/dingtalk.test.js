'use strict';
// DingTalk storage through the official @alicloud/dingtalk SDK (oauth2_1_0 + storage_1_0): token, the three-step
// upload (uploadInfos -> signed PUT -> commit) and its multipart form, conflict strategies, versions, paging,
// signed download info with Range, every documented error through the SDK's error object, the signed URLs'
// refusal of missing, altered and expired signatures, the gateway's own answer for unknown APIs, and internal errors
// that tell the client nothing about the server's disk.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const $OpenApi = require('@alicloud/openapi-client');
const $Util = require('@alicloud/tea-util');
const Storage = require('@alicloud/dingtalk/storage_1_0');
const OAuth2 = require('@alicloud/dingtalk/oauth2_1_0');

const { startServer, CLUSTER_SKIP } = require('../lib/server');
const { sha256, withTimeout } = require('../lib/helpers');
const {
  md5Upper, sdkConfig, accessToken, storageApi, expectError, put, get, upload, downloadInfo, download,
} = require('../lib/dingtalk-client');

test.describe('DingTalk storage with @alicloud/dingtalk', () => {
  let server;
  let ctx; // {appKey, appSecret, spaceId, unionId, token}
  let call;

  test.before(async () => {
    server = await startServer({ rateLimits: false });
    ctx = { ...server.dingtalk };
    ctx.token = await accessToken(server.url, ctx.appKey, ctx.appSecret);
    call = storageApi(server.url, ctx.token);
  });
  test.after(async () => {
    if (server) await server.stop();
  });
  test.afterEach(async () => {
    if (server) await server.crashCheck();
  });

  test('banner prints a ready-to-use app, space and member', () => {
    assert.match(ctx.appKey, /^ding[0-9a-z]{16}$/);
    assert.match(ctx.spaceId, /^\d+$/);
    assert.ok(ctx.unionId.length > 0);
  });

  test('access token: 7200 s, the same token while it is valid; bad secret is 400 invalidClientIdOrSecret', async () => {
    const oauth = new OAuth2.default(sdkConfig(server.url));
    const first = await oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey: ctx.appKey, appSecret: ctx.appSecret }));
    assert.equal(first.statusCode, 200);
    assert.equal(typeof first.body.accessToken, 'string');
    assert.equal(first.body.expireIn, 7200);
    const second = await oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey: ctx.appKey, appSecret: ctx.appSecret }));
    assert.equal(second.body.accessToken, first.body.accessToken);

    await expectError(oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey: ctx.appKey, appSecret: 'wrong' })),
      400, 'invalidClientIdOrSecret', 'bad secret');
    await expectError(oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey: 'dingnosuchapp', appSecret: 'x' })),
      400, 'invalidClientIdOrSecret', 'unknown appKey');

    const other = server.createDingTalkApp('second');
    assert.match(other.appKey, /^ding/);
    const otherToken = await accessToken(server.url, other.appKey, other.appSecret);
    assert.notEqual(otherToken, first.body.accessToken);
  });

  test('upload in three steps; bytes come back identical; dentry carries every modelled field', async () => {
    const data = crypto.randomBytes(300 * 1024 + 17);
    const info = await call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
      unionId: ctx.unionId,
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
      option: { storageDriver: 'DINGTALK', preCheckParam: { name: 'report.bin', size: data.length, parentId: '0' } },
    }));
    assert.equal(info.statusCode, 200);
    assert.equal(info.body.protocol, 'HEADER_SIGNATURE');
    assert.equal(info.body.storageDriver, 'DINGTALK');
    assert.equal(typeof info.body.uploadKey, 'string');
    const sig = info.body.headerSignatureInfo;
    assert.equal(sig.expirationSeconds, 900);
    assert.equal(sig.region, 'ZHANGJIAKOU');
    assert.ok(sig.resourceUrls[0].startsWith(server.url + '/'), sig.resourceUrls[0]);
    assert.deepEqual(Object.keys(sig.headers).sort(), ['Authorization', 'x-oss-date']);

    const res = await put(sig.resourceUrls[0], sig.headers, data);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), `"${md5Upper(data)}"`);

    const committed = await call('commitFile', ctx.spaceId, new Storage.CommitFileRequest({
      unionId: ctx.unionId, uploadKey: info.body.uploadKey, name: 'report.bin', parentId: '0',
      option: { size: data.length, conflictStrategy: 'AUTO_RENAME' },
    }));
    const d = committed.body.dentry;
    assert.match(d.id, /^\d+$/);
    assert.equal(typeof d.uuid, 'string');
    assert.equal(d.spaceId, ctx.spaceId);
    assert.equal(d.parentId, '0');
    assert.equal(d.type, 'FILE');
    assert.equal(d.name, 'report.bin');
    assert.equal(d.path, '/report.bin');
    assert.equal(d.size, data.length);
    assert.equal(d.extension, 'bin');
    assert.equal(d.version, 1);
    assert.equal(d.status, 'NORMAL');
    assert.equal(d.storageDriver, 'DINGTALK');
    assert.equal(d.creatorId, ctx.unionId);
    assert.equal(d.modifierId, ctx.unionId);
    assert.match(d.createTime, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    assert.match(d.modifiedTime, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);

    const again = await call('getDentry', ctx.spaceId, d.id, new Storage.GetDentryRequest({ unionId: ctx.unionId }));
    // GetDentry's model has no `category`; every field both models share must agree.
    const { category, ...shared } = committed.body.dentry.toMap();
    assert.equal(category, 'OTHERS');
    assert.deepEqual(again.body.dentry.toMap(), shared);

    // The upload key is spent once committed.
    await expectError(call('commitFile', ctx.spaceId, new Storage.CommitFileRequest({
      unionId: ctx.unionId, uploadKey: info.body.uploadKey, name: 'again.bin', parentId: '0',
    })), 400, 'paramError', 'reused uploadKey');

    const info2 = await downloadInfo(call, ctx, d.id);
    assert.equal(info2.protocol, 'HEADER_SIGNATURE');
    assert.equal(info2.headerSignatureInfo.expirationSeconds, 900);
    const { res: got, body } = await get(info2.headerSignatureInfo.resourceUrls[0], info2.headerSignatureInfo.headers);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('etag'), `"${md5Upper(data)}"`);
    assert.equal(sha256(body), sha256(data));
  });

  test('multipart: init, part URLs, PUT parts, commit joins them in order', async () => {
    const part1 = crypto.randomBytes(256 * 1024);
    const part2 = crypto.randomBytes(100 * 1024 + 3);
    const whole = Buffer.concat([part1, part2]);
    const init = await call('initMultipartFileUpload', ctx.spaceId, new Storage.InitMultipartFileUploadRequest({
      unionId: ctx.unionId,
      option: { storageDriver: 'DINGTALK', preCheckParam: { name: 'parts.bin', size: whole.length, parentId: '0' } },
    }));
    assert.equal(init.body.storageDriver, 'DINGTALK');
    const infos = await call('getMultipartFileUploadInfos', new Storage.GetMultipartFileUploadInfosRequest({
      unionId: ctx.unionId, uploadKey: init.body.uploadKey, partNumbers: [2, 1],
    }));
    const byNumber = new Map(infos.body.multipartHeaderSignatureInfos.map((i) => [i.partNumber, i.headerSignatureInfo]));
    assert.deepEqual([...byNumber.keys()].sort(), [1, 2]);
    // Out of order on purpose: the commit orders by part number.
    for (const [n, data] of [[2, part2], [1, part1]]) {
      const sig = byNumber.get(n);
      const res = await put(sig.resourceUrls[0], sig.headers, data);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('etag'), `"${md5Upper(data)}"`);
    }
    const committed = await call('commitFile', ctx.spaceId, new Storage.CommitFileRequest({
      unionId: ctx.unionId, uploadKey: init.body.uploadKey, name: 'parts.bin', parentId: '0',
      option: { size: whole.length },
    }));
    assert.equal(committed.body.dentry.size, whole.length);
    assert.equal(sha256(await download(call, ctx, committed.body.dentry.id)), sha256(whole));
  });

  test('AUTO_RENAME gives a second upload of one name a new name', async () => {
    const first = await upload(call, ctx, { name: 'dup.txt', data: Buffer.from('one') });
    const second = await upload(call, ctx, { name: 'dup.txt', data: Buffer.from('two'), conflictStrategy: 'AUTO_RENAME' });
    const third = await upload(call, ctx, { name: 'dup.txt', data: Buffer.from('three') }); // AUTO_RENAME is the default
    assert.equal(first.name, 'dup.txt');
    assert.equal(second.name, 'dup(1).txt');
    assert.equal(third.name, 'dup(2).txt');
    assert.notEqual(second.id, first.id);
    assert.equal((await download(call, ctx, second.id)).toString(), 'two');
  });

  test('OVERWRITE makes version 2; download info with version 1 still serves the old bytes', async () => {
    const v1 = Buffer.from('version one bytes');
    const v2 = Buffer.from('version two, longer bytes');
    const first = await upload(call, ctx, { name: 'versioned.txt', data: v1 });
    const second = await upload(call, ctx, { name: 'versioned.txt', data: v2, conflictStrategy: 'OVERWRITE' });
    assert.equal(second.id, first.id);
    assert.equal(second.version, 2);
    assert.equal(second.size, v2.length);

    assert.equal(sha256(await download(call, ctx, first.id)), sha256(v2));
    assert.equal(sha256(await download(call, ctx, first.id, { version: 2 })), sha256(v2));
    assert.equal(sha256(await download(call, ctx, first.id, { version: 1 })), sha256(v1));

    const versions = await call('listDentryVersions', ctx.spaceId, first.id,
      new Storage.ListDentryVersionsRequest({ unionId: ctx.unionId }));
    assert.deepEqual(versions.body.dentries.map((d) => [d.version, d.size]), [[2, v2.length], [1, v1.length]]);

    await expectError(downloadInfo(call, ctx, first.id, { version: 7 }), 400, 'paramError', 'missing version');

    const existing = await upload(call, ctx, { name: 'versioned.txt', data: Buffer.from('ignored'), conflictStrategy: 'RETURN_DENTRY_IF_EXISTS' });
    assert.equal(existing.id, first.id);
    assert.equal(existing.version, 2);
    await expectError(upload(call, ctx, { name: 'versioned.txt', data: Buffer.from('x'), conflictStrategy: 'RETURN_ERROR_IF_EXISTS' }),
      400, 'dentryNameConflict', 'RETURN_ERROR_IF_EXISTS');
  });

  test('folders, and listing a folder over several pages', async () => {
    const folder = await call('addFolder', ctx.spaceId, '0', new Storage.AddFolderRequest({ unionId: ctx.unionId, name: 'paged' }));
    const f = folder.body.dentry;
    assert.equal(f.type, 'FOLDER');
    assert.equal(f.path, '/paged');
    const sameAgain = await call('addFolder', ctx.spaceId, '0', new Storage.AddFolderRequest({
      unionId: ctx.unionId, name: 'paged', option: { conflictStrategy: 'RETURN_DENTRY_IF_EXISTS' },
    }));
    assert.equal(sameAgain.body.dentry.id, f.id);

    const names = [];
    for (let i = 0; i < 7; i++) {
      const name = `file-${i}.txt`;
      names.push(name);
      const d = await upload(call, ctx, { name, data: Buffer.from(`content ${i}`), parentId: f.id });
      assert.equal(d.parentId, f.id);
      assert.equal(d.path, `/paged/${name}`);
    }
    const sub = await call('addFolder', ctx.spaceId, f.id, new Storage.AddFolderRequest({ unionId: ctx.unionId, name: 'sub' }));
    names.push('sub');

    const seen = [];
    const pageSizes = [];
    let nextToken;
    for (let pages = 0; pages < 10; pages++) {
      const res = await call('listDentries', ctx.spaceId, new Storage.ListDentriesRequest({
        unionId: ctx.unionId, parentId: f.id, maxResults: 3, nextToken,
      }));
      pageSizes.push(res.body.dentries.length);
      seen.push(...res.body.dentries.map((d) => d.name));
      nextToken = res.body.nextToken;
      if (!nextToken) break;
    }
    assert.deepEqual(pageSizes, [3, 3, 2]);
    assert.deepEqual(seen, [...names].sort());

    // Deleting the folder removes what is inside it too.
    await call('deleteDentry', ctx.spaceId, f.id, new Storage.DeleteDentryRequest({ unionId: ctx.unionId, toRecycleBin: true }));
    await expectError(call('getDentry', ctx.spaceId, sub.body.dentry.id, new Storage.GetDentryRequest({ unionId: ctx.unionId })),
      404, 'dentryNotExist', 'child of a deleted folder');
    const root = await call('listDentries', ctx.spaceId, new Storage.ListDentriesRequest({ unionId: ctx.unionId, parentId: '0', maxResults: 50 }));
    assert.ok(!root.body.dentries.some((d) => d.name === 'paged'));
  });

  test('Range reads on the signed download URL: 206 with Content-Range, 416 when unsatisfiable', async () => {
    const data = crypto.randomBytes(10_000);
    const d = await upload(call, ctx, { name: 'ranged.bin', data });
    const info = await downloadInfo(call, ctx, d.id);
    const url = info.headerSignatureInfo.resourceUrls[0];
    const headers = info.headerSignatureInfo.headers;
    const cases = [
      ['bytes=0-99', 0, 99],
      ['bytes=9990-', 9990, 9999],
      ['bytes=-10', 9990, 9999],
      ['bytes=5000-5000', 5000, 5000],
      ['bytes=9000-20000', 9000, 9999],
    ];
    for (const [range, start, end] of cases) {
      const { res, body } = await get(url, { ...headers, Range: range });
      assert.equal(res.status, 206, range);
      assert.equal(res.headers.get('content-range'), `bytes ${start}-${end}/${data.length}`, range);
      assert.ok(body.equals(data.subarray(start, end + 1)), range);
    }
    const { res } = await get(url, { ...headers, Range: 'bytes=20000-' });
    assert.equal(res.status, 416);
    assert.equal(res.headers.get('content-range'), `bytes */${data.length}`);
  });

  test('errors: status and code through the SDK error object', async () => {
    const d = await upload(call, ctx, { name: 'errors.txt', data: Buffer.from('e') });
    const getDentry = (c, spaceId, dentryId, unionId = ctx.unionId) =>
      c('getDentry', spaceId, dentryId, new Storage.GetDentryRequest({ unionId }));

    await expectError(getDentry(storageApi(server.url, null), ctx.spaceId, d.id), 400, 'AuthenticationFailed.MissingParameter', 'no token');
    await expectError(getDentry(storageApi(server.url, 'not-a-token'), ctx.spaceId, d.id), 400, 'InvalidAuthentication', 'bad token');
    await expectError(getDentry(call, '99999999999', d.id), 404, 'spaceNotExist', 'unknown space');
    await expectError(getDentry(call, 'abc', d.id), 400, 'paramError.spaceId', 'malformed space id');
    await expectError(getDentry(call, ctx.spaceId, '123456'), 404, 'dentryNotExist', 'unknown dentry');
    await expectError(getDentry(call, ctx.spaceId, 'x1'), 400, 'paramError.dentryId', 'malformed dentry id');
    await expectError(getDentry(call, ctx.spaceId, d.id, 'someone-else'), 403, 'permissionDenied', 'not a member');
    await expectError(downloadInfo(call, { ...ctx, unionId: 'someone-else' }, d.id), 403, 'permissionDenied', 'download, not a member');

    // A space of another app is invisible to this app's token.
    const other = server.createDingTalkApp('other-org');
    const otherSpace = server.createDingTalkSpace(other.appKey, [ctx.unionId]);
    await expectError(getDentry(call, otherSpace, d.id), 404, 'spaceNotExist', "another app's space");
    // The other app's own member may use it.
    const otherCall = storageApi(server.url, await accessToken(server.url, other.appKey, other.appSecret));
    const list = await otherCall('listDentries', otherSpace, new Storage.ListDentriesRequest({ unionId: ctx.unionId, parentId: '0' }));
    assert.deepEqual(list.body.dentries, []);
    // A space made by the CLI for someone else.
    const privateSpace = server.createDingTalkSpace(ctx.appKey, ['a-different-user']);
    await expectError(call('listDentries', privateSpace, new Storage.ListDentriesRequest({ unionId: ctx.unionId, parentId: '0' })),
      403, 'permissionDenied', 'listing a space one is not a member of');

    const folder = await call('addFolder', ctx.spaceId, '0', new Storage.AddFolderRequest({ unionId: ctx.unionId, name: 'not-a-file' }));
    await expectError(downloadInfo(call, ctx, folder.body.dentry.id), 400, 'operationNotSupported', 'download info of a folder');

    server.cli(['dentry', 'archive', '--space', ctx.spaceId, '--dentry', d.id]);
    await expectError(downloadInfo(call, ctx, d.id), 400, 'fileArchived', 'archived file');
    server.cli(['dentry', 'archive', '--space', ctx.spaceId, '--dentry', d.id, '--unarchive']);
    assert.equal((await download(call, ctx, d.id)).toString(), 'e');

    await expectError(call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
      unionId: ctx.unionId, protocol: 'QUERY_SIGNATURE', multipart: false,
    })), 400, 'dentryUploadProtocolNotSupport', 'unknown upload protocol');
    await expectError(call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
      unionId: ctx.unionId, protocol: 'HEADER_SIGNATURE', option: { preCheckParam: { name: 'a.txt', parentId: '424242' } },
    })), 404, 'dentryNotExist', 'upload into a missing folder');
    await expectError(call('commitFile', ctx.spaceId, new Storage.CommitFileRequest({
      unionId: ctx.unionId, uploadKey: 'upk_nope', name: 'a.txt', parentId: '0',
    })), 400, 'paramError', 'unknown uploadKey');
    await expectError(call('listDentries', ctx.spaceId, new Storage.ListDentriesRequest({
      unionId: ctx.unionId, parentId: '0', nextToken: 'zz',
    })), 400, 'paramError', 'bad nextToken');

    await call('deleteDentry', ctx.spaceId, d.id, new Storage.DeleteDentryRequest({ unionId: ctx.unionId }));
    await expectError(getDentry(call, ctx.spaceId, d.id), 404, 'dentryNotExist', 'deleted dentry');
    await expectError(downloadInfo(call, ctx, d.id), 404, 'dentryNotExist', 'download info of a deleted dentry');
  });

  test('a download URL issued before a delete answers NoSuchKey once the file is deleted', async () => {
    const first = Buffer.from('version one');
    const d = await upload(call, ctx, { name: 'deleted-later.txt', data: first });
    const v1 = (await downloadInfo(call, ctx, d.id)).headerSignatureInfo;
    await upload(call, ctx, { name: 'deleted-later.txt', data: Buffer.from('version two'), conflictStrategy: 'OVERWRITE' });
    const v2 = (await downloadInfo(call, ctx, d.id)).headerSignatureInfo;
    // An overwrite keeps the old version: its URL goes on serving its bytes.
    assert.deepEqual((await get(v1.resourceUrls[0], v1.headers)).body, first);

    await call('deleteDentry', ctx.spaceId, d.id, new Storage.DeleteDentryRequest({ unionId: ctx.unionId }));
    for (const [what, sig] of [['current version', v2], ['older version', v1]]) {
      const { res, body } = await get(sig.resourceUrls[0], sig.headers);
      assert.equal(res.status, 404, `${what}: ${res.status} ${body}`);
      assert.match(body.toString(), /<Code>NoSuchKey<\/Code>/, what);
    }
  });

  test('signed URLs refuse missing, altered or misused signatures with 403', async () => {
    const data = Buffer.from('signed bytes');
    const d = await upload(call, ctx, { name: 'signed.txt', data });
    const info = await downloadInfo(call, ctx, d.id);
    const url = info.headerSignatureInfo.resourceUrls[0];
    const headers = info.headerSignatureInfo.headers;

    const refused = async (what, u, h, method = 'GET') => {
      const res = await withTimeout(fetch(u, { method, headers: h, body: method === 'PUT' ? data : undefined }), 15000, what);
      const text = await res.text();
      assert.equal(res.status, 403, `${what}: ${res.status} ${text}`);
      assert.match(text, /<Error>\s*<Code>(AccessDenied|SignatureDoesNotMatch)<\/Code>/, `${what}: ${text}`);
    };
    await refused('no headers', url, {});
    await refused('no Authorization', url, { 'x-oss-date': headers['x-oss-date'] });
    await refused('no x-oss-date', url, { Authorization: headers.Authorization });
    const sig = headers.Authorization;
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    await refused('altered Authorization', url, { ...headers, Authorization: flipped });
    await refused('altered x-oss-date', url, { ...headers, 'x-oss-date': 'Thu, 01 Jan 2099 00:00:00 GMT' });
    const expires = Number(new URL(url).searchParams.get('Expires'));
    await refused('altered Expires', url.replace(`Expires=${expires}`, `Expires=${expires + 3600}`), headers);
    await refused('another object', url.replace(/download\/[^?]+/, 'download/1000000001/1'), headers);
    await refused('download URL used to PUT', url, headers, 'PUT');

    // Upload slots are just as strict, and an untouched one still works afterwards.
    const up = await call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
      unionId: ctx.unionId, protocol: 'HEADER_SIGNATURE', multipart: false, option: { preCheckParam: { name: 'late.txt' } },
    }));
    const upSig = up.body.headerSignatureInfo;
    await refused('upload without headers', upSig.resourceUrls[0], {}, 'PUT');
    await refused('upload with altered signature', upSig.resourceUrls[0],
      { ...upSig.headers, Authorization: upSig.headers.Authorization.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) }, 'PUT');
    const ok = await put(upSig.resourceUrls[0], upSig.headers, data);
    assert.equal(ok.status, 200);

    const { res, body } = await get(url, headers);
    assert.equal(res.status, 200);
    assert.equal(body.toString(), 'signed bytes');
  });

  test("an unknown API answers the gateway's InvalidAction.NotFound, which the SDK raises with its code", async () => {
    // The SDK's generic call, as for an API this SDK version does not wrap.
    const client = new Storage.default(sdkConfig(server.url));
    const ask = (pathname, method = 'POST') => client.execute(
      new $OpenApi.Params({
        action: 'NoSuchApi', version: 'storage_1.0', protocol: 'HTTP', pathname, method,
        authType: 'AK', style: 'ROA', reqBodyType: 'none', bodyType: 'json',
      }),
      new $OpenApi.OpenApiRequest({
        headers: { 'x-acs-dingtalk-access-token': ctx.token },
        query: { unionId: ctx.unionId },
        body: method === 'POST' ? {} : undefined,
      }),
      new $Util.RuntimeOptions({}));
    const err = await expectError(ask(`/v1.0/storage/spaces/${ctx.spaceId}/noSuchThing/query`), 404,
      'InvalidAction.NotFound', 'unknown v1.0 API');
    assert.equal(err.data.message, 'Specified api is not found, please check your url and method.');
    await expectError(ask('/v2.0/storage/spaces/files/x/commit'), 404, 'InvalidAction.NotFound', 'unknown v2.0 API');
    await expectError(ask('/v1.0/oauth2/accessToken', 'GET'), 404, 'InvalidAction.NotFound', 'known path, other method');

    // The request id is the gateway's header, and Feishu's X-Tt-Logid is not on DingTalk's answers.
    const res = await fetch(`${server.url}/v1.0/no/such/api`);
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.code, 'InvalidAction.NotFound');
    assert.equal(res.headers.get('x-acs-request-id'), body.requestid);
    assert.equal(res.headers.get('x-tt-logid'), null);
    const ok = await fetch(`${server.url}/v1.0/oauth2/accessToken`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: ctx.appKey, appSecret: ctx.appSecret }),
    });
    assert.equal(ok.status, 200);
    assert.ok(ok.headers.get('x-acs-request-id'));
    assert.equal(ok.headers.get('x-tt-logid'), null);

    // The byte host answers as OSS does for a key it does not have.
    const oss = await fetch(`${server.url}/_filegate/dingtalk/no/such/key`);
    const xml = await oss.text();
    assert.equal(oss.status, 404);
    assert.match(oss.headers.get('content-type'), /^application\/xml/);
    assert.match(xml, /<Code>NoSuchKey<\/Code>/);
    assert.ok(xml.includes(`<RequestId>${oss.headers.get('x-oss-request-id')}</RequestId>`), xml);
  });

  test('a JSON body over the API limit is a paramError the SDK raises, not a bare 413', async () => {
    await expectError(call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
      unionId: ctx.unionId, protocol: 'HEADER_SIGNATURE', multipart: false,
      option: { preCheckParam: { name: 'x'.repeat(70 * 1024) } },
    })), 400, 'paramError', 'a 70 KiB body');
  });

  /** The file under the server's data dir whose name is `name` (blobs live at blobs/ab/cd/<sha256>). */
  function findFile(dir, name) {
    const fs = require('node:fs');
    const path = require('node:path');
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = findFile(full, name);
        if (found) return found;
      } else if (entry.name === name) {
        return full;
      }
    }
    return null;
  }

  /** No absolute path of the server, nor any piece of its data dir's path, in what a client was told. */
  function assertNoServerPath(text) {
    assert.ok(!text.includes(server.dataDir), text);
    for (const piece of server.dataDir.split('/').filter((p) => p.length > 3)) assert.ok(!text.includes(piece), text);
    assert.ok(!/\/(blobs|parts|staging)\//.test(text), text);
  }

  test('a blob gone from disk answers OSS InternalError XML without a server path',
    { skip: CLUSTER_SKIP('removes a blob file from the data dir') }, async () => {
    const fs = require('node:fs');
    const data = crypto.randomBytes(1000);
    const d = await upload(call, ctx, { name: 'vanishing.bin', data });
    const blob = findFile(server.dataDir, sha256(data));
    assert.ok(blob, 'the blob file');
    fs.rmSync(blob);
    const info = await downloadInfo(call, ctx, d.id);
    const { res, body } = await get(info.headerSignatureInfo.resourceUrls[0], info.headerSignatureInfo.headers);
    const xml = body.toString();
    assert.equal(res.status, 500, xml);
    assert.match(xml, /<Code>InternalError<\/Code>/);
    assert.ok(xml.includes(`<RequestId>${res.headers.get('x-oss-request-id')}</RequestId>`), xml);
    assertNoServerPath(xml);
  });

  test('parts gone from disk make the commit a systemError the SDK raises, without a server path',
    { skip: CLUSTER_SKIP('removes the parts from the data dir') }, async () => {
    const fs = require('node:fs');
    const part = crypto.randomBytes(2000);
    const init = await call('initMultipartFileUpload', ctx.spaceId, new Storage.InitMultipartFileUploadRequest({
      unionId: ctx.unionId, option: { preCheckParam: { name: 'lost-parts.bin', parentId: '0' } },
    }));
    const infos = await call('getMultipartFileUploadInfos', new Storage.GetMultipartFileUploadInfosRequest({
      unionId: ctx.unionId, uploadKey: init.body.uploadKey, partNumbers: [1],
    }));
    const sig = infos.body.multipartHeaderSignatureInfos[0].headerSignatureInfo;
    assert.equal((await put(sig.resourceUrls[0], sig.headers, part)).status, 200);
    const parts = require('node:path').join(server.dataDir, 'parts');
    for (const dir of fs.readdirSync(parts)) fs.rmSync(require('node:path').join(parts, dir), { recursive: true });
    const err = await expectError(call('commitFile', ctx.spaceId, new Storage.CommitFileRequest({
      unionId: ctx.unionId, uploadKey: init.body.uploadKey, name: 'lost-parts.bin', parentId: '0',
    })), 500, 'systemError', 'commit of vanished parts');
    assertNoServerPath(JSON.stringify(err.data));
  });
});

test.describe('DingTalk signed URLs expire (FILEGATE_DINGTALK_URL_TTL_SECONDS=2)', () => {
  let server;
  let ctx;
  let call;

  test.before(async () => {
    server = await startServer({ rateLimits: false, env: { FILEGATE_DINGTALK_URL_TTL_SECONDS: '2' } });
    ctx = { ...server.dingtalk };
    ctx.token = await accessToken(server.url, ctx.appKey, ctx.appSecret);
    call = storageApi(server.url, ctx.token);
  });
  test.after(async () => {
    if (server) await server.stop();
  });

  test('an upload or download slot used after its expiry gets 403 AccessDenied', async () => {
    const data = Buffer.from('short-lived');
    const d = await upload(call, ctx, { name: 'quick.txt', data });
    const info = await downloadInfo(call, ctx, d.id);
    assert.equal(info.headerSignatureInfo.expirationSeconds, 2);
    const up = await call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
      unionId: ctx.unionId, protocol: 'HEADER_SIGNATURE', multipart: false,
    }));
    assert.equal(up.body.headerSignatureInfo.expirationSeconds, 2);

    // Expiry is checked in whole seconds: a 2 s slot is dead 3 s after it was issued.
    await new Promise((r) => setTimeout(r, 3100));
    const { res, body } = await get(info.headerSignatureInfo.resourceUrls[0], info.headerSignatureInfo.headers);
    assert.equal(res.status, 403);
    assert.match(body.toString(), /<Code>AccessDenied<\/Code>[\s\S]*expired/);
    const late = await put(up.body.headerSignatureInfo.resourceUrls[0], up.body.headerSignatureInfo.headers, data);
    assert.equal(late.status, 403);

    // A fresh download info works again.
    assert.equal((await download(call, ctx, d.id)).toString(), 'short-lived');
  });
});
