'use strict';
// Behaviour of the server itself, common to every dialect: unknown paths, header limits, the data-dir lock,
// CLI errors and the start banner.

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { spawnSync } = require('node:child_process');
const { startServer, FILEGATE_BIN } = require('../lib/server');

const LOGID_RE = /^\d{14}[0-9A-F]{20}$/;

/** Sends raw bytes on a fresh connection and resolves with everything the server answered before closing. */
function rawExchange(url, bytes, ms = 10000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${ms} ms; got ${Buffer.concat(chunks).toString('latin1').slice(0, 200)}`));
    }, ms);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {}); // a reset after the answer is fine: the answer is what we check
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

test.describe('filegate server basics', () => {
  let server;
  test.before(async () => {
    server = await startServer();
  });
  test.after(async () => {
    if (server) await server.stop();
  });

  test("a path no dialect claims answers filegate's own JSON 404 with X-Request-Id, and no platform header", async () => {
    const res = await fetch(`${server.url}/no/such/api`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const body = await res.json();
    assert.equal(body.error.code, 'NotFound');
    assert.match(res.headers.get('x-request-id'), LOGID_RE);
    assert.equal(body.error.request_id, res.headers.get('x-request-id'));
    assert.equal(res.headers.get('x-tt-logid'), null, 'http/ adds no platform header');
  });

  test('health and readiness answer without credentials, with the version `filegate --version` prints', async () => {
    const version = spawnSync(FILEGATE_BIN, ['--version'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
    const health = await fetch(`${server.url}/_filegate/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', version: version.stdout.trim() });
    const ready = await fetch(`${server.url}/_filegate/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
    const unknown = await fetch(`${server.url}/_filegate/no-such-thing`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, 'NotFound');
    // The dialects' own paths under /_filegate/ stay theirs.
    const feishuLink = await fetch(`${server.url}/_filegate/feishu/no-such-link`);
    assert.notEqual((await feishuLink.text()).indexOf('"code"'), -1);
  });

  test('a request head over 16 KiB is refused with 431 and the connection closed', async () => {
    const answer = await rawExchange(
      server.url,
      `GET /open-apis/im/v1/files/x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 431 /, `expected 431, got: ${answer.slice(0, 100)}`);
  });

  test('a head just under the limit is served', async () => {
    const res = await fetch(`${server.url}/no/such/api`, { headers: { 'x-filler': 'a'.repeat(15 * 1024) } });
    assert.equal(res.status, 404);
  });

  test('garbage instead of HTTP gets 400, not a crash', async () => {
    const answer = await rawExchange(server.url, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 400 /);
    const res = await fetch(`${server.url}/no/such/api`);
    assert.equal(res.status, 404, 'the server must still be up');
  });

  // RFC 9112 §6.1/§6.3: only a single, final "chunked" delimits a body; anything else is refused and the connection
  // closed, so a request hidden in the body is never executed (request smuggling).
  for (const framing of [
    'Transfer-Encoding: gzip',
    'Transfer-Encoding: identity',
    'Transfer-Encoding: x-custom',
    'Transfer-Encoding: chunked, chunked',
    'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked',
    'Transfer-Encoding: chunked\r\nContent-Length: 43',
  ]) {
    test(`a request with "${framing.replace(/\r\n/g, ' + ')}" is refused and its body never runs`, async () => {
      const hidden = 'GET /v1/files/retrieve?file_id=smuggled HTTP/1.1\r\nHost: a\r\n\r\n';
      const chunked = `${hidden.length.toString(16)}\r\n${hidden}\r\n0\r\n\r\n`;
      const answer = await rawExchange(
        server.url,
        `POST /v1/files/upload HTTP/1.1\r\nHost: a\r\n${framing}\r\n\r\n${framing.includes('Length') ? hidden : chunked}`,
      );
      assert.match(answer, /^HTTP\/1\.1 400 /, answer.slice(0, 200));
      assert.equal(answer.match(/HTTP\/1\.1 \d{3} /g).length, 1, `one answer only, got: ${answer}`);
      assert.match(answer, /\r\nConnection: close\r\n/i);
    });
  }

  test('a request with a body chunked once is still served', async () => {
    const answer = await rawExchange(
      server.url,
      'POST /no/such/api HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 404 /, answer.slice(0, 200));
  });

  test('a body over the route limit is refused with 413 before it is read', async () => {
    const answer = await rawExchange(
      server.url,
      'POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nHost: a\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{',
    );
    assert.match(answer, /^HTTP\/1\.1 413 /);
  });

  test('a body over the route limit gets the platform\'s own "too large" error where it has one', async () => {
    const declare = (path, length) =>
      rawExchange(
        server.url,
        `POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=b\r\n` +
          `Content-Length: ${length}\r\n\r\n--b\r\n`,
      );
    const jsonBody = (answer) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    const im = await declare('/open-apis/im/v1/files', 100 * 1024 * 1024);
    assert.match(im, /^HTTP\/1\.1 400 /);
    assert.equal(jsonBody(im).code, 234006);
    const drive = await declare('/open-apis/drive/v1/medias/upload_all', 100 * 1024 * 1024);
    assert.match(drive, /^HTTP\/1\.1 400 /);
    assert.equal(jsonBody(drive).code, 1061043);
    const coze = await declare('/v1/files/upload', 600 * 1024 * 1024);
    assert.match(coze, /^HTTP\/1\.1 400 /);
    assert.equal(jsonBody(coze).code, 4000);
    // The object-storage PUTs behind DingTalk (OSS) and SMH (COS) answer in their XML, whatever the slot: the size
    // is refused before the signature is even looked at, as the body is never read.
    const put = (path) =>
      rawExchange(server.url, `PUT ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: ${6 * 1024 ** 3}\r\n\r\nab`);
    const oss = await put('/_filegate/dingtalk/upload/no-such-key');
    assert.match(oss, /^HTTP\/1\.1 400 /);
    assert.match(oss, /<Code>EntityTooLarge<\/Code>/);
    const cos = await put('/smh-cos/upload/no-such-key');
    assert.match(cos, /^HTTP\/1\.1 400 /);
    assert.match(cos, /<Code>EntityTooLarge<\/Code>/);
  });

  test('a client that disconnects in the middle of a download does not take the server down', async () => {
    const fs = require('node:fs');
    const os = require('node:os');
    const path = require('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-basics-')), 'big.bin');
    fs.writeFileSync(file, Buffer.alloc(32 * 1024 * 1024, 7));
    const key = server.cli(['import', '--platform', 'feishu', '--app', server.app.appId, '--name', 'big.bin', file]);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const tokenRes = await fetch(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: server.app.appId, app_secret: server.app.appSecret }),
    });
    const { tenant_access_token: token } = await tokenRes.json();
    const { hostname, port } = new URL(server.url);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => {
        const socket = net.connect(Number(port), hostname, () => {
          socket.write(`GET /open-apis/im/v1/files/${key} HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${token}\r\n\r\n`);
        });
        socket.once('data', () => {
          socket.destroy(); // gone after the first bytes: the server's sendfile now meets a closed socket
          resolve();
        });
        socket.on('error', resolve);
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    server.assertAlive('after clients hung up mid-download');
    const res = await fetch(`${server.url}/no/such/api`);
    assert.equal(res.status, 404);
  });

  test('a second server on the same data dir exits non-zero with a clear message', () => {
    // A node's data dir (the data dir itself, unless the server is several nodes, each on a subdirectory of it).
    const r = spawnSync(FILEGATE_BIN, ['serve', '--data-dir', server.nodes[0].dataDir, '--port', '0'], {
      encoding: 'utf8',
      timeout: 10000,
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /in use by another filegate serve \(pid \d+\)/);
  });

  test('--quota-zone sets the midnight daily quotas refill at, and the banner says which', async () => {
    const zoned = await startServer({ extraArgs: ['--quota-zone', '-05:30'] });
    try {
      assert.match(await zoned.banner(), /^ {2}rate limits {2}on, daily quotas from 00:00 UTC-05:30$/m);
    } finally {
      await zoned.stop();
    }
    assert.match(await server.banner(), /^ {2}rate limits {2}on, daily quotas from 00:00 UTC\+08:00$/m, 'the platforms\' own day by default');
  });

  test('the CLI rejects unknown commands and bad arguments with a non-zero exit', () => {
    const unknown = spawnSync(FILEGATE_BIN, ['no-such-command'], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(unknown.status, 0);
    const badPort = spawnSync(FILEGATE_BIN, ['serve', '--port', 'eighty'], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(badPort.status, 0);
    assert.match(badPort.stderr, /port/i);
    for (const zone of ['8', '+8:00', '+15:00', '+08:60', 'UTC+8']) {
      const badZone = spawnSync(FILEGATE_BIN, ['serve', '--port', '0', '--quota-zone', zone], {
        encoding: 'utf8',
        timeout: 10000,
      });
      assert.notEqual(badZone.status, 0, zone);
      assert.match(badZone.stderr, /not a UTC offset such as \+08:00/, zone);
    }
    const badPlatform = spawnSync(FILEGATE_BIN, ['app', 'create', '--platform', 'nope', '--data-dir', server.dataDir], {
      encoding: 'utf8',
      timeout: 10000,
    });
    assert.notEqual(badPlatform.status, 0);
    assert.match(badPlatform.stderr, /unknown platform 'nope' \(feishu, smh, dingtalk, coze\)/);
  });

  test('`filegate errors` prints each dialect\'s catalog, and the server answers what it prints', async () => {
    const r = spawnSync(FILEGATE_BIN, ['errors', '--json'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 0, r.stderr);
    const entries = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    for (const dialect of ['feishu', 'smh', 'dingtalk', 'coze']) {
      const own = entries.filter((e) => e.dialect === dialect);
      assert.ok(own.length >= 10, `${dialect} has ${own.length} errors`);
      for (const e of own) {
        assert.ok(e.status >= 200 && e.status < 600, `${dialect} ${e.name} status ${e.status}`);
        assert.ok(e.code.length > 0 && e.message.length > 0, `${dialect} ${e.name} has a code and a message`);
      }
    }
    // The catalog is what the handlers answer: a bad token gets exactly the printed entry.
    const invalid = entries.find((e) => e.dialect === 'coze' && e.name === 'auth.invalid');
    const res = await fetch(`${server.url}/v1/files/retrieve?file_id=1`, { headers: { Authorization: 'Bearer pat_x' } });
    assert.equal(res.status, invalid.status);
    assert.equal(String((await res.json()).code), invalid.code);

    const one = spawnSync(FILEGATE_BIN, ['errors', '--dialect', 'smh'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(one.status, 0, one.stderr);
    const lines = one.stdout.trim().split('\n');
    assert.equal(lines.length, entries.filter((e) => e.dialect === 'smh').length);
    assert.ok(lines.every((line) => line.startsWith('smh ')));
    assert.ok(lines.some((line) => /\bURITooLong\b/.test(line)));
  });
});
