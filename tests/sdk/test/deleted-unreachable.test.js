'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Issue 16: a signed URL handed out for a file's bytes serves exactly those bytes, and only while the file (that
// version of it) exists. Once the file is deleted (by the platform's own delete, a folder's or directory's delete,
// the admin API, the deletion of its app) or its bytes are replaced under the same id (a fixture applied again, a
// reset that rewinds version numbers), every URL issued for it answers the platform's not-found error:
//   DingTalk  resourceUrls of downloadInfos      404 OSS XML <Code>NoSuchKey</Code>
//   SMH       the 302 Location on the COS host    404 COS XML <Code>NoSuchKey</Code>
//   Feishu    batch_get_tmp_download_url links    404 JSON code 1061003 (Drive's "not found")
// DingTalk through the official @alicloud/dingtalk SDK, Feishu through @larksuiteoapi/node-sdk, SMH over its
// documented wire with fetch (no SMH SDK runs on Node).

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const $OpenApi = require('@alicloud/openapi-client');
const $Util = require('@alicloud/tea-util');
const Storage = require('@alicloud/dingtalk/storage_1_0');
const OAuth2 = require('@alicloud/dingtalk/oauth2_1_0');

const { startServer, newClient } = require('../lib/server');
const { withTimeout, tempDir } = require('../lib/helpers');

const T = { timeout: 60000 };
const ADMIN_TOKEN = 'deleted-unreachable-admin-token-01';

const FEISHU = {
  app: { appId: 'cli_deleted00000001', appSecret: 'deleted-feishu-secret-00000000001' },
  doomedApp: { appId: 'cli_deleted00000002', appSecret: 'deleted-feishu-secret-00000000002' },
  doc: 'doxDeleted00000000000000001',
  doomedDoc: 'doxDeleted00000000000000002',
  medium: 'boxDeleted00000000000000001',
  doomedMedium: 'boxDeleted00000000000000002',
};
const DING = {
  appKey: 'dingdeleted000000001',
  appSecret: 'deleted-dingtalk-secret-0000000001',
  spaceId: '20000000101',
  unionId: 'deleted-union-0001',
  dentryId: '30000000101',
};
const SMH = { libraryId: 'smhdeleted0000001', librarySecret: 'deleted-smh-secret-00000000000000000001' };

const feishuMediumToml = (text) => `
[[feishu.media]]
file_token = "${FEISHU.medium}"
doc_token = "${FEISHU.doc}"
name = "medium.txt"
text = "${text}"
`;
const dingTalkFileToml = (text) => `
[[dingtalk.files]]
space_id = "${DING.spaceId}"
file_path = "fixture.txt"
union_id = "${DING.unionId}"
dentry_id = "${DING.dentryId}"
text = "${text}"
`;

function fixturesToml() {
  return `
admin_token = "${ADMIN_TOKEN}"

[[feishu.apps]]
app_id = "${FEISHU.app.appId}"
app_secret = "${FEISHU.app.appSecret}"

[[feishu.apps]]
app_id = "${FEISHU.doomedApp.appId}"
app_secret = "${FEISHU.doomedApp.appSecret}"

[[feishu.documents]]
token = "${FEISHU.doc}"
owner = "${FEISHU.app.appId}"

[[feishu.documents]]
token = "${FEISHU.doomedDoc}"
owner = "${FEISHU.doomedApp.appId}"

[[feishu.media]]
file_token = "${FEISHU.doomedMedium}"
doc_token = "${FEISHU.doomedDoc}"
name = "doomed.txt"
text = "a medium of an app that will be deleted"
${feishuMediumToml('medium as first declared')}
[[dingtalk.apps]]
app_key = "${DING.appKey}"
app_secret = "${DING.appSecret}"

[[dingtalk.spaces]]
space_id = "${DING.spaceId}"
app_key = "${DING.appKey}"
members = ["${DING.unionId}"]
${dingTalkFileToml('dentry as first declared')}
[[smh.libraries]]
library_id = "${SMH.libraryId}"
library_secret = "${SMH.librarySecret}"

[[smh.files]]
library_id = "${SMH.libraryId}"
file_path = "fixture.txt"
text = "smh file as first declared"
`;
}

// ---- the admin API ----
function admin(server, apiPath, { method = 'GET', body } = {}) {
  return fetch(`${server.url}/_filegate/api/v1/${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body,
  });
}
async function adminOk(server, apiPath, options) {
  const res = await admin(server, apiPath, options);
  assert.equal(res.status, 200, `${options && options.method} ${apiPath}: ${res.status} ${await res.text()}`);
}

// ---- what a URL answers ----
async function fetchBytes(url, init) {
  const res = await withTimeout(fetch(url, init), 15000, `${(init && init.method) || 'GET'} ${url}`);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** A GET of a signed URL answers a 404 whose body is the platform's XML NoSuchKey; a HEAD answers 404 too. */
async function expectNoSuchKey(url, headers, what) {
  const { res, body } = await fetchBytes(url, { headers });
  assert.equal(res.status, 404, `${what}: GET answered ${res.status} ${body}`);
  assert.match(body.toString(), /<Error>\s*<Code>NoSuchKey<\/Code>/, `${what}: ${body}`);
  const head = await fetchBytes(url, { method: 'HEAD', headers });
  assert.equal(head.res.status, 404, `${what}: HEAD answered ${head.res.status}`);
}

async function expectServes(url, headers, bytes, what) {
  const { res, body } = await fetchBytes(url, { headers });
  assert.equal(res.status, 200, `${what}: ${res.status} ${body}`);
  assert.equal(body.toString(), bytes, what);
}

// ---- DingTalk through its SDK ----
function dingConfig(url) {
  return new $OpenApi.Config({ protocol: 'http', endpoint: url.replace(/^http:\/\//, ''), regionId: 'central' });
}

async function dingTalk(url) {
  const oauth = new OAuth2.default(dingConfig(url));
  const token = (await oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({
    appKey: DING.appKey, appSecret: DING.appSecret,
  }))).body.accessToken;
  const client = new Storage.default(dingConfig(url));
  const call = (name, ...args) => {
    const Name = name[0].toUpperCase() + name.slice(1);
    const headers = new Storage[`${Name}Headers`]({ xAcsDingtalkAccessToken: token });
    return client[`${name}WithOptions`](...args, headers, new $Util.RuntimeOptions({}));
  };
  return {
    async upload(name, text, { parentId = '0', conflictStrategy } = {}) {
      const data = Buffer.from(text);
      const info = await call('getFileUploadInfo', DING.spaceId, new Storage.GetFileUploadInfoRequest({
        unionId: DING.unionId,
        protocol: 'HEADER_SIGNATURE',
        multipart: false,
        option: { storageDriver: 'DINGTALK', preferIntranet: false, preCheckParam: { name, size: data.length, parentId } },
      }));
      const slot = info.body.headerSignatureInfo;
      const put = await fetch(slot.resourceUrls[0], { method: 'PUT', headers: slot.headers, body: data });
      assert.equal(put.status, 200, `PUT: ${await put.text()}`);
      const option = { size: data.length };
      if (conflictStrategy) option.conflictStrategy = conflictStrategy;
      const committed = await call('commitFile', DING.spaceId, new Storage.CommitFileRequest({
        unionId: DING.unionId, uploadKey: info.body.uploadKey, name, parentId, option,
      }));
      return committed.body.dentry;
    },
    /** The signed GET (URL and headers) of the file's current version, or of `version`. */
    async signedGet(dentryId, version) {
      const res = await call('getFileDownloadInfo', DING.spaceId, dentryId, new Storage.GetFileDownloadInfoRequest({
        unionId: DING.unionId, option: version === undefined ? {} : { version },
      }));
      const slot = res.body.headerSignatureInfo;
      return { url: slot.resourceUrls[0], headers: slot.headers };
    },
    addFolder: async (name) => (await call('addFolder', DING.spaceId, '0', new Storage.AddFolderRequest({
      unionId: DING.unionId, name,
    }))).body.dentry,
    remove: (dentryId) => call('deleteDentry', DING.spaceId, dentryId, new Storage.DeleteDentryRequest({
      unionId: DING.unionId, toRecycleBin: true,
    })),
  };
}

// ---- SMH over its wire (Java SDK style: Bearer token, the Location read from the 302) ----
async function smh(url) {
  const q = new URLSearchParams({ library_id: SMH.libraryId, library_secret: SMH.librarySecret });
  const token = (await (await fetch(`${url}/api/v1/token?${q}`)).json()).accessToken;
  const auth = { Authorization: `Bearer ${token}` };
  const api = (kind, p, query = '') =>
    `${url}/api/v1/${kind}/${SMH.libraryId}/-/${p.split('/').map(encodeURIComponent).join('/')}${query}`;
  return {
    async upload(p, text, strategy = 'overwrite') {
      const data = Buffer.from(text);
      const start = await fetch(api('file', p, `?conflict_resolution_strategy=${strategy}&filesize=${data.length}`), {
        method: 'PUT', headers: auth,
      });
      const params = await start.json();
      assert.equal(start.status, 201, JSON.stringify(params));
      const put = await fetch(`http://${params.domain}${params.path}`, { method: 'PUT', headers: params.headers, body: data });
      assert.equal(put.status, 200, await put.text());
      const confirm = await fetch(api('file', params.confirmKey, '?confirm=1'), {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ crc64: put.headers.get('x-cos-hash-crc64ecma') }),
      });
      assert.equal(confirm.status, 200, await confirm.text());
    },
    /** The 302 Location of a download: the signed URL on the COS host. */
    async location(p) {
      const res = await fetch(api('file', p), { headers: auth, redirect: 'manual' });
      assert.equal(res.status, 302, `download ${p}: ${res.status} ${await res.text()}`);
      return res.headers.get('location');
    },
    async mkdir(p) {
      const res = await fetch(api('directory', p), { method: 'PUT', headers: auth });
      assert.equal(res.status, 201, await res.text());
    },
    async remove(kind, p, query = '') {
      const res = await fetch(api(kind, p, query), { method: 'DELETE', headers: auth });
      assert.ok(res.status === 200 || res.status === 204, `DELETE ${kind} ${p}${query}: ${res.status} ${await res.text()}`);
    },
  };
}

// ---- Feishu Drive through the Lark SDK ----
async function tmpUrl(client, fileToken) {
  const res = await withTimeout(client.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [fileToken] } }),
    15000, 'batchGetTmpDownloadUrl');
  assert.equal(res.code, 0, JSON.stringify(res));
  return res.data.tmp_download_urls[0].tmp_download_url;
}

async function expectMediumNotFound(url, what) {
  const { res, body } = await fetchBytes(url);
  assert.equal(res.status, 404, `${what}: ${res.status} ${body}`);
  assert.equal(JSON.parse(body.toString()).code, 1061003, `${what}: ${body}`);
}

describe('URLs issued before a delete do not outlive the file (issue 16)', () => {
  let server;
  let dir;

  before(async () => {
    dir = tempDir('filegate-deleted-unreachable-');
    const fixtures = path.join(dir, 'fixtures.toml');
    fs.writeFileSync(fixtures, fixturesToml());
    server = await startServer({ rateLimits: false, extraArgs: ['--fixtures', fixtures] });
  });
  after(async () => {
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  describe('DingTalk resourceUrls', () => {
    it('a deleted file: the URLs of its current and older versions answer NoSuchKey', T, async () => {
      const ding = await dingTalk(server.url);
      const d = await ding.upload('deleted.txt', 'version one');
      const v1 = await ding.signedGet(d.id);
      await ding.upload('deleted.txt', 'version two', { conflictStrategy: 'OVERWRITE' });
      const v2 = await ding.signedGet(d.id);
      await expectServes(v1.url, v1.headers, 'version one', 'the older version before the delete');
      await ding.remove(d.id);
      await expectNoSuchKey(v2.url, v2.headers, 'current version after the delete');
      await expectNoSuchKey(v1.url, v1.headers, 'older version after the delete');
    });

    it('a file in a deleted folder, and a file deleted through the admin API', T, async () => {
      const ding = await dingTalk(server.url);
      const folder = await ding.addFolder('doomed folder');
      const inside = await ding.upload('inside.txt', 'in the folder', { parentId: folder.id });
      const insideUrl = await ding.signedGet(inside.id);
      const byAdmin = await ding.upload('admin-deleted.txt', 'deleted by the admin API');
      const byAdminUrl = await ding.signedGet(byAdmin.id);
      await ding.remove(folder.id);
      await adminOk(server, `files/dingtalk/${byAdmin.id}`, { method: 'DELETE' });
      await expectNoSuchKey(insideUrl.url, insideUrl.headers, 'a file of a deleted folder');
      await expectNoSuchKey(byAdminUrl.url, byAdminUrl.headers, 'a file deleted by the admin API');
    });

    it('a fixture applied again with other bytes: the old URL answers NoSuchKey, not the new bytes', T, async () => {
      const ding = await dingTalk(server.url);
      const before = await ding.signedGet(DING.dentryId);
      await expectServes(before.url, before.headers, 'dentry as first declared', 'the fixture file');
      await adminOk(server, 'fixtures', { method: 'POST', body: dingTalkFileToml('dentry replaced') });
      await expectNoSuchKey(before.url, before.headers, 'the URL of the replaced file');
      const now = await ding.signedGet(DING.dentryId);
      await expectServes(now.url, now.headers, 'dentry replaced', 'a URL of the replacement');
    });
  });

  describe('SMH 302 Location', () => {
    it('recycled, permanently deleted, in a deleted directory, deleted through the admin API', T, async () => {
      const client = await smh(server.url);
      await client.mkdir('doomed dir');
      const files = ['recycled.txt', 'permanent.txt', 'doomed dir/inside.txt', 'admin.txt'];
      const locations = {};
      for (const p of files) {
        await client.upload(p, `bytes of ${p}`);
        locations[p] = await client.location(p);
        await expectServes(locations[p], {}, `bytes of ${p}`, `${p} before the delete`);
      }
      await client.remove('file', 'recycled.txt');
      await client.remove('file', 'permanent.txt', '?permanent=1');
      await client.remove('directory', 'doomed dir');
      await adminOk(server, `files/smh/${encodeURIComponent(`${SMH.libraryId}/-/admin.txt`)}`, { method: 'DELETE' });
      for (const p of files) await expectNoSuchKey(locations[p], {}, `${p} after the delete`);
    });
  });

  describe('Feishu Drive temporary download URLs', () => {
    // Drive media have no delete in filegate's Open API (nor in Feishu's media API): they go with the admin API's
    // file delete, with their app's deletion, or when a fixture replaces them.
    it('a medium deleted through the admin API answers 404 / 1061003', T, async () => {
      const client = newClient(server.url, FEISHU.app);
      const res = await client.drive.media.uploadAll({
        data: { file_name: 'gone.txt', parent_type: 'docx_file', parent_node: FEISHU.doc, size: 4, file: Buffer.from('gone') },
      });
      const url = await tmpUrl(client, res.file_token);
      await expectServes(url, {}, 'gone', 'before the delete');
      await adminOk(server, `files/feishu/${res.file_token}`, { method: 'DELETE' });
      await expectMediumNotFound(url, 'after the delete');
    });

    it('a medium of a deleted app answers 404 / 1061003', T, async () => {
      const url = await tmpUrl(newClient(server.url, FEISHU.doomedApp), FEISHU.doomedMedium);
      await expectServes(url, {}, 'a medium of an app that will be deleted', 'before the app is deleted');
      await adminOk(server, `apps/feishu/${FEISHU.doomedApp.appId}`, { method: 'DELETE' });
      await expectMediumNotFound(url, 'after the app is deleted');
    });

    it('a fixture applied again with other bytes: the old URL answers 404, a new one the new bytes', T, async () => {
      const client = newClient(server.url, FEISHU.app);
      const url = await tmpUrl(client, FEISHU.medium);
      await expectServes(url, {}, 'medium as first declared', 'the fixture medium');
      await adminOk(server, 'fixtures', { method: 'POST', body: feishuMediumToml('medium replaced') });
      await expectMediumNotFound(url, 'the URL of the replaced medium');
      await expectServes(await tmpUrl(client, FEISHU.medium), {}, 'medium replaced', 'a URL of the replacement');
    });
  });

  describe('a reset that rewinds version numbers', () => {
    // After a reset the next version of a fixture file gets the number a version made before the reset had: the
    // URL of that earlier version must not serve the new one.
    it('DingTalk: a version made before the reset answers NoSuchKey, not its namesake made after', T, async () => {
      await adminOk(server, 'reset', { method: 'POST' });
      let ding = await dingTalk(server.url);
      await ding.upload('fixture.txt', 'version 2 before the reset', { conflictStrategy: 'OVERWRITE' });
      const before = await ding.signedGet(DING.dentryId, 2);
      await adminOk(server, 'reset', { method: 'POST' });
      ding = await dingTalk(server.url);  // a reset drops the tokens issued since start-up
      await ding.upload('fixture.txt', 'version 2 after the reset', { conflictStrategy: 'OVERWRITE' });
      await expectNoSuchKey(before.url, before.headers, 'version 2 of before the reset');
      const after = await ding.signedGet(DING.dentryId, 2);
      await expectServes(after.url, after.headers, 'version 2 after the reset', 'version 2 of after the reset');
    });

    it('SMH: a version made before the reset answers NoSuchKey, not its namesake made after', T, async () => {
      await adminOk(server, 'reset', { method: 'POST' });
      let client = await smh(server.url);
      await client.upload('fixture.txt', 'overwritten before the reset');
      const before = await client.location('fixture.txt');
      await adminOk(server, 'reset', { method: 'POST' });
      client = await smh(server.url);
      await client.upload('fixture.txt', 'overwritten after the reset');
      await expectNoSuchKey(before, {}, 'the version of before the reset');
      await expectServes(await client.location('fixture.txt'), {}, 'overwritten after the reset', 'after the reset');
    });
  });
});
