'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// IM files through the official Node SDK: upload, download, message resources,
// error codes, and the HTTP details the SDK depends on (keep-alive, `//`, Range).

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { Readable } = require('node:stream');
const { startServer, newClient, lark } = require('../lib/server');
const {
  LOGID_RE, sha256, withTimeout, readAll, errorBody, expectApiError, assertEnvelope, header, rawTenantToken, tempDir, randomId,
} = require('../lib/helpers');

const KiB = 1024;
const MiB = 1024 * 1024;
const T = { timeout: 30000 };
const T_BIG = { timeout: 120000 };
const CHINESE_NAME = '测试 文件.pdf';

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const EXT_VALUE_RE = /^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-Fa-f]{2})*$/;

/** Download via the SDK and return {buf, headers}. */
async function sdkDownload(client, fileKey, what = `im.file.get ${fileKey}`) {
  const res = await withTimeout(client.im.file.get({ path: { file_key: fileKey } }), 30000, what);
  const buf = await readAll(res.getReadableStream());
  return { buf, headers: res.headers };
}

async function sdkUpload(client, data, what = 'im.file.create') {
  let res;
  try {
    res = await withTimeout(client.im.file.create({ data }), 60000, what);
  } catch (e) {
    const detail = e.response
      ? `HTTP ${e.response.status} ${JSON.stringify(await errorBody(e.response.data).catch((pe) => pe.message))}`
      : `${e.name}: ${e.message} (code=${e.code})`;
    assert.fail(`${what}: expected {file_key}, but the call failed: ${detail}`);
  }
  assert.ok(res && typeof res.file_key === 'string', `${what}: expected {file_key}, got ${JSON.stringify(res)}`);
  assert.match(res.file_key, /^file_v3_/, `${what}: expected file_key to start with file_v3_, got ${res.file_key}`);
  return res.file_key;
}

/** Parse `filename*=UTF-8''…` out of a Content-Disposition value and decode it. */
function extFilename(cd) {
  const m = /filename\*\s*=\s*UTF-8''([^;\s]*)/i.exec(cd);
  if (!m) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(m[1]);
  } catch {
    decoded = `<invalid percent-encoding: ${m[1]}>`;
  }
  return { raw: m[1], decoded };
}

/**
 * Check the download headers the SDK user relies on; reports every problem at once.
 * cd: { ascii: 'exact name' } or { name: 'any name' } for Content-Disposition, or null to skip.
 */
function assertDownloadHeaders(headers, size, what, cd = null) {
  const problems = [];
  const check = (ok, msg) => { if (!ok) problems.push(msg); };
  const logid = header(headers, 'x-tt-logid');
  check(LOGID_RE.test(String(logid)), `x-tt-logid: expected 14 digits + 20 uppercase hex, got ${logid}`);
  const reqId = header(headers, 'x-request-id');
  check(reqId && String(reqId).length > 0, `x-request-id: expected present, got ${reqId}`);
  const cl = header(headers, 'content-length');
  check(Number(cl) === size, `content-length: expected ${size}, got ${cl}`);
  if (cd) {
    const v = header(headers, 'content-disposition');
    const s = String(v || '');
    if (cd.ascii) check(s.includes(`filename="${cd.ascii}"`), `content-disposition: expected filename="${cd.ascii}", got ${JSON.stringify(v)}`);
    else check(/filename="[^"]+"/.test(s), `content-disposition: expected a quoted filename="…", got ${JSON.stringify(v)}`);
    const name = cd.ascii || cd.name;
    const ext = extFilename(s);
    if (!ext) {
      check(false, `content-disposition: expected filename*=UTF-8''${encodeURIComponent(name)}, got ${JSON.stringify(v)}`);
    } else {
      check(EXT_VALUE_RE.test(ext.raw), `content-disposition: expected an RFC 5987 percent-encoded filename*= value, got ${JSON.stringify(ext.raw)}`);
      check(ext.decoded === name, `content-disposition: expected filename*= to decode to ${JSON.stringify(name)}, got ${JSON.stringify(ext.decoded)} (raw ${JSON.stringify(v)})`);
    }
  }
  assert.deepEqual(problems, [], `${what}: download headers wrong:\n  ${problems.join('\n  ')}`);
}

/** Write a sparse file of `size` bytes (all zeros) quickly. */
function sparseFile(file, size) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.ftruncateSync(fd, size);
  } finally {
    fs.closeSync(fd);
  }
}

describe('Feishu IM files via @larksuiteoapi/node-sdk', { timeout: 600000 }, () => {
  let server;
  let appA; // main app (the server's dev credentials)
  let appB; // a second app, for cross-app permission checks
  let clientA;
  let clientB;
  let work; // temp dir for local files
  let bigKeyA; // > 100 MB file imported with the CLI as app A

  before(async () => {
    server = await startServer();
    appA = server.app;
    appB = server.createApp('sdk-other-app');
    clientA = newClient(server.url, appA);
    clientB = newClient(server.url, appB);
    work = tempDir();
  });

  after(async () => {
    if (server) await server.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  /** Import a 101 MiB sparse file as app A once and reuse the key. */
  function bigKey() {
    if (bigKeyA) return bigKeyA;
    const file = path.join(work, 'big-101MiB.bin');
    sparseFile(file, 101 * MiB);
    try {
      const out = server.cli(['import', '--platform', 'feishu', '--app', appA.appId, '--name', 'big-101MiB.bin', file]);
      assert.match(out, /^file_v3_\S+$/, `filegate import: expected a file_v3_ key alone on stdout, got ${JSON.stringify(out)}`);
      bigKeyA = out;
    } finally {
      fs.rmSync(file, { force: true });
    }
    return bigKeyA;
  }

  describe('upload (im.file.create) and download (im.file.get)', () => {
    it('(a) Buffer upload round-trips byte for byte, with the documented download headers', T, async () => {
      const data = crypto.randomBytes(300 * KiB + 17);
      const key = await sdkUpload(clientA, { file_type: 'stream', file_name: 'random.bin', file: data });
      const { buf, headers } = await sdkDownload(clientA, key);
      assert.equal(buf.length, data.length, `expected ${data.length} bytes back, got ${buf.length}`);
      assert.equal(sha256(buf), sha256(data), 'expected the downloaded bytes to equal the uploaded bytes (sha256)');
      assertDownloadHeaders(headers, data.length, 'im.file.get', { ascii: 'random.bin' });
    });

    it('(b) fs.ReadStream of a Chinese file name with a space round-trips; content-disposition carries the name', T, async () => {
      const file = path.join(work, CHINESE_NAME);
      const data = crypto.randomBytes(200 * KiB + 3);
      fs.writeFileSync(file, data);
      const key = await sdkUpload(clientA, { file_type: 'pdf', file_name: CHINESE_NAME, file: fs.createReadStream(file) });
      const { buf, headers } = await sdkDownload(clientA, key);
      assert.equal(sha256(buf), sha256(data), `expected the downloaded bytes to equal the uploaded bytes (sha256); sizes ${buf.length} vs ${data.length}`);
      assertDownloadHeaders(headers, data.length, 'im.file.get (chinese name)', { name: CHINESE_NAME });
    });

    it('(c) chunked Readable upload (Transfer-Encoding: chunked) round-trips', T, async () => {
      const parts = [1, 2, 3, 4, 5].map((i) => crypto.randomBytes(64 * KiB + i * 101));
      const data = Buffer.concat(parts);
      function* gen() {
        for (const p of parts) yield p;
      }
      const key = await sdkUpload(clientA, { file_type: 'stream', file_name: 'chunked.bin', file: Readable.from(gen(), { objectMode: false }) });
      const { buf, headers } = await sdkDownload(clientA, key);
      assert.equal(buf.length, data.length, `expected ${data.length} bytes back, got ${buf.length}`);
      assert.equal(sha256(buf), sha256(data), 'expected the downloaded bytes to equal the chunked upload (sha256)');
      assertDownloadHeaders(headers, data.length, 'im.file.get (chunked upload)');
    });

    it('writeFile(path) writes the exact bytes', T, async () => {
      const data = crypto.randomBytes(123 * KiB);
      const key = server.importFile(appA.appId, 'write-file.bin', data);
      const res = await withTimeout(clientA.im.file.get({ path: { file_key: key } }), 30000, 'im.file.get');
      const out = path.join(work, 'written.bin');
      const p = await withTimeout(res.writeFile(out), 30000, 'writeFile');
      assert.equal(p, out, 'expected writeFile to resolve with the path');
      assert.equal(sha256(fs.readFileSync(out)), sha256(data), 'expected the written file to equal the upload (sha256)');
    });

    it('an upload of exactly 30 MiB is accepted (the limit is inclusive)', T_BIG, async () => {
      const data = Buffer.alloc(30 * MiB, 0x61);
      const key = await sdkUpload(clientA, { file_type: 'stream', file_name: 'exactly-30MiB.bin', file: data }, 'im.file.create 30 MiB');
      const { buf } = await sdkDownload(clientA, key);
      assert.equal(buf.length, data.length, `expected ${data.length} bytes back, got ${buf.length}`);
    });

    it('a client whose domain ends in "/" (URLs with //open-apis/...) still works', T, async () => {
      const client = newClient(server.url + '/', appA);
      const data = crypto.randomBytes(4 * KiB);
      const key = await sdkUpload(client, { file_type: 'stream', file_name: 'slash.bin', file: data }, 'im.file.create via //open-apis');
      const { buf } = await sdkDownload(client, key, 'im.file.get via //open-apis');
      assert.equal(sha256(buf), sha256(data), 'expected the bytes back via //open-apis URLs');
    });
  });

  describe('upload errors', () => {
    const cases = [
      { what: 'empty file', data: { file_type: 'stream', file_name: 'empty.bin', file: Buffer.alloc(0) }, status: 400, code: 234010 },
      { what: 'file of 30 MiB + 1 byte', data: () => ({ file_type: 'stream', file_name: 'too-big.bin', file: Buffer.alloc(30 * MiB + 1, 0x62) }), status: 400, code: 234006 },
      { what: "file_type 'exe'", data: { file_type: 'exe', file_name: 'a.exe', file: Buffer.from('MZ') }, status: 400, code: 234001 },
      { what: 'missing file_name', data: { file_type: 'stream', file: Buffer.from('no name') }, status: 400, code: 234001 },
    ];
    for (const c of cases) {
      it(`${c.what} → HTTP ${c.status}, code ${c.code}`, T_BIG, async () => {
        const data = typeof c.data === 'function' ? c.data() : c.data;
        await expectApiError(withTimeout(clientA.im.file.create({ data }), 60000, 'im.file.create'), {
          status: c.status, code: c.code, what: `im.file.create (${c.what})`,
        });
      });
    }

    it('the server stays usable after rejected uploads (same client, keep-alive)', T, async () => {
      const data = crypto.randomBytes(2 * KiB);
      const key = await sdkUpload(clientA, { file_type: 'stream', file_name: 'after-errors.bin', file: data });
      const { buf } = await sdkDownload(clientA, key);
      assert.equal(sha256(buf), sha256(data), 'expected a normal round trip after error responses');
    });
  });

  describe('download errors', () => {
    let keyA;
    let keyB;
    before(() => {
      // Fixtures come from the CLI so that these tests do not depend on the upload path.
      keyA = server.importFile(appA.appId, 'a.bin', crypto.randomBytes(1000));
      keyB = server.importFile(appB.appId, 'b.bin', crypto.randomBytes(1000));
    });

    it('no Authorization header (SDK with disableTokenCache) → HTTP 400, code 99991661', T, async () => {
      const client = newClient(server.url, appA, { disableTokenCache: true });
      await expectApiError(client.im.file.get({ path: { file_key: keyA } }), { status: 400, code: 99991661, what: 'im.file.get without token' });
    });

    it('no Authorization header (raw fetch) → HTTP 400, code 99991661', T, async () => {
      const res = await withTimeout(fetch(`${server.url}/open-apis/im/v1/files/${keyA}`), 15000, 'raw GET');
      const text = await res.text();
      assert.equal(res.status, 400, `expected HTTP 400, got ${res.status} ${text}`);
      const body = JSON.parse(text);
      assert.equal(body.code, 99991661, `expected code 99991661, got ${text}`);
      assertEnvelope(body, res.headers, 'raw GET without token');
    });

    it('Authorization: Bearer t-bogus → HTTP 400, code 99991663', T, async () => {
      const client = newClient(server.url, appA, { disableTokenCache: true });
      await expectApiError(client.im.file.get({ path: { file_key: keyA } }, lark.withTenantToken('t-bogus')), {
        status: 400, code: 99991663, what: 'im.file.get with Bearer t-bogus',
      });
    });

    it('unknown file_key → HTTP 400, code 234005', T, async () => {
      await expectApiError(clientA.im.file.get({ path: { file_key: 'file_v3_00zz_00000000-0000-0000-0000-00000000000g' } }), {
        status: 400, code: 234005, what: 'im.file.get unknown key',
      });
    });

    it('malformed file_key → HTTP 400, code 234001 (invalid param), not 234005', T, async () => {
      await expectApiError(clientA.im.file.get({ path: { file_key: 'file key with spaces!' } }), {
        status: 400, code: 234001, what: 'im.file.get malformed key',
      });
    });

    it("another app's file_key → HTTP 400, code 234008", T, async () => {
      await expectApiError(clientA.im.file.get({ path: { file_key: keyB } }), { status: 400, code: 234008, what: "im.file.get of app B's (imported) key by app A" });
    });

    it("another app's SDK-uploaded file_key → HTTP 400, code 234008", T, async () => {
      const key = await sdkUpload(clientB, { file_type: 'stream', file_name: 'b-upload.bin', file: crypto.randomBytes(500) }, 'im.file.create by app B');
      await expectApiError(clientA.im.file.get({ path: { file_key: key } }), { status: 400, code: 234008, what: "im.file.get of app B's uploaded key by app A" });
    });

    it('file > 100 MB (imported with the CLI) → HTTP 400, code 234037', T_BIG, async () => {
      const key = bigKey();
      await expectApiError(clientA.im.file.get({ path: { file_key: key } }), { status: 400, code: 234037, what: 'im.file.get of a 101 MiB file' });
    });
  });

  describe('message resources (im.messageResource.get)', () => {
    let dataA;
    let keyA;
    let keyA2;
    let dataB;
    let keyB;
    let msgA;
    before(() => {
      dataA = crypto.randomBytes(50 * KiB + 5);
      keyA = server.importFile(appA.appId, 'in-message.bin', dataA);
      keyA2 = server.importFile(appA.appId, 'not-in-message.bin', crypto.randomBytes(100));
      dataB = crypto.randomBytes(20 * KiB + 1);
      keyB = server.importFile(appB.appId, 'from-b.bin', dataB);
      msgA = createMessage({ chat: randomId('oc_', 32), sender: appA.appId, type: 'file', keys: [keyA] });
    });

    function createMessage({ chat, sender, members = [], type, keys }) {
      const args = ['message', 'create', '--chat', chat, '--sender', sender];
      for (const m of members) args.push('--member', m);
      args.push('--msg-type', type);
      for (const k of keys) args.push('--file-key', k);
      const out = server.cli(args);
      assert.match(out, /^om_\S+$/, `filegate message create: expected an om_… message_id alone on stdout, got ${JSON.stringify(out)}`);
      return out;
    }

    const getResource = (client, messageId, fileKey) =>
      client.im.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: 'file' } });

    it('returns the file bytes for a file in a message the app sent', T, async () => {
      const res = await withTimeout(getResource(clientA, msgA, keyA), 30000, 'messageResource.get');
      const buf = await readAll(res.getReadableStream());
      assert.equal(sha256(buf), sha256(dataA), `expected the message resource bytes to equal the upload; sizes ${buf.length} vs ${dataA.length}`);
      const logid = header(res.headers, 'x-tt-logid');
      assert.match(String(logid), LOGID_RE, `expected an x-tt-logid header, got ${logid}`);
      assert.ok(header(res.headers, 'content-type'), 'expected a content-type header on the resource download');
    });

    it('a chat member that is not the sender can fetch the resource', T, async () => {
      const msg = createMessage({ chat: randomId('oc_', 32), sender: appB.appId, members: [appA.appId], type: 'file', keys: [keyB] });
      const res = await withTimeout(getResource(clientA, msg, keyB), 30000, 'messageResource.get as member');
      const buf = await readAll(res.getReadableStream());
      assert.equal(sha256(buf), sha256(dataB), 'expected the bytes of the file sent by app B');
    });

    it('file_key not in the message → HTTP 400, code 234003', T, async () => {
      await expectApiError(getResource(clientA, msgA, keyA2), { status: 400, code: 234003, what: 'messageResource.get with a key not in the message' });
    });

    it('app not a member of the chat → HTTP 400, code 234004', T, async () => {
      const msg = createMessage({ chat: randomId('oc_', 32), sender: appB.appId, type: 'file', keys: [keyB] });
      await expectApiError(getResource(clientA, msg, keyB), { status: 400, code: 234004, what: 'messageResource.get by a non-member app' });
    });

    it('interactive (card) message → HTTP 400, code 234043', T, async () => {
      const msg = createMessage({ chat: randomId('oc_', 32), sender: appA.appId, type: 'interactive', keys: [keyA] });
      await expectApiError(getResource(clientA, msg, keyA), { status: 400, code: 234043, what: 'messageResource.get on an interactive message' });
    });

    it('unknown message_id → HTTP 400 with a non-zero code', T, async () => {
      await expectApiError(getResource(clientA, 'om_00000000000000000000000000000000', keyA), { status: 400, what: 'messageResource.get on an unknown message' });
    });

    it('file > 100 MB in a message → HTTP 400, code 234037', T_BIG, async () => {
      const key = bigKey();
      const msg = createMessage({ chat: randomId('oc_', 32), sender: appA.appId, type: 'file', keys: [key] });
      await expectApiError(getResource(clientA, msg, key), { status: 400, code: 234037, what: 'messageResource.get of a 101 MiB file' });
    });
  });

  describe('HTTP details', () => {
    let key;
    let data;
    let token;
    before(async () => {
      data = crypto.randomBytes(64 * KiB + 9);
      key = server.importFile(appA.appId, 'http.bin', data);
      token = await rawTenantToken(server.url, appA);
    });

    it('three GETs with Content-Type: application/json and body {} reuse one keep-alive socket', T, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const u = new URL(server.url);
      const one = () =>
        withTimeout(
          new Promise((resolve, reject) => {
            const req = http.request(
              {
                host: u.hostname,
                port: u.port,
                path: `/open-apis/im/v1/files/${key}`,
                method: 'GET',
                agent,
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': '2' },
              },
              (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), reused: req.reusedSocket, port: req.socket.localPort }));
                res.on('error', reject);
              },
            );
            req.on('error', reject);
            req.end('{}');
          }),
          15000,
          'keep-alive GET',
        );
      try {
        const results = [];
        for (let i = 0; i < 3; i++) results.push(await one());
        results.forEach((r, i) => {
          assert.equal(r.status, 200, `request ${i + 1}: expected HTTP 200, got ${r.status} ${r.body.toString('utf8', 0, 300)}`);
          assert.equal(sha256(r.body), sha256(data), `request ${i + 1}: expected the file bytes (sha256), got ${r.body.length} bytes`);
        });
        assert.equal(results[0].reused, false, 'request 1: expected a new socket');
        assert.equal(results[1].reused, true, 'request 2: expected req.reusedSocket (keep-alive reuse after a GET with a {} body)');
        assert.equal(results[2].reused, true, 'request 3: expected req.reusedSocket (keep-alive reuse after a GET with a {} body)');
        assert.equal(new Set(results.map((r) => r.port)).size, 1, `expected all three on one local port, got ${results.map((r) => r.port)}`);
      } finally {
        agent.destroy();
      }
    });

    it('a //open-apis/... double-slash URL is served like /open-apis/...', T, async () => {
      const res = await withTimeout(fetch(`${server.url}//open-apis/im/v1/files/${key}`, { headers: { Authorization: `Bearer ${token}` } }), 15000, 'GET //open-apis');
      const buf = Buffer.from(await res.arrayBuffer());
      assert.equal(res.status, 200, `expected HTTP 200 for //open-apis/..., got ${res.status} ${buf.toString('utf8', 0, 300)}`);
      assert.equal(sha256(buf), sha256(data), 'expected the file bytes via //open-apis');
    });

    it('Range: bytes=0-9 → 206 with content-range bytes 0-9/SIZE and the first 10 bytes', T, async () => {
      const res = await withTimeout(
        fetch(`${server.url}/open-apis/im/v1/files/${key}`, { headers: { Authorization: `Bearer ${token}`, Range: 'bytes=0-9' } }),
        15000,
        'GET with Range',
      );
      const buf = Buffer.from(await res.arrayBuffer());
      assert.equal(res.status, 206, `expected HTTP 206, got ${res.status} ${buf.toString('utf8', 0, 300)}`);
      assert.equal(res.headers.get('content-range'), `bytes 0-9/${data.length}`, `expected content-range bytes 0-9/${data.length}`);
      assert.equal(buf.length, 10, `expected 10 bytes, got ${buf.length}`);
      assert.ok(buf.equals(data.subarray(0, 10)), 'expected the first 10 bytes of the file');
    });

    it('Range: bytes=SIZE- → 416 with content-range bytes */SIZE', T, async () => {
      const res = await withTimeout(
        fetch(`${server.url}/open-apis/im/v1/files/${key}`, { headers: { Authorization: `Bearer ${token}`, Range: `bytes=${data.length}-` } }),
        15000,
        'GET with unsatisfiable Range',
      );
      const text = await res.text();
      assert.equal(res.status, 416, `expected HTTP 416, got ${res.status} ${text.slice(0, 300)}`);
      assert.equal(res.headers.get('content-range'), `bytes */${data.length}`, `expected content-range bytes */${data.length}`);
      const body = JSON.parse(text);
      assert.equal(body.code, 234001, 'the Feishu envelope, with the code of a bad parameter');
      assert.match(res.headers.get('x-tt-logid') || '', LOGID_RE);
    });
  });

  describe('CLI', () => {
    it('`filegate ls` lists an object uploaded with a Chinese file name', T, async () => {
      const name = '清单 列表检查.txt';
      const file = path.join(work, name);
      fs.writeFileSync(file, 'hello 你好\n');
      await sdkUpload(clientA, { file_type: 'stream', file_name: name, file: fs.createReadStream(file) });
      const out = server.cli(['ls']);
      assert.ok(out.includes(name), `expected \`filegate ls\` output to contain ${name}, got:\n${out}`);
    });

    it('`filegate ls` lists the Chinese file name from upload (b)', T, async (t) => {
      const out = server.cli(['ls']);
      if (!fs.existsSync(path.join(work, CHINESE_NAME))) {
        t.skip('upload (b) did not run in this process');
        return;
      }
      assert.ok(out.includes(CHINESE_NAME), `expected \`filegate ls\` output to contain ${CHINESE_NAME}, got:\n${out}`);
    });
  });
});
