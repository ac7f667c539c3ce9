'use strict';
// The SMH wire as the official clients speak it, for the SMH test files. No SMH SDK runs on Node, so a client here is
// fetch in one of the two styles real clients use:
//   - Java SDK: FilePath encoded segment by segment, `Authorization: Bearer`, selectors as `key=1`, and the
//     download's 302 followed to the bytes;
//   - Android SDK (Retrofit @Path): the whole FilePath as ONE percent-encoded segment (`/` → %2F), `access_token=`
//     in the query, bare selectors (`?info`), redirects not followed (it reads Location and the x-smh-* headers).

const assert = require('node:assert/strict');
const { before, after, afterEach } = require('node:test');

const { startServer } = require('./server');

// ---- CRC-64/XZ, written independently of the server (reflected ECMA-182 polynomial, init and xorout all ones) ----
const CRC_TABLE = (() => {
  const poly = 0xC96C5795D7870F42n;
  const table = new Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    table[i] = c;
  }
  return table;
})();
const MASK64 = 0xFFFFFFFFFFFFFFFFn;
function crc64xz(buf) {
  let crc = MASK64;
  for (const b of buf) crc = CRC_TABLE[Number((crc ^ BigInt(b)) & 0xFFn)] ^ (crc >> 8n);
  return ((crc ^ MASK64) & MASK64).toString(); // unsigned decimal, as SMH and COS write it
}

// ---- the two client styles ----
function makeClient(server, style, { libraryId, token, space = '-' }) {
  const java = style === 'java';
  const encodePath = (p) => (java ? p.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(p));
  const withSelectors = (selectors = [], params = {}) => {
    const parts = selectors.map((s) => (java ? `${s}=1` : s));
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    }
    if (!java) parts.push(`access_token=${encodeURIComponent(token)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  };
  const authHeaders = () => (java ? { Authorization: `Bearer ${token}` } : {});
  const url = (kind, p, selectors, params) =>
    `${server.url}/api/v1/${kind}/${libraryId}/${space}/${encodePath(p)}${withSelectors(selectors, params)}`;
  const call = (method, kind, p, { selectors, params, headers, body, redirect } = {}) =>
    fetch(url(kind, p, selectors, params), {
      method,
      headers: { ...authHeaders(), ...(headers || {}) },
      body,
      redirect: redirect || (java ? 'follow' : 'manual'),
    });

  return {
    style,
    url,
    call,
    get token() { return token; },
    set token(t) { token = t; },
    mkdir: (p, params) => call('PUT', 'directory', p, { params }),
    /** PUT …/{kind}/{p} with {"from": source}: moves or renames the file or directory `source` to `p`. */
    move: (kind, p, from, params) =>
      call('PUT', kind, p, { params, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from }) }),
    /** PUT …/{kind}/{p} with {"copyFrom": source}: copies the file or directory `source` to `p`. */
    copy: (kind, p, copyFrom, params) =>
      call('PUT', kind, p, {
        params,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ copyFrom }),
      }),
    list: (p, params) => call('GET', 'directory', p, { params }),
    download: (p, params, opts = {}) => call('GET', 'file', p, { params, ...opts }),
    head: (p, params) => call('HEAD', 'file', p, { params }),
    info: (p, params) => call('GET', 'file', p, { selectors: ['info'], params }),
    remove: (p, params) => call('DELETE', 'file', p, { params }),
    history: (p, params) =>
      fetch(
        `${server.url}/api/v1/directory-history/${libraryId}/${space}/history-list/${encodePath(p)}` +
          withSelectors([], params),
        { headers: authHeaders() },
      ),
    /** POST …/directory-history/{lib}/{space}/latest-version/{id}: makes that version the latest again. */
    restoreVersion: (historyId) =>
      fetch(
        `${server.url}/api/v1/directory-history/${libraryId}/${space}/latest-version/${historyId}` + withSelectors([]),
        { method: 'POST', headers: authHeaders() },
      ),
    /** POST …/directory-history/{lib}/{space}/delete with the body [ids] (a raw string is sent as it is). */
    deleteVersions: (ids) =>
      fetch(`${server.url}/api/v1/directory-history/${libraryId}/${space}/delete` + withSelectors([]), {
        method: 'POST',
        headers: { ...authHeaders(), 'Content-Type': 'application/json' },
        body: typeof ids === 'string' ? ids : JSON.stringify(ids),
      }),
    /** GET /api/v1/inode/{lib}/{space}/{inode}. */
    byInode: (inode) =>
      fetch(`${server.url}/api/v1/inode/${libraryId}/${space}/${encodeURIComponent(inode)}` + withSelectors([]), {
        headers: authHeaders(),
      }),
    /** POST /api/v1/batch/{lib}/{space}?{op} (delete, copy, move) with the items (a raw string is sent as it is). */
    batch: (op, items) =>
      fetch(`${server.url}/api/v1/batch/${libraryId}/${space}` + withSelectors([op]), {
        method: 'POST',
        headers: { ...authHeaders(), 'Content-Type': 'application/json' },
        body: typeof items === 'string' ? items : JSON.stringify(items),
      }),
    /** GET /api/v1/task/{lib}/{space}/{ids}: the tasks of large batches, ids comma-separated. */
    tasks: (ids) =>
      fetch(`${server.url}/api/v1/task/${libraryId}/${space}/${ids}` + withSelectors([]), { headers: authHeaders() }),
    /** GET /api/v1/quota/{lib}/{space}. */
    quota: () => fetch(`${server.url}/api/v1/quota/${libraryId}/${space}` + withSelectors([]), { headers: authHeaders() }),

    /** PUT (start) → PUT bytes to http://{domain}{path} with exactly the given headers → POST ?confirm. */
    async upload(p, data, { strategy, meta = {}, crc64, confirmBody, confirmParams } = {}) {
      const start = await call('PUT', 'file', p, {
        params: { conflict_resolution_strategy: strategy, filesize: data.length },
        headers: meta,
      });
      const startBody = await start.json();
      assert.equal(start.status, 201, `${style} upload start ${p}: ${JSON.stringify(startBody)}`);
      const cos = await fetch(`http://${startBody.domain}${startBody.path}`, {
        method: 'PUT',
        headers: startBody.headers,
        body: data,
      });
      assert.equal(cos.status, 200, `bytes PUT: ${await cos.text()}`);
      const cosCrc = cos.headers.get('x-cos-hash-crc64ecma');
      const etag = cos.headers.get('etag');
      const body = confirmBody !== undefined ? confirmBody : JSON.stringify({ crc64: crc64 || cosCrc });
      const confirm = await call('POST', 'file', startBody.confirmKey, {
        selectors: ['confirm'],
        params: confirmParams,
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      return { start: startBody, cosCrc, etag, confirm, confirmBody: await confirm.json() };
    },

    /** POST …/{path}?multipart (a partNumberRange body only when `range` is given) → 201 part parameters. */
    async startMultipart(p, filesize, range, { strategy } = {}) {
      const res = await call('POST', 'file', p, {
        selectors: ['multipart'],
        params: { conflict_resolution_strategy: strategy, filesize },
        headers: range === undefined ? {} : { 'Content-Type': 'application/json' },
        body: range === undefined ? undefined : JSON.stringify({ partNumberRange: range }),
      });
      const body = await res.json();
      assert.equal(res.status, 201, `${style} multipart start ${p}: ${JSON.stringify(body)}`);
      return body;
    },
    /** POST …/{confirmKey}?renew with a partNumberRange → 200 fresh part parameters. */
    async renew(confirmKey, range) {
      const res = await call('POST', 'file', confirmKey, {
        selectors: ['renew'],
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ partNumberRange: range }),
      });
      const body = await res.json();
      assert.equal(res.status, 200, `${style} renew: ${JSON.stringify(body)}`);
      return body;
    },
    uploadStatus: (confirmKey, params) => call('GET', 'file', confirmKey, { selectors: ['upload'], params }),
    cancelUpload: (confirmKey) => call('DELETE', 'file', confirmKey, { selectors: ['upload'] }),
    confirmUpload: (confirmKey, body) =>
      call('POST', 'file', confirmKey, {
        selectors: ['confirm'],
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

/** PUT one part to http://{domain}{path}?uploadId=…&partNumber=N with exactly the headers given for that part. */
function putPart(params, n, bytes, headers) {
  const target = `http://${params.domain}${params.path}?uploadId=${encodeURIComponent(params.uploadId)}&partNumber=${n}`;
  return fetch(target, { method: 'PUT', headers: headers || params.parts[String(n)].headers, body: bytes });
}

async function getToken(server, libraryId, librarySecret, extra = {}) {
  const q = new URLSearchParams({ library_id: libraryId, library_secret: librarySecret, ...extra });
  const res = await fetch(`${server.url}/api/v1/token?${q}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

/**
 * A client of the server's default library in each path style the official SDKs use (Java, Android), each with a
 * token of its own; `androidExtra` adds token request parameters for the Android one (e.g. another user_id).
 */
async function clientsOfBothStyles(server, androidExtra = {}) {
  const lib = server.smh;
  const java = await getToken(server, lib.libraryId, lib.librarySecret);
  const android = await getToken(server, lib.libraryId, lib.librarySecret, androidExtra);
  return {
    java: makeClient(server, 'java', { libraryId: lib.libraryId, token: java.accessToken }),
    android: makeClient(server, 'android', { libraryId: lib.libraryId, token: android.accessToken }),
  };
}

/**
 * For the enclosing describe: a server started before its tests (stopped after them, crash-checked after each) and a
 * client of its default library in each path style. The returned object's `server` and `clients` are set once the
 * server has started.
 */
function smhSuite(startOptions) {
  const suite = {};
  before(async () => {
    suite.server = await startServer(startOptions);
    suite.clients = await clientsOfBothStyles(suite.server);
  });
  after(async () => {
    if (suite.server) await suite.server.stop();
  });
  afterEach(async () => {
    if (suite.server) await suite.server.crashCheck();
  });
  return suite;
}

/** Awaits a response, asserts its status and returns its JSON body (null when empty). */
async function expectJson(resPromise, status, what) {
  const res = await resPromise;
  const text = await res.text();
  assert.equal(res.status, status, `${what}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function expectError(resPromise, status, code, what) {
  const res = await resPromise;
  const text = await res.text();
  assert.equal(res.status, status, `${what}: expected HTTP ${status} ${code}, got ${res.status} ${text}`);
  if (code) {
    const body = JSON.parse(text);
    assert.equal(body.code, code, `${what}: ${text}`);
    assert.equal(typeof body.message, 'string');
    assert.equal(typeof body.requestId, 'string');
    assert.ok(body.requestId.length > 0);
  }
  return text;
}

module.exports = { crc64xz, makeClient, putPart, getToken, clientsOfBothStyles, smhSuite, expectError, expectJson };
