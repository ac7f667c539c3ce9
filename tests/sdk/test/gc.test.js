'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Garbage collection: the bytes of deleted files go (POST /_filegate/api/v1/gc, `filegate gc`), everything a client
// can still reach stays and downloads with the official SDK, and nothing younger than the grace period is touched.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const parsePrometheus = require('parse-prometheus-text-format');
const { startServer, newClient, runCli, storeEnv, CLUSTER_SKIP, FILEGATE_BIN } = require('../lib/server');
const { readAll } = require('../lib/helpers');

const T = { timeout: 60000 };

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
}

describe('garbage collection', () => {
  let server;
  const admin = async (apiPath, init) => {
    const res = await server.admin(apiPath, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const importFile = async (dialect, query, bytes) => {
    const sent = await fetch(`${server.url}/_filegate/api/v1/files/${dialect}?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}` },
      body: bytes,
    });
    const body = await sent.json();
    assert.equal(sent.status, 201, JSON.stringify(body));
    return body.handle;
  };
  const remove = async (dialect, handle) =>
    assert.equal((await admin(`files/${dialect}/${encodeURIComponent(handle)}`, { method: 'DELETE' })).status, 200);
  const gc = (body) => admin('gc', { method: 'POST', body });
  const blobs = () => filesUnder(path.join(server.dataDir, 'blobs')).length;

  before(async () => {
    server = await startServer({ extraArgs: ['--gc-interval', '0'] });
  });
  after(async () => {
    await server?.stop();
  });

  it('takes the bytes of deleted files and keeps what clients can still reach',
    { ...T, skip: CLUSTER_SKIP('counts the blob files in the data dir') }, async () => {
    const { appId } = server.app;
    const live = Buffer.from('still referred to by a Feishu file key');
    const shared = Buffer.from('the same bytes under two file keys');
    const doomed = Buffer.from('deleted: nothing refers to these bytes any more');
    const liveKey = await importFile('feishu', { owner: appId, name: 'live.txt' }, live);
    const sharedKeys = [
      await importFile('feishu', { owner: appId, name: 'a.txt' }, shared),
      await importFile('feishu', { owner: appId, name: 'b.txt' }, shared),
    ];
    const doomedKey = await importFile('feishu', { owner: appId, name: 'doomed.txt' }, doomed);
    const cozeDoomed = await importFile('coze', { owner: server.coze.token, name: 'c.txt' }, Buffer.from('coze bytes'));
    // An SMH file in the recycle bin can be restored: its item refers to its objects, which stay until the bin is
    // emptied.
    const recycled = Buffer.from('in the SMH recycle bin');
    const smhRecycled = await importFile('smh', { owner: server.smh.libraryId, name: 'recycled.txt' }, recycled);
    await remove('feishu', doomedKey);
    await remove('feishu', sharedKeys[0]);
    await remove('coze', cozeDoomed);
    await remove('smh', smhRecycled);
    const before = blobs();

    // Everything is younger than the default grace (an hour): nothing goes yet.
    const young = await gc({});
    assert.equal(young.status, 200, JSON.stringify(young.body));
    assert.deepEqual([young.body.objects, young.body.blobs], [0, 0]);
    assert.equal(blobs(), before);

    const dry = await gc({ grace_s: 0, dry_run: true });
    assert.equal(dry.body.dry_run, true);
    assert.equal(dry.body.blobs, 2, JSON.stringify(dry.body));
    assert.equal(blobs(), before, 'a dry run removes nothing');

    const run = await gc({ grace_s: 0 });
    assert.equal(run.status, 200);
    assert.equal(run.body.objects, 3, 'the deleted Feishu, shared and Coze files\' objects');
    assert.equal(run.body.blobs, 2, 'the doomed and Coze bytes; the shared bytes have another file key');
    assert.equal(run.body.blob_bytes, doomed.length + 'coze bytes'.length);
    assert.equal(blobs(), before - 2);
    assert.equal((await gc({ grace_s: 0 })).body.blobs, 0, 'nothing left');

    // Emptying the recycle bin leaves the SMH file's bytes unreferenced.
    const { accessToken } = await (await fetch(`${server.url}/api/v1/token?library_id=${server.smh.libraryId}` +
      `&library_secret=${server.smh.librarySecret}`)).json();
    const emptied = await fetch(`${server.url}/api/v1/recycled/${server.smh.libraryId}/-?access_token=${accessToken}`,
      { method: 'DELETE' });
    assert.equal(emptied.status, 204);
    const afterEmptying = await gc({ grace_s: 0 });
    assert.deepEqual([afterEmptying.body.objects, afterEmptying.body.blobs, afterEmptying.body.blob_bytes],
      [1, 1, recycled.length]);
    const freed = doomed.length + 'coze bytes'.length + recycled.length;
    assert.equal(blobs(), before - 3);

    const client = newClient(server.url, server.app);
    for (const [key, bytes] of [[liveKey, live], [sharedKeys[1], shared]]) {
      const res = await client.im.file.get({ path: { file_key: key } });
      assert.deepEqual(await readAll(res.getReadableStream()), bytes);
    }
    const names = (await admin('objects')).body.objects.map((o) => o.name).sort();
    assert.deepEqual(names, ['b.txt', 'live.txt'], 'only the files clients can reach keep their objects');

    const metrics = parsePrometheus(await (await fetch(`${server.url}/_filegate/metrics`)).text());
    const metric = (name, kind) => {
      const family = metrics.find((m) => m.name === name);
      const sample = family.metrics.find((m) => (kind ? m.labels.kind === kind : true));
      return Number(sample.value);
    };
    assert.equal(metric('filegate_gc_runs_total'), 4, 'the runs that removed (or could have): not the dry run');
    assert.equal(metric('filegate_gc_removed_total', 'blobs'), 3);
    assert.equal(metric('filegate_gc_reclaimed_bytes_total', 'blobs'), freed);
  });

  it('refuses a malformed request and one without the admin token', T, async () => {
    assert.equal((await gc({ grace_s: -1 })).status, 400);
    assert.equal((await gc({ dry_run: 'yes' })).status, 400);
    const anonymous = await fetch(`${server.url}/_filegate/api/v1/gc`, { method: 'POST' });
    assert.equal(anonymous.status, 401);
  });

  it('`filegate gc` refuses a data dir a server is running on', T, async () => {
    // A node's data dir (the data dir itself, unless the server is several nodes, each on a subdirectory of it).
    assert.throws(() => execFileSync(FILEGATE_BIN, ['gc', '--dry-run', '--data-dir', server.nodes[0].dataDir],
      { stdio: 'pipe', env: { ...process.env, ...storeEnv(server.dataDir) } }),
    /in use by another filegate serve.*\/_filegate\/api\/v1\/gc/s);
  });
});

describe('filegate gc', () => {
  it('removes the parts of uploads no session names, after a dry run that only reports them',
    { ...T, skip: CLUSTER_SKIP('writes the parts of an upload into the data dir') }, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-gc-cli-'));
    try {
      runCli(dataDir, ['app', 'create', '--platform', 'feishu']);
      // What a crash between an upload's end and the removal of its part files leaves behind.
      const orphan = path.join(dataDir, 'parts', 'orphaned-upload');
      fs.mkdirSync(orphan, { recursive: true });
      fs.writeFileSync(path.join(orphan, '1'), Buffer.alloc(1000, 7));

      assert.match(runCli(dataDir, ['gc', '--grace', '0', '--dry-run']), /parts of 1 upload\(s\) \(1000 bytes\) would be removed/);
      assert.ok(fs.existsSync(orphan));
      assert.match(runCli(dataDir, ['gc']), /parts of 0 upload/, 'the default grace keeps what was written just now');
      assert.ok(fs.existsSync(orphan));
      assert.match(runCli(dataDir, ['gc', '--grace', '0']), /parts of 1 upload\(s\) \(1000 bytes\) removed/);
      assert.equal(fs.existsSync(orphan), false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a data dir that does not exist', T, () => {
    assert.throws(() => execFileSync(FILEGATE_BIN, ['gc', '--data-dir', path.join(os.tmpdir(), 'no-such-filegate-dir')],
      { stdio: 'pipe' }), /does not exist/);
  });
});
