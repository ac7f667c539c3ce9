'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Users signing in to an app through the official SDK's authen client (OAuth code → user_access_token → refresh),
// Drive media read with lark.withUserAccessToken under the user's own access to the document, and permission
// scopes: an app or a user token without the endpoint's scope gets the gateway's 99991672 / 99991679 naming them.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, newClient, lark } = require('../lib/server');
const { readAll, expectApiError, rawTenantToken } = require('../lib/helpers');

const T = { timeout: 30000 };

describe('Feishu user sign-in, user tokens and scopes', () => {
  let server;
  let client;
  let user;
  let stranger;
  let doc;
  let fileToken;
  const bytes = crypto.randomBytes(64 * 1024 + 5);
  const json = async (res) => ({ status: res.status, body: await res.json() });

  async function code(forUser, scope) {
    const r = await json(await server.admin('feishu/oauth/codes', {
      method: 'POST', body: { app_id: server.app.appId, user: forUser.open_id, ...(scope ? { scope } : {}) },
    }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.code;
  }

  async function signIn(forUser, scope) {
    const res = await client.authen.oidcAccessToken.create({
      data: { grant_type: 'authorization_code', code: await code(forUser, scope) },
    });
    assert.equal(res.code, 0, JSON.stringify(res));
    return res.data;
  }

  before(async () => {
    server = await startServer({ rateLimits: false });
    client = newClient(server.url, server.app);
    user = (await json(await server.admin('feishu/users', { method: 'POST', body: { name: 'Li Si' } }))).body;
    stranger = (await json(await server.admin('feishu/users', { method: 'POST', body: { name: 'Wang Wu' } }))).body;
    doc = server.cli(['doc', 'create', '--app', server.app.appId, '--type', 'docx']);
    server.cli(['grant', '--app', user.open_id, '--doc', doc]);
    const up = await client.drive.media.uploadAll({
      data: { file_name: 'plan.pdf', parent_type: 'docx_file', parent_node: doc, size: bytes.length, file: bytes },
    });
    fileToken = up.file_token;
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('a code becomes a user token and a refresh token, once; user_info names the user', T, async () => {
    const c = await code(user);
    const first = await client.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: c } });
    assert.equal(first.code, 0);
    assert.match(first.data.access_token, /^u-/);
    assert.match(first.data.refresh_token, /^ur-/);
    assert.equal(first.data.token_type, 'Bearer');
    assert.ok(first.data.expires_in > 7000 && first.data.expires_in <= 7200);
    const again = await client.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: c } });
    assert.equal(again.code, 20003, 'a code is spent by its first use');

    const info = await client.authen.userInfo.get({}, lark.withUserAccessToken(first.data.access_token));
    assert.equal(info.code, 0);
    assert.equal(info.data.open_id, user.open_id);
    assert.equal(info.data.union_id, user.union_id);
    assert.equal(info.data.name, 'Li Si');
  });

  it('an expired code answers 20004; of two racing redemptions of a code exactly one gets tokens', T, async () => {
    const r = await json(await server.admin('feishu/oauth/codes', {
      method: 'POST', body: { app_id: server.app.appId, user: user.open_id, expires_in: 1 },
    }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.expires_in, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = await client.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: r.body.code } });
    assert.equal(late.code, 20004, JSON.stringify(late));

    const c = await code(user);
    const racing = await Promise.all(Array.from({ length: 6 }, () =>
      client.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: c } })));
    assert.deepEqual(racing.map((res) => res.code).sort(), [0, 20003, 20003, 20003, 20003, 20003]);

    const bad = await json(await server.admin('feishu/oauth/codes', {
      method: 'POST', body: { app_id: server.app.appId, user: user.open_id, expires_in: 301 },
    }));
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /expires_in must be a whole number of seconds from 1 to 300/);
  });

  it('refresh gives fresh tokens and spends the refresh token', T, async () => {
    const tokens = await signIn(user);
    const refreshed = await client.authen.oidcRefreshAccessToken.create({
      data: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
    });
    assert.equal(refreshed.code, 0, JSON.stringify(refreshed));
    assert.notEqual(refreshed.data.access_token, tokens.access_token);
    const info = await client.authen.userInfo.get({}, lark.withUserAccessToken(refreshed.data.access_token));
    assert.equal(info.data.open_id, user.open_id);
    const reused = await client.authen.oidcRefreshAccessToken.create({
      data: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
    });
    assert.equal(reused.code, 20026);
    const wrongGrant = await client.authen.oidcRefreshAccessToken.create({
      data: { grant_type: 'authorization_code', refresh_token: refreshed.data.refresh_token },
    });
    assert.equal(wrongGrant.code, 20036);
  });

  it('the authorize page redirects with a code and the state; the older endpoint adds the user', T, async () => {
    const query = new URLSearchParams({
      app_id: server.app.appId, redirect_uri: 'https://bot.example/callback?from=login', state: 's-42', user: user.open_id,
    });
    const res = await fetch(`${server.url}/open-apis/authen/v1/authorize?${query}`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location'));
    assert.equal(location.origin + location.pathname, 'https://bot.example/callback');
    assert.equal(location.searchParams.get('from'), 'login');
    assert.equal(location.searchParams.get('state'), 's-42');
    const got = await client.authen.accessToken.create({
      data: { grant_type: 'authorization_code', code: location.searchParams.get('code') },
    });
    assert.equal(got.code, 0, JSON.stringify(got));
    assert.equal(got.data.open_id, user.open_id);
    assert.equal(got.data.name, 'Li Si');
  });

  it('the OAuth 2 endpoint (client.accessToken, authen v2): code → tokens, refresh with offline_access, its errors', T, async () => {
    const oauth = newClient(server.url, server.app, { oauthBaseUrl: server.url });
    // Without offline_access: a user token, no refresh token (the platform's rule).
    const plain = await oauth.accessToken.retrieveByAuthorizationCode({ code: await code(user, 'drive:drive:readonly') });
    assert.match(plain.accessToken, /^u-/);
    assert.equal(plain.tokenType, 'Bearer');
    assert.ok(plain.expiresIn > 7000 && plain.expiresIn <= 7200);
    assert.equal(plain.scope, 'drive:drive:readonly');
    assert.equal(plain.refreshToken, undefined);
    const res = await client.drive.media.download({ path: { file_token: fileToken } },
      lark.withUserAccessToken(plain.accessToken));
    assert.ok((await readAll(res.getReadableStream())).equals(bytes), 'the v2 user token reads the shared medium');

    const offline = await oauth.accessToken.retrieveByAuthorizationCode({
      code: await code(user, 'drive:drive:readonly offline_access'),
    });
    assert.match(offline.refreshToken, /^ur-/);
    assert.ok(offline.refreshTokenExpiresIn > 604000 && offline.refreshTokenExpiresIn <= 604800);
    const refreshed = await oauth.accessToken.refresh({ refreshToken: offline.refreshToken });
    assert.notEqual(refreshed.accessToken, offline.accessToken);
    assert.match(refreshed.refreshToken, /^ur-/);
    const info = await client.authen.userInfo.get({}, lark.withUserAccessToken(refreshed.accessToken));
    assert.equal(info.data.open_id, user.open_id);

    // Its errors: non-200, RFC 6749's {code, error, error_description}, which the SDK raises as AccessTokenError.
    const failure = async (promise) => {
      try {
        await promise;
      } catch (e) {
        assert.equal(e.name, 'AccessTokenError', e.stack);
        return { status: e.statusCode, code: e.code, error: e.error };
      }
      assert.fail('expected an AccessTokenError');
    };
    assert.deepEqual(await failure(oauth.accessToken.refresh({ refreshToken: offline.refreshToken })),
      { status: 400, code: 20026, error: 'invalid_grant' }, 'a refresh token is spent by its first use');
    const c = await code(user);
    await oauth.accessToken.retrieveByAuthorizationCode({ code: c });
    assert.deepEqual(await failure(oauth.accessToken.retrieveByAuthorizationCode({ code: c })),
      { status: 400, code: 20003, error: 'invalid_grant' });
    const wrongSecret = newClient(server.url, { ...server.app, appSecret: 'not-the-secret' }, { oauthBaseUrl: server.url });
    assert.deepEqual(await failure(wrongSecret.accessToken.retrieveByAuthorizationCode({ code: await code(user) })),
      { status: 400, code: 20002, error: 'invalid_client' });
    const raw = await fetch(`${server.url}/open-apis/authen/v2/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', client_id: server.app.appId, client_secret: server.app.appSecret }),
    });
    assert.equal(raw.status, 400);
    assert.deepEqual(await raw.json(), {
      code: 20036, error: 'unsupported_grant_type', error_description: 'The grant_type is not supported.',
    });
  });

  it('Drive media with a user token: the user reads what was shared with them, nothing else', T, async () => {
    const tokens = await signIn(user);
    const res = await client.drive.media.download({ path: { file_token: fileToken } },
      lark.withUserAccessToken(tokens.access_token));
    assert.ok((await readAll(res.getReadableStream())).equals(bytes));
    const urls = await client.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [fileToken] } },
      lark.withUserAccessToken(tokens.access_token));
    assert.equal(urls.code, 0);

    const other = await signIn(stranger);
    await expectApiError(client.drive.media.download({ path: { file_token: fileToken } },
      lark.withUserAccessToken(other.access_token)), { status: 403, code: 1061004 });
    await expectApiError(client.drive.media.download({ path: { file_token: fileToken } },
      lark.withUserAccessToken('u-not-a-token')), { status: 400, code: 99991668 });
  });

  it('scopes: without one of the endpoint\'s scopes the gateway answers 99991672 naming them', T, async () => {
    const set = await json(await server.admin(`feishu/apps/${server.app.appId}/scopes`, {
      method: 'PUT', body: { scopes: ['im:resource'] },
    }));
    assert.equal(set.status, 200);
    try {
      await expectApiError(client.drive.media.download({ path: { file_token: fileToken } }),
        { status: 400, code: 99991672 });
      const res = await fetch(`${server.url}/open-apis/drive/v1/medias/${fileToken}/download`, {
        headers: { authorization: `Bearer ${await rawTenantToken(server.url, server.app)}` },
      });
      const body = await res.json();
      assert.match(body.msg, /^Access denied\. One of the following scopes is required: \[.*drive:drive:readonly.*\]\.$/);
      assert.match(body.msg, /docs:document\.media:download/);
      // What the app has still works: IM files need im:resource.
      const up = await client.im.file.create({ data: { file_type: 'stream', file_name: 'a.txt', file: Buffer.from('a') } });
      assert.match(up.file_key, /^file_v3_/);

      // A user who granted only im:resource cannot read Drive media either: 99991679.
      const tokens = await signIn(user, 'im:resource');
      await expectApiError(client.drive.media.download({ path: { file_token: fileToken } },
        lark.withUserAccessToken(tokens.access_token)), { status: 400, code: 99991679 });
    } finally {
      await server.admin(`feishu/apps/${server.app.appId}/scopes`, { method: 'PUT', body: { scopes: [] } });
    }
    const back = await client.drive.media.download({ path: { file_token: fileToken } });
    assert.ok((await readAll(back.getReadableStream())).equals(bytes));
  });
});
