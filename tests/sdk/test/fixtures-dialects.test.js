'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Fixtures for DingTalk, SMH and Coze: each platform's fixture files downloaded (Coze: retrieved) with the fixed
// credentials the fixtures declare, through the official SDK where one runs on Node (@alicloud/dingtalk, @coze/api;
// SMH has none, so its documented wire with fetch); the admin API's listing, import and delete for each; and reset
// back to the fixtures' state.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const $OpenApi = require('@alicloud/openapi-client');
const $Util = require('@alicloud/tea-util');
const Storage = require('@alicloud/dingtalk/storage_1_0');
const OAuth2 = require('@alicloud/dingtalk/oauth2_1_0');
const { CozeAPI, NotFoundError } = require('@coze/api');

const { startServer } = require('../lib/server');
const { sha256, tempDir } = require('../lib/helpers');

const T = { timeout: 30000 };
const ADMIN_TOKEN = 'fixture-admin-token-dialects-0001';
const FILE_BYTES = Buffer.from('bytes of a fixture file next to the fixtures\n');

const DING = {
  appKey: 'dingfixture000000001',
  appSecret: 'fixture-dingtalk-secret-0000000001',
  spaceId: '20000000001',
  unionId: 'fixture-union-0001',
  dentryId: '30000000001',
};
const SMH = {
  libraryId: 'smhfixture0000001',
  librarySecret: 'fixture-smh-secret-00000000000000000001',
  multiId: 'smhfixture0000002',
  multiSecret: 'fixture-smh-secret-00000000000000000002',
  spaceId: 'spacefixture001',
};
const COZE = { token: 'pat_fixture0000000000000000000000000000000001', fileId: '7400000000000000001' };

function fixturesToml() {
  return `
admin_token = "${ADMIN_TOKEN}"

[[dingtalk.apps]]
app_key = "${DING.appKey}"
app_secret = "${DING.appSecret}"

[[dingtalk.spaces]]
space_id = "${DING.spaceId}"
app_key = "${DING.appKey}"
members = ["${DING.unionId}"]

[[dingtalk.files]]
space_id = "${DING.spaceId}"
file_path = "reports/2024/report.txt"
union_id = "${DING.unionId}"
dentry_id = "${DING.dentryId}"
path = "files/report.txt"

[[smh.libraries]]
library_id = "${SMH.libraryId}"
library_secret = "${SMH.librarySecret}"

[[smh.libraries]]
library_id = "${SMH.multiId}"
library_secret = "${SMH.multiSecret}"
multi_space = true

[[smh.spaces]]
library_id = "${SMH.multiId}"
space_id = "${SMH.spaceId}"

[[smh.files]]
library_id = "${SMH.libraryId}"
file_path = "docs/report.txt"
path = "files/report.txt"

[[smh.files]]
library_id = "${SMH.multiId}"
space = "${SMH.spaceId}"
file_path = "notes.txt"
text = "a tenant's notes"

[[coze.tokens]]
token = "${COZE.token}"
name = "fixture token"

[[coze.files]]
file_id = "${COZE.fileId}"
token = "${COZE.token}"
name = "report.txt"
path = "files/report.txt"
`;
}

// ---- DingTalk through @alicloud/dingtalk ----
function sdkConfig(url) {
  return new $OpenApi.Config({ protocol: 'http', endpoint: url.replace(/^http:\/\//, ''), regionId: 'central' });
}

async function dingtalkStorage(url) {
  const oauth = new OAuth2.default(sdkConfig(url));
  const token = await oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey: DING.appKey, appSecret: DING.appSecret }));
  const client = new Storage.default(sdkConfig(url));
  const headers = new Storage.GetFileDownloadInfoHeaders({ xAcsDingtalkAccessToken: token.body.accessToken });
  return {
    async download(dentryId) {
      const info = await client.getFileDownloadInfoWithOptions(
        DING.spaceId,
        dentryId,
        new Storage.GetFileDownloadInfoRequest({ unionId: DING.unionId, option: {} }),
        headers,
        new $Util.RuntimeOptions({}),
      );
      const signature = info.body.headerSignatureInfo;
      const res = await fetch(signature.resourceUrls[0], { headers: signature.headers });
      assert.equal(res.status, 200);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}

// ---- SMH over its documented wire ----
async function smhToken(url, libraryId, librarySecret, spaceId) {
  const q = new URLSearchParams({ library_id: libraryId, library_secret: librarySecret });
  if (spaceId) q.set('space_id', spaceId);
  const res = await fetch(`${url}/api/v1/token?${q}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.accessToken;
}

/** GET /api/v1/file/{lib}/{space}/{path}, following the 302 to the bytes; {status, body}. */
async function smhDownload(url, token, libraryId, space, filePath) {
  const encoded = filePath.split('/').map(encodeURIComponent).join('/');
  const res = await fetch(`${url}/api/v1/file/${libraryId}/${space}/${encoded}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

describe('fixtures for DingTalk, SMH and Coze', () => {
  let server;
  let dir;
  const api = (p, init = {}) =>
    fetch(`${server.url}/_filegate/api/v1/${p}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers || {}) },
    });
  const apiJson = async (p, init) => {
    const res = await api(p, init);
    return { status: res.status, body: await res.json() };
  };
  const importFile = async (dialect, query, bytes) => {
    const res = await api(`files/${dialect}?${new URLSearchParams(query)}`, { method: 'POST', body: bytes });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    assert.equal(body.dialect, dialect);
    return body.handle;
  };
  const deleteFile = (dialect, handle) => api(`files/${dialect}/${encodeURIComponent(handle)}`, { method: 'DELETE' });
  const coze = () => new CozeAPI({ token: COZE.token, baseURL: server.url });

  before(async () => {
    dir = tempDir('filegate-fixtures-dialects-');
    fs.mkdirSync(path.join(dir, 'files'));
    fs.writeFileSync(path.join(dir, 'files', 'report.txt'), FILE_BYTES);
    fs.writeFileSync(path.join(dir, 'fixtures.toml'), fixturesToml());
    server = await startServer({ extraArgs: ['--fixtures', path.join(dir, 'fixtures.toml')] });
  });
  after(async () => {
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('DingTalk: the fixture file downloads by space id and dentry id with @alicloud/dingtalk', T, async () => {
    const storage = await dingtalkStorage(server.url);
    assert.deepEqual(await storage.download(DING.dentryId), FILE_BYTES);
  });

  it('SMH: fixture files download from a single-space and a multi-space library', T, async () => {
    const single = await smhToken(server.url, SMH.libraryId, SMH.librarySecret);
    const got = await smhDownload(server.url, single, SMH.libraryId, '-', 'docs/report.txt');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, FILE_BYTES);
    const tenant = await smhToken(server.url, SMH.multiId, SMH.multiSecret, SMH.spaceId);
    const notes = await smhDownload(server.url, tenant, SMH.multiId, SMH.spaceId, 'notes.txt');
    assert.equal(notes.status, 200);
    assert.equal(notes.body.toString(), "a tenant's notes");
  });

  it('Coze: files.retrieve returns the fixture file with the fixture token (@coze/api)', T, async () => {
    const file = await coze().files.retrieve(COZE.fileId);
    assert.equal(file.id, COZE.fileId);
    assert.equal(file.file_name, 'report.txt');
    assert.equal(file.bytes, FILE_BYTES.length);
  });

  it('the admin API lists each platform\'s handle, the DingTalk one with its path', T, async () => {
    const { body } = await apiJson('objects');
    const handles = body.objects.flatMap((o) => o.handles.map((h) => ({ ...h, sha256: o.sha256 })));
    const find = (dialect) => handles.filter((h) => h.dialect === dialect);
    assert.deepEqual(find('dingtalk'), [{
      dialect: 'dingtalk', kind: 'dentry_id', handle: DING.dentryId, owner: DING.appKey,
      path: `${DING.spaceId}/reports/2024/report.txt`, sha256: sha256(FILE_BYTES),
    }]);
    assert.deepEqual(find('smh').map((h) => h.handle).sort(), [
      `${SMH.libraryId}/-/docs/report.txt`, `${SMH.multiId}/${SMH.spaceId}/notes.txt`,
    ]);
    assert.ok(find('smh').every((h) => h.kind === 'path'));
    const cozeHandles = find('coze');
    assert.equal(cozeHandles.length, 1);
    assert.equal(cozeHandles[0].kind, 'file_id');
    assert.equal(cozeHandles[0].handle, COZE.fileId);
  });

  it('DingTalk: import into a folder, download with the SDK, delete', T, async () => {
    const bytes = Buffer.alloc(200 * 1024, 3);
    const handle = await importFile('dingtalk', {
      owner: DING.appKey, name: 'imported.bin', space_id: DING.spaceId, folder: 'inbox/today',
    }, bytes);
    const storage = await dingtalkStorage(server.url);
    assert.deepEqual(await storage.download(handle), bytes);
    const bad = await api(`files/dingtalk?owner=${DING.appKey}&name=x.bin`, { method: 'POST', body: 'x' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /space_id is required/);

    assert.equal((await deleteFile('dingtalk', handle)).status, 200);
    await assert.rejects(storage.download(handle), (e) => e.code === 'dentryNotExist' && e.statusCode === 404);
    assert.equal((await deleteFile('dingtalk', handle)).status, 404);
  });

  it('SMH: import into a folder, download over the API, delete', T, async () => {
    const bytes = Buffer.from('imported into smh');
    const handle = await importFile('smh', { owner: SMH.libraryId, name: 'in.txt', folder: 'up/load' }, bytes);
    assert.equal(handle, `${SMH.libraryId}/-/up/load/in.txt`);
    const token = await smhToken(server.url, SMH.libraryId, SMH.librarySecret);
    assert.deepEqual((await smhDownload(server.url, token, SMH.libraryId, '-', 'up/load/in.txt')).body, bytes);

    assert.equal((await deleteFile('smh', handle)).status, 200);
    assert.equal((await smhDownload(server.url, token, SMH.libraryId, '-', 'up/load/in.txt')).status, 404);
    assert.equal((await deleteFile('smh', handle)).status, 404);
  });

  it('Coze: import with the token as owner, retrieve with the SDK, delete', T, async () => {
    const handle = await importFile('coze', { owner: COZE.token, name: 'imported.txt' }, Buffer.from('coze import'));
    const file = await coze().files.retrieve(handle);
    assert.equal(file.file_name, 'imported.txt');
    assert.equal(file.bytes, 11);

    assert.equal((await deleteFile('coze', handle)).status, 200);
    await assert.rejects(coze().files.retrieve(handle), NotFoundError);
    assert.equal((await deleteFile('coze', handle)).status, 404);
  });

  it('reset returns every platform to the fixtures\' state', T, async () => {
    await apiJson('reset', { method: 'POST' });
    const initial = (await apiJson('objects')).body;

    await importFile('dingtalk', { owner: DING.appKey, name: 'later.txt', space_id: DING.spaceId }, Buffer.from('later'));
    await importFile('smh', { owner: SMH.libraryId, name: 'later.txt' }, Buffer.from('later'));
    await importFile('coze', { owner: COZE.token, name: 'later.txt' }, Buffer.from('later'));
    assert.equal((await deleteFile('dingtalk', DING.dentryId)).status, 200);
    assert.equal((await deleteFile('smh', `${SMH.libraryId}/-/docs/report.txt`)).status, 200);
    assert.equal((await deleteFile('coze', COZE.fileId)).status, 200);
    assert.notDeepEqual((await apiJson('objects')).body, initial);

    assert.equal((await apiJson('reset', { method: 'POST' })).status, 200);
    assert.deepEqual((await apiJson('objects')).body, initial);
    // Tokens issued since start-up are gone with the reset: fresh ones, from the fixed credentials.
    assert.deepEqual(await (await dingtalkStorage(server.url)).download(DING.dentryId), FILE_BYTES);
    const token = await smhToken(server.url, SMH.libraryId, SMH.librarySecret);
    assert.deepEqual((await smhDownload(server.url, token, SMH.libraryId, '-', 'docs/report.txt')).body, FILE_BYTES);
    assert.equal((await coze().files.retrieve(COZE.fileId)).bytes, FILE_BYTES.length);
  });
});
