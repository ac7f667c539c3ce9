'use strict';
// kill -9 loop over every upload path (issue 16; what it proves: tests/crash/README.md).
//
// Each round: concurrent uploads through every path, with random sizes; SIGKILL of the server (by its PID) at a
// random moment; restart on the same data dir and port; then every upload whose final response was a success
// must download byte-identical through its own dialect, and every object the admin API lists must hold complete,
// correct bytes of something a client sent. Uploads cut off with an open session are resumed after the restart, as
// a client would resume them. At the end, in each data dir: the open sessions are finished, a garbage collection
// is killed half-way, then one runs to the end, and no garbage may be left.
//
// Environment: CRASH_KILLS (default 30), CRASH_CONCURRENCY (6), CRASH_SEED (random), CRASH_KILLS_PER_DIR (50: a
// fresh data dir after that many kills, so a long run's disk use stays bounded), CRASH_KILL_MIN_MS / _MAX_MS
// (20 / 1500: when the kill comes, after the round's uploads start), CRASH_RECHECK_SAMPLE (10: older acknowledged
// uploads downloaded again after each restart), CRASH_TIME_LIMIT_S (a hang fails the run), CRASH_KEEP=1 (keep the
// data dirs), CRASH_REQUIRE_GC=1 (a filegate without garbage collection fails), FILEGATE_BIN (default build/filegate).

process.env.NO_PROXY = '127.0.0.1,localhost';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { Wire, HttpError, NetworkError, jsonBody, sha256 } = require('./lib/wire');
const { FIXTURES_TOML, KINDS, fetchTokens, downloadBytes, cozeRetrieve } = require('./lib/flows');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.resolve(process.env.FILEGATE_BIN || path.join(REPO_ROOT, 'build', 'filegate'));
const envInt = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};
const KILLS = envInt('CRASH_KILLS', 30);
const CONCURRENCY = Math.max(1, envInt('CRASH_CONCURRENCY', 6));
const SEED = envInt('CRASH_SEED', crypto.randomInt(1, 2 ** 31));
const KILLS_PER_DIR = Math.max(1, envInt('CRASH_KILLS_PER_DIR', 50));
const KILL_MIN_MS = envInt('CRASH_KILL_MIN_MS', 20);
const KILL_MAX_MS = Math.max(KILL_MIN_MS, envInt('CRASH_KILL_MAX_MS', 1500));
const RECHECK_SAMPLE = envInt('CRASH_RECHECK_SAMPLE', 10);
const TIME_LIMIT_S = envInt('CRASH_TIME_LIMIT_S', 180 + 20 * KILLS);
const KEEP = process.env.CRASH_KEEP === '1';
const REQUIRE_GC = process.env.CRASH_REQUIRE_GC === '1';
const ADMIN_TOKEN = 'crash-admin-token-000000000000001';
const READY_TIMEOUT_MS = 30000;
const MAX_FAILURES = 25; // a broken store fails everything after: stop collecting once the point is made
const MiB = 1024 * 1024;

// ---- seeded choices (kinds, sizes, kill times); payload bytes come from crypto ----
let rngState = SEED >>> 0;
function rng() { // mulberry32
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)); // inclusive
const pick = (list) => list[Math.floor(rng() * list.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A sleep that does not keep the process alive: the losing side of a race with a deadline. */
const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());

const POOL = crypto.randomBytes(8 * MiB);
/** Random bytes of `size`, unique (the first 16 bytes are fresh) so that each object names the upload it came from. */
function payload(size) {
  const data = Buffer.allocUnsafe(size);
  const from = randInt(0, POOL.length - size);
  POOL.copy(data, 0, from, from + size);
  crypto.randomFillSync(data, 0, Math.min(16, size));
  return data;
}

/** 0 B to a few MiB, skewed small; chunked paths often land on or around a part boundary. */
function pickSize(spec, partSize) {
  const r = rng();
  let size;
  if (spec.boundary && r < 0.4) {
    size = spec.boundary + pick([-1, 0, 1, randInt(-64 * 1024, -2), randInt(2, 1 * MiB)]);
  } else if (partSize && r < 0.25) {
    size = partSize * randInt(1, 4) + pick([-1, 0, 1]);
  } else if (r < 0.08) size = randInt(0, 16);
  else if (r < 0.45) size = randInt(17, 64 * 1024);
  else if (r < 0.8) size = randInt(64 * 1024, 1 * MiB);
  else if (r < 0.95) size = randInt(1 * MiB, 3 * MiB);
  else size = randInt(3 * MiB, 5 * MiB);
  return Math.max(spec.minSize, size);
}

// ---- results ----
const failures = [];
const totals = {
  kills: 0, gcKills: 0, restarts: 0, started: 0, acked: 0, ackedByKind: {}, resumed: 0, resumedAcked: 0, unknown: 0,
  rechecks: 0, objectChecks: 0, handleChecks: 0, listingChecks: 0, readyMs: [], gc: [], dirs: 0,
};
function fail(message) {
  failures.push(message);
  console.error(`FAIL: ${message}`);
  if (failures.length >= MAX_FAILURES) throw new Error(`${failures.length} failures: giving up`);
}

// ---- the server process ----
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let current = null; // the live Server, killed on exit whatever happens

class Server {
  constructor(dataDir, fixtures, port) {
    this.dataDir = dataDir;
    this.fixtures = fixtures;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.stderr = '';
    this.exited = null;
    this.expectExit = false;
  }

  async start() {
    const args = ['serve', '--data-dir', this.dataDir, '--listen', '127.0.0.1', '--port', String(this.port),
      '--fixtures', this.fixtures, '--admin-token', ADMIN_TOKEN, '--rate-limits=off', '--access-log=off'];
    const began = Date.now();
    this.child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    current = this;
    this.child.stdout.resume(); // the banner: drained, never needed
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-16000); });
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        if (current === this) current = null;
        if (!this.expectExit) fail(`the server (pid ${this.pid}) exited by itself: code=${code} signal=${signal}\n${this.stderr.slice(-3000)}`);
        resolve(this.exited);
      });
    });
    const deadline = began + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the server exited during start-up (${JSON.stringify(this.exited)}):\n${this.stderr.slice(-3000)}`);
      const probe = new Wire(this.base);
      try {
        const res = await probe.request('GET', '/_filegate/ready', { timeoutMs: 2000 });
        if (res.status === 200) return Date.now() - began;
      } catch { /* not listening yet */ } finally {
        probe.destroy();
      }
      await sleep(10);
    }
    throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms:\n${this.stderr.slice(-3000)}`);
  }

  async kill9() {
    this.expectExit = true;
    process.kill(this.pid, 'SIGKILL');
    await this.exitPromise;
  }

  async stop() {
    this.expectExit = true;
    process.kill(this.pid, 'SIGTERM');
    const done = await Promise.race([this.exitPromise, deadline(15000).then(() => null)]);
    if (!done) {
      process.kill(this.pid, 'SIGKILL');
      await this.exitPromise;
      fail(`the server did not stop within 15 s of SIGTERM:\n${this.stderr.slice(-3000)}`);
    } else if (done.code !== 0) {
      fail(`the server stopped with code=${done.code} signal=${done.signal} on SIGTERM:\n${this.stderr.slice(-3000)}`);
    }
  }
}

// ---- one data dir: its server, what was acknowledged in it, what has been checked ----
class DataDir {
  constructor(index) {
    this.index = index;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-crash-'));
    this.fixtures = path.join(this.dir, 'crash-fixtures.toml'); // beside the store's own files, never under them
    fs.writeFileSync(this.fixtures, FIXTURES_TOML);
    this.dataDir = path.join(this.dir, 'data');
    this.acked = []; // {name, kind, size, sha, handle, round}
    this.payloads = new Map(); // sha256 -> size of every payload a client sent in this dir
    this.resumable = []; // uploads cut off with a session open: resumed in the next round
    this.checkedObjects = new Set(); // `${id}:${sha}` whose content hashed right
    this.checkedHandles = new Set();
    this.seq = 0;
  }

  async startServer() {
    for (let attempt = 0; ; attempt++) {
      if (!this.port) this.port = await freePort();
      const server = new Server(this.dataDir, this.fixtures, this.port);
      try {
        const ms = await server.start();
        this.server = server;
        return ms;
      } catch (e) {
        // The port may have been taken by something else meanwhile: another one, at most twice.
        if (attempt >= 2 || !/address already in use|bind/i.test(e.message)) throw e;
        this.port = null;
      }
    }
  }

  newUpload(round) {
    const kind = pick(Object.keys(KINDS));
    const spec = KINDS[kind];
    const partSize = spec.partSizes ? pick(spec.partSizes) : undefined;
    const size = pickSize(spec, partSize);
    const data = payload(size);
    const sha = sha256(data);
    this.payloads.set(sha, size);
    const name = `${kind}-d${this.index}-r${round}-${++this.seq}.bin`;
    totals.started++;
    return { kind, name, size, data, sha, partSize, session: null, finalSent: false, resumes: 0, round };
  }
}

/** The client side of one server process: its wire and tokens. `killed` once the kill has been ordered. */
async function connect(server) {
  const ctx = { wire: new Wire(server.base), killed: false, server };
  ctx.tokens = await fetchTokens(ctx.wire);
  return ctx;
}

const describeUpload = (u) => `${u.kind} ${u.name} (${u.size} B${u.resumes ? `, resumed ${u.resumes}x` : ''})`;

/** Runs (or resumes) one upload to its end: acknowledged, cut off, or refused. Never throws. */
async function runUpload(store, u, ctx) {
  try {
    const handle = await KINDS[u.kind].run(u, ctx);
    store.acked.push({ name: u.name, kind: u.kind, size: u.size, sha: u.sha, handle, round: u.round, fresh: true });
    totals.acked++;
    totals.ackedByKind[u.kind] = (totals.ackedByKind[u.kind] || 0) + 1;
    if (u.resumes) totals.resumedAcked++;
    u.data = null;
    return 'acked';
  } catch (e) {
    if (e instanceof NetworkError) {
      if (!ctx.killed) {
        fail(`${describeUpload(u)}: the connection failed while the server was up: ${e.message}`);
      } else if (u.session) {
        store.resumable.push(u);
        return 'cut';
      } else {
        totals.unknown++; // nothing of it was acknowledged: it may or may not exist, complete
      }
    } else if (e instanceof HttpError && e.sessionGone && u.finalSent) {
      totals.unknown++; // its completion was sent before the kill and went through: the session is spent
    } else if (e instanceof HttpError && e.sessionGone) {
      fail(`${describeUpload(u)}: an acknowledged upload session is gone after the restart (its completion was never sent): ${e.message}`);
    } else {
      fail(`${describeUpload(u)}: ${e instanceof HttpError ? e.message : e.stack || e.message}`);
    }
    u.data = null;
    return 'ended';
  }
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool(items, n, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

// ---- checks ----
function admin(ctx, method, p, body) {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return ctx.wire.request(method, `/_filegate/api/v1/${p}`, { headers, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)) });
}

async function listObjects(ctx) {
  const res = await admin(ctx, 'GET', 'objects');
  const body = jsonBody(res);
  if (res.status !== 200 || !body || !Array.isArray(body.objects)) throw new HttpError('GET admin objects', res);
  return body.objects;
}

const handleKey = (h) => `${h.dialect}/${h.kind}/${h.handle}`;

/**
 * What a handle downloads through its own dialect: {sha, size}. Coze has no download API: `files/retrieve` must
 * report the object's size, and the bytes are read through the admin API.
 */
async function viaDialect(ctx, h, object) {
  if (h.dialect === 'coze') {
    const meta = await cozeRetrieve(ctx, h.handle);
    if (meta.bytes !== object.size) return { sha: `(files/retrieve says ${meta.bytes} bytes)`, size: meta.bytes };
    return contentOf(ctx, object);
  }
  const bytes = await downloadBytes(ctx, h);
  return { sha: sha256(bytes), size: bytes.length };
}

async function contentOf(ctx, object) {
  const res = await admin(ctx, 'GET', `objects/${encodeURIComponent(object.id)}/content`);
  if (res.status !== 200) throw new HttpError(`GET admin objects/${object.id}/content`, res);
  return { sha: sha256(res.body), size: res.body.length };
}

/**
 * After a restart (or at the end): every acknowledged upload is listed with its digest; those of the round just
 * killed (and a sample of older ones, or all with `all`) download byte-identical through their dialect; every
 * listed object holds bytes some client sent, whole; every other handle downloads its object's bytes. Objects and
 * handles are checked when first seen; with `all`, those no acknowledged upload accounts for are checked again.
 */
async function checkStore(store, ctx, { all = false, what }) {
  const objects = await listObjects(ctx);
  const byHandle = new Map();
  for (const o of objects) for (const h of o.handles) byHandle.set(handleKey(h), o);

  // 1. Listed, with the digest of the bytes sent: every acknowledged upload, every time.
  const toDownload = [];
  const older = [];
  for (const a of store.acked) {
    totals.listingChecks++;
    const o = byHandle.get(handleKey(a.handle));
    if (!o) {
      fail(`${what}: acknowledged ${a.kind} ${a.name} (${a.size} B, round ${a.round}) is LOST: no object has handle ${handleKey(a.handle)}`);
    } else if (o.sha256 !== a.sha || o.size !== a.size) {
      fail(`${what}: acknowledged ${a.kind} ${a.name} is CORRUPT in the listing: ${a.size} B ${a.sha} sent, object ${o.id} has ${o.size} B ${o.sha256}`);
    } else if (all || a.fresh) {
      toDownload.push([a, o]);
    } else {
      older.push([a, o]);
    }
    a.fresh = false;
  }
  for (let i = 0; i < RECHECK_SAMPLE && older.length; i++) toDownload.push(older.splice(randInt(0, older.length - 1), 1)[0]);

  // 2. Byte-identical through the dialect.
  await pool(toDownload, 4, async ([a, o]) => {
    totals.rechecks++;
    store.checkedHandles.add(handleKey(a.handle));
    try {
      const got = await viaDialect(ctx, a.handle, o);
      if (got.sha !== a.sha || got.size !== a.size) {
        fail(`${what}: acknowledged ${a.kind} ${a.name} downloads WRONG through ${handleKey(a.handle)}: ${got.size} B ${got.sha}, sent ${a.size} B ${a.sha}`);
      }
    } catch (e) {
      fail(`${what}: acknowledged ${a.kind} ${a.name} does not download through ${handleKey(a.handle)}: ${e.message}`);
    }
  });

  // 3. Nothing half-made: each object's content is something sent, whole, and hashes to its recorded digest.
  const newObjects = [];
  const newHandles = [];
  const ackedDigests = all ? new Set(store.acked.map((a) => a.sha)) : null; // those were just downloaded
  for (const o of objects) {
    const sent = store.payloads.get(o.sha256);
    if (sent === undefined) {
      fail(`${what}: object ${o.id} (${o.name}, ${o.size} B, handles ${JSON.stringify(o.handles)}) has a digest no client sent: ${o.sha256}`);
      continue;
    }
    if (sent !== o.size) fail(`${what}: object ${o.id} (${o.name}) is listed with ${o.size} B, its content has ${sent}`);
    if (!store.checkedObjects.has(`${o.id}:${o.sha256}`) || (all && !ackedDigests.has(o.sha256))) newObjects.push(o);
    for (const h of o.handles) if (!store.checkedHandles.has(handleKey(h)) || (all && !ackedDigests.has(o.sha256))) newHandles.push([h, o]);
  }
  await pool(newObjects, 4, async (o) => {
    totals.objectChecks++;
    try {
      const got = await contentOf(ctx, o);
      if (got.sha !== o.sha256 || got.size !== o.size) {
        fail(`${what}: object ${o.id} (${o.name}) content is ${got.size} B ${got.sha}, listed as ${o.size} B ${o.sha256}`);
      } else {
        store.checkedObjects.add(`${o.id}:${o.sha256}`);
      }
    } catch (e) {
      fail(`${what}: object ${o.id} (${o.name}) content does not download: ${e.message}`);
    }
  });
  // 4. Handles no acknowledgement named (their uploads' answers were lost to a kill) serve whole bytes too.
  await pool(newHandles, 4, async ([h, o]) => {
    totals.handleChecks++;
    store.checkedHandles.add(handleKey(h));
    try {
      const got = await viaDialect(ctx, h, o);
      if (got.sha !== o.sha256 || got.size !== o.size) {
        fail(`${what}: ${handleKey(h)} (an upload never acknowledged) downloads ${got.size} B ${got.sha}, its object has ${o.size} B ${o.sha256}`);
      }
    } catch (e) {
      fail(`${what}: ${handleKey(h)} (an upload never acknowledged) is listed but does not download: ${e.message}`);
    }
  });
  return objects;
}

// ---- garbage ----
function filesUnder(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Whether this filegate has garbage collection (`filegate gc`, and with it POST /_filegate/api/v1/gc). */
function hasGarbageCollection() {
  const help = execFileSync(BIN, ['--help'], { encoding: 'utf8', timeout: 10000 });
  return /^\s+gc\s/m.test(help);
}

/** POST /_filegate/api/v1/gc {"grace_s":0}: collect everything unreferenced now. Returns the report. */
async function collectGarbage(ctx, { dryRun = false } = {}) {
  const request = dryRun ? { grace_s: 0, dry_run: true } : { grace_s: 0 };
  const res = await admin(ctx, 'POST', 'gc', request);
  const body = jsonBody(res);
  if (res.status !== 200 || !body) throw new HttpError(`POST admin gc ${JSON.stringify(request)}`, res);
  return body;
}

/**
 * After a garbage collection with no grace and no upload open: no upload's parts (parts/ holds no upload dir), no
 * staged file (staging/ is empty), and exactly one blob per distinct digest among the listed objects.
 */
function checkNoGarbageAfterGc(store, objects, what) {
  const data = store.dataDir;
  const partDirs = fs.existsSync(path.join(data, 'parts')) ? fs.readdirSync(path.join(data, 'parts')) : [];
  if (partDirs.length) fail(`${what}: parts/ still holds ${partDirs.length} upload dir(s): ${partDirs.slice(0, 5).join(', ')}`);
  const staged = filesUnder(path.join(data, 'staging'));
  if (staged.length) fail(`${what}: staging/ still holds ${staged.length} file(s): ${staged.slice(0, 5).map((f) => path.basename(f)).join(', ')}`);
  const blobs = new Set(filesUnder(path.join(data, 'blobs')).map((f) => path.basename(f)));
  const digests = new Set(objects.map((o) => o.sha256));
  const extra = [...blobs].filter((b) => !digests.has(b));
  const missing = [...digests].filter((d) => !blobs.has(d));
  if (blobs.size !== digests.size || extra.length || missing.length) {
    fail(`${what}: blobs/ holds ${blobs.size} file(s) for ${digests.size} distinct digest(s) among the ${objects.length} listed objects` +
      `${extra.length ? `; not referenced: ${extra.slice(0, 5).join(', ')}` : ''}${missing.length ? `; missing: ${missing.slice(0, 5).join(', ')}` : ''}`);
  }
  return { partDirs: partDirs.length, staged: staged.length, blobs: blobs.size, digests: digests.size };
}

/** Every acknowledged upload's blob is on disk at its full size (cheap; after a garbage collection). */
function checkAckedBlobs(store, what) {
  for (const a of store.acked) {
    const p = path.join(store.dataDir, 'blobs', a.sha.slice(0, 2), a.sha.slice(2, 4), a.sha);
    let size = -1;
    try { size = fs.statSync(p).size; } catch { /* missing */ }
    if (size !== a.size) fail(`${what}: acknowledged ${a.kind} ${a.name}: its blob ${a.sha} is ${size < 0 ? 'gone' : `${size} B, not ${a.size}`}`);
  }
}

// ---- the loop ----
async function restart(store, what) {
  const ms = await store.startServer();
  totals.restarts++;
  totals.readyMs.push(ms);
  return { ms, ctx: await connect(store.server) };
}

/** One round: uploads (resumed ones first) until a SIGKILL at a random moment. */
async function uploadUntilKilled(store, ctx, round) {
  const resumes = store.resumable.splice(0);
  const killAfter = randInt(KILL_MIN_MS, KILL_MAX_MS);
  const outcome = { acked: 0, cut: 0, ended: 0, resumed: resumes.length };
  const worker = async () => {
    while (!ctx.killed) {
      const u = resumes.shift() || store.newUpload(round);
      if (u.resumes || u.session) { u.resumes++; totals.resumed++; }
      outcome[await runUpload(store, u, ctx)]++;
    }
  };
  const workers = Array.from({ length: CONCURRENCY }, worker);
  await sleep(killAfter);
  ctx.killed = true;
  await store.server.kill9();
  totals.kills++;
  ctx.wire.destroy();
  const settled = await Promise.race([Promise.all(workers).then(() => true), deadline(30000).then(() => false)]);
  if (!settled) throw new Error(`round ${round}: uploads did not end within 30 s of the kill`);
  store.resumable.push(...resumes); // resumes no worker got to
  return { killAfter, ...outcome };
}

/** The end of a data dir: open sessions finished, a collection killed half-way, one run to the end, no garbage. */
async function finish(store, ctx) {
  const open = store.resumable.splice(0);
  await pool(open, CONCURRENCY, async (u) => {
    u.resumes++;
    totals.resumed++;
    await runUpload(store, u, ctx);
  });
  if (store.resumable.length) fail(`${store.resumable.length} upload(s) still open after the final resume`);
  await checkStore(store, ctx, { all: true, what: `dir ${store.index} before garbage collection` });

  if (!hasGarbageCollection()) {
    if (REQUIRE_GC) fail('this filegate has no garbage collection (no `gc` command), and CRASH_REQUIRE_GC=1');
    console.log('  garbage collection: SKIPPED (this filegate has no `gc` command nor POST /_filegate/api/v1/gc)');
    totals.gc.push('skipped');
    return ctx;
  }
  // A collection cut off by a kill loses nothing acknowledged. A dry run (the same scan) says how long one takes,
  // so that the kill lands before, during or just after the real one.
  const timed = Date.now();
  await collectGarbage(ctx, { dryRun: true });
  const dryRunMs = Date.now() - timed;
  const cutAfter = randInt(0, Math.max(5, Math.round(dryRunMs * 1.5)));
  const gcCall = collectGarbage(ctx).catch(() => null);
  await sleep(cutAfter);
  ctx.killed = true;
  await store.server.kill9();
  totals.gcKills++;
  ctx.wire.destroy();
  const cutReport = await gcCall;
  ({ ctx } = await restart(store, 'after a kill during garbage collection'));
  checkAckedBlobs(store, `dir ${store.index} after a kill ${cutAfter} ms into garbage collection`);
  await checkStore(store, ctx, { what: `dir ${store.index} after a kill during garbage collection` });

  const report = await collectGarbage(ctx);
  const objects = await checkStore(store, ctx, { what: `dir ${store.index} after garbage collection` });
  checkAckedBlobs(store, `dir ${store.index} after garbage collection`);
  const left = checkNoGarbageAfterGc(store, objects, `dir ${store.index} after garbage collection`);
  totals.gc.push({ report, left });
  console.log(`  garbage collection: killed ${cutAfter} ms into one (a dry run took ${dryRunMs} ms; it had ` +
    `${cutReport ? 'answered' : 'not answered'}); then ${JSON.stringify(report)}; left ${left.blobs} blob(s) for ${left.digests} digest(s), ` +
    `${left.partDirs} part dir(s), ${left.staged} staged file(s)`);
  return ctx;
}

async function runDir(index, kills, firstRound) {
  const store = new DataDir(index);
  totals.dirs++;
  console.log(`data dir ${index}: ${kills} kill(s) in ${store.dir}`);
  let { ctx } = await restart(store, 'first start');
  try {
    for (let i = 0; i < kills; i++) {
      const round = firstRound + i;
      const r = await uploadUntilKilled(store, ctx, round);
      const restarted = await restart(store, `round ${round}`);
      ctx = restarted.ctx;
      const before = failures.length;
      await checkStore(store, ctx, { what: `round ${round} (killed after ${r.killAfter} ms)` });
      console.log(`round ${round}/${KILLS}: killed after ${r.killAfter} ms: ${r.acked} acknowledged, ${r.cut} cut off with a session open, ` +
        `${r.ended} other, ${r.resumed} resumed; ready again in ${restarted.ms} ms; ${store.acked.length} acknowledged in this dir` +
        `${failures.length > before ? `; ${failures.length - before} FAILURE(S)` : ''}`);
    }
    ctx = await finish(store, ctx);
    await store.server.stop();
  } finally {
    if (ctx) ctx.wire.destroy();
  }
  if (!KEEP && !failures.length) fs.rmSync(store.dir, { recursive: true, force: true });
  else console.log(`  kept ${store.dir}`);
}

/** One line for the summary: what the garbage checks of all data dirs found. */
function describeGarbage(runs) {
  const checked = runs.filter((g) => g !== 'skipped');
  if (!checked.length) return 'not checked (no garbage collection in this filegate)';
  const sum = (f) => checked.reduce((n, g) => n + g.left[f], 0);
  return `after garbage collection in ${checked.length} data dir(s): ${sum('blobs')} blob(s) for ${sum('digests')} ` +
    `distinct digest(s), ${sum('partDirs')} upload part dir(s), ${sum('staged')} staged file(s)` +
    `${checked.length < runs.length ? `; not checked in ${runs.length - checked.length}` : ''}`;
}

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`filegate binary not found at ${BIN} (set FILEGATE_BIN)`);
  const began = Date.now();
  console.log(`crash loop: ${KILLS} kill(s), ${CONCURRENCY} concurrent uploads, kill after ${KILL_MIN_MS}-${KILL_MAX_MS} ms, ` +
    `seed ${SEED} (CRASH_SEED=${SEED} repeats the choices), ${BIN}`);
  const watchdog = setTimeout(() => {
    console.error(`FAIL: the crash loop did not end within CRASH_TIME_LIMIT_S=${TIME_LIMIT_S} s`);
    if (current) try { process.kill(current.pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(1);
  }, TIME_LIMIT_S * 1000);
  watchdog.unref();

  let error = null;
  try {
    let round = 1;
    for (let index = 1; round <= KILLS || index === 1; index++) {
      const kills = Math.min(KILLS_PER_DIR, KILLS - round + 1);
      await runDir(index, kills, round);
      round += kills;
      if (kills === 0) break;
    }
  } catch (e) {
    error = e;
  } finally {
    if (current) try { process.kill(current.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  if (error && !/failures: giving up/.test(error.message)) failures.push(`the crash loop stopped: ${error.stack || error.message}`);

  const ready = totals.readyMs;
  const byKind = Object.entries(totals.ackedByKind).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log([
    '',
    `== crash loop summary (seed ${SEED}, ${((Date.now() - began) / 1000).toFixed(1)} s, ${totals.dirs} data dir(s))`,
    `kills:        ${totals.kills} during uploads + ${totals.gcKills} during garbage collection (SIGKILL by PID), restarts ${totals.restarts}, ready in max ${ready.length ? Math.max(...ready) : 0} ms ` +
      `(mean ${ready.length ? Math.round(ready.reduce((a, b) => a + b, 0) / ready.length) : 0} ms)`,
    `uploads:      ${totals.started} started, ${totals.acked} acknowledged (${byKind}), ${totals.unknown} ended unanswered (their outcome unknown to the client), ` +
      `${totals.resumed} resumed after a restart (${totals.resumedAcked} then acknowledged)`,
    `re-checks:    ${totals.rechecks} downloads of acknowledged uploads through their dialect, ${totals.listingChecks} listing checks, ` +
      `${totals.objectChecks} objects' content, ${totals.handleChecks} unacknowledged handles`,
    `garbage:      ${describeGarbage(totals.gc)}`,
    `failures:     ${failures.length}`,
  ].join('\n'));
  if (failures.length) {
    console.log(failures.map((f, i) => `  ${i + 1}. ${f.split('\n')[0]}`).join('\n'));
    process.exit(1);
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) try { process.kill(current.pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(130);
  });
}

main().catch((e) => {
  console.error(e);
  if (current) try { process.kill(current.pid, 'SIGKILL'); } catch { /* gone */ }
  process.exit(1);
});
