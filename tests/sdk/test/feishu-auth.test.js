'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// §1: tenant/app access tokens as the official Node SDK requests and reads them.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, newClient, freshCache, sdkLogOptions, lark } = require('../lib/server');
const { withTimeout, readAll } = require('../lib/helpers');

const T = { timeout: 30000 };

describe('Feishu auth: tenant_access_token / app_access_token', { timeout: 120000 }, () => {
  let server;
  let app;

  before(async () => {
    server = await startServer();
    app = server.createApp('sdk-auth');
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  // A client that does not fetch a token itself, so only the explicit auth call hits the server.
  const bareClient = () =>
    new lark.Client({
      appId: app.appId,
      appSecret: app.appSecret,
      domain: server.url,
      disableTokenCache: true,
      cache: freshCache(),
      ...sdkLogOptions(),
    });

  it('a fresh client fetches a tenant token implicitly on its first im.file.create', T, async () => {
    const cache = freshCache();
    const client = newClient(server.url, app, { cache });
    const res = await withTimeout(
      client.im.file.create({ data: { file_type: 'stream', file_name: 'implicit.bin', file: crypto.randomBytes(1024) } }),
      20000,
      'im.file.create',
    );
    assert.ok(res && typeof res.file_key === 'string', `expected {file_key} from im.file.create, got ${JSON.stringify(res)}`);
    assert.match(res.file_key, /^file_v3_/, `expected file_key to start with file_v3_, got ${res.file_key}`);
    assert.equal(cache.sets.length, 1, `expected the SDK to cache exactly one token, cached ${cache.sets.length}`);
    const [set] = cache.sets;
    assert.equal(set.namespace, app.appId, 'expected the token cached under the app id');
    assert.match(String(set.value), /^t-/, `expected the cached tenant token to start with t-, got ${set.value}`);
    // expiry = now + expire*1000 - 180000: must lie in the future, i.e. expire > 180.
    assert.ok(Number.isFinite(set.expiredTime), `expected a finite cache expiry (server sent a numeric expire), got ${set.expiredTime}`);
    assert.ok(set.expiredTime > Date.now(), `expected the token to stay cached (expire > 180 s), expiry is ${new Date(set.expiredTime).toISOString()}`);
  });

  it('a fresh client fetches a tenant token implicitly on its first im.file.get', T, async () => {
    const data = crypto.randomBytes(777);
    const key = server.importFile(app.appId, 'implicit-get.bin', data);
    const cache = freshCache();
    const client = newClient(server.url, app, { cache });
    const res = await withTimeout(client.im.file.get({ path: { file_key: key } }), 20000, 'im.file.get');
    const buf = await readAll(res.getReadableStream());
    assert.ok(buf.equals(data), `expected the ${data.length} imported bytes, got ${buf.length} bytes`);
    assert.equal(cache.sets.length, 1, `expected the SDK to cache exactly one token, cached ${cache.sets.length}`);
    assert.match(String(cache.sets[0].value), /^t-/, `expected a cached t-… token, got ${cache.sets[0].value}`);
  });

  it('auth.tenantAccessToken.internal returns a flat body; a second call returns the same token', T, async () => {
    const client = bareClient();
    const a = await client.auth.tenantAccessToken.internal({ data: { app_id: app.appId, app_secret: app.appSecret } });
    const got = JSON.stringify(a);
    assert.equal(a.code, 0, `expected code 0, got ${got}`);
    assert.match(String(a.tenant_access_token), /^t-/, `expected a top-level tenant_access_token starting with t-, got ${got}`);
    assert.equal(typeof a.expire, 'number', `expected a numeric top-level expire, got ${got}`);
    assert.ok(a.expire > 180 && a.expire <= 7200, `expected 180 < expire <= 7200, got ${a.expire}`);
    const b = await client.auth.tenantAccessToken.internal({ data: { app_id: app.appId, app_secret: app.appSecret } });
    assert.equal(b.code, 0, `expected code 0 on the second call, got ${JSON.stringify(b)}`);
    assert.equal(b.tenant_access_token, a.tenant_access_token, 'expected the same tenant_access_token on a repeated call');
  });

  it('wrong app_secret: HTTP 200 with code 10003/10014/10015 and no token', T, async () => {
    const client = bareClient();
    let res;
    try {
      res = await client.auth.tenantAccessToken.internal({ data: { app_id: app.appId, app_secret: 'definitely-wrong-secret' } });
    } catch (e) {
      assert.fail(`expected HTTP 200 with a non-zero code, but the call threw: ${e.message} status=${e.response && e.response.status} body=${JSON.stringify(e.response && e.response.data)}`);
    }
    const got = JSON.stringify(res);
    assert.ok([10003, 10014, 10015].includes(res.code), `expected code 10003, 10014 or 10015, got ${got}`);
    assert.ok(!res.tenant_access_token, `expected no tenant_access_token, got ${got}`);
  });

  it('unknown app_id: HTTP 200 with a non-zero code and no token', T, async () => {
    const client = bareClient();
    const res = await client.auth.tenantAccessToken.internal({ data: { app_id: 'cli_0000000000000000', app_secret: 'nope' } });
    assert.ok(Number.isInteger(res.code) && res.code !== 0, `expected a non-zero code, got ${JSON.stringify(res)}`);
    assert.ok(!res.tenant_access_token, `expected no token, got ${JSON.stringify(res)}`);
  });

  it('a client with a wrong secret fails with the SDK "failed to get tenant_access_token" error', T, async () => {
    const client = newClient(server.url, { appId: app.appId, appSecret: 'wrong-secret' });
    await assert.rejects(
      withTimeout(client.im.file.create({ data: { file_type: 'stream', file_name: 'x.bin', file: Buffer.from('x') } }), 20000, 'im.file.create'),
      (e) => {
        assert.match(e.message, /failed to get tenant_access_token, code: (10003|10014|10015)/, `expected the SDK token error with code 10003/10014/10015, got: ${e.message}`);
        return true;
      },
    );
  });

  it('auth.appAccessToken.internal returns flat app_access_token, tenant_access_token and expire', T, async () => {
    const client = bareClient();
    const r = await client.auth.appAccessToken.internal({ data: { app_id: app.appId, app_secret: app.appSecret } });
    const got = JSON.stringify(r);
    assert.equal(r.code, 0, `expected code 0, got ${got}`);
    assert.ok(typeof r.app_access_token === 'string' && r.app_access_token.length > 2, `expected a top-level app_access_token, got ${got}`);
    assert.match(String(r.tenant_access_token), /^t-/, `expected a top-level tenant_access_token starting with t-, got ${got}`);
    assert.ok(typeof r.expire === 'number' && r.expire > 180 && r.expire <= 7200, `expected 180 < expire <= 7200, got ${got}`);
  });
});
