'use strict';
// Every upload path, spoken on the wire as each platform's clients speak it, and every dialect's download path.
//
// An upload is a small state machine so that it can be resumed after a kill, as a real client resumes it:
//   session == null      nothing acknowledged yet (or a one-request upload)
//   session != null      the step that opens an upload session was answered (upload_prepare, uploadInfos,
//                        multipart init, SMH start): the session must survive the kill
//   finalSent            the request that completes the upload (finish, commit, confirm, the one-request upload)
//                        has been sent at least once: its outcome may be unknown
// run() goes on from where the upload stands and returns the handle its dialect downloads it by.

const { HttpError, multipartForm, jsonBody } = require('./wire');

// The accounts of the crash loop's fixtures file (fixed credentials, docs/fixtures.md).
const ACCOUNTS = {
  feishu: { appId: 'cli_c4a5000000000001', appSecret: 'crashFixtureFeishuSecret00000001', doc: 'doxcnCrashLoop000000000000001' },
  coze: { token: 'pat_c4a5000000000000000000000000000000000001' },
  dingtalk: {
    appKey: 'dingc4a5000000000001',
    appSecret: 'crashFixtureDingTalkSecret0000000000000000000000000000000000001',
    spaceId: '52800000777',
    unionId: 'crashUnion000000001',
  },
  smh: { libraryId: 'smhc4a50000000001', librarySecret: 'crashFixtureSmhSecret000000000000000001', space: '-' },
};

const FIXTURES_TOML = `# The crash loop's accounts (tests/crash/lib/flows.js).
[[feishu.apps]]
app_id = "${ACCOUNTS.feishu.appId}"
app_secret = "${ACCOUNTS.feishu.appSecret}"
name = "crash loop"

[[feishu.documents]]
token = "${ACCOUNTS.feishu.doc}"
owner = "${ACCOUNTS.feishu.appId}"
type = "docx"

[[coze.tokens]]
token = "${ACCOUNTS.coze.token}"
name = "crash loop"

[[dingtalk.apps]]
app_key = "${ACCOUNTS.dingtalk.appKey}"
app_secret = "${ACCOUNTS.dingtalk.appSecret}"
name = "crash loop"

[[dingtalk.spaces]]
space_id = "${ACCOUNTS.dingtalk.spaceId}"
app_key = "${ACCOUNTS.dingtalk.appKey}"
name = "crash loop"
members = ["${ACCOUNTS.dingtalk.unionId}"]

[[smh.libraries]]
library_id = "${ACCOUNTS.smh.libraryId}"
library_secret = "${ACCOUNTS.smh.librarySecret}"
name = "crash loop"
`;

const DT = ACCOUNTS.dingtalk;
const SMH = ACCOUNTS.smh;
const dtQuery = `unionId=${encodeURIComponent(DT.unionId)}`;
const smhFile = (p) => `/api/v1/file/${SMH.libraryId}/${SMH.space}/${p.split('/').map(encodeURIComponent).join('/')}`;

/** A Feishu or Coze success: HTTP 200 and code 0. */
function okEnvelope(res, what, gone) {
  const body = jsonBody(res);
  if (res.status !== 200 || !body || body.code !== 0) {
    throw new HttpError(what, res, { sessionGone: Boolean(body && gone && gone(res, body)) });
  }
  return body.data || {};
}

function okStatus(res, status, what, gone) {
  if (res.status !== status) throw new HttpError(what, res, { sessionGone: Boolean(gone && gone(res, jsonBody(res))) });
  return jsonBody(res);
}

/** Tokens of one server process: fetched after every start, as a client whose token calls failed would. */
async function fetchTokens(wire) {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const feishu = okEnvelopeFlat(await wire.request('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
    headers: json, body: Buffer.from(JSON.stringify({ app_id: ACCOUNTS.feishu.appId, app_secret: ACCOUNTS.feishu.appSecret })),
  }), 'tenant_access_token').tenant_access_token;
  const dingtalk = okStatus(await wire.request('POST', '/v1.0/oauth2/accessToken', {
    headers: json, body: Buffer.from(JSON.stringify({ appKey: DT.appKey, appSecret: DT.appSecret })),
  }), 200, 'dingtalk accessToken').accessToken;
  const q = new URLSearchParams({ library_id: SMH.libraryId, library_secret: SMH.librarySecret });
  const smh = okStatus(await wire.request('GET', `/api/v1/token?${q}`), 200, 'smh token').accessToken;
  return { feishu, dingtalk, smh, coze: ACCOUNTS.coze.token };
}

function okEnvelopeFlat(res, what) {
  const body = jsonBody(res);
  if (res.status !== 200 || !body || body.code !== 0) throw new HttpError(what, res);
  return body;
}

// ---- Feishu ----
const feishuAuth = (ctx) => ({ authorization: `Bearer ${ctx.tokens.feishu}` });
const driveGone = (res, body) => body.code === 1061002; // unknown upload id

async function feishuIm(u, ctx) {
  const form = multipartForm([['file_type', 'stream'], ['file_name', u.name]], { name: u.name, data: u.data });
  u.finalSent = true;
  const res = await ctx.wire.request('POST', '/open-apis/im/v1/files', {
    headers: { ...feishuAuth(ctx), 'content-type': form.type }, body: form.body,
  });
  return { dialect: 'feishu', kind: 'file_key', handle: okEnvelope(res, 'im file create').file_key };
}

async function driveUploadAll(u, ctx) {
  const form = multipartForm(
    [['file_name', u.name], ['parent_type', 'docx_file'], ['parent_node', ACCOUNTS.feishu.doc], ['size', String(u.size)]],
    { name: u.name, data: u.data },
  );
  u.finalSent = true;
  const res = await ctx.wire.request('POST', '/open-apis/drive/v1/medias/upload_all', {
    headers: { ...feishuAuth(ctx), 'content-type': form.type }, body: form.body,
  });
  return { dialect: 'feishu', kind: 'file_token', handle: okEnvelope(res, 'drive upload_all').file_token };
}

async function driveChunked(u, ctx) {
  const w = ctx.wire;
  if (!u.session) {
    const res = await w.request('POST', '/open-apis/drive/v1/medias/upload_prepare', {
      headers: { ...feishuAuth(ctx), 'content-type': 'application/json; charset=utf-8' },
      body: Buffer.from(JSON.stringify({ file_name: u.name, parent_type: 'docx_file', parent_node: ACCOUNTS.feishu.doc, size: u.size })),
    });
    const d = okEnvelope(res, 'drive upload_prepare');
    u.session = { uploadId: d.upload_id, blockSize: d.block_size, blockNum: d.block_num };
  }
  const { uploadId, blockSize, blockNum } = u.session;
  for (let seq = 0; seq < blockNum; seq++) {
    const block = u.data.subarray(seq * blockSize, (seq + 1) * blockSize);
    const form = multipartForm([['upload_id', uploadId], ['seq', String(seq)], ['size', String(block.length)]], { name: u.name, data: block });
    const res = await w.request('POST', '/open-apis/drive/v1/medias/upload_part', {
      headers: { ...feishuAuth(ctx), 'content-type': form.type }, body: form.body,
    });
    okEnvelope(res, `drive upload_part ${seq}/${blockNum}`, driveGone);
  }
  u.finalSent = true;
  const res = await w.request('POST', '/open-apis/drive/v1/medias/upload_finish', {
    headers: { ...feishuAuth(ctx), 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify({ upload_id: uploadId, block_num: blockNum })),
  });
  return { dialect: 'feishu', kind: 'file_token', handle: okEnvelope(res, 'drive upload_finish', driveGone).file_token };
}

// ---- DingTalk ----
const dtHeaders = (ctx) => ({ 'x-acs-dingtalk-access-token': ctx.tokens.dingtalk, 'content-type': 'application/json; charset=utf-8' });
const dtJson = (o) => Buffer.from(JSON.stringify(o));
const dtUploadGone = (res) => /uploadKey is invalid/.test(res.body.toString('utf8'));
const ossGone = (res) => res.status === 404 && /NoSuchUpload/.test(res.body.toString('utf8'));

async function dingtalkCommit(u, ctx) {
  u.finalSent = true;
  const res = await ctx.wire.request('POST', `/v1.0/storage/spaces/${DT.spaceId}/files/commit?${dtQuery}`, {
    headers: dtHeaders(ctx),
    body: dtJson({ uploadKey: u.session.uploadKey, name: u.name, parentId: '0', option: { size: u.size, conflictStrategy: 'AUTO_RENAME' } }),
  });
  const body = okStatus(res, 200, 'dingtalk commit', dtUploadGone);
  return { dialect: 'dingtalk', kind: 'dentry_id', handle: String(body.dentry.id) };
}

async function dingtalkSingle(u, ctx) {
  const w = ctx.wire;
  if (!u.session) {
    const res = await w.request('POST', `/v1.0/storage/spaces/${DT.spaceId}/files/uploadInfos/query?${dtQuery}`, {
      headers: dtHeaders(ctx),
      body: dtJson({
        protocol: 'HEADER_SIGNATURE', multipart: false,
        option: { storageDriver: 'DINGTALK', preferIntranet: false, preCheckParam: { name: u.name, size: u.size, parentId: '0' } },
      }),
    });
    const body = okStatus(res, 200, 'dingtalk uploadInfos');
    const sig = body.headerSignatureInfo;
    u.session = { uploadKey: body.uploadKey, url: sig.resourceUrls[0], headers: sig.headers };
  }
  okStatus(await w.request('PUT', u.session.url, { headers: u.session.headers, body: u.data }), 200, 'dingtalk PUT', ossGone);
  return dingtalkCommit(u, ctx);
}

async function dingtalkMultipart(u, ctx) {
  const w = ctx.wire;
  if (!u.session) {
    const res = await w.request('POST', `/v1.0/storage/spaces/${DT.spaceId}/files/multiPartUploadInfos/init?${dtQuery}`, {
      headers: dtHeaders(ctx),
      body: dtJson({ option: { storageDriver: 'DINGTALK', preCheckParam: { name: u.name, size: u.size, parentId: '0' } } }),
    });
    u.session = { uploadKey: okStatus(res, 200, 'dingtalk multipart init').uploadKey };
  }
  const count = Math.max(1, Math.ceil(u.size / u.partSize));
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const res = await w.request('POST', `/v1.0/storage/spaces/files/multiPartUploadInfos/query?${dtQuery}`, {
    headers: dtHeaders(ctx), body: dtJson({ uploadKey: u.session.uploadKey, partNumbers: numbers }),
  });
  const infos = okStatus(res, 200, 'dingtalk multipart infos', dtUploadGone).multipartHeaderSignatureInfos;
  const byNumber = new Map(infos.map((i) => [i.partNumber, i.headerSignatureInfo]));
  // Last part first, then the rest: the commit must join them by number, not by arrival.
  for (const n of [numbers[numbers.length - 1], ...numbers.slice(0, -1)]) {
    const sig = byNumber.get(n);
    const part = u.data.subarray((n - 1) * u.partSize, n * u.partSize);
    okStatus(await w.request('PUT', sig.resourceUrls[0], { headers: sig.headers, body: part }), 200, `dingtalk PUT part ${n}/${count}`, ossGone);
  }
  return dingtalkCommit(u, ctx);
}

// ---- Tencent SMH ----
const smhAuth = (ctx) => ({ authorization: `Bearer ${ctx.tokens.smh}` });
const smhGone = (res, body) => res.status === 404 && body && body.code === 'UploadNotFound';
const cosGone = (res) => res.status === 404 && /NoSuchUpload/.test(res.body.toString('utf8'));

async function smhConfirm(u, ctx, body) {
  u.finalSent = true;
  const res = await ctx.wire.request('POST', `${smhFile(u.session.confirmKey)}?confirm=1`, {
    headers: { ...smhAuth(ctx), 'content-type': 'application/json' }, body: Buffer.from(body),
  });
  okStatus(res, 200, 'smh confirm', smhGone);
  return { dialect: 'smh', kind: 'path', handle: `${SMH.libraryId}/${SMH.space}/${u.name}` };
}

async function smhSingle(u, ctx) {
  const w = ctx.wire;
  if (!u.session) {
    const res = await w.request('PUT', `${smhFile(u.name)}?filesize=${u.size}`, { headers: smhAuth(ctx) });
    const body = okStatus(res, 201, 'smh upload start');
    u.session = { confirmKey: body.confirmKey, path: body.path, headers: body.headers };
  }
  const put = await w.request('PUT', u.session.path, { headers: u.session.headers, body: u.data });
  okStatus(put, 200, 'smh COS PUT', cosGone);
  return smhConfirm(u, ctx, JSON.stringify({ crc64: put.headers['x-cos-hash-crc64ecma'] }));
}

async function smhMultipart(u, ctx) {
  const w = ctx.wire;
  const count = Math.max(1, Math.ceil(u.size / u.partSize));
  const range = JSON.stringify({ partNumberRange: count === 1 ? '1' : `1-${count}` });
  let params;
  if (!u.session) {
    const res = await w.request('POST', `${smhFile(u.name)}?multipart=1&filesize=${u.size}`, {
      headers: { ...smhAuth(ctx), 'content-type': 'application/json' }, body: Buffer.from(range),
    });
    params = okStatus(res, 201, 'smh multipart start');
    u.session = { confirmKey: params.confirmKey };
  } else {
    // Resumed: fresh part signatures for the same upload, as a client that lost its own would ask.
    const res = await w.request('POST', `${smhFile(u.session.confirmKey)}?renew=1`, {
      headers: { ...smhAuth(ctx), 'content-type': 'application/json' }, body: Buffer.from(range),
    });
    const body = jsonBody(res);
    // A confirm cut off after it joined the parts leaves the upload joined but unconfirmed: confirm it again.
    if (res.status === 409 && body && body.code === 'UploadComplete' && u.finalSent) return smhConfirm(u, ctx, '');
    params = okStatus(res, 200, 'smh multipart renew', smhGone);
  }
  for (let n = count; n >= 1; n--) { // last part first: the confirm joins by number
    const part = u.data.subarray((n - 1) * u.partSize, n * u.partSize);
    const target = `${params.path}?uploadId=${encodeURIComponent(params.uploadId)}&partNumber=${n}`;
    okStatus(await w.request('PUT', target, { headers: params.parts[String(n)].headers, body: part }), 200, `smh COS PUT part ${n}/${count}`, cosGone);
  }
  return smhConfirm(u, ctx, '');
}

// ---- Coze ----
async function cozeUpload(u, ctx) {
  const form = multipartForm([], { name: u.name, data: u.data });
  u.finalSent = true;
  const res = await ctx.wire.request('POST', '/v1/files/upload', {
    headers: { authorization: `Bearer ${ctx.tokens.coze}`, 'content-type': form.type }, body: form.body,
  });
  return { dialect: 'coze', kind: 'file_id', handle: String(okEnvelope(res, 'coze upload').id) };
}

/**
 * The upload paths. minSize: what the platform accepts (Feishu IM and Coze refuse empty files; a chunked or
 * multipart upload of nothing has no part to send). partSizes: the part sizes the client picks from.
 */
const KINDS = {
  'feishu-im': { run: feishuIm, minSize: 1 },
  'drive-upload-all': { run: driveUploadAll, minSize: 0 },
  'drive-chunked': { run: driveChunked, minSize: 1, boundary: 4 * 1024 * 1024 },
  dingtalk: { run: dingtalkSingle, minSize: 0 },
  'dingtalk-multipart': { run: dingtalkMultipart, minSize: 1, partSizes: [100 * 1024, 256 * 1024, 1024 * 1024] },
  smh: { run: smhSingle, minSize: 0 },
  'smh-multipart': { run: smhMultipart, minSize: 1, partSizes: [128 * 1024, 512 * 1024, 1024 * 1024] },
  coze: { run: cozeUpload, minSize: 1 },
};

// ---- downloads, by a handle as the admin API lists it ({dialect, kind, handle}) ----

// okStatus parses JSON; downloads need the raw bytes.
function bytesOf(res, what) {
  if (res.status !== 200) throw new HttpError(what, res);
  return res.body;
}

async function downloadBytes(ctx, h) {
  const w = ctx.wire;
  const key = `${h.dialect}/${h.kind}/${h.handle}`;
  switch (`${h.dialect}/${h.kind}`) {
    case 'feishu/file_key':
      return bytesOf(await w.request('GET', `/open-apis/im/v1/files/${encodeURIComponent(h.handle)}`, { headers: feishuAuth(ctx) }), `im file get ${key}`);
    case 'feishu/file_token':
      return bytesOf(await w.request('GET', `/open-apis/drive/v1/medias/${encodeURIComponent(h.handle)}/download`, { headers: feishuAuth(ctx) }), `drive download ${key}`);
    case 'dingtalk/dentry_id': {
      const res = await w.request('POST', `/v1.0/storage/spaces/${DT.spaceId}/dentries/${h.handle}/downloadInfos/query?${dtQuery}`, {
        headers: dtHeaders(ctx), body: dtJson({ option: {} }),
      });
      const sig = okStatus(res, 200, `dingtalk downloadInfos ${key}`).headerSignatureInfo;
      return bytesOf(await w.request('GET', sig.resourceUrls[0], { headers: sig.headers }), `dingtalk GET ${key}`);
    }
    case 'smh/path': {
      const [lib, space, ...rest] = h.handle.split('/');
      const p = `/api/v1/file/${lib}/${space}/${rest.map(encodeURIComponent).join('/')}`;
      const res = await w.request('GET', p, { headers: smhAuth(ctx) });
      if (res.status !== 302 || !res.headers.location) throw new HttpError(`smh file get ${key} (wanted 302)`, res);
      return bytesOf(await w.request('GET', res.headers.location), `smh GET location ${key}`);
    }
    default:
      throw new Error(`no download path for ${key}`);
  }
}

/** Coze keeps no download API: retrieve answers the file's metadata. */
async function cozeRetrieve(ctx, id) {
  const res = await ctx.wire.request('GET', `/v1/files/retrieve?file_id=${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${ctx.tokens.coze}` },
  });
  return okEnvelope(res, `coze retrieve ${id}`);
}

module.exports = { ACCOUNTS, FIXTURES_TOML, KINDS, fetchTokens, downloadBytes, cozeRetrieve };
