'use strict';
// Test harness: starts a real filegate process on 127.0.0.1 with a throwaway
// data dir, and gives the tests an SDK client factory and a CLI runner.

process.env.NO_PROXY = '127.0.0.1,localhost';
process.env.no_proxy = '127.0.0.1,localhost';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const lark = require('@larksuiteoapi/node-sdk');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FILEGATE_BIN = process.env.FILEGATE_BIN
  ? path.resolve(process.env.FILEGATE_BIN)
  : path.join(REPO_ROOT, 'build', 'filegate');

const START_TIMEOUT_MS = 15000;
const STOP_GRACE_MS = 5000;
const CLI_TIMEOUT_MS = 120000;
const MAX_LOG_CHARS = 64 * 1024;

const LISTEN_RE = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const APP_CREATE_RE = /app_id=(\S+)\s+app_secret=(\S+)/;
const DINGTALK_CREATE_RE = /app_key=(\S+)\s+app_secret=(\S+)/;
const COZE_CREATE_RE = /^token=(pat_\S+) id=\d+$/m;

// The accounts every test server starts with, from a fixtures file (docs/fixtures.md): fixed credentials, as a CI
// job would use them, instead of the random ones the banner shows.
const FIXTURE_ACCOUNTS = {
  app: { appId: 'cli_5dc0000000000001', appSecret: 'sdkFixtureFeishuSecret0000000001' },
  coze: { token: 'pat_5dc0000000000000000000000000000000000001' },
  dingtalk: {
    appKey: 'ding5dc0000000000001',
    appSecret: 'sdkFixtureDingTalkSecret00000000000000000000000000000000000000001',
    spaceId: '52800000001',
    unionId: 'sdkFixtureUnion000000001',
  },
  smh: { libraryId: 'smh5dc0000000001', librarySecret: 'sdkFixtureSmhSecret000000000000000000001', spaceId: '-' },
};
const FIXTURES_TOML = `
[[feishu.apps]]
app_id = "${FIXTURE_ACCOUNTS.app.appId}"
app_secret = "${FIXTURE_ACCOUNTS.app.appSecret}"
name = "sdk tests"

[[coze.tokens]]
token = "${FIXTURE_ACCOUNTS.coze.token}"
name = "sdk tests"

[[dingtalk.apps]]
app_key = "${FIXTURE_ACCOUNTS.dingtalk.appKey}"
app_secret = "${FIXTURE_ACCOUNTS.dingtalk.appSecret}"
name = "sdk tests"

[[dingtalk.spaces]]
space_id = "${FIXTURE_ACCOUNTS.dingtalk.spaceId}"
app_key = "${FIXTURE_ACCOUNTS.dingtalk.appKey}"
name = "sdk tests"
members = ["${FIXTURE_ACCOUNTS.dingtalk.unionId}"]

[[smh.libraries]]
library_id = "${FIXTURE_ACCOUNTS.smh.libraryId}"
library_secret = "${FIXTURE_ACCOUNTS.smh.librarySecret}"
name = "sdk tests"
`;
const SDK_ADMIN_TOKEN = 'sdk-admin-token-0000000000000001';
const SMH_CREATE_RE = /library_id=(\S+)\s+library_secret=(\S+)/;

function appendCapped(buf, text) {
  const out = buf + text;
  return out.length > MAX_LOG_CHARS ? out.slice(out.length - MAX_LOG_CHARS) : out;
}

// With FILEGATE_TEST_POSTGRES (the URL of a PostgreSQL server's maintenance database, as scripts/test.sh sets it
// for its second run of the suites), every data dir gets a database of its own, and the servers and CLI commands on
// that data dir keep their metadata there (FILEGATE_METADATA). A data dir is the unit tests think in: a server
// restarted on it, or the CLI run on it, sees the same state.
const TEST_POSTGRES = process.env.FILEGATE_TEST_POSTGRES || '';

function metadataEnv(dataDir) {
  if (!TEST_POSTGRES) return {};
  const name = 'fg_' + require('node:crypto').createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24);
  const marker = path.join(dataDir, '.sdk-test-database');
  if (!fs.existsSync(marker)) {
    execFileSync('psql', [TEST_POSTGRES, '-qAtc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(marker, name);
  }
  return { FILEGATE_METADATA: TEST_POSTGRES.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`) };
}

/** Run the filegate CLI synchronously against dataDir; returns trimmed stdout. */
function runCli(dataDir, args) {
  const argv = [...args, '--data-dir', dataDir];
  try {
    return execFileSync(FILEGATE_BIN, argv, {
      env: { ...process.env, ...metadataEnv(dataDir) },
      encoding: 'utf8',
      timeout: CLI_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    }).trim();
  } catch (e) {
    const err = new Error(
      `filegate CLI failed: ${FILEGATE_BIN} ${argv.join(' ')}\n` +
        `status=${e.status} signal=${e.signal}\n` +
        `stdout:\n${e.stdout || ''}\nstderr:\n${e.stderr || ''}`,
    );
    err.cause = e;
    throw err;
  }
}

/** Polls GET /_filegate/ready until it answers 200 (the start-up fixtures are applied), or the process exits. */
async function waitReady(url, exitPromise) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = null;
  exitPromise.then((x) => { exited = x; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`filegate exited during startup (code=${exited.code} signal=${exited.signal})`);
    try {
      const res = await fetch(`${url}/_filegate/ready`);
      if (res.status === 200) return;
    } catch { /* not accepting yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`filegate was not ready within ${START_TIMEOUT_MS} ms`);
}

/**
 * Start `filegate serve` on an ephemeral port.
 * @returns {Promise<{url, dataDir, app:{appId, appSecret}, cli, createApp, logs, stop, pid}>}
 */
/**
 * Starts `filegate serve` on a throwaway data dir, or on `dataDir` when given (then kept when the server stops, so a
 * test can look at it, run the CLI on it or start another server on it).
 */
/**
 * The start banner (stdout up to "filegate ready"): printed as the server becomes ready, its last lines may still be on
 * their way through the pipe when startServer resolves.
 */
async function waitForBanner(logs) {
  let stdout = logs().stdout;
  for (let i = 0; i < 100 && !/^filegate ready/m.test(stdout); i++) {
    await new Promise((r) => setTimeout(r, 20));
    stdout = logs().stdout;
  }
  return stdout;
}

async function startServer({ rateLimits = true, extraArgs = [], env = {}, dataDir: givenDataDir } = {}) {
  if (!fs.existsSync(FILEGATE_BIN)) {
    throw new Error(`filegate binary not found at ${FILEGATE_BIN} (set FILEGATE_BIN)`);
  }
  const dataDir = givenDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-sdk-test-'));
  const args = ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1', '--port', '0'];
  // A test that brings its own fixtures file uses its own accounts; every other one gets FIXTURE_ACCOUNTS.
  if (!extraArgs.includes('--fixtures')) {
    const fixtures = path.join(dataDir, 'sdk-fixtures.toml');
    fs.writeFileSync(fixtures, FIXTURES_TOML);
    args.push('--fixtures', fixtures);
  }
  // The admin API's token, fixed unless the test brings its own fixtures or token.
  const adminToken = extraArgs.includes('--fixtures') || extraArgs.includes('--admin-token') ? null : SDK_ADMIN_TOKEN;
  if (adminToken) args.push('--admin-token', adminToken);
  if (!rateLimits) args.push('--rate-limits=off');
  args.push(...extraArgs);

  const child = spawn(FILEGATE_BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...metadataEnv(dataDir), ...env },
  });
  let stdoutLog = '';
  let stderrLog = '';
  let exited = null; // {code, signal} once the process is gone
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderrLog = appendCapped(stderrLog, d);
  });

  const removeDir = () => {
    if (!givenDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  let url = null;
  const { app, coze, dingtalk, smh } = FIXTURE_ACCOUNTS;
  const rl = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
  try {
    // The first line names the URL (the port is chosen by the OS); then /_filegate/ready says when the fixtures are in.
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`filegate did not print the URL it listens on within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      rl.on('line', (line) => {
        stdoutLog = appendCapped(stdoutLog, line + '\n');
        const m = LISTEN_RE.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('error', (e) => reject(new Error(`failed to spawn filegate: ${e.message}`)));
      exitPromise.then((x) => reject(new Error(`filegate exited during startup (code=${x.code} signal=${x.signal})`)));
    });
    await waitReady(url, exitPromise);
  } catch (e) {
    if (!exited) {
      try { child.kill('SIGKILL'); } catch { /* gone */ }
      await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 2000))]);
    }
    removeDir();
    e.message += `\ncommand: ${FILEGATE_BIN} ${args.join(' ')}\n--- stdout ---\n${stdoutLog}\n--- stderr ---\n${stderrLog}`;
    throw e;
  }

  // Keep draining stdout after startup so the child can never block on a full pipe.
  rl.on('line', (line) => {
    stdoutLog = appendCapped(stdoutLog, line + '\n');
  });

  let stopped = false;
  const logs = () => ({ stdout: stdoutLog, stderr: stderrLog, exited });

  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try { process.kill(child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const t = await Promise.race([exitPromise, new Promise((r) => setTimeout(() => r(null), STOP_GRACE_MS))]);
      if (!t) {
        try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
        await Promise.race([exitPromise, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
      }
    }
    rl.close();
    removeDir();
    // A server that stops on SIGTERM exits 0; a sanitizer build reports memory errors and undefined behaviour on
    // stderr and exits non-zero, which fails the suite that ran it.
    const report = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.exec(stderrLog);
    if (report || (exited && exited.code !== 0)) {
      throw new Error(`filegate did not stop cleanly (code=${exited && exited.code} signal=${exited && exited.signal})` +
        `\n--- stderr ---\n${stderrLog}`);
    }
  }

  const cli = (cliArgs) => runCli(dataDir, cliArgs);

  /** `filegate app create --platform feishu` → {appId, appSecret} */
  function createApp(name) {
    const a = ['app', 'create', '--platform', 'feishu'];
    if (name) a.push('--name', name);
    const out = cli(a);
    const m = APP_CREATE_RE.exec(out);
    if (!m) throw new Error(`unexpected 'app create' output (wanted "app_id=… app_secret=…"): ${JSON.stringify(out)}`);
    return { appId: m[1], appSecret: m[2] };
  }

  /** `filegate app create --platform smh [--multi-space]` → {libraryId, librarySecret} */
  function createSmhLibrary(name, { multiSpace = false } = {}) {
    const a = ['app', 'create', '--platform', 'smh'];
    if (name) a.push('--name', name);
    if (multiSpace) a.push('--multi-space');
    const out = cli(a);
    const m = SMH_CREATE_RE.exec(out);
    if (!m) throw new Error(`unexpected 'app create --platform smh' output (wanted "library_id=… library_secret=…"): ${JSON.stringify(out)}`);
    return { libraryId: m[1], librarySecret: m[2] };
  }

  /** `filegate app create --platform coze` → {token} (a personal access token, pat_…) */
  function createCozeToken(name) {
    const a = ['app', 'create', '--platform', 'coze'];
    if (name) a.push('--name', name);
    const out = cli(a);
    const m = COZE_CREATE_RE.exec(out);
    if (!m) throw new Error(`unexpected 'app create --platform coze' output (wanted "token=pat_…"): ${JSON.stringify(out)}`);
    return { token: m[1] };
  }

  /** `filegate app create --platform dingtalk` → {appKey, appSecret} */
  function createDingTalkApp(name) {
    const a = ['app', 'create', '--platform', 'dingtalk'];
    if (name) a.push('--name', name);
    const out = cli(a);
    const m = DINGTALK_CREATE_RE.exec(out);
    if (!m) throw new Error(`unexpected 'app create --platform dingtalk' output (wanted "app_key=… app_secret=…"): ${JSON.stringify(out)}`);
    return { appKey: m[1], appSecret: m[2] };
  }

  /** `filegate space create --app APP_KEY --member UNION_ID...` → the new space id */
  function createDingTalkSpace(appKey, members = [], name) {
    const a = ['space', 'create', '--app', appKey];
    for (const m of members) a.push('--member', m);
    if (name) a.push('--name', name);
    const out = cli(a);
    if (!/^\d+$/.test(out)) throw new Error(`filegate space create: expected a numeric space id alone on stdout, got ${JSON.stringify(out)}`);
    return out;
  }

  /**
   * `filegate import --platform feishu --app APP --name NAME FILE` for in-memory bytes
   * (a temp file is written and removed) → the file_key. Used for fixtures, so that
   * download tests do not depend on the upload path.
   */
  function importFile(appId, name, data) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-sdk-import-'));
    try {
      const file = path.join(dir, 'payload.bin');
      fs.writeFileSync(file, data);
      const out = cli(['import', '--platform', 'feishu', '--app', appId, '--name', name, file]);
      if (!/^file_v3_\S+$/.test(out)) throw new Error(`filegate import: expected a file_v3_ key alone on stdout, got ${JSON.stringify(out)}`);
      return out;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Throws (with the stderr tail) if the server process has exited. */
  function assertAlive(what = '') {
    if (exited) {
      throw new Error(
        `filegate exited${what ? ` ${what}` : ''} (code=${exited.code} signal=${exited.signal}); ` +
          `stderr tail:\n${stderrLog.slice(-2000)}\nstdout tail:\n${stdoutLog.slice(-2000)}`,
      );
    }
  }

  /**
   * For afterEach: fails the test during which the server died (once), so a crash is
   * reported as such rather than only as ECONNREFUSED in every later test.
   */
  let crashReported = false;
  async function crashCheck() {
    await new Promise((r) => setTimeout(r, 30));
    if (exited && !crashReported && !stopped) {
      crashReported = true;
      assertAlive('during this test');
    }
  }

  /** A call to the admin API (/_filegate/api/v1/…) with the server's admin token; JSON bodies are sent as JSON. */
  function admin(apiPath, { method = 'GET', body } = {}) {
    const headers = { authorization: `Bearer ${adminToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${url}/_filegate/api/v1/${apiPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  return {
    url,
    dataDir,
    adminToken,
    admin,
    app,
    coze,
    createCozeToken,
    dingtalk,
    createDingTalkApp,
    createDingTalkSpace,
    smh,
    createSmhLibrary,
    importFile,
    assertAlive,
    crashCheck,
    pid: child.pid,
    cli,
    createApp,
    logs,
    banner: () => waitForBanner(logs),
    stop,
  };
}

/**
 * A per-client token cache with the same semantics as the SDK's DefaultCache.
 * The SDK's default cache is process-global and keyed by appId only.
 * `sets` records every set() call so tests can see the implicit token fetch.
 */
function freshCache() {
  const values = new Map();
  const sets = [];
  const keyOf = (key, options) => (options && options.namespace ? `${options.namespace}/${key.toString()}` : key);
  return {
    sets,
    values,
    async get(key, options) {
      const d = values.get(keyOf(key, options));
      if (d && (!d.expiredTime || d.expiredTime - Date.now() > 0)) return d.value;
      return undefined;
    },
    async set(key, value, expiredTime, options) {
      sets.push({ key, value, expiredTime, namespace: options && options.namespace });
      values.set(keyOf(key, options), { value, expiredTime });
      return true;
    },
  };
}

/**
 * SDK logger options. The SDK logs every failed call (expected here), so it is
 * silent unless FILEGATE_SDK_LOG=1. (Note: LoggerLevel.fatal is 0, which the SDK
 * treats as "unset" and replaces with info; hence level error + a silent logger.)
 */
const silent = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
function sdkLogOptions() {
  return process.env.FILEGATE_SDK_LOG
    ? { loggerLevel: lark.LoggerLevel.debug }
    : { loggerLevel: lark.LoggerLevel.error, logger: silent };
}

/** An SDK client pointed at the local server, with its own token cache. */
function newClient(url, app, extra = {}) {
  return new lark.Client({
    appId: app.appId,
    appSecret: app.appSecret,
    domain: url,
    disableTokenCache: false,
    cache: freshCache(),
    ...sdkLogOptions(),
    ...extra,
  });
}

module.exports = { startServer, newClient, freshCache, sdkLogOptions, runCli, metadataEnv, FILEGATE_BIN, REPO_ROOT, lark };
