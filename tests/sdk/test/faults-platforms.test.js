'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Fault rules (docs/faults.md) on every platform, seen through the clients real users run: DingTalk's official SDK
// and the signed URLs it hands out, SMH's wire (no SMH SDK runs on Node), the Lark SDK for expired tokens and
// network faults, and the request journal that names the rule behind each faulted answer.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const diagnostics = require('node:diagnostics_channel');
const http = require('node:http');

const $OpenApi = require('@alicloud/openapi-client');
const $Util = require('@alicloud/tea-util');
const Storage = require('@alicloud/dingtalk/storage_1_0');
const OAuth2 = require('@alicloud/dingtalk/oauth2_1_0');

const { startServer, newClient, PER_NODE } = require('../lib/server');
const { sha256, readAll, errorBody, header, withTimeout } = require('../lib/helpers');

const T = { timeout: 30000 };

// ---- the server and its rules ----

async function addRule(server, rule) {
  const res = await server.admin('faults', { method: 'POST', body: rule });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

/** The catalog's entries for a dialect (GET errors?dialect=…), each with name, code, status, message, headers. */
async function catalog(server, dialect) {
  const res = await server.admin(`errors?dialect=${dialect}`);
  assert.equal(res.status, 200);
  return (await res.json()).errors;
}

function catalogEntry(entries, code, endpoint) {
  const entry = entries.find((e) => e.code === code && e.endpoints.includes(endpoint));
  assert.ok(entry, `the catalog has ${code} on ${endpoint}`);
  return entry;
}

/**
 * The newest journal entry of an endpoint that satisfies `pred`. An entry is recorded once its request has ended on
 * the server, which may be a moment after the client saw the answer (or the closed connection): poll briefly.
 */
async function journalEntry(server, endpoint, pred, ms = 3000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await server.admin(`requests?endpoint=${endpoint}&limit=20`);
    assert.equal(res.status, 200);
    const entry = (await res.json()).requests.find(pred);
    if (entry) return entry;
    if (Date.now() > deadline) assert.fail(`no ${endpoint} entry in the journal satisfies ${pred}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every header the catalog lists for an error is on the response, with the catalog's value. */
function assertCatalogHeaders(headers, entry) {
  for (const [name, value] of Object.entries(entry.headers)) {
    assert.equal(String(header(headers, name)), value, `${entry.name}: header ${name}`);
  }
}

/** The error of a call that must fail (any kind of error: an SDK's, a transport's). */
async function rejection(promise, what) {
  let value;
  try {
    value = await promise;
  } catch (e) {
    return e;
  }
  assert.fail(`${what}: expected a failure, got ${JSON.stringify(value && (value.body || value.status || value))}`);
}

/** A transport failure: the request got no HTTP response at all (the connection was closed or reset). */
function assertNoResponse(err, what) {
  assert.equal(err.response, undefined, `${what}: an HTTP response came back (${err.response && err.response.status})`);
  assert.equal(err.statusCode, undefined, `${what}: ${err.message}`);
  const code = err.code || (err.cause && err.cause.code);
  assert.match(String(code), /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ECONNABORTED)$/, `${what}: ${err.message} (${code})`);
}

// ---- DingTalk through @alicloud/dingtalk ----

function sdkConfig(url) {
  return new $OpenApi.Config({ protocol: 'http', endpoint: url.replace(/^http:\/\//, ''), regionId: 'central' });
}

/** `<name>WithOptions` on a storage client, with the `<Name>Headers` carrying the access token. */
function storageApi(url, token) {
  const client = new Storage.default(sdkConfig(url));
  return (name, ...args) => {
    const Name = name[0].toUpperCase() + name.slice(1);
    const headers = new Storage[`${Name}Headers`]({ xAcsDingtalkAccessToken: token });
    return client[`${name}WithOptions`](...args, headers, new $Util.RuntimeOptions({}));
  };
}

/**
 * The response heads the SDKs received, by request id: the DingTalk SDK's error carries the body only, so its
 * headers are read where node:http hands the response over.
 */
function watchResponses(idHeader) {
  const heads = new Map();
  const onFinish = ({ response }) => {
    const id = response.headers[idHeader];
    if (id) heads.set(id, { status: response.statusCode, headers: response.headers });
  };
  diagnostics.subscribe('http.client.response.finish', onFinish);
  return { heads, stop: () => diagnostics.unsubscribe('http.client.response.finish', onFinish) };
}

/** The three upload steps; returns the committed dentry's id. */
async function dingtalkUpload(call, ctx, name, data) {
  const info = await call('getFileUploadInfo', ctx.spaceId, new Storage.GetFileUploadInfoRequest({
    unionId: ctx.unionId,
    protocol: 'HEADER_SIGNATURE',
    multipart: false,
    option: { storageDriver: 'DINGTALK', preCheckParam: { name, size: data.length, parentId: '0' } },
  }));
  const slot = info.body.headerSignatureInfo;
  const put = await fetch(slot.resourceUrls[0], { method: 'PUT', headers: slot.headers, body: data });
  assert.equal(put.status, 200, await put.text());
  const committed = await call('commitFile', ctx.spaceId, new Storage.CommitFileRequest({
    unionId: ctx.unionId, uploadKey: info.body.uploadKey, name, parentId: '0', option: { size: data.length },
  }));
  return committed.body.dentry.id;
}

describe('fault rules on DingTalk, through @alicloud/dingtalk', () => {
  let server;
  let ctx;
  let call;
  let dentryId;
  const data = crypto.randomBytes(64 * 1024);
  const downloadInfo = () => call('getFileDownloadInfo', ctx.spaceId, dentryId,
    new Storage.GetFileDownloadInfoRequest({ unionId: ctx.unionId, option: {} }));

  before(async () => {
    server = await startServer({ rateLimits: false });
    ctx = { ...server.dingtalk };
    const oauth = new OAuth2.default(sdkConfig(server.url));
    const token = await oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey: ctx.appKey, appSecret: ctx.appSecret }));
    call = storageApi(server.url, token.body.accessToken);
    dentryId = await dingtalkUpload(call, ctx, 'faulted.bin', data);
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    await server.admin('faults', { method: 'DELETE' });
    await server.crashCheck();
  });

  it('systemError on the download info: the SDK raises code systemError, HTTP 500; the journal names the rule', T, async () => {
    const endpoint = 'dingtalk.storage.fileDownloadInfo.get';
    const rule = await addRule(server, { endpoint, error: 'systemError', times: 1 });
    const err = await rejection(downloadInfo(), 'download info');
    assert.equal(err.code, 'systemError', err.message);
    assert.equal(err.statusCode, 500, err.message);
    const entry = catalogEntry(await catalog(server, 'dingtalk'), 'systemError', endpoint);
    assert.equal(err.data.message, entry.message);
    assert.match(err.message, new RegExp(`code: 500, .* request id: ${err.data.requestid}$`));

    const logged = await journalEntry(server, endpoint, (e) => e.request_id === err.data.requestid);
    assert.equal(logged.endpoint, endpoint);
    assert.equal(logged.dialect, 'dingtalk');
    assert.equal(logged.status, 500);
    assert.equal(logged.code, 'systemError');
    assert.equal(logged.fault_id, rule.id);

    // times: 1 is spent: the next call is served.
    const info = await downloadInfo();
    assert.equal(info.statusCode, 200);
    const served = await journalEntry(server, endpoint, (e) => e.request_id === info.headers['x-acs-request-id']);
    assert.equal(served.fault_id, null);
    assert.equal(served.status, 200);
  });

  it('reset on the signed GET: fetching the resourceUrl the SDK returned fails without any HTTP response', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const rule = await addRule(server, { endpoint: 'dingtalk.oss.object.get', reset: true, times: 1 });
    const slot = (await downloadInfo()).body.headerSignatureInfo;
    const err = await rejection(fetch(slot.resourceUrls[0], { headers: slot.headers }), 'signed GET');
    assert.equal(err.cause && err.cause.code, 'ECONNRESET', `an RST, not a closed connection: ${err.cause && err.cause.message}`);
    assertNoResponse(err, 'signed GET');
    const logged = await journalEntry(server, 'dingtalk.oss.object.get', (e) => e.fault_id === rule.id);
    assert.equal(logged.status, 0, 'no response went out');

    // Spent: the same signed URL serves the bytes.
    const res = await fetch(slot.resourceUrls[0], { headers: slot.headers });
    assert.equal(res.status, 200);
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(data));
  });

  it('the throttling error from the catalog raises with its status, code and headers', T, async () => {
    const endpoint = 'dingtalk.storage.fileDownloadInfo.get';
    const entries = await catalog(server, 'dingtalk');
    const throttles = entries.filter((e) => /^throttle\./.test(e.name) && e.endpoints.includes(endpoint));
    assert.ok(throttles.length > 0, `the catalog lists DingTalk's throttling: ${entries.map((e) => e.name)}`);
    const responses = watchResponses('x-acs-request-id');
    try {
      for (const entry of throttles) {
        // Throttling is per app: the rule matches the caller, which the journal then names.
        const rule = await addRule(server, { endpoint, error: entry.name, caller: ctx.appKey, times: 1 });
        const err = await rejection(downloadInfo(), entry.name);
        assert.equal(err.code, entry.code, err.message);
        assert.equal(err.statusCode, entry.status, err.message);
        assert.equal(err.data.message, entry.message);
        const seen = responses.heads.get(err.data.requestid);
        assert.ok(seen, `the SDK's response carried x-acs-request-id ${err.data.requestid}`);
        assert.equal(seen.status, entry.status);
        assert.match(seen.headers['content-type'], /^application\/json/);
        assertCatalogHeaders(seen.headers, entry);
        const logged = await journalEntry(server, endpoint, (e) => e.request_id === err.data.requestid);
        assert.equal(logged.fault_id, rule.id);
        assert.equal(logged.caller, ctx.appKey);
        assert.equal(logged.code, entry.code);
      }
    } finally {
      responses.stop();
    }
  });
});

// ---- SMH over HTTP ----

async function smhToken(server) {
  const q = new URLSearchParams({ library_id: server.smh.libraryId, library_secret: server.smh.librarySecret });
  const res = await fetch(`${server.url}/api/v1/token?${q}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.accessToken;
}

describe('fault rules on SMH, over its wire', () => {
  let server;
  let fileUrl; // GET answers the 302 to the COS stand-in
  const data = crypto.randomBytes(32 * 1024);
  const download = () => fetch(fileUrl, { redirect: 'manual' });

  before(async () => {
    server = await startServer({ rateLimits: false });
    const token = await smhToken(server);
    fileUrl = `${server.url}/api/v1/file/${server.smh.libraryId}/-/faulted.bin?access_token=${token}`;
    const start = await fetch(`${fileUrl}&filesize=${data.length}`, { method: 'PUT' });
    const slot = await start.json();
    assert.equal(start.status, 201, JSON.stringify(slot));
    const put = await fetch(`http://${slot.domain}${slot.path}`, { method: 'PUT', headers: slot.headers, body: data });
    assert.equal(put.status, 200, await put.text());
    const confirmUrl = `${server.url}/api/v1/file/${server.smh.libraryId}/-/${slot.confirmKey}?confirm&access_token=${token}`;
    const confirm = await fetch(confirmUrl, { method: 'POST' });
    assert.equal(confirm.status, 200, await confirm.text());
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    await server.admin('faults', { method: 'DELETE' });
    await server.crashCheck();
  });

  /** An SMH JSON error envelope exactly as the catalog entry gives it. */
  async function assertSmhEnvelope(res, entry) {
    const text = await res.text();
    assert.equal(res.status, entry.status, text);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const body = JSON.parse(text);
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'requestId']);
    assert.equal(body.code, entry.code);
    assert.equal(body.message, entry.message);
    assert.equal(body.requestId, res.headers.get('x-smh-request-id'));
    assertCatalogHeaders(res.headers, entry);
    return body;
  }

  it('RateLimitExceeded and InternalServerError answer SMH\'s JSON envelope as the catalog has them', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const entries = await catalog(server, 'smh');
    for (const [code, caller] of [['RateLimitExceeded', server.smh.libraryId], ['InternalServerError', undefined]]) {
      const entry = catalogEntry(entries, code, 'smh.file.get');
      const rule = await addRule(server, { endpoint: 'smh.file.get', error: code, caller, times: 1 });
      const body = await assertSmhEnvelope(await download(), entry);
      const logged = await journalEntry(server, 'smh.file.get', (e) => e.request_id === body.requestId);
      assert.equal(logged.status, entry.status);
      assert.equal(logged.code, code);
      assert.equal(logged.fault_id, rule.id);
      if (caller) assert.equal(logged.caller, caller, 'a rule on the caller fires once the library is known');
    }
    assert.equal((await download()).status, 302, 'both rules were spent');
  });

  it('InternalError is COS\'s code, not the SMH API\'s: refused on smh.file.get, skipped there under dialect smh', T, async () => {
    const refused = await server.admin('faults', { method: 'POST', body: { endpoint: 'smh.file.get', error: 'InternalError' } });
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).error.message, /no matching endpoint answers the error 'InternalError'/);
    // A dialect-wide rule is taken (COS answers it) but only fires where the code exists.
    await addRule(server, { dialect: 'smh', error: 'InternalError' });
    const redirect = await download();
    assert.equal(redirect.status, 302);
    const cos = await fetch(redirect.headers.get('location'));
    assert.equal(cos.status, 500);
    assert.match(await cos.text(), /<Code>InternalError<\/Code>/);
  });

  it('a rule on smh.cos.get answers COS\'s XML error at the 302\'s Location', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const entries = await catalog(server, 'smh');
    for (const code of ['InternalError', 'SlowDown']) {
      const entry = catalogEntry(entries, code, 'smh.cos.get');
      const rule = await addRule(server, { endpoint: 'smh.cos.get', error: code, times: 1 });
      const redirect = await download();
      assert.equal(redirect.status, 302, 'the SMH API itself is not faulted');
      const res = await fetch(redirect.headers.get('location'));
      assert.equal(res.status, entry.status);
      assert.match(res.headers.get('content-type'), /^application\/xml/);
      const xml = await res.text();
      const match = /<Error><Code>([^<]*)<\/Code><Message>([^<]*)<\/Message><RequestId>([^<]*)<\/RequestId><\/Error>/.exec(xml);
      assert.ok(match, xml);
      assert.equal(match[1], code);
      assert.equal(match[2], entry.message);
      assert.equal(match[3], res.headers.get('x-cos-request-id'));
      assertCatalogHeaders(res.headers, entry);
      const logged = await journalEntry(server, 'smh.cos.get', (e) => e.request_id === match[3]);
      assert.equal(logged.fault_id, rule.id);
      assert.equal(logged.code, code);
      assert.equal(logged.status, entry.status);
    }
    const res = await fetch((await download()).headers.get('location'));
    assert.equal(res.status, 200);
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(data));
  });
});

// ---- Lark: expired tokens and network faults through @larksuiteoapi/node-sdk ----

/**
 * GET requests/stream with node:http: the events as they arrive, each stamped with its arrival time.
 * Resolves once the response head is in (the server subscribes before it sends the head).
 */
function openStream(server, query) {
  return new Promise((resolve, reject) => {
    const events = [];
    const waiters = [];
    const req = http.get(`${server.url}/_filegate/api/v1/requests/stream${query}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      assert.equal(res.statusCode, 200);
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (text) => {
        const at = performance.now();
        buffer += text;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim());
          buffer = buffer.slice(end + 2);
          if (data.length === 0) continue;
          const event = { json: JSON.parse(data.join('')), at };
          events.push(event);
          for (const w of waiters.splice(0)) {
            if (w.pred(event)) w.resolve(event);
            else waiters.push(w);
          }
        }
      });
      resolve({
        events,
        close: () => req.destroy(),
        waitFor(pred, ms = 5000) {
          const found = events.find(pred);
          if (found) return Promise.resolve(found);
          return withTimeout(new Promise((r) => waiters.push({ pred, resolve: r })), ms, 'an event on the journal stream');
        },
      });
    });
  });
}

describe('fault rules through the Lark SDK', () => {
  let server;
  let client;
  let key;
  let otherKey;
  const data = crypto.randomBytes(200 * 1024); // 200 KiB
  const get = (c = client, k = key) => c.im.file.get({ path: { file_key: k } });
  const download = async (c, k) => readAll((await get(c, k)).getReadableStream());
  const tokenFetches = async () => {
    const res = await server.admin('requests?endpoint=feishu.auth.tenant_access_token&limit=10000');
    return (await res.json()).requests.length;
  };

  before(async () => {
    server = await startServer({ rateLimits: false });
    client = newClient(server.url, server.app);
    key = server.importFile(server.app.appId, 'faulted.bin', data);
    otherKey = server.importFile(server.app.appId, 'other.bin', Buffer.from('other'));
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    await server.admin('faults', { method: 'DELETE' });
    await server.crashCheck();
  });

  it('expire by caller: 99991663, the SDK does not fetch a new token; a new client does and downloads', T, async () => {
    const sdk = newClient(server.url, server.app);
    assert.deepEqual(await download(sdk), data);
    assert.equal(sdk.tokenManager.cache.sets.length, 1, 'one tenant token fetched');
    const fetchedBefore = await tokenFetches();

    const rule = await addRule(server, { endpoint: 'feishu.im.file.get', caller: server.app.appId, expire: true });
    for (let i = 0; i < 2; i++) {
      const err = await rejection(get(sdk), 'download with an expired token');
      assert.equal(err.response.status, 400);
      const body = await errorBody(err.response.data);
      assert.equal(body.code, 99991663);
      const entry = catalogEntry(await catalog(server, 'feishu'), '99991663', 'feishu.im.file.get');
      assert.equal(body.msg, entry.message);
      assert.equal(body.error.log_id, header(err.response.headers, 'x-tt-logid'));
    }
    // The Lark SDK neither retries nor drops its cached token on 99991663: it keeps presenting the same one.
    assert.equal(sdk.tokenManager.cache.sets.length, 1, 'the SDK fetched no new token');
    assert.equal(await tokenFetches(), fetchedBefore, 'no token request reached the server');
    const logged = await journalEntry(server, 'feishu.im.file.get', (e) => e.fault_id === rule.id);
    assert.equal(logged.code, '99991663');
    assert.equal(logged.status, 400);
    assert.equal(logged.caller, server.app.appId);

    // Another app's caller is not matched.
    const otherApp = server.createApp('expire-bystander');
    assert.deepEqual(await download(newClient(server.url, otherApp), server.importFile(otherApp.appId, 'b.bin', data)), data);

    await server.admin(`faults/${rule.id}`, { method: 'DELETE' });
    const fresh = newClient(server.url, server.app);
    assert.deepEqual(await download(fresh), data);
    assert.equal(fresh.tokenManager.cache.sets.length, 1, 'the new client fetched its own token');
    assert.equal(await tokenFetches(), fetchedBefore + 2, 'the bystander and the new client fetched tokens');
  });

  it('expire by key, times: 1: only that file_key fails, once', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const rule = await addRule(server, { endpoint: 'feishu.im.file.get', key, expire: true, times: 1 });
    assert.deepEqual(await download(client, otherKey), Buffer.from('other'));
    const err = await rejection(get(), 'expired for this key');
    assert.equal((await errorBody(err.response.data)).code, 99991663);
    assert.deepEqual(await download(newClient(server.url, server.app)), data);
    const listed = (await (await server.admin('faults')).json()).faults.find((r) => r.id === rule.id);
    assert.equal(listed.fired, 1);
    assert.equal(listed.matched, 2, 'the other key did not match');
  });

  it('drop: the SDK rejects with a transport error and no response; the journal names the rule', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const rule = await addRule(server, { endpoint: 'feishu.im.file.get', drop: true, times: 1 });
    assertNoResponse(await rejection(get(), 'drop'), 'drop');
    const logged = await journalEntry(server, 'feishu.im.file.get', (e) => e.fault_id === rule.id);
    assert.equal(logged.status, 0);
    assert.equal(logged.code, null);
    assert.deepEqual(await download(), data, 'the next call is served');
  });

  it('hang with hang_ms: 500: the call fails after at least 500 ms, with no response', T, async () => {
    const rule = await addRule(server, { endpoint: 'feishu.im.file.get', hang: true, hang_ms: 500, times: 1 });
    const start = performance.now();
    const err = await rejection(get(), 'hang');
    const took = performance.now() - start;
    assertNoResponse(err, 'hang');
    assert.ok(took >= 495, `failed after ${took.toFixed(0)} ms`);
    assert.ok(took < 10000, `failed after ${took.toFixed(0)} ms`);
    const logged = await journalEntry(server, 'feishu.im.file.get', (e) => e.fault_id === rule.id);
    assert.equal(logged.status, 0);
    assert.ok(logged.duration_ms >= 495, `the journal's duration: ${logged.duration_ms} ms`);
  });

  it('bandwidth: 200000 B/s: 200 KiB arrive intact, in no less than 0.8 s', T, async () => {
    const rule = await addRule(server, { endpoint: 'feishu.im.file.get', bandwidth: 200000, times: 1 });
    const start = performance.now();
    const got = await download();
    const took = performance.now() - start;
    assert.equal(sha256(got), sha256(data));
    assert.ok(took >= 800, `200 KiB took ${took.toFixed(0)} ms`);
    const logged = await journalEntry(server, 'feishu.im.file.get', (e) => e.fault_id === rule.id);
    assert.equal(logged.status, 200);
    assert.equal(logged.bytes_out, data.length);

    // Bytes are paced in slices (a twentieth of a second's worth, at least one byte), a pause after each slice but
    // the last: the 5 bytes of `other` at 2 B/s are 5 slices with 4 pauses of 500 ms, so the server takes 2 s, not
    // the 2.5 s it took when the last slice was followed by a pause too.
    const small = await addRule(server, { endpoint: 'feishu.im.file.get', key: otherKey, bandwidth: 2, times: 1 });
    assert.deepEqual(await download(client, otherKey), Buffer.from('other'));
    const paced = await journalEntry(server, 'feishu.im.file.get', (e) => e.fault_id === small.id);
    assert.equal(paced.bytes_out, 5);
    assert.ok(paced.duration_ms >= 1990 && paced.duration_ms < 2450, `5 bytes at 2 B/s: ${paced.duration_ms} ms`);
  });

  it('the journal stream carries a faulted call\'s entry within 100 ms of the SDK call returning', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const rule = await addRule(server, { endpoint: 'feishu.im.file.get', error: '99991400' });
    const stream = await openStream(server, '?endpoint=feishu.im.file.get');
    try {
      const delays = [];
      for (let i = 0; i < 5; i++) {
        const err = await rejection(get(), '99991400');
        const returned = performance.now();
        const logid = header(err.response.headers, 'x-tt-logid');
        const event = await stream.waitFor((e) => e.json.request_id === logid);
        delays.push(Math.max(0, event.at - returned));
        assert.equal(event.json.status, 429);
        assert.equal(event.json.code, '99991400');
        assert.equal(event.json.fault_id, rule.id);
        assert.equal(event.json.endpoint, 'feishu.im.file.get');
      }
      if (process.env.FILEGATE_SHOW_DELAYS) console.log(`stream delays: ${delays.map((d) => d.toFixed(1))}`);
      assert.ok(Math.max(...delays) <= 100, `delivered ${delays.map((d) => d.toFixed(1)).join(', ')} ms after the call returned`);
    } finally {
      stream.close();
    }
  });
});
