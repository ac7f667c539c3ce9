'use strict';
// `filegate migrate` (issue 20): an embedded store moved into PostgreSQL and an S3 store (a one-node Ceph). Files
// stored through the SDKs on an embedded server are served, byte for byte, by a node over the new store that starts
// with an empty data dir and no fixtures, to the same accounts with the tokens they were given before. A migration
// is refused while a server holds the source and into a destination that already holds a store (unless --replace);
// an upload left unfinished is not carried over and is answered as the platform answers an unknown one.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { CozeAPI } = require('@coze/api');

const { startServer, newClient, freshCache, FILEGATE_BIN } = require('../lib/server');
const { tempDir, readAll, expectApiError } = require('../lib/helpers');
const ding = require('../lib/dingtalk-client');
const smhClient = require('../lib/smh-client');
const { startScaleOutStores, SECRET_KEY } = require('../lib/scale-out-stores');

const T = { timeout: 120000 };

/** Runs `filegate migrate ARGS`; never throws: {status, stdout, stderr}. */
function migrate(args, env) {
  try {
    const stdout = execFileSync(FILEGATE_BIN, ['migrate', ...args],
      { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env }, timeout: 120000 });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/** SMH's simple upload (start, PUT the bytes where it says, confirm); the file's URL without its token. */
async function smhUpload(url, libraryId, accessToken, name, data) {
  const fileUrl = `${url}/api/v1/file/${libraryId}/-/${name}`;
  const start = await fetch(`${fileUrl}?filesize=${data.length}&access_token=${accessToken}`, { method: 'PUT' });
  assert.equal(start.status, 201, await start.clone().text());
  const upload = await start.json();
  const put = await fetch(`http://${upload.domain}${upload.path}`, { method: 'PUT', headers: upload.headers, body: data });
  assert.equal(put.status, 200, await put.text());
  const confirm = await fetch(`${url}/api/v1/file/${libraryId}/-/${upload.confirmKey}?confirm&access_token=${accessToken}`,
    { method: 'POST' });
  assert.equal(confirm.status, 200, await confirm.text());
  return `/api/v1/file/${libraryId}/-/${name}`;
}

// scripts/test.sh's second pass (FILEGATE_TEST_POSTGRES) puts every test server's metadata in PostgreSQL: there is no
// embedded store to move then, and this suite has run in the first pass.
const SKIP = process.env.FILEGATE_TEST_POSTGRES ? 'the source must be an embedded store (run without FILEGATE_TEST_POSTGRES)' : false;

describe('filegate migrate: an embedded store into PostgreSQL and S3', { timeout: 600000, skip: SKIP }, () => {
  const work = tempDir('filegate-migrate-');
  const sourceDir = path.join(work, 'embedded');
  let stores;
  let source;
  let node;
  const servers = [];
  // What the embedded server was given, and what must come back from the new store.
  const state = {};

  const migrateArgs = () => ['--from', sourceDir, '--to', stores.pgUrl, '--to', stores.blobsUrl('filegate-migrated/site-b')];
  const startNode = async () => {
    const dataDir = fs.mkdtempSync(path.join(work, 'node-'));
    const noFixtures = path.join(work, 'no-fixtures.toml');
    fs.writeFileSync(noFixtures, '');
    const started = await startServer({
      rateLimits: false, dataDir, env: stores.nodeEnv('filegate-migrated/site-b'), extraArgs: ['--fixtures', noFixtures],
    });
    servers.push(started);
    return started;
  };

  before(async () => {
    stores = await startScaleOutStores(work);
    fs.mkdirSync(sourceDir);
    source = await startServer({ rateLimits: false, dataDir: sourceDir });
    servers.push(source);

    // Accounts made on the embedded store alone (random credentials), and the fixtures' accounts.
    state.app = source.createApp('migrated app');
    state.feishuCache = freshCache();
    const lark = newClient(source.url, state.app, { cache: state.feishuCache });
    state.im = crypto.randomBytes(3 * 1024 * 1024 + 5);
    state.fileKey = (await lark.im.file.create({ data: { file_type: 'stream', file_name: 'im.bin', file: state.im } })).file_key;
    // A chunked Drive upload left unfinished, every block sent but not finished: its parts stay behind.
    const doc = source.cli(['doc', 'create', '--app', state.app.appId, '--type', 'docx']);
    const blocks = [crypto.randomBytes(4 * 1024 * 1024), crypto.randomBytes(10)];
    const prepared = await lark.drive.media.uploadPrepare({
      data: { file_name: 'unfinished.bin', parent_type: 'docx_file', parent_node: doc, size: 4 * 1024 * 1024 + 10 },
    });
    state.unfinished = prepared.data.upload_id;
    for (const [seq, block] of blocks.entries()) {
      await lark.drive.media.uploadPart({ data: { upload_id: state.unfinished, seq, size: block.length, file: block } });
    }

    state.coze = source.createCozeToken('migrated token');
    state.cozeFile = await new CozeAPI({ token: state.coze.token, baseURL: source.url }).files.upload({
      file: crypto.randomBytes(200 * 1024),
    });

    state.dingToken = await ding.accessToken(source.url, source.dingtalk.appKey, source.dingtalk.appSecret);
    state.ding = crypto.randomBytes(700 * 1024 + 3);
    state.dentry = await ding.upload(ding.storageApi(source.url, state.dingToken),
      { spaceId: source.dingtalk.spaceId, unionId: source.dingtalk.unionId }, { name: 'migrated.bin', data: state.ding });

    state.library = source.createSmhLibrary('migrated library');
    const q = new URLSearchParams({ library_id: state.library.libraryId, library_secret: state.library.librarySecret });
    state.smhToken = (await (await fetch(`${source.url}/api/v1/token?${q}`)).json()).accessToken;
    state.smh = crypto.randomBytes(300 * 1024 + 1);
    state.smhPath = await smhUpload(source.url, state.library.libraryId, state.smhToken, 'migrated.bin', state.smh);
    // An SMH multipart upload left unfinished, its one part sent but not confirmed.
    const smh = smhClient.makeClient(source, 'java', { libraryId: state.library.libraryId, token: state.smhToken });
    state.smhMultipart = await smh.startMultipart('unfinished.bin', 10, '1');
    assert.equal((await smhClient.putPart(state.smhMultipart, 1, Buffer.from('0123456789'))).status, 200);
  });

  after(async () => {
    for (const server of servers) await server.stop().catch(() => {});
    if (stores) stores.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('is refused while a server holds the source, and with nothing to migrate to', T, () => {
    const running = migrate(migrateArgs(), stores.s3Env);
    assert.equal(running.status, 1, running.stdout);
    assert.match(running.stderr, /in use by another filegate serve \(pid \d+\): stop the server on the source/);
    const nowhere = migrate(['--from', sourceDir]);
    assert.equal(nowhere.status, 1);
    assert.match(nowhere.stderr, /nothing to migrate to/);
    const missing = migrate(['--from', path.join(work, 'no-such-dir'), '--to', stores.pgUrl, '--data', path.join(work, 'x')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no embedded store at/);
  });

  it('moves every blob, then the metadata, naming no secret', T, async () => {
    await source.stop();
    const moved = migrate(migrateArgs(), stores.s3Env);
    assert.equal(moved.status, 0, moved.stderr);
    // The IM file, the Coze file, the DingTalk and the SMH file; the unfinished upload's part is not a blob.
    assert.match(moved.stdout, /^blobs: 4 copied \(\d+ bytes\), 0 already there/m);
    assert.match(moved.stdout, /^metadata: 4 objects, \d+ records$/m);
    assert.match(moved.stdout, /^unfinished multipart uploads not carried over: 2 /m);
    assert.match(moved.stdout, /restoring the metadata/);
    assert.ok(!moved.stdout.includes(SECRET_KEY), moved.stdout);
  });

  it('a node over the new store, with an empty data dir, serves every file to the same accounts and tokens', T, async () => {
    node = await startNode();

    const sets = state.feishuCache.sets.length;
    const lark = newClient(node.url, state.app, { cache: state.feishuCache });
    const im = await lark.im.file.get({ path: { file_key: state.fileKey } });
    assert.ok((await readAll(im.getReadableStream())).equals(state.im), 'Feishu IM file');
    assert.equal(state.feishuCache.sets.length, sets, 'the tenant_access_token from before the migration still works');

    const retrieved = await new CozeAPI({ token: state.coze.token, baseURL: node.url }).files.retrieve(state.cozeFile.id);
    assert.deepEqual(retrieved, state.cozeFile, 'Coze file');

    const dingtalk = await ding.download(ding.storageApi(node.url, state.dingToken),
      { spaceId: node.dingtalk.spaceId, unionId: node.dingtalk.unionId }, state.dentry.id);
    assert.ok(dingtalk.equals(state.ding), 'DingTalk file');

    const smh = await fetch(`${node.url}${state.smhPath}?access_token=${state.smhToken}`);
    assert.equal(smh.status, 200);
    assert.ok(Buffer.from(await smh.arrayBuffer()).equals(state.smh), 'SMH file');
  });

  it('uploads left unfinished are answered as unknown ones, which their clients start again', T, async () => {
    const lark = newClient(node.url, state.app, { cache: state.feishuCache });
    await expectApiError(lark.drive.media.uploadFinish({ data: { upload_id: state.unfinished, block_num: 2 } }),
      { status: 400, code: 1061002, what: 'finishing the Drive upload begun before the migration' });
    const smh = smhClient.makeClient(node, 'java', { libraryId: state.library.libraryId, token: state.smhToken });
    await smhClient.expectError(smh.confirmUpload(state.smhMultipart.confirmKey), 404, 'UploadNotFound',
      'confirming the SMH multipart upload begun before the migration');
  });

  it('a second migration into the filled store is refused without --replace; with it, every blob is already there', T, async () => {
    const again = migrate(migrateArgs(), stores.s3Env);
    assert.equal(again.status, 1, again.stdout);
    assert.match(again.stderr, /already holds records or objects: migrate into an empty one, or give --replace/);

    await node.stop();
    const replaced = migrate([...migrateArgs(), '--replace'], stores.s3Env);
    assert.equal(replaced.status, 0, replaced.stderr);
    assert.match(replaced.stdout, /^blobs: 0 copied \(0 bytes\), 4 already there/m);
    node = await startNode();
    const im = await newClient(node.url, state.app).im.file.get({ path: { file_key: state.fileKey } });
    assert.ok((await readAll(im.getReadableStream())).equals(state.im), 'Feishu IM file after --replace');
  });
});
