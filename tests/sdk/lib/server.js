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

// Cluster mode (issue 20; scripts/test.sh's third run of the suites): FILEGATE_TEST_CLUSTER=N (2 or more) with
// FILEGATE_TEST_POSTGRES and FILEGATE_TEST_S3 (an `s3://bucket?endpoint=…&region=…` URL; the credentials in
// FILEGATE_S3_ACCESS_KEY / FILEGATE_S3_SECRET_KEY, which the nodes read from the environment). startServer then starts
// N nodes, each on its own subdirectory of the data dir, over the data dir's database and an S3 prefix of its own, and
// a round-robin proxy in front of them (lib/round-robin-proxy.js): `url` is the proxy's, so every test's consecutive
// requests land on different nodes. A test that needs one process (its pid, its local disk) skips itself with
// CLUSTER_SKIP.
const CLUSTER_NODES = Number(process.env.FILEGATE_TEST_CLUSTER || 0);
const TEST_S3 = process.env.FILEGATE_TEST_S3 || '';
if (CLUSTER_NODES && (CLUSTER_NODES < 2 || !TEST_POSTGRES || !TEST_S3)) {
  throw new Error('FILEGATE_TEST_CLUSTER=N needs N >= 2, FILEGATE_TEST_POSTGRES and FILEGATE_TEST_S3');
}
const CLUSTER = CLUSTER_NODES >= 2;
/** For `{ skip: CLUSTER_SKIP(reason) }`: the reason in cluster mode, false otherwise. */
const CLUSTER_SKIP = (reason) => (CLUSTER ? `needs a single node: ${reason}` : false);
/**
 * Skips for what each node of a cluster keeps to itself (docs/scale-out.md, "The control plane across nodes"): a
 * test that counts on one node's state cannot pass when each of its requests reaches another node.
 */
const PER_NODE = {
  faultBudgets: CLUSTER_SKIP("a fault rule's after, times and random draws count per node"),
  journalOrder: CLUSTER_SKIP('journal seq numbers and event streams are per node'),
  metrics: CLUSTER_SKIP('metrics are per node'),
  rateLimits: CLUSTER_SKIP('rate limits are counted per node'),
};

/** The store name of a data dir: its database, and in cluster mode its S3 prefix too. */
function storeName(dataDir) {
  return 'fg_' + require('node:crypto').createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24);
}

/**
 * The environment that puts a data dir's store where the mode says: {} for the embedded store; its PostgreSQL
 * database (FILEGATE_METADATA, created on first use) with FILEGATE_TEST_POSTGRES; in cluster mode also its S3 prefix
 * (FILEGATE_BLOBS).
 */
function storeEnv(dataDir) {
  if (!TEST_POSTGRES) return {};
  const name = storeName(dataDir);
  const marker = path.join(dataDir, '.sdk-test-database');
  if (!fs.existsSync(marker)) {
    execFileSync('psql', [TEST_POSTGRES, '-qAtc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(marker, name);
  }
  const env = { FILEGATE_METADATA: TEST_POSTGRES.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`) };
  if (CLUSTER) {
    const s3 = new URL(TEST_S3);
    s3.pathname = `${s3.pathname.replace(/\/$/, '')}/${name}`;
    env.FILEGATE_BLOBS = s3.href;
  }
  return env;
}

/** Run the filegate CLI synchronously against dataDir; returns trimmed stdout. */
function runCli(dataDir, args) {
  const argv = [...args, '--data-dir', dataDir];
  try {
    return execFileSync(FILEGATE_BIN, argv, {
      env: { ...process.env, ...storeEnv(dataDir) },
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

/**
 * One `filegate serve` process with `args` and `env` added to this process's environment, ready (fixtures applied).
 * @returns {Promise<{url, pid, logs(), stop()}>}; stop() throws if the process did not stop cleanly.
 */
async function spawnNode(args, env) {
  const child = spawn(FILEGATE_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

  let url = null;
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
    // A server that stops on SIGTERM exits 0; a sanitizer build reports memory errors and undefined behaviour on
    // stderr and exits non-zero, which fails the suite that ran it.
    const report = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.exec(stderrLog);
    if (report || (exited && exited.code !== 0)) {
      throw new Error(`filegate did not stop cleanly (code=${exited && exited.code} signal=${exited && exited.signal})` +
        `\n--- stderr ---\n${stderrLog}`);
    }
  }

  return { url, pid: child.pid, logs, stop };
}

/**
 * The round-robin proxy (lib/round-robin-proxy.js) in a process of its own in front of `urls`, so that a test blocked
 * in a synchronous CLI call to the server is still answered. @returns {Promise<{url, close()}>}
 */
async function spawnProxy(urls) {
  const child = spawn(process.execPath, [path.join(__dirname, 'round-robin-proxy.js'), ...urls],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.on('error', () => { /* the proxy is gone already */ });
  const rl = readline.createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    rl.once('line', resolve);
    child.once('error', reject);
    exited.then((code) => reject(new Error(`the round-robin proxy exited (code=${code})`)));
  });
  rl.close();
  return {
    url,
    close: async () => {
      child.stdin.end(); // the proxy exits when its stdin closes
      await exited;
    },
  };
}

/**
 * Starts `filegate serve` on an ephemeral port, on a throwaway data dir, or on `dataDir` when given (then kept when the
 * server stops, so a test can look at it, run the CLI on it or start another server on it). In cluster mode (above)
 * the server is N nodes behind a proxy; a test that brings its own store (FILEGATE_METADATA or FILEGATE_BLOBS in
 * `env`) gets the one process it asked for.
 * @returns {Promise<{url, dataDir, app:{appId, appSecret}, cli, createApp, logs, stop, pid, nodes}>}: `pid` is null in
 * cluster mode; `nodes` lists each process ({url, pid, dataDir, logs}).
 */
async function startServer({ rateLimits = true, extraArgs = [], env = {}, dataDir: givenDataDir } = {}) {
  if (!fs.existsSync(FILEGATE_BIN)) {
    throw new Error(`filegate binary not found at ${FILEGATE_BIN} (set FILEGATE_BIN)`);
  }
  const dataDir = givenDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-sdk-test-'));
  const args = ['--listen', '127.0.0.1', '--port', '0'];
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

  const removeDir = () => {
    if (!givenDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const ownStore = 'FILEGATE_METADATA' in env || 'FILEGATE_BLOBS' in env;
  const nodeCount = CLUSTER && !ownStore ? CLUSTER_NODES : 1;
  const nodeEnv = { ...storeEnv(dataDir), ...env };
  const nodeDir = (i) => (nodeCount === 1 ? dataDir : path.join(dataDir, `node-${i + 1}`));
  const startNode = async (i) => {
    fs.mkdirSync(nodeDir(i), { recursive: true });
    const node = await spawnNode(['serve', '--data-dir', nodeDir(i), ...args], nodeEnv);
    return { ...node, dataDir: nodeDir(i) };
  };
  const nodes = [];
  let proxy = null;
  try {
    // The first node alone (it creates the tables and the bucket and applies the fixtures), then the others at once.
    nodes.push(await startNode(0));
    const others = await Promise.allSettled(Array.from({ length: nodeCount - 1 }, (_, i) => startNode(i + 1)));
    for (const o of others) if (o.status === 'fulfilled') nodes.push(o.value);
    const failed = others.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    if (nodeCount > 1) proxy = await spawnProxy(nodes.map((n) => n.url));
  } catch (e) {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    removeDir();
    throw e;
  }
  const url = proxy ? proxy.url : nodes[0].url;
  const { app, coze, dingtalk, smh } = FIXTURE_ACCOUNTS;

  let stopped = false;
  // One process's logs as they are; several nodes' one after the other, and the first exit any of them had.
  const logs = () => {
    const each = nodes.map((n) => n.logs());
    return {
      stdout: each.map((l) => l.stdout).join(''),
      stderr: each.map((l) => l.stderr).join(''),
      exited: each.map((l) => l.exited).find((x) => x) ?? null,
    };
  };

  async function stop() {
    if (stopped) return;
    stopped = true;
    if (proxy) await proxy.close();
    const results = await Promise.allSettled(nodes.map((n) => n.stop()));
    removeDir();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
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
    for (const node of nodes) {
      const { exited, stdout, stderr } = node.logs();
      if (!exited) continue;
      throw new Error(
        `filegate${nodes.length > 1 ? ` node ${node.url}` : ''} exited${what ? ` ${what}` : ''} ` +
          `(code=${exited.code} signal=${exited.signal}); ` +
          `stderr tail:\n${stderr.slice(-2000)}\nstdout tail:\n${stdout.slice(-2000)}`,
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
    if (logs().exited && !crashReported && !stopped) {
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
    pid: nodes.length === 1 ? nodes[0].pid : null,
    nodes: nodes.map(({ url: nodeUrl, pid, dataDir: dir, logs: nodeLogs }) => ({ url: nodeUrl, pid, dataDir: dir, logs: nodeLogs })),
    cli,
    createApp,
    logs,
    banner: () => waitForBanner(nodes[0].logs), // the first node's, when the server is several
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

module.exports = {
  startServer, newClient, freshCache, sdkLogOptions, runCli, storeEnv, CLUSTER, CLUSTER_SKIP, PER_NODE, FILEGATE_BIN, REPO_ROOT, lark,
};
