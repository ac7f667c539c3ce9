'use strict';
// Coze files API against the official @coze/api SDK (pinned 1.3.9): upload (Buffer, fs.ReadStream with a Chinese
// name, chunked stream), retrieve, and the error classes the SDK derives from code / HTTP status.

const { test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const {
  CozeAPI,
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
} = require('@coze/api');

const { startServer } = require('../lib/server');
const { LOGID_RE, tempDir, withTimeout } = require('../lib/helpers');

const CALL_TIMEOUT_MS = 60000;
const PAT_RE = /^pat_[0-9a-f]{40}$/;
const ID_RE = /^[1-9]\d{18}$/;

let server;
let coze; // the default token's client
let workDir;

const client = (token) => new CozeAPI({ token, baseURL: server.url });
const call = (promise, what) => withTimeout(promise, CALL_TIMEOUT_MS, what);

/** A Readable that the SDK cannot size: axios sends it with Transfer-Encoding: chunked and no filename. */
function chunkedStream(chunks) {
  return Readable.from(
    (async function* generate() {
      for (const c of chunks) {
        await new Promise((r) => setImmediate(r));
        yield c;
      }
    })(),
  );
}

function assertFile(data, { bytes, fileName }, what) {
  const got = JSON.stringify(data);
  assert.ok(data && typeof data === 'object', `${what}: expected the file object, got ${got}`);
  assert.deepEqual(Object.keys(data).sort(), ['bytes', 'created_at', 'file_name', 'id'], `${what}: keys of ${got}`);
  assert.equal(typeof data.id, 'string', `${what}: id must be a string, got ${got}`);
  assert.match(data.id, ID_RE, `${what}: id must be a numeric string, got ${got}`);
  assert.equal(data.bytes, bytes, `${what}: bytes, got ${got}`);
  assert.equal(data.file_name, fileName, `${what}: file_name, got ${got}`);
  assert.ok(Number.isInteger(data.created_at), `${what}: created_at must be an integer, got ${got}`);
  assert.match(String(data.created_at), /^\d{10}$/, `${what}: created_at must be 10-digit seconds, got ${got}`);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(Math.abs(now - data.created_at) < 300, `${what}: created_at ${data.created_at} is far from now ${now}`);
}

/** Awaits a rejected SDK call and checks class, code, msg and logid (body detail.logid == X-Tt-Logid header). */
async function expectCozeError(promise, ErrorClass, code, what) {
  let err = null;
  let value;
  try {
    value = await call(promise, what);
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${what}: expected ${ErrorClass.name}, but the call resolved with ${JSON.stringify(value)}`);
  assert.ok(
    err instanceof ErrorClass,
    `${what}: expected ${ErrorClass.name}, got ${err && err.name}: ${err && err.message} (code=${err && err.code})`,
  );
  assert.ok(err instanceof APIError, `${what}: not an APIError`);
  assert.equal(err.code, code, `${what}: code (message: ${err.message})`);
  assert.equal(typeof err.msg, 'string', `${what}: msg must be a string`);
  assert.ok(err.msg.length > 0, `${what}: msg must not be empty`);
  assert.match(String(err.logid), LOGID_RE, `${what}: logid ${err.logid}`);
  assert.equal(err.headers['x-tt-logid'], err.logid, `${what}: the X-Tt-Logid header must equal detail.logid`);
  assert.match(String(err.headers['content-type']), /^application\/json/, `${what}: content-type`);
  assert.match(err.message, new RegExp(`code: ${code}, msg: .+, logid: ${err.logid}`), `${what}: message`);
  return err;
}

/** Raw request (no SDK) → {status, headers, body}; checks the JSON envelope every Coze response carries. */
async function raw(pathAndQuery, init = {}) {
  const res = await call(fetch(`${server.url}${pathAndQuery}`, init), `${init.method || 'GET'} ${pathAndQuery}`);
  const text = await res.text();
  assert.match(String(res.headers.get('content-type')), /^application\/json/, `${pathAndQuery}: content-type`);
  let body;
  assert.doesNotThrow(() => {
    body = JSON.parse(text);
  }, `${pathAndQuery}: body is not JSON: ${text}`);
  assert.ok(Number.isInteger(body.code), `${pathAndQuery}: code in ${text}`);
  assert.equal(typeof body.msg, 'string', `${pathAndQuery}: msg in ${text}`);
  const logid = res.headers.get('x-tt-logid');
  assert.match(String(logid), LOGID_RE, `${pathAndQuery}: X-Tt-Logid header`);
  assert.equal(body.detail && body.detail.logid, logid, `${pathAndQuery}: detail.logid must equal X-Tt-Logid`);
  return { status: res.status, headers: res.headers, body };
}

before(async () => {
  server = await startServer();
  workDir = tempDir('filegate-coze-test-');
  coze = client(server.coze.token);
});

after(async () => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  if (server) await server.stop();
});

afterEach(async () => {
  await server.crashCheck();
});

test('the start banner prints a Coze personal access token and how to use it', async () => {
  assert.match(server.coze.token, PAT_RE);
  const stdout = await server.banner();
  const line = stdout.split('\n').find((l) => /^ {2}Coze\s+token=/.test(l));
  assert.ok(line, `no Coze line in the banner:\n${stdout}`);
  assert.match(line.split('token=')[1], PAT_RE);
  // The URL the process listens on (of the first node's banner when the server is several nodes).
  assert.match(stdout, new RegExp(`new CozeAPI\\(\\{token, baseURL: '${server.nodes[0].url}'\\}\\)`));
});

test('upload and retrieve: a Buffer, an fs.ReadStream with a Chinese name, a chunked stream', async () => {
  // A Buffer: the part has no filename.
  const buffer = Buffer.from('hello coze, from a Buffer\n');
  const fromBuffer = await call(coze.files.upload({ file: buffer }), 'upload Buffer');
  assertFile(fromBuffer, { bytes: buffer.length, fileName: 'blob' }, 'upload Buffer');

  // An fs.ReadStream: filename sent as raw UTF-8 inside the quotes.
  const chineseName = '探针-测试 文件.txt';
  const filePath = path.join(workDir, chineseName);
  const content = Buffer.from('中文内容 '.repeat(5000));
  fs.writeFileSync(filePath, content);
  const fromFile = await call(coze.files.upload({ file: fs.createReadStream(filePath) }), 'upload ReadStream');
  assertFile(fromFile, { bytes: content.length, fileName: chineseName }, 'upload ReadStream');

  // A plain Readable: chunked body, no filename.
  const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024 + i, i));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const fromStream = await call(coze.files.upload({ file: chunkedStream(chunks) }), 'upload chunked stream');
  assertFile(fromStream, { bytes: total, fileName: 'blob' }, 'upload chunked stream');

  const ids = new Set([fromBuffer.id, fromFile.id, fromStream.id]);
  assert.equal(ids.size, 3, 'each upload gets its own id');

  for (const uploaded of [fromBuffer, fromFile, fromStream]) {
    const retrieved = await call(coze.files.retrieve(uploaded.id), `retrieve ${uploaded.id}`);
    assert.deepEqual(retrieved, uploaded, `retrieve ${uploaded.id} returns what upload returned`);
  }

  // They are ordinary store objects: `filegate ls` shows them with their names and sizes.
  const ls = server.cli(['ls']);
  const lines = ls.split('\n');
  const find = (name, bytes) => lines.find((l) => l.includes('  coze  ') && l.endsWith(`  ${name}`) && l.includes(`  ${bytes}  `));
  assert.ok(find(chineseName, content.length), `filegate ls does not show ${chineseName}:\n${ls}`);
  assert.ok(find('blob', buffer.length), `filegate ls does not show the Buffer upload:\n${ls}`);
  assert.ok(find('blob', total), `filegate ls does not show the stream upload:\n${ls}`);
});

test('the raw success envelope: code 0, msg "", data, detail.logid == X-Tt-Logid', async () => {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('{"a":1}')], { type: 'application/json' }), 'data.json');
  const up = await raw('/v1/files/upload', {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.coze.token}` },
    body: form,
  });
  assert.equal(up.status, 200);
  assert.equal(up.body.code, 0);
  assert.equal(up.body.msg, '');
  assertFile(up.body.data, { bytes: 7, fileName: 'data.json' }, 'raw upload');

  const got = await raw(`/v1/files/retrieve?file_id=${up.body.data.id}`, {
    headers: { Authorization: `Bearer ${server.coze.token}` },
  });
  assert.equal(got.status, 200);
  assert.equal(got.body.code, 0);
  assert.equal(got.body.msg, '');
  assert.deepEqual(got.body.data, up.body.data);
});

test('files belong to the token that uploaded them', async () => {
  const other = server.createCozeToken('other');
  assert.match(other.token, PAT_RE);
  assert.notEqual(other.token, server.coze.token);
  const otherClient = client(other.token);

  const mine = await call(coze.files.upload({ file: Buffer.from('mine') }), 'upload as default');
  const theirs = await call(otherClient.files.upload({ file: Buffer.from('theirs!') }), 'upload as other');
  assert.equal((await call(otherClient.files.retrieve(theirs.id), 'own file')).bytes, 7);

  const e1 = await expectCozeError(otherClient.files.retrieve(mine.id), NotFoundError, 4200, "another token's file");
  assert.equal(e1.status, 404);
  await expectCozeError(coze.files.retrieve(theirs.id), NotFoundError, 4200, "the other token's file");

  // `app list` shows both tokens, and the Feishu app is still there.
  const list = server.cli(['app', 'list']);
  assert.match(list, new RegExp(`^coze\\s+token=${server.coze.token}\\b.*name=sdk tests$`, 'm'));
  assert.match(list, new RegExp(`^coze\\s+token=${other.token}\\b.*name=other$`, 'm'));
  assert.match(list, new RegExp(`^feishu\\s+app_id=${server.app.appId}\\b`, 'm'));
});

test('retrieve errors: unknown id → NotFoundError, malformed or missing file_id → BadRequestError', async () => {
  const notFound = await expectCozeError(coze.files.retrieve('7000000000000000001'), NotFoundError, 4200, 'unknown id');
  assert.equal(notFound.status, 404);
  assert.equal(notFound.rawError.code, 4200);

  await expectCozeError(coze.files.retrieve('not-a-number'), BadRequestError, 4000, 'non-numeric id');
  await expectCozeError(coze.files.retrieve(''), BadRequestError, 4000, 'empty file_id');

  const missing = await raw('/v1/files/retrieve', { headers: { Authorization: `Bearer ${server.coze.token}` } });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.code, 4000);
  assert.match(missing.body.msg, /file_id/);
});

test('auth errors: missing or wrong token → HTTP 401, code 4100, AuthenticationError', async () => {
  // No Authorization header at all (the SDK always sends one, so raw fetch).
  for (const [p, init] of [
    ['/v1/files/retrieve?file_id=7000000000000000001', {}],
    ['/v1/files/upload', { method: 'POST', body: new FormData() }],
  ]) {
    const res = await raw(p, init);
    assert.equal(res.status, 401, `${p} without a token`);
    assert.equal(res.body.code, 4100);
    assert.equal(res.body.msg, 'authentication is invalid');
  }
  // A non-bearer scheme.
  const basic = await raw('/v1/files/retrieve?file_id=1', { headers: { Authorization: 'Basic dTpw' } });
  assert.equal(basic.status, 401);
  assert.equal(basic.body.code, 4100);

  const wrong = client(`pat_${'0'.repeat(40)}`);
  const e = await expectCozeError(wrong.files.retrieve('7000000000000000001'), AuthenticationError, 4100, 'wrong token');
  assert.equal(e.status, 401);
  assert.equal(e.msg, 'authentication is invalid');
  await expectCozeError(wrong.files.upload({ file: Buffer.from('x') }), AuthenticationError, 4100, 'wrong token upload');
  await expectCozeError(client('').files.retrieve('1'), AuthenticationError, 4100, 'empty token');
  // A token is not valid as anything else: the Feishu app secret is no PAT.
  await expectCozeError(client(server.app.appSecret).files.retrieve('1'), AuthenticationError, 4100, 'feishu secret');
});

test('upload errors: empty file, no file part, not multipart → BadRequestError 4000', async () => {
  const empty = await expectCozeError(coze.files.upload({ file: Buffer.alloc(0) }), BadRequestError, 4000, 'empty file');
  assert.match(empty.msg, /empty/);

  const noFile = new FormData();
  noFile.append('purpose', 'test');
  const res = await raw('/v1/files/upload', {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.coze.token}` },
    body: noFile,
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 4000);
  assert.match(res.body.msg, /file/);

  const json = await raw('/v1/files/upload', {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.coze.token}`, 'Content-Type': 'application/json' },
    body: '{"file":"x"}',
  });
  assert.equal(json.status, 400);
  assert.equal(json.body.code, 4000);
});

test('upload over 512 MB (chunked) → BadRequestError 4000, and the server stays healthy', { timeout: 240000 }, async () => {
  // 512 MiB + 1 byte, generated on the fly (nothing is held in memory); the server stages 512 MiB, then drops it.
  const limit = 512 * 1024 * 1024;
  const piece = Buffer.alloc(4 * 1024 * 1024, 0x61);
  async function* oversized() {
    for (let sent = 0; sent < limit; sent += piece.length) yield piece;
    yield Buffer.from('b');
  }
  const err = await expectCozeError(
    withTimeout(coze.files.upload({ file: Readable.from(oversized()) }), 200000, 'oversized upload'),
    BadRequestError,
    4000,
    'oversized upload',
  );
  assert.match(err.msg, /512 MB/);
  const ok = await call(coze.files.upload({ file: Buffer.from('still here') }), 'upload after the oversized one');
  assert.equal(ok.bytes, 10);
});

test('an unknown path under /v1/ answers the Coze envelope: HTTP 404, code 4200, NotFoundError', async () => {
  // Routes of the Coze API that filegate does not serve, called the way the SDK calls them.
  const e1 = await expectCozeError(
    coze.conversations.create({}),
    NotFoundError,
    4200,
    'conversations.create (not served)',
  );
  assert.equal(e1.status, 404);
  const e2 = await expectCozeError(coze.get('/v1/files/list', { page: 1 }), NotFoundError, 4200, 'GET /v1/files/list');
  assert.equal(e2.status, 404);
  // A served path with another method is no route either.
  await expectCozeError(coze.get('/v1/files/upload'), NotFoundError, 4200, 'GET /v1/files/upload');

  const res = await raw('/v1/no/such/api', { method: 'POST', body: '{}' });
  assert.equal(res.status, 404);
  assert.equal(res.body.code, 4200);
  assert.equal(res.headers.get('x-request-id'), null, 'Coze responses carry only X-Tt-Logid');
});

test('an unexpected server failure answers HTTP 500, code 5000 (InternalServerError) and no server path', async () => {
  // Force one: the staging directory uploads are written to becomes a plain file, so staging fails (on every node,
  // when the server is several).
  const stagings = server.nodes.map((node) => path.join(node.dataDir, 'staging'));
  for (const staging of stagings) {
    assert.ok(fs.statSync(staging).isDirectory(), `expected the data dir to have ${staging}`);
    fs.renameSync(staging, `${staging}.aside`);
    fs.writeFileSync(staging, 'not a directory');
  }
  let err;
  try {
    err = await expectCozeError(
      coze.files.upload({ file: Buffer.from('doomed') }),
      InternalServerError,
      5000,
      'upload with staging broken',
    );
  } finally {
    for (const staging of stagings) {
      fs.rmSync(staging, { force: true });
      fs.renameSync(`${staging}.aside`, staging);
    }
  }
  assert.equal(err.status, 500);
  const body = JSON.stringify(err.rawError);
  assert.deepEqual(Object.keys(err.rawError).sort(), ['code', 'detail', 'msg']);
  assert.ok(!body.includes(server.dataDir), `the body must not show the data dir: ${body}`);
  for (const fragment of server.dataDir.split('/').filter((f) => f.length > 3)) {
    assert.ok(!body.includes(fragment), `the body must not show "${fragment}" of the data dir: ${body}`);
  }
  assert.ok(!/staging|\.part\b|errno|No such|Not a directory/i.test(body), `no exception text in ${body}`);
  // The failure is in the log under the request's log id, and the server goes on serving.
  await new Promise((r) => setTimeout(r, 100));
  assert.match(server.logs().stderr + server.logs().stdout, new RegExp(err.logid));
  const ok = await call(coze.files.upload({ file: Buffer.from('fine again') }), 'upload after the failure');
  assert.equal(ok.bytes, 10);
});
