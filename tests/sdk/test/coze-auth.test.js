'use strict';
// Coze access control through the official @coze/api SDK (pinned 1.3.9): token permissions (uploadFile,
// retrieveFile → 4101), the upload's documented 10 QPS (4013, off with --rate-limits=off), and OAuth apps' JWT flow
// (getJWTToken → POST /api/permission/oauth2/token → a czs_ access token the files endpoints accept like a PAT), with
// the token endpoint's documented errors.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const jwt = require('jsonwebtoken');
const {
  CozeAPI,
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  getJWTToken,
  _getJWTToken,
} = require('@coze/api');

const { startServer, PER_NODE } = require('../lib/server');
const { LOGID_RE, tempDir, withTimeout } = require('../lib/helpers');

const T = { timeout: 120000 };
const call = (promise, what) => withTimeout(promise, 60000, what);

const keyPair = () =>
  crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const APP_KEY = keyPair();
const OTHER_KEY = keyPair();

const TOKENS = {
  readOnly: 'pat_5dc00000000000000000000000000000000000a1', // retrieveFile only
  writeOnly: 'pat_5dc00000000000000000000000000000000000a2', // uploadFile only
  none: 'pat_5dc00000000000000000000000000000000000a3', // permissions = []
  all: 'pat_5dc00000000000000000000000000000000000a4', // no permissions key: every permission
};
const READ_ONLY_FILE = '7400000000000000101';
const APPS = {
  jwt: { appId: '1127900106117', keyId: 'sdk-test-kid-0001' },
  uploadOnly: { appId: '1127900106118', keyId: 'sdk-test-kid-0002' },
  deactivated: { appId: '1127900106119', keyId: 'sdk-test-kid-0003' },
};

function fixturesToml() {
  const app = ({ appId, keyId }, extra = '') =>
    `[[coze.apps]]\napp_id = "${appId}"\nkey_id = "${keyId}"\nname = "app ${appId}"\n` +
    `public_key = """\n${APP_KEY.publicKey}"""\n${extra}\n`;
  return `admin_token = "coze-auth-admin-token"

[[coze.tokens]]
token = "${TOKENS.readOnly}"
permissions = ["retrieveFile"]

[[coze.tokens]]
token = "${TOKENS.writeOnly}"
permissions = ["uploadFile"]

[[coze.tokens]]
token = "${TOKENS.none}"
permissions = []

[[coze.tokens]]
token = "${TOKENS.all}"

[[coze.files]]
file_id = "${READ_ONLY_FILE}"
token = "${TOKENS.readOnly}"
name = "readable.txt"
text = "the read-only token's file"

${app(APPS.jwt)}
${app(APPS.uploadOnly, 'permissions = ["uploadFile"]')}
${app(APPS.deactivated, 'deactivated = true')}
`;
}

let workDir;
const servers = [];

async function serve({ rateLimits }) {
  if (!workDir) workDir = tempDir('filegate-coze-auth-');
  const fixtures = path.join(workDir, 'coze-auth.toml');
  fs.writeFileSync(fixtures, fixturesToml());
  const server = await startServer({ rateLimits, extraArgs: ['--fixtures', fixtures] });
  servers.push(server);
  return server;
}

after(async () => {
  for (const s of servers) await s.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Awaits a rejected SDK call; checks the class, HTTP status and (for the API envelope) the code and logid. */
async function expectError(promise, ErrorClass, { status, code }, what) {
  let err = null;
  try {
    await call(promise, what);
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${what}: expected ${ErrorClass.name}, but the call succeeded`);
  assert.ok(err instanceof ErrorClass, `${what}: expected ${ErrorClass.name}, got ${err.name}: ${err.message}`);
  assert.ok(err instanceof APIError, `${what}: not an APIError`);
  assert.equal(err.status, status, `${what}: status`);
  if (code !== undefined) assert.equal(err.code, code, `${what}: code (${err.message})`);
  assert.match(String(err.headers['x-tt-logid']), LOGID_RE, `${what}: X-Tt-Logid`);
  return err;
}

/** The OAuth error body of the token endpoint: {error_code, error_message, error}. */
function assertOAuthError(err, errorCode, messagePattern, what) {
  const body = err.rawError;
  assert.ok(body && typeof body === 'object', `${what}: no error body`);
  assert.equal(body.error_code, errorCode, `${what}: error_code in ${JSON.stringify(body)}`);
  assert.equal(body.error, errorCode, `${what}: error in ${JSON.stringify(body)}`);
  assert.match(body.error_message, messagePattern, `${what}: error_message in ${JSON.stringify(body)}`);
  assert.equal(body.code, undefined, `${what}: the OAuth body has no API code`);
}

describe('token permissions and OAuth apps', () => {
  let server;
  const client = (token) => new CozeAPI({ token, baseURL: server.url });
  const jwtConfig = (overrides = {}) => ({
    baseURL: server.url,
    appId: APPS.jwt.appId,
    aud: 'api.coze.cn',
    keyid: APPS.jwt.keyId,
    privateKey: APP_KEY.privateKey,
    ...overrides,
  });
  /** A JWT signed by hand, for claims getJWTToken does not let a caller choose. */
  const signed = (claims, { key = APP_KEY.privateKey, keyid = APPS.jwt.keyId } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: APPS.jwt.appId,
      aud: 'api.coze.cn',
      iat: now,
      exp: now + 600,
      jti: crypto.randomBytes(16).toString('hex'),
      ...claims,
    };
    return jwt.sign(payload, key, { algorithm: 'RS256', keyid });
  };

  before(async () => {
    server = await serve({ rateLimits: false });
  });
  afterEach(async () => {
    await server.crashCheck();
  });

  it('a token without uploadFile cannot upload, one without retrieveFile cannot retrieve: 403 / 4101', T, async () => {
    const readOnly = client(TOKENS.readOnly);
    const writeOnly = client(TOKENS.writeOnly);
    const none = client(TOKENS.none);

    const own = await call(readOnly.files.retrieve(READ_ONLY_FILE), 'retrieve with retrieveFile');
    assert.equal(own.file_name, 'readable.txt');
    await expectError(readOnly.files.upload({ file: Buffer.from('x') }), PermissionDeniedError,
      { status: 403, code: 4101 }, 'upload without uploadFile');

    const uploaded = await call(writeOnly.files.upload({ file: Buffer.from('written') }), 'upload with uploadFile');
    assert.equal(uploaded.bytes, 7);
    await expectError(writeOnly.files.retrieve(uploaded.id), PermissionDeniedError, { status: 403, code: 4101 },
      'retrieve without retrieveFile');

    await expectError(none.files.upload({ file: Buffer.from('x') }), PermissionDeniedError,
      { status: 403, code: 4101 }, 'upload with no permissions');
    await expectError(none.files.retrieve(READ_ONLY_FILE), PermissionDeniedError, { status: 403, code: 4101 },
      'retrieve with no permissions');

    // A token listed without `permissions` has every permission.
    const all = client(TOKENS.all);
    const file = await call(all.files.upload({ file: Buffer.from('all') }), 'upload, all permissions');
    assert.equal((await call(all.files.retrieve(file.id), 'retrieve, all permissions')).bytes, 3);
  });

  it('getJWTToken answers an access token the files endpoints accept like a PAT', T, async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await call(getJWTToken(jwtConfig()), 'getJWTToken');
    assert.deepEqual(Object.keys(token).sort(), ['access_token', 'expires_in']);
    assert.match(token.access_token, /^czs_[0-9a-f]{40}$/);
    // expires_in is the Unix time it dies: the default 900 s from now.
    assert.ok(token.expires_in >= before + 900 && token.expires_in <= Math.floor(Date.now() / 1000) + 900,
      `expires_in ${token.expires_in} is not 900 s from ${before}`);

    const app = client(token.access_token);
    const uploaded = await call(app.files.upload({ file: Buffer.from('uploaded by an OAuth app') }), 'upload as app');
    assert.equal(uploaded.bytes, 24);
    assert.deepEqual(await call(app.files.retrieve(uploaded.id), 'retrieve as app'), uploaded);
    // The app is an account of its own: a PAT does not see its files, nor it the PAT's.
    await expectError(client(TOKENS.all).files.retrieve(uploaded.id), NotFoundError, { status: 404, code: 4200 },
      "a PAT retrieving the app's file");
    await expectError(app.files.retrieve(READ_ONLY_FILE), NotFoundError, { status: 404, code: 4200 },
      "the app retrieving a PAT's file");

    // A second JWT gets a second token; both work. durationSeconds up to 86399.
    const longer = await call(getJWTToken(jwtConfig({ durationSeconds: 86399 })), 'getJWTToken 86399 s');
    assert.notEqual(longer.access_token, token.access_token);
    assert.ok(longer.expires_in >= before + 86399, `expires_in ${longer.expires_in}`);
    assert.equal((await call(client(longer.access_token).files.retrieve(uploaded.id), 'second token')).id, uploaded.id);
    // The enterprise path (with an organisation id) is served alike.
    const viaAccount = await call(getJWTToken(jwtConfig({ accountId: '7300000000000000001' })), 'account path');
    assert.match(viaAccount.access_token, /^czs_/);
  });

  it('an app token has the app\'s permissions', T, async () => {
    const token = await call(getJWTToken(jwtConfig({ appId: APPS.uploadOnly.appId, keyid: APPS.uploadOnly.keyId })),
      'getJWTToken, upload-only app');
    const app = client(token.access_token);
    const uploaded = await call(app.files.upload({ file: Buffer.from('x') }), 'upload, upload-only app');
    await expectError(app.files.retrieve(uploaded.id), PermissionDeniedError, { status: 403, code: 4101 },
      'retrieve, upload-only app');
  });

  it('a bad JWT answers invalid_client (401) with the platform\'s OAuth error body', T, async () => {
    // Thunks: each request is made when its turn comes.
    const cases = [
      ['signed with another key', () => getJWTToken(jwtConfig({ privateKey: OTHER_KEY.privateKey })), /signature/],
      ['a kid the app does not have', () => getJWTToken(jwtConfig({ keyid: 'not-the-kid' })), /kid not been registred/],
      ['an unknown app id', () => getJWTToken(jwtConfig({ appId: '1999999999999' })), /iss/],
      ['another audience', () => getJWTToken(jwtConfig({ aud: 'api.example.com' })), /aud/],
      ['an expired JWT', () => _getJWTToken({ baseURL: server.url, token: signed({ iat: 1000, exp: 2000 }) }), /expired/],
      ['no jti', () => _getJWTToken({ baseURL: server.url, token: signed({ jti: undefined }) }), /jti/],
      ['not a JWT', () => _getJWTToken({ baseURL: server.url, token: 'not.a.jwt' }), /malformed/],
      ['HS256', () => _getJWTToken({
        baseURL: server.url,
        token: jwt.sign({ iss: APPS.jwt.appId, aud: 'api.coze.cn', jti: 'x', exp: 4102444800, iat: 1 }, 'secret',
          { algorithm: 'HS256', keyid: APPS.jwt.keyId }),
      }), /RS256/],
    ];
    for (const [what, request, message] of cases) {
      const err = await expectError(request(), AuthenticationError, { status: 401 }, what);
      assertOAuthError(err, 'invalid_client', message, what);
    }
  });

  it('a JWT is used once: the second exchange answers invalid_client', T, async () => {
    const token = signed({});
    const first = await call(_getJWTToken({ baseURL: server.url, token }), 'first exchange');
    assert.match(first.access_token, /^czs_/);
    const err = await expectError(_getJWTToken({ baseURL: server.url, token }), AuthenticationError, { status: 401 },
      'the same JWT again');
    assertOAuthError(err, 'invalid_client', /jti has been used/, 'replay');
  });

  it('bad requests: duration_seconds out of range, another grant type, a deactivated app', T, async () => {
    for (const durationSeconds of [86400, 0]) {
      const err = await expectError(getJWTToken(jwtConfig({ durationSeconds })), BadRequestError, { status: 400 },
        `durationSeconds ${durationSeconds}`);
      assertOAuthError(err, 'invalid_request', /^invalid request: duration_seconds$/, `durationSeconds ${durationSeconds}`);
    }

    const res = await fetch(`${server.url}/api/permission/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signed({})}` },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    assert.equal(res.status, 400);
    assert.match(String(res.headers.get('x-tt-logid')), LOGID_RE);
    assert.deepEqual(await res.json(), {
      error_code: 'unsupported_grant_type',
      error_message: 'not supported grant type: client_credentials',
      error: 'unsupported_grant_type',
    });

    const err = await expectError(
      getJWTToken(jwtConfig({ appId: APPS.deactivated.appId, keyid: APPS.deactivated.keyId })),
      PermissionDeniedError, { status: 403 }, 'deactivated app');
    assertOAuthError(err, 'access_deny', /^app: app 1127900106119 is currently deactivated by the owner$/, 'deactivated');
  });

  it('`filegate coze app create --public-key` makes an app whose JWTs work', T, async () => {
    const keyFile = path.join(workDir, 'public_key.pem');
    fs.writeFileSync(keyFile, OTHER_KEY.publicKey);
    const out = server.cli(['coze', 'app', 'create', '--public-key', keyFile, '--name', 'cli app']);
    const m = /^app_id=(\d+) key_id=(\S+)$/m.exec(out);
    assert.ok(m, `unexpected output: ${out}`);
    // The default key id is the key's SHA-256 fingerprint (base64url of the DER SubjectPublicKeyInfo).
    const der = crypto.createPublicKey(OTHER_KEY.publicKey).export({ type: 'spki', format: 'der' });
    assert.equal(m[2], crypto.createHash('sha256').update(der).digest('base64url'));
    const token = await call(getJWTToken(jwtConfig({ appId: m[1], keyid: m[2], privateKey: OTHER_KEY.privateKey })),
      'getJWTToken, CLI app');
    const file = await call(client(token.access_token).files.upload({ file: Buffer.from('cli') }), 'upload, CLI app');
    assert.equal(file.bytes, 3);
    // Deleting the app ends its tokens at once.
    server.cli(['app', 'delete', '--platform', 'coze', m[1]]);
    await expectError(client(token.access_token).files.retrieve(file.id), AuthenticationError,
      { status: 401, code: 4100 }, 'a deleted app\'s token');
  });
});

describe('the upload\'s rate limit (10 QPS per account)', () => {
  const BURST = 30;
  const burst = (server, token) => {
    const coze = new CozeAPI({ token, baseURL: server.url });
    return Promise.allSettled(
      Array.from({ length: BURST }, (_, i) => call(coze.files.upload({ file: Buffer.from(`burst ${i}`) }), `upload ${i}`)),
    );
  };

  it(`${BURST} concurrent uploads by one token: some answer RateLimitError 429 / 4013, the rest succeed`, { ...T, skip: PER_NODE.rateLimits }, async () => {
    const server = await serve({ rateLimits: true });
    const results = await burst(server, TOKENS.all);
    const limited = results.filter((r) => r.status === 'rejected');
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.ok(ok.length >= 10, `the first 10 of the second must pass, ${ok.length} did`);
    assert.ok(limited.length > 0, `expected some of ${BURST} concurrent uploads to be rate limited`);
    for (const { reason } of limited) {
      assert.ok(reason instanceof RateLimitError, `expected RateLimitError, got ${reason.name}: ${reason.message}`);
      assert.equal(reason.status, 429);
      assert.equal(reason.code, 4013);
    }
    // Another account has a quota of its own.
    const other = await call(new CozeAPI({ token: TOKENS.writeOnly, baseURL: server.url }).files.upload({
      file: Buffer.from('bystander'),
    }), 'another token');
    assert.equal(other.bytes, 9);
  });

  it('with --rate-limits=off every upload succeeds', T, async () => {
    const server = await serve({ rateLimits: false });
    const results = await burst(server, TOKENS.all);
    const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
    assert.deepEqual(failed, []);
  });
});
