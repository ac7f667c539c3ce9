'use strict';
// Small assertion and I/O helpers shared by the SDK end-to-end tests.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const LOGID_RE = /^\d{14}[0-9A-F]{20}$/;

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** Reject `promise` if it does not settle within `ms`. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Read a whole Readable into one Buffer (bounded in time). */
function readAll(stream, ms = 60000) {
  return withTimeout(
    new Promise((resolve, reject) => {
      const chunks = [];
      stream.on('data', (c) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
      stream.once('end', () => resolve(Buffer.concat(chunks)));
      stream.once('error', reject);
    }),
    ms,
    'reading a response stream',
  );
}

const isStream = (x) => x && typeof x === 'object' && typeof x.pipe === 'function' && typeof x.on === 'function';

/** Turn an AxiosError's response.data (stream, Buffer, string or parsed JSON) into an object. */
async function errorBody(data) {
  let raw = data;
  if (isStream(data)) raw = await readAll(data, 15000);
  if (Buffer.isBuffer(raw)) raw = raw.toString('utf8');
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw);
    } catch {
      throw new Error(`error body is not JSON: ${JSON.stringify(raw.slice(0, 500))}`);
    }
  }
  return raw;
}

/**
 * Await a rejected SDK call and check the HTTP status and the Feishu error body.
 * opts: { status, code | codes: [...] | anyNonZeroCode, envelope = true, what }
 * Returns { status, body, headers }.
 */
async function expectApiError(promise, opts) {
  const what = opts.what || 'request';
  let err = null;
  let value;
  try {
    value = await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(
    err,
    `${what}: expected the SDK call to reject with HTTP ${opts.status}` +
      `${opts.code ? ` / code ${opts.code}` : ''}, but it resolved with ${describeValue(value)}`,
  );
  assert.ok(
    err.response,
    `${what}: expected an AxiosError with a response (HTTP ${opts.status}), got ${err.name}: ${err.message} (code=${err.code})`,
  );
  const { status, headers } = err.response;
  const body = await errorBody(err.response.data);
  const got = `HTTP ${status} body ${JSON.stringify(body)}`;
  assert.equal(status, opts.status, `${what}: expected HTTP ${opts.status}, got ${got}`);
  assert.ok(body && typeof body === 'object', `${what}: expected a JSON object body, got ${got}`);
  if (opts.code !== undefined) {
    assert.equal(body.code, opts.code, `${what}: expected code ${opts.code}, got ${got}`);
  } else if (opts.codes) {
    assert.ok(opts.codes.includes(body.code), `${what}: expected code in ${JSON.stringify(opts.codes)}, got ${got}`);
  } else {
    assert.ok(Number.isInteger(body.code) && body.code !== 0, `${what}: expected a non-zero integer code, got ${got}`);
  }
  if (opts.envelope !== false) assertEnvelope(body, headers, what);
  return { status, body, headers };
}

/** `{code, msg, error:{log_id, troubleshooter}}` with error.log_id == X-Tt-Logid. */
function assertEnvelope(body, headers, what) {
  const got = JSON.stringify(body);
  assert.equal(typeof body.msg, 'string', `${what}: expected a string "msg" in the error body, got ${got}`);
  assert.ok(body.error && typeof body.error === 'object', `${what}: expected an "error" object in the error body, got ${got}`);
  assert.equal(typeof body.error.troubleshooter, 'string', `${what}: expected string error.troubleshooter, got ${got}`);
  const logid = header(headers, 'x-tt-logid');
  assert.match(String(logid), LOGID_RE, `${what}: expected an x-tt-logid header of 14 digits + 20 uppercase hex, got ${logid}`);
  assert.equal(body.error.log_id, logid, `${what}: expected error.log_id to equal the x-tt-logid header (${logid}), got ${got}`);
}

/** Header lookup that works for AxiosHeaders, plain objects and fetch Headers. */
function header(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') {
    const v = headers.get(name);
    if (v !== undefined && v !== null) return v;
  }
  return headers[name] ?? headers[name.toLowerCase()];
}

function describeValue(v) {
  if (v && typeof v === 'object' && typeof v.getReadableStream === 'function') {
    return `a download result (headers ${JSON.stringify(v.headers)})`;
  }
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Fetch a tenant token over raw HTTP. */
async function rawTenantToken(url, app) {
  const res = await withTimeout(
    fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: app.appId, app_secret: app.appSecret }),
    }),
    15000,
    'POST tenant_access_token/internal',
  );
  const body = await res.json();
  assert.equal(res.status, 200, `raw token fetch: expected HTTP 200, got ${res.status} ${JSON.stringify(body)}`);
  assert.match(String(body.tenant_access_token), /^t-/, `raw token fetch: expected tenant_access_token t-…, got ${JSON.stringify(body)}`);
  return body.tenant_access_token;
}

/** A fresh temp dir under os.tmpdir(); caller removes it. */
function tempDir(prefix = 'filegate-sdk-data-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function randomId(prefix, n = 16) {
  return prefix + crypto.randomBytes(n).toString('hex').slice(0, n);
}

module.exports = {
  LOGID_RE,
  sha256,
  withTimeout,
  readAll,
  errorBody,
  expectApiError,
  assertEnvelope,
  header,
  rawTenantToken,
  tempDir,
  randomId,
};
