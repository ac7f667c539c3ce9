'use strict';
// Running filegate as a service: graceful stop, config precedence, logs (format, fields, redaction), URLs built from
// the request's Host or the public URL with its prefix, and the CLI's handling of names, data dirs and databases.
// Tencent SMH's wire carries most of it: its upload and download URLs are filegate's own signed URLs.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { Readable } = require('node:stream');
const { spawn, spawnSync } = require('node:child_process');
const { startServer, CLUSTER_SKIP, FILEGATE_BIN } = require('../lib/server');

const MiB = 1024 * 1024;
const T_BIG = { timeout: 240000 };
const T = { timeout: 60000 };

// ---- helpers ----

/** `size` bytes made of numbered 1 MiB blocks, streamed, with the sha256 of what was streamed. */
function patternStream(size) {
  const block = crypto.randomBytes(MiB);
  const hash = crypto.createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const chunk = Buffer.from(block.subarray(0, Math.min(MiB, size - sent)));
      if (chunk.length >= 4) chunk.writeUInt32BE(sent / MiB);
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

/** A keep-alive connection that has made one request and now sits idle; `closed` settles when the server closes it. */
async function idleConnection(server) {
  const { port } = new URL(server.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  const closed = new Promise((resolve) => socket.once('close', () => resolve(Date.now())));
  socket.on('error', () => {});
  await new Promise((resolve) => {
    socket.once('data', resolve);
    socket.write('GET /_filegate/health HTTP/1.1\r\nHost: a\r\n\r\n');
  });
  return { socket, closed };
}

/** One HTTP request to the server's port with any Host header; resolves {status, headers, body (Buffer)}. */
function request(server, { method = 'GET', path: target, host, headers = {}, body }) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: target, headers: { ...(host ? { Host: host } : {}), ...headers }, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body && typeof body.pipe === 'function') body.pipe(req);
    else req.end(body);
  });
}

async function smhToken(server) {
  const q = new URLSearchParams({ library_id: server.smh.libraryId, library_secret: server.smh.librarySecret });
  const res = await fetch(`${server.url}/api/v1/token?${q}`, { headers: { 'User-Agent': 'ops-test/1' } });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.accessToken;
}

/** The path (and query) of an SMH file API call with the token in the query, as the Android SDK sends it. */
function smhPath(server, token, name, query = '') {
  return `/api/v1/file/${server.smh.libraryId}/-/${encodeURIComponent(name)}?${query}${query ? '&' : ''}access_token=${token}`;
}

/**
 * Uploads `size` streamed bytes as `name`: start (upload parameters) → PUT to the given domain and path → confirm.
 * `send(params)` may redirect the bytes (a proxy that strips a prefix); default: straight to the server.
 * Resolves {sha256, params}.
 */
async function smhUpload(server, token, name, size, { host, send } = {}) {
  const start = await request(server, { method: 'PUT', path: smhPath(server, token, name, `filesize=${size}`), host });
  const params = JSON.parse(start.body.toString());
  assert.equal(start.status, 201, JSON.stringify(params));
  const { stream, digest } = patternStream(size);
  const target = send ? send(params) : params.path;
  const put = await request(server, {
    method: 'PUT',
    path: target,
    host: params.domain,
    headers: { ...params.headers, 'Content-Length': String(size), 'User-Agent': 'ops-test/1' },
    body: stream,
  });
  assert.equal(put.status, 200, put.body.toString());
  const confirm = await request(server, {
    method: 'POST',
    path: smhPath(server, token, params.confirmKey, 'confirm'),
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ crc64: put.headers['x-cos-hash-crc64ecma'] }),
  });
  assert.equal(confirm.status, 200, confirm.body.toString());
  return { sha256: digest(), params };
}

/** The signed URL the download API redirects to, asked for with `host` as the Host header. */
async function smhDownloadUrl(server, token, name, host) {
  const res = await request(server, { path: smhPath(server, token, name), host });
  assert.equal(res.status, 302, res.body.toString());
  return res.headers.location;
}

async function waitForExit(server, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!server.logs().exited) {
    if (Date.now() > deadline) throw new Error(`filegate did not exit within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return server.logs().exited;
}

function tmpDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `filegate-ops-${prefix}-`));
}

/** process.env without FILEGATE_* variables, plus `extra`: each test states the layers it means. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FILEGATE_')) env[k] = v;
  return { ...env, ...extra };
}

function run(args, { env = {}, cwd } = {}) {
  return spawnSync(FILEGATE_BIN, args, { encoding: 'utf8', timeout: 30000, env: cleanEnv(env), cwd });
}

// ---- graceful stop ----

test.describe('graceful stop', { skip: CLUSTER_SKIP('sends SIGTERM to the server process') }, () => {
  test('SIGTERM during a 300 MB download: no new connections, the client gets every byte, exit 0', T_BIG, async () => {
    const server = await startServer();
    try {
      const size = 300 * MiB;
      const token = await smhToken(server);
      const { sha256: expected } = await smhUpload(server, token, 'big.bin', size);
      const location = await smhDownloadUrl(server, token, 'big.bin');
      const idle = await idleConnection(server);

      let refusedWhileDraining = null;
      let idleClosedWhileDraining = null;
      const got = await new Promise((resolve, reject) => {
        const hash = crypto.createHash('sha256');
        let length = 0;
        let signalled = false;
        http.get(location, { agent: false }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`download answered ${res.statusCode}`));
          res.on('data', (chunk) => {
            hash.update(chunk);
            length += chunk.length;
            if (!signalled && length >= 32 * MiB) {
              signalled = true;
              res.pause(); // the server's sendfile now waits on a full socket: the download is surely in flight
              process.kill(server.pid, 'SIGTERM');
              setTimeout(async () => {
                try {
                  await fetch(`${server.url}/_filegate/health`);
                  refusedWhileDraining = false;
                } catch {
                  refusedWhileDraining = true;
                }
                idleClosedWhileDraining = idle.socket.destroyed || idle.socket.readableEnded;
                res.resume();
              }, 700);
            }
          });
          res.on('end', () => resolve({ length, sha256: hash.digest('hex') }));
          res.on('close', () => {
            if (!res.complete) reject(new Error(`the download was cut after ${length} bytes`));
          });
          res.on('error', reject);
        }).on('error', reject);
      });
      assert.equal(refusedWhileDraining, true, 'a new connection must be refused once SIGTERM has arrived');
      assert.equal(idleClosedWhileDraining, true, 'an idle keep-alive connection is closed while the download goes on');
      assert.equal(got.length, size);
      assert.equal(got.sha256, expected);
      const exit = await waitForExit(server);
      assert.equal(exit.code, 0, server.logs().stderr);
      assert.doesNotMatch(server.logs().stderr, /cut \d+ request/);
    } finally {
      await server.stop();
    }
  });

  test('a request still running when --shutdown-grace ends is cut, logged on stderr, and the exit is still 0', T_BIG, async () => {
    const server = await startServer({ extraArgs: ['--shutdown-grace', '1'] });
    try {
      const token = await smhToken(server);
      await smhUpload(server, token, 'slow.bin', 64 * MiB);
      const location = await smhDownloadUrl(server, token, 'slow.bin');
      const started = Date.now();
      let received = 0;
      const response = await new Promise((resolve, reject) => {
        http.get(location, { agent: false }, (res) => {
          res.once('data', (chunk) => {
            received += chunk.length;
            res.pause(); // and never read again: only the grace period ends this request
            resolve(res);
          });
        }).on('error', reject);
      });
      process.kill(server.pid, 'SIGTERM');
      const exit = await waitForExit(server, 10000);
      const waited = Date.now() - started;
      response.destroy();
      assert.equal(exit.code, 0, server.logs().stderr);
      assert.ok(waited >= 900, `exited after ${waited} ms, before the 1 s grace`);
      assert.ok(received < 64 * MiB);
      assert.match(server.logs().stderr, /shutdown grace of 1 s ended: cut 1 request\(s\)/);
      assert.doesNotMatch(server.logs().stdout, /cut 1 request/, 'warnings go to stderr only');
    } finally {
      await server.stop();
    }
  });
});

// ---- configuration ----

test.describe('configuration: flags > FILEGATE_* env > TOML file', () => {
  let dir;
  test.before(() => {
    dir = tmpDir('config');
  });
  test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name, text) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  // `ls` refuses a data dir that does not exist and names it: which layer won is in the message.
  const dataDirUsed = (args, env) => {
    const r = run(['ls', ...args], { env });
    assert.notEqual(r.status, 0, r.stdout);
    const m = /the data dir (\S+) does not exist/.exec(r.stderr);
    assert.ok(m, r.stderr);
    return path.basename(m[1]);
  };

  test('a global option: the file, then the environment over it, then the flag over both', T, () => {
    const config = write('layers.toml', `data-dir = "${path.join(dir, 'from-file')}"\n`);
    assert.equal(dataDirUsed(['--config', config], {}), 'from-file');
    assert.equal(dataDirUsed([], { FILEGATE_CONFIG: config }), 'from-file');
    assert.equal(dataDirUsed(['--config', config], { FILEGATE_DATA_DIR: path.join(dir, 'from-env') }), 'from-env');
    assert.equal(
      dataDirUsed(['--config', config, '--data-dir', path.join(dir, 'from-flag')], {
        FILEGATE_DATA_DIR: path.join(dir, 'from-env'),
      }),
      'from-flag',
    );
  });

  test('a serve option in the [serve] section, under the same precedence', T, async () => {
    const config = write('serve.toml', '[serve]\nlog-format = "json"\n');
    const accessLine = async (options) => {
      const server = await startServer(options);
      try {
        await fetch(`${server.url}/no/such/api`);
        await new Promise((r) => setTimeout(r, 200));
        return server.logs().stdout.split('\n').find((l) => l.includes('/no/such/api'));
      } finally {
        await server.stop();
      }
    };
    const fromFile = await accessLine({ env: { FILEGATE_CONFIG: config } });
    assert.equal(JSON.parse(fromFile).status, 404, fromFile);
    const fromEnv = await accessLine({ env: { FILEGATE_CONFIG: config, FILEGATE_LOG_FORMAT: 'text' } });
    assert.match(fromEnv, /"GET \/no\/such\/api HTTP\/1\.1" 404 NotFound /);
    const fromFlag = await accessLine({ env: { FILEGATE_LOG_FORMAT: 'text' }, extraArgs: ['--log-format', 'json'] });
    assert.equal(JSON.parse(fromFlag).endpoint, '');
  });

  test('an unknown key in the file is an error naming the key; a missing file is an error naming the file', T, () => {
    const typoServe = write('typo-serve.toml', '[serve]\nprot = 9000\n');
    let r = run(['serve', '--config', typoServe, '--data-dir', path.join(dir, 'd1')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown key 'serve\.prot' in the config file .*typo-serve\.toml/);
    const typoTop = write('typo-top.toml', 'data_dir = "x"\n');
    r = run(['ls', '--config', typoTop]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown key 'data_dir'/);
    r = run(['ls', '--config', path.join(dir, 'no-such.toml')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no-such\.toml/);
    r = run(['ls'], { env: { FILEGATE_CONFIG: path.join(dir, 'no-such-either.toml') } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /FILEGATE_CONFIG names .*no-such-either\.toml/);
  });

  test('a filegate.toml in the working directory is not read unless given', T, () => {
    const cwd = tmpDir('cwd');
    try {
      fs.writeFileSync(path.join(cwd, 'filegate.toml'), 'no-such-key = 1\n');
      const r = run(['errors', '--dialect', 'coze'], { cwd });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

// ---- logs ----

test.describe('logs', () => {
  let server;
  test.before(async () => {
    server = await startServer({ extraArgs: ['--log-format', 'json'] });
  });
  test.after(async () => {
    if (server) await server.stop();
  });

  test('access lines carry protocol, dialect, endpoint, caller, user agent, status, platform code, bytes, duration', T, async () => {
    const token = await smhToken(server);
    const size = 3 * MiB + 7;
    await smhUpload(server, token, 'logged.bin', size);
    const location = await smhDownloadUrl(server, token, 'logged.bin');
    const got = await fetch(location, { headers: { 'User-Agent': 'ops-test/1' } });
    assert.equal((await got.arrayBuffer()).byteLength, size);
    const refused = await request(server, { path: smhPath(server, 'acctk0000', 'logged.bin'), headers: { 'User-Agent': 'ops-test/2' } });
    assert.equal(refused.status, 403);
    await new Promise((r) => setTimeout(r, 200));

    const lines = server.logs().stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const access = lines.filter((l) => l.type === 'access');
    assert.ok(access.length >= 5, server.logs().stdout);
    for (const a of access) {
      assert.equal(a.protocol, 'HTTP/1.1');
      assert.equal(typeof a.duration_ms, 'number');
      assert.match(a.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(a.log_id, /^\d{14}[0-9A-F]{20}$/);
    }
    const put = access.find((a) => a.method === 'PUT' && a.target.startsWith('/smh-cos/upload/'));
    assert.ok(put, JSON.stringify(access));
    assert.equal(put.bytes_in, size);
    assert.equal(put.dialect, 'smh');
    assert.match(put.endpoint, /^smh\./);
    assert.equal(put.user_agent, 'ops-test/1');
    const start = access.find((a) => a.method === 'PUT' && a.target.startsWith('/api/v1/file/'));
    assert.equal(start.caller, server.smh.libraryId, 'the library the token belongs to');
    assert.equal(start.status, 201);
    const download = access.find((a) => a.method === 'GET' && a.target.startsWith('/smh-cos/blob/'));
    assert.equal(download.bytes_out, size);
    assert.equal(download.status, 200);
    const bad = access.find((a) => a.user_agent === 'ops-test/2');
    assert.equal(bad.status, 403);
    assert.equal(bad.platform_code, 'InvalidAccessToken');
    assert.equal(bad.caller, '');
  });

  test('no secret reaches the log: tokens, library secrets, signatures, Authorization values', T, async () => {
    const token = await smhToken(server);
    const { params } = await smhUpload(server, token, 'secret.bin', 1000);
    const location = await smhDownloadUrl(server, token, 'secret.bin');
    assert.equal((await fetch(location)).status, 200);
    const qSignature = new URL(location).searchParams.get('q-signature');
    const uploadSignature = /q-signature=([0-9a-f]+)/.exec(params.headers.Authorization)[1];
    const feishuToken = (
      await (
        await fetch(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ app_id: server.app.appId, app_secret: server.app.appSecret }),
        })
      ).json()
    ).tenant_access_token;
    await fetch(`${server.url}/open-apis/im/v1/files/file_v3_nosuch`, { headers: { Authorization: `Bearer ${feishuToken}` } });
    await fetch(`${server.url}/no/such/api?Signature=SIGVALUE0001&signature=SIGVALUE0002&access_token=TOKVALUE0003&library_secret=LIBVALUE0004&ok=visible`, {
      headers: { Authorization: 'Bearer AUTHVALUE0005' },
    });
    // An unknown path with a secret: its warning or error lines must be as clean as the access lines.
    await fetch(`${server.url}/smh-cos/blob/nosuch?q-expires=1&q-signature=QSIGVALUE0006`);
    await new Promise((r) => setTimeout(r, 200));

    const { stdout, stderr } = server.logs();
    // The start banner shows the default credentials on purpose; the log is everything after it.
    const log = stdout.slice(stdout.indexOf('filegate ready')) + stderr;
    assert.match(log, /ok=visible/, 'the request with secrets was logged');
    assert.match(log, /access_token=\*\*\*/);
    for (const secret of [
      token,
      server.smh.librarySecret,
      server.app.appSecret,
      feishuToken,
      qSignature,
      uploadSignature,
      'SIGVALUE0001',
      'SIGVALUE0002',
      'TOKVALUE0003',
      'LIBVALUE0004',
      'AUTHVALUE0005',
      'QSIGVALUE0006',
    ]) {
      assert.ok(secret && secret.length >= 8, `secret ${secret}`);
      assert.equal(log.includes(secret), false, `the log contains the secret ${secret}`);
    }
    const feishu = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
      .find((a) => a.target === '/open-apis/im/v1/files/file_v3_nosuch');
    assert.equal(feishu.caller, server.app.appId);
    assert.equal(feishu.dialect, 'feishu');
    assert.ok(feishu.platform_code.length > 0);
  });
});

// ---- URLs from the Host header, and the public URL's prefix ----

test.describe('URLs handed to clients', () => {
  test('without --public-url, each client gets signed URLs with the host it used, and can fetch them', T, async () => {
    const server = await startServer();
    try {
      const { port } = new URL(server.url);
      const token = await smhToken(server);
      await smhUpload(server, token, 'hosts.bin', 5000);
      for (const host of [`127.0.0.1:${port}`, `filegate.internal:${port}`]) {
        const location = await smhDownloadUrl(server, token, 'hosts.bin', host);
        assert.ok(location.startsWith(`http://${host}/smh-cos/blob/`), location);
        const url = new URL(location);
        // As a client that resolves `host` to this server (a container network) fetches it.
        const res = await request(server, { path: url.pathname + url.search, host });
        assert.equal(res.status, 200);
        assert.equal(res.body.length, 5000);
        const start = await request(server, { method: 'PUT', path: smhPath(server, token, 'h2.bin', 'filesize=1'), host });
        assert.equal(JSON.parse(start.body.toString()).domain, host);
      }
      // Reachable as is from the host.
      const direct = await smhDownloadUrl(server, token, 'hosts.bin', `127.0.0.1:${port}`);
      assert.equal((await fetch(direct)).status, 200);
      // A Host that is not a plain host[:port] is never reflected: the listen address is used.
      for (const hostile of ['evil.test/x?', 'user@evil.test', 'a"b']) {
        const location = await smhDownloadUrl(server, token, 'hosts.bin', hostile);
        // The listen address of the node that answered (of the server, unless it is several nodes).
        assert.ok(server.nodes.some((n) => location.startsWith(`${n.url}/smh-cos/blob/`)), `${hostile} gave ${location}`);
      }
    } finally {
      await server.stop();
    }
  });

  test('DingTalk upload URLs follow the Host too, and the bytes can be PUT to each', T, async () => {
    const server = await startServer();
    try {
      const { port } = new URL(server.url);
      const { appKey, appSecret, spaceId, unionId } = server.dingtalk;
      const json = (res) => JSON.parse(res.body.toString());
      const tokenRes = await request(server, {
        method: 'POST',
        path: '/v1.0/oauth2/accessToken',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ appKey, appSecret }),
      });
      assert.equal(tokenRes.status, 200, tokenRes.body.toString());
      const token = json(tokenRes).accessToken;
      for (const host of [`127.0.0.1:${port}`, `filegate.internal:${port}`]) {
        const info = await request(server, {
          method: 'POST',
          path: `/v1.0/storage/spaces/${spaceId}/files/uploadInfos/query?unionId=${unionId}`,
          host,
          headers: { 'Content-Type': 'application/json', 'x-acs-dingtalk-access-token': token },
          body: JSON.stringify({ protocol: 'HEADER_SIGNATURE', multipart: false }),
        });
        assert.equal(info.status, 200, info.body.toString());
        const { resourceUrls, headers } = json(info).headerSignatureInfo;
        assert.ok(resourceUrls[0].startsWith(`http://${host}/`), resourceUrls[0]);
        const url = new URL(resourceUrls[0]);
        const put = await request(server, { method: 'PUT', path: url.pathname + url.search, host, headers, body: 'hello' });
        assert.equal(put.status, 200, put.body.toString());
      }
    } finally {
      await server.stop();
    }
  });

  test('a path prefix in --public-url is kept in download URLs and upload paths', T, async () => {
    const server = await startServer({ extraArgs: ['--public-url', 'http://proxy.test:1/prefix'] });
    try {
      const token = await smhToken(server);
      // The proxy in front of filegate strips /prefix.
      const viaProxy = (p) => {
        assert.ok(p.startsWith('/prefix/'), p);
        return p.slice('/prefix'.length);
      };
      const { params } = await smhUpload(server, token, 'prefixed.bin', 4000, { send: (p) => viaProxy(p.path) });
      assert.equal(params.domain, 'proxy.test:1');
      assert.match(params.path, /^\/prefix\/smh-cos\/upload\//);
      const location = await smhDownloadUrl(server, token, 'prefixed.bin', 'ignored.test:9');
      assert.ok(location.startsWith('http://proxy.test:1/prefix/smh-cos/blob/'), location);
      const url = new URL(location);
      const res = await request(server, { path: viaProxy(url.pathname) + url.search });
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 4000);
    } finally {
      await server.stop();
    }
  });
});

// ---- CLI ----

test.describe('CLI', () => {
  let dir;
  test.before(() => {
    dir = tmpDir('cli');
  });
  test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--listen accepts a host name', T, async () => {
    const child = spawn(FILEGATE_BIN, ['serve', '--listen', 'localhost', '--port', '0', '--data-dir', path.join(dir, 'named')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise((resolve, reject) => {
        let found = null;
        const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr}`)), 15000);
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          const m = /listening on (http:\/\/localhost:\d+)/.exec(line);
          if (m) found = m[1];
          if (/^filegate ready/.test(line)) {
            clearTimeout(timer);
            resolve(found);
          }
        });
        exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      assert.ok(url, 'the banner shows the name it listens on');
      const { port } = new URL(url);
      const res = await fetch(`http://127.0.0.1:${port}/_filegate/health`);
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
  });

  test('commands that read state refuse a data dir that does not exist; `errors` needs none', T, () => {
    const missing = path.join(dir, 'typo');
    for (const args of [['ls'], ['app', 'list']]) {
      const r = run([...args, '--data-dir', missing]);
      assert.notEqual(r.status, 0, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /the data dir .*typo does not exist/);
      assert.equal(r.stdout, '');
    }
    assert.equal(fs.existsSync(missing), false, 'nothing was created');
    const errors = run(['errors', '--dialect', 'smh', '--data-dir', missing]);
    assert.equal(errors.status, 0, errors.stderr);
    const badPlatform = run(['app', 'create', '--platform', 'nope', '--data-dir', path.join(dir, 'p')]);
    assert.notEqual(badPlatform.status, 0);
    assert.match(badPlatform.stderr, /feishu, smh, dingtalk, coze/);
  });

  for (const [what, content] of [['a 0-byte', ''], ['a malformed', 'this is not SQLite '.repeat(300)]]) {
    test(`${what} database is refused with its file name and a hint, and left untouched`, T, () => {
      const dataDir = path.join(dir, `damaged-${content.length}`);
      fs.mkdirSync(dataDir);
      const db = path.join(dataDir, 'metadata.sqlite3');
      fs.writeFileSync(db, content);
      for (const args of [['ls'], ['serve', '--port', '0']]) {
        const r = run([...args, '--data-dir', dataDir]);
        assert.notEqual(r.status, 0, `${args[0]}: ${r.stdout}`);
        assert.ok(r.stderr.includes(db), r.stderr);
        assert.match(r.stderr, /restore it from a backup, or move it away/);
        assert.doesNotMatch(r.stderr, /\.(cpp|hpp)\b|in function/);
      }
      assert.equal(fs.readFileSync(db, 'utf8'), content);
    });
  }

  test('a port in use is reported without source paths or function names', T, async () => {
    const server = await startServer();
    try {
      const { port } = new URL(server.url);
      const r = run(['serve', '--port', port, '--data-dir', path.join(dir, 'busy')]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: Address already in use`));
      assert.doesNotMatch(r.stderr, /\.(cpp|hpp)\b|in function|\[system:/);
    } finally {
      await server.stop();
    }
  });
});
