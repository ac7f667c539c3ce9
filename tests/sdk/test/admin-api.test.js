'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// filegate as a test service: a fixtures file with fixed credentials, the admin API (/_filegate/api/v1/…) behind
// its token, and reset back to the fixtures' state after uploads. The official Feishu SDK does the uploads and
// downloads, with the credentials the fixtures declare.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { CozeAPI, AuthenticationError } = require('@coze/api');
const { startServer, newClient } = require('../lib/server');
const { sha256, readAll, tempDir, expectApiError } = require('../lib/helpers');

const T = { timeout: 30000 };
const ADMIN_TOKEN = 'fixture-admin-token-0123456789';
const APP = { appId: 'cli_fixtureapp00001', appSecret: 'fixture-secret-feishu-0001' };
const FILE_BYTES = Buffer.from('bytes from a file next to the fixtures\n');

function fixturesToml() {
  return `
admin_token = "${ADMIN_TOKEN}"

[[feishu.apps]]
app_id = "${APP.appId}"
app_secret = "${APP.appSecret}"
name = "fixture bot"

[[feishu.files]]
file_key = "file_v3_fixture_report"
app_id = "${APP.appId}"
name = "report.txt"
path = "files/report.txt"

[[feishu.files]]
file_key = "file_v3_fixture_inline"
app_id = "${APP.appId}"
name = "inline.txt"
text = "inline fixture content"

[[feishu.messages]]
message_id = "om_fixture_message"
chat_id = "oc_fixture_chat"
sender = "${APP.appId}"
file_keys = ["file_v3_fixture_report"]
`;
}

describe('admin API and fixtures', () => {
  let server;
  let dir;
  let client;
  const api = (p, init = {}) =>
    fetch(`${server.url}/_filegate/api/v1/${p}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers || {}) },
    });
  const apiJson = async (p, init) => {
    const res = await api(p, init);
    const body = await res.json();
    return { status: res.status, body };
  };
  const download = async (fileKey) => {
    const res = await client.im.file.get({ path: { file_key: fileKey } });
    return readAll(res.getReadableStream());
  };

  before(async () => {
    dir = tempDir('filegate-fixtures-');
    fs.mkdirSync(path.join(dir, 'files'));
    fs.writeFileSync(path.join(dir, 'files', 'report.txt'), FILE_BYTES);
    fs.writeFileSync(path.join(dir, 'fixtures.toml'), fixturesToml());
    server = await startServer({ extraArgs: ['--fixtures', path.join(dir, 'fixtures.toml')] });
    client = newClient(server.url, APP);
  });
  after(async () => {
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the fixtures with their fixed credentials through the official SDK', T, async () => {
    assert.deepEqual(await download('file_v3_fixture_report'), FILE_BYTES);
    assert.equal((await download('file_v3_fixture_inline')).toString(), 'inline fixture content');
    const res = await client.im.messageResource.get({
      path: { message_id: 'om_fixture_message', file_key: 'file_v3_fixture_report' },
      params: { type: 'file' },
    });
    assert.deepEqual(await readAll(res.getReadableStream()), FILE_BYTES);
  });

  it('refuses every admin call without the token, in filegate\'s envelope', T, async () => {
    for (const [method, p] of [['GET', 'apps'], ['GET', 'objects'], ['POST', 'reset'], ['POST', 'fixtures']]) {
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${ADMIN_TOKEN}`]) {
        const res = await fetch(`${server.url}/_filegate/api/v1/${p}`, {
          method,
          headers: authorization ? { authorization } : {},
        });
        assert.equal(res.status, 401, `${method} ${p} with ${authorization}`);
        const body = await res.json();
        assert.equal(body.error.code, 'Unauthorized');
      }
    }
  });

  it('lists the apps of every dialect, the fixture app with its credentials', T, async () => {
    const { status, body } = await apiJson('apps');
    assert.equal(status, 200);
    const app = body.apps.find((a) => a.dialect === 'feishu' && a.credentials.app_id === APP.appId);
    assert.ok(app, JSON.stringify(body));
    assert.equal(app.credentials.app_secret, APP.appSecret);
    assert.equal(app.name, 'fixture bot');
    for (const dialect of ['smh', 'dingtalk', 'coze']) {
      assert.ok(body.apps.some((a) => a.dialect === dialect), `default ${dialect} account listed`);
    }
  });

  it('lists objects with their handles, gets one and streams its bytes with Range', T, async () => {
    const { body } = await apiJson('objects');
    const report = body.objects.find((o) => o.handles.some((h) => h.handle === 'file_v3_fixture_report'));
    assert.ok(report, JSON.stringify(body));
    assert.equal(report.size, FILE_BYTES.length);
    assert.equal(report.sha256, sha256(FILE_BYTES));
    assert.equal(report.name, 'report.txt');
    assert.deepEqual(report.handles, [
      { dialect: 'feishu', kind: 'file_key', handle: 'file_v3_fixture_report', owner: APP.appId },
    ]);

    const one = await apiJson(`objects/${report.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, report);
    assert.equal((await apiJson('objects/objnosuchobject')).status, 404);

    const whole = await api(`objects/${report.id}/content`);
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), FILE_BYTES);
    const part = await api(`objects/${report.id}/content`, { headers: { range: 'bytes=6-9' } });
    assert.equal(part.status, 206);
    assert.equal(Buffer.from(await part.arrayBuffer()).toString(), FILE_BYTES.subarray(6, 10).toString());
  });

  it('creates an app that the SDK can then use', T, async () => {
    const { status, body } = await apiJson('apps', {
      method: 'POST',
      body: JSON.stringify({ dialect: 'feishu', name: 'made by the API' }),
    });
    assert.equal(status, 201);
    assert.equal(body.name, 'made by the API');
    const made = newClient(server.url, { appId: body.credentials.app_id, appSecret: body.credentials.app_secret });
    const up = await made.im.file.create({ data: { file_type: 'stream', file_name: 'x.bin', file: Buffer.from('x') } });
    assert.match(up.file_key, /^file_v3_/);
    assert.equal((await apiJson('apps', { method: 'POST', body: '{"dialect":"nope"}' })).status, 404);
  });

  it('imports streamed bytes into a dialect and deletes a file by its handle', T, async () => {
    const bytes = Buffer.alloc(300 * 1024, 7);
    const res = await api(`files/feishu?owner=${APP.appId}&name=imported.bin&file_type=stream`, {
      method: 'POST',
      body: bytes,
    });
    assert.equal(res.status, 201);
    const { handle } = await res.json();
    assert.deepEqual(await download(handle), bytes);

    const bad = await api('files/feishu?owner=cli_nobody&name=x', { method: 'POST', body: 'x' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /no feishu app or user cli_nobody/);

    assert.equal((await api(`files/feishu/${handle}`, { method: 'DELETE' })).status, 200);
    await assert.rejects(download(handle));
    assert.equal((await api(`files/feishu/${handle}`, { method: 'DELETE' })).status, 404);
  });

  it('applies a posted fixtures document twice to the same state; names the line of an error', T, async () => {
    const doc = `[[feishu.files]]\nfile_key = "file_v3_posted"\napp_id = "${APP.appId}"\nname = "p.txt"\ntext = "posted"\n`;
    assert.equal((await apiJson('fixtures', { method: 'POST', body: doc })).status, 200);
    const once = (await apiJson('objects')).body;
    assert.equal((await apiJson('fixtures', { method: 'POST', body: doc })).status, 200);
    assert.deepEqual((await apiJson('objects')).body, once);
    assert.equal((await download('file_v3_posted')).toString(), 'posted');

    const bad = await apiJson('fixtures', { method: 'POST', body: '[[feishu.files]]\nfile_key = "k"\npath = "/etc/passwd"\n' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^request body:\d+: feishu\.files\[0\]\./);
  });

  it('resets to exactly the fixtures\' state after uploads, deletes and new apps', T, async () => {
    await apiJson('reset', { method: 'POST' });
    // Reset drops the tokens issued since start-up too: clients fetch new ones.
    client = newClient(server.url, APP);
    const initial = (await apiJson('objects')).body;
    const initialApps = (await apiJson('apps')).body;

    const up = await client.im.file.create({ data: { file_type: 'stream', file_name: 'later.bin', file: Buffer.from('later') } });
    await apiJson('apps', { method: 'POST', body: JSON.stringify({ dialect: 'feishu', name: 'temporary' }) });
    await api('files/feishu/file_v3_fixture_inline', { method: 'DELETE' });
    assert.notDeepEqual((await apiJson('objects')).body, initial);

    const reset = await apiJson('reset', { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.deepEqual((await apiJson('objects')).body, initial);
    assert.deepEqual((await apiJson('apps')).body, initialApps);
    await assert.rejects(download(up.file_key), /status code 400/, 'the token issued before the reset is gone');
    client = newClient(server.url, APP);
    await download('file_v3_fixture_report');  // the new client works …
    await assert.rejects(download(up.file_key), /status code 400/, '… and the upload is gone');
    assert.equal((await download('file_v3_fixture_inline')).toString(), 'inline fixture content');
  });
});

describe('deleting an account through the admin API', () => {
  const TOKEN = 'delete-admin-token';
  let server;
  const api = (p, init = {}) =>
    fetch(`${server.url}/_filegate/api/v1/${p}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers || {}) },
    });
  const apiJson = async (p, init) => {
    const res = await api(p, init);
    return { status: res.status, body: await res.json() };
  };
  const createApp = async (dialect, name) => {
    const { status, body } = await apiJson('apps', { method: 'POST', body: JSON.stringify({ dialect, name }) });
    assert.equal(status, 201, JSON.stringify(body));
    return body.credentials;
  };
  const handles = async () => (await apiJson('objects')).body.objects.flatMap((o) => o.handles.map((h) => h.handle));

  before(async () => {
    server = await startServer({ extraArgs: ['--admin-token', TOKEN] });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('a Feishu app: its cached tenant token stops working at once, its credentials and files are gone', T, async () => {
    const { app_id: appId, app_secret: appSecret } = await createApp('feishu', 'to be deleted');
    const doomed = newClient(server.url, { appId, appSecret });  // caches the tenant token it fetches
    const up = await doomed.im.file.create({ data: { file_type: 'stream', file_name: 'd.bin', file: Buffer.from('doomed') } });
    const kept = newClient(server.url, server.app);
    const keptUp = await kept.im.file.create({ data: { file_type: 'stream', file_name: 'k.bin', file: Buffer.from('kept') } });
    assert.ok((await handles()).includes(up.file_key));

    const deleted = await apiJson(`apps/feishu/${appId}`, { method: 'DELETE' });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.deepEqual(deleted.body, { deleted: appId, dialect: 'feishu' });

    // The token the SDK cached is refused as the gateway refuses an invalid one …
    await expectApiError(doomed.im.file.get({ path: { file_key: up.file_key } }), {
      status: 400, code: 99991663, what: 'download with the deleted app\'s token',
    });
    // … and a client that asks for a new one gets the token endpoint's answer for an unknown app_id.
    const fresh = newClient(server.url, { appId, appSecret });
    await assert.rejects(
      fresh.im.file.create({ data: { file_type: 'stream', file_name: 'x.bin', file: Buffer.from('x') } }),
      /failed to get tenant_access_token, code: 10003/,
    );
    const apps = (await apiJson('apps')).body.apps;
    assert.ok(!apps.some((a) => a.credentials.app_id === appId), 'the app is no longer listed');
    assert.ok(!(await handles()).includes(up.file_key), 'its file is gone');

    // Another app is untouched.
    const bytes = await readAll((await kept.im.file.get({ path: { file_key: keptUp.file_key } })).getReadableStream());
    assert.equal(bytes.toString(), 'kept');
    assert.equal((await apiJson(`apps/feishu/${appId}`, { method: 'DELETE' })).status, 404, 'a second delete');
  });

  it('a Coze token by its id: the SDK gets AuthenticationError 4100, and its file is gone', T, async () => {
    const { token, id } = await createApp('coze', 'to be deleted');
    const coze = new CozeAPI({ token, baseURL: server.url });
    const file = await coze.files.upload({ file: Buffer.from('coze bytes') });
    assert.equal((await coze.files.retrieve(file.id)).bytes, 10);

    const deleted = await apiJson(`apps/coze/${id}`, { method: 'DELETE' });
    assert.deepEqual([deleted.status, deleted.body], [200, { deleted: id, dialect: 'coze' }]);
    await assert.rejects(coze.files.retrieve(file.id), (e) => {
      assert.ok(e instanceof AuthenticationError, `${e.name}: ${e.message}`);
      assert.equal(e.code, 4100);
      return true;
    });
    assert.ok(!(await handles()).includes(file.id));
  });

  it('a DingTalk app: 404 for an unknown account or dialect, 401 without the admin token', T, async () => {
    const { app_key: appKey, app_secret: appSecret } = await createApp('dingtalk', 'to be deleted');
    const token = async () => {
      const res = await fetch(`${server.url}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey, appSecret }),
      });
      return { status: res.status, body: await res.json() };
    };
    assert.equal((await token()).status, 200);

    const anonymous = await fetch(`${server.url}/_filegate/api/v1/apps/dingtalk/${appKey}`, { method: 'DELETE' });
    assert.equal(anonymous.status, 401);
    assert.equal((await token()).status, 200, 'an unauthorized delete deletes nothing');

    assert.deepEqual((await apiJson(`apps/dingtalk/${appKey}`, { method: 'DELETE' })).body,
      { deleted: appKey, dialect: 'dingtalk' });
    const refused = await token();
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'invalidClientIdOrSecret');

    for (const p of [`apps/dingtalk/${appKey}`, 'apps/dingtalk/dingnosuchapp0000001', `apps/nodialect/${appKey}`]) {
      const res = await apiJson(p, { method: 'DELETE' });
      assert.equal(res.status, 404, p);
      assert.equal(res.body.error.code, 'NotFound', p);
    }
  });
});

describe('export and import of the whole state', () => {
  it('an export imported into a fresh data dir serves byte-identical downloads', { timeout: 60000 }, async () => {
    const dir = tempDir('filegate-export-');
    let source;
    let target;
    try {
      fs.mkdirSync(path.join(dir, 'files'));
      fs.writeFileSync(path.join(dir, 'files', 'report.txt'), FILE_BYTES);
      fs.writeFileSync(path.join(dir, 'fixtures.toml'), fixturesToml());
      source = await startServer({ extraArgs: ['--fixtures', path.join(dir, 'fixtures.toml')] });
      const big = Buffer.alloc(3 * 1024 * 1024 + 5);
      for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
      const sourceClient = newClient(source.url, APP);
      const uploaded = await sourceClient.im.file.create({ data: { file_type: 'stream', file_name: 'big.bin', file: big } });
      const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const exported = await fetch(`${source.url}/_filegate/api/v1/export`, { headers: auth });
      assert.equal(exported.status, 200);
      assert.equal(exported.headers.get('content-type'), 'application/x-tar');
      const tar = Buffer.from(await exported.arrayBuffer());

      target = await startServer({ extraArgs: ['--admin-token', 'target-token'] });
      const targetAuth = { authorization: 'Bearer target-token' };
      const garbage = await fetch(`${target.url}/_filegate/api/v1/import`, { method: 'POST', headers: targetAuth, body: 'not a tar' });
      assert.equal(garbage.status, 400);
      assert.match((await garbage.json()).error.message, /tar/);
      const imported = await fetch(`${target.url}/_filegate/api/v1/import`, { method: 'POST', headers: targetAuth, body: tar });
      assert.equal(imported.status, 200, await imported.text());

      const targetClient = newClient(target.url, APP);  // the fixture app came with the state
      const get = async (c, key) => readAll((await c.im.file.get({ path: { file_key: key } })).getReadableStream());
      assert.deepEqual(await get(targetClient, uploaded.file_key), big);
      assert.deepEqual(await get(targetClient, 'file_v3_fixture_report'), FILE_BYTES);
      const listed = async (url, headers) => (await (await fetch(`${url}/_filegate/api/v1/objects`, { headers })).json()).objects;
      assert.deepEqual(await listed(target.url, targetAuth), await listed(source.url, auth));
    } finally {
      if (source) await source.stop();
      if (target) await target.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readiness and fixture errors at start-up', () => {
  it('a fixtures file with an error stops the server with the file, line and key', T, async () => {
    const dir = tempDir('filegate-fixtures-bad-');
    try {
      const file = path.join(dir, 'bad.toml');
      fs.writeFileSync(file, '[[feishu.apps]]\napp_id = "cli_x"\nsecret = "s"\n');
      await assert.rejects(startServer({ extraArgs: ['--fixtures', file] }), (e) => {
        assert.match(e.message, /bad\.toml:1: feishu\.apps\[0\]\.app_secret: is required/);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readiness while fixtures load', () => {
  it('/_filegate/ready answers 503 starting until a large fixture is stored, then 200', { timeout: 60000 }, async () => {
    const { spawn } = require('node:child_process');
    const { FILEGATE_BIN } = require('../lib/server');
    const dir = tempDir('filegate-ready-');
    const big = path.join(dir, 'big.bin');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 512 * 1024 * 1024);  // sparse: quick to make, slow enough to hash and store
    fs.writeFileSync(path.join(dir, 'fixtures.toml'),
      `[[feishu.apps]]\napp_id = "${APP.appId}"\napp_secret = "${APP.appSecret}"\n` +
      `[[feishu.files]]\nfile_key = "file_v3_big"\napp_id = "${APP.appId}"\nname = "big.bin"\npath = "big.bin"\n`);
    const child = spawn(FILEGATE_BIN, ['serve', '--data-dir', path.join(dir, 'data'), '--port', '0',
      '--fixtures', path.join(dir, 'fixtures.toml')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', () => reject(new Error(`filegate exited: ${out}`)));
      });
      const seen = [];
      for (;;) {
        const res = await fetch(`${url}/_filegate/ready`);
        const body = await res.json();
        if (seen.length === 0 || seen[seen.length - 1] !== res.status) seen.push(res.status);
        if (res.status === 503) assert.equal(body.status, 'starting');
        if (res.status === 200) break;
        const health = await fetch(`${url}/_filegate/health`);
        assert.equal(health.status, 200, 'health answers while fixtures load');
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.deepEqual(seen, [503, 200]);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
