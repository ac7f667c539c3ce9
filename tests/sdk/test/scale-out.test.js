'use strict';
// Scale-out (issue 20): three filegate nodes over one PostgreSQL (metadata) and one S3 store (a one-node Ceph), each
// with its own data dir, started the way the README says. Whatever one node accepted, any other serves: through the
// official SDKs with every call on another node (a round-robin proxy), a node killed in the middle of a chunked
// upload, and a node added afterwards. The test starts PostgreSQL (scripts/postgres.sh) and Ceph
// (scripts/ceph-s3.sh) itself, on free ports, and stops them by PID.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { CozeAPI } = require('@coze/api');

const { startServer, newClient, FILEGATE_BIN } = require('../lib/server');
const { tempDir, withTimeout, readAll } = require('../lib/helpers');
const ding = require('../lib/dingtalk-client');
const { startScaleOutStores, ACCESS_KEY, SECRET_KEY } = require('../lib/scale-out-stores');

const T = { timeout: 120000 };

/** Forwards each request to the next node in turn (Host kept, so signed URLs name the proxy), skipping dead ones. */
function roundRobinProxy(nodes) {
  let next = 0;
  const served = new Map();
  const server = http.createServer((req, res) => {
    const alive = nodes().filter((n) => !n.logs().exited);
    const node = alive[next++ % alive.length];
    served.set(node.url, (served.get(node.url) || 0) + 1);
    const target = new URL(node.url);
    const upstream = http.request({
      host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers,
    }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}`, served, close: () => server.close() });
  }));
}

describe('three nodes over PostgreSQL and S3', { timeout: 600000 }, () => {
  const work = tempDir('filegate-scale-out-');
  let stores;
  let nodeEnv;
  const nodes = [];
  let proxy;

  const startNode = async (name) => {
    const dataDir = path.join(work, name);
    fs.mkdirSync(dataDir);
    const node = await startServer({ rateLimits: false, dataDir, env: nodeEnv });
    nodes.push(node);
    return node;
  };

  before(async () => {
    stores = await startScaleOutStores(work);
    nodeEnv = stores.nodeEnv('filegate-scale-out/site-a');
    for (const name of ['a', 'b', 'c']) await startNode(name);
    proxy = await roundRobinProxy(() => nodes);
  });

  after(async () => {
    if (proxy) proxy.close();
    for (const node of nodes) await node.stop().catch(() => {});
    if (stores) stores.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('each node says where its store is, without credentials', T, async () => {
    const banner = await nodes[0].banner();
    assert.match(banner, /metadata +postgresql:\/\/filegate@127\.0\.0\.1:\d+\/filegate/);
    assert.match(banner, /blobs +s3:\/\/filegate-scale-out\/site-a\?endpoint=/);
    assert.ok(!banner.includes(SECRET_KEY), banner);
  });

  it('refuses an S3 URL with credentials in it, or without credentials in the environment, naming no secret', T, () => {
    const serve = (blobs, env) => {
      try {
        execFileSync(FILEGATE_BIN, ['serve', '--port', '0', '--data-dir', path.join(work, 'refused'), '--blobs', blobs],
          { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env }, timeout: 20000 });
        return { status: 0, stderr: '' };
      } catch (e) {
        return { status: e.status, stderr: e.stderr };
      }
    };
    const endpoint = new URL(nodeEnv.FILEGATE_BLOBS).searchParams.get('endpoint');
    const inUrl = serve(`s3://key:${SECRET_KEY}@bucket?endpoint=${endpoint}`, {});
    assert.equal(inUrl.status, 1);
    assert.match(inUrl.stderr, /credentials go in FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY/);
    assert.ok(!inUrl.stderr.includes(SECRET_KEY), inUrl.stderr);
    const noKeys = serve(`s3://bucket?endpoint=${endpoint}`,
      { FILEGATE_S3_ACCESS_KEY: '', FILEGATE_S3_SECRET_KEY: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    assert.equal(noKeys.status, 1);
    assert.match(noKeys.stderr, /set FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY/);
    const noEndpoint = serve('s3://bucket', { FILEGATE_S3_ACCESS_KEY: ACCESS_KEY, FILEGATE_S3_SECRET_KEY: SECRET_KEY });
    assert.equal(noEndpoint.status, 1);
    assert.match(noEndpoint.stderr, /endpoint= is required/);
  });

  it('a Feishu IM file uploaded to one node downloads from each of the others', T, async () => {
    const data = crypto.randomBytes(3 * 1024 * 1024 + 5);
    const [a, b, c] = nodes;
    const res = await withTimeout(newClient(a.url, a.app).im.file.create({
      data: { file_type: 'stream', file_name: 'shared.bin', file: data },
    }), 60000, 'im.file.create on node a');
    for (const node of [b, c]) {
      const got = await newClient(node.url, node.app).im.file.get({ path: { file_key: res.file_key } });
      assert.ok((await readAll(got.getReadableStream())).equals(data), `bytes from ${node.url}`);
    }
  });

  it('every SDK flow works with each call on another node', T, async () => {
    const data = crypto.randomBytes(700 * 1024 + 3);
    const { app, coze, dingtalk, smh } = nodes[0];

    const lark = newClient(proxy.url, app);
    const { file_key: fileKey } = await lark.im.file.create({ data: { file_type: 'stream', file_name: 'f.bin', file: data } });
    for (let i = 0; i < 3; i++) {
      const got = await lark.im.file.get({ path: { file_key: fileKey } });
      assert.ok((await readAll(got.getReadableStream())).equals(data), 'Feishu download through the proxy');
    }

    const token = await ding.accessToken(proxy.url, dingtalk.appKey, dingtalk.appSecret);
    const call = ding.storageApi(proxy.url, token);
    const ctx = { spaceId: dingtalk.spaceId, unionId: dingtalk.unionId };
    const dentry = await ding.upload(call, ctx, { name: `scale-${crypto.randomUUID()}.bin`, data });
    assert.ok((await ding.download(call, ctx, dentry.id)).equals(data), 'DingTalk download through the proxy');

    const cozeClient = new CozeAPI({ token: coze.token, baseURL: proxy.url });
    const uploaded = await cozeClient.files.upload({ file: data });
    const retrieved = await cozeClient.files.retrieve(uploaded.id);
    assert.equal(retrieved.bytes, data.length);

    const q = new URLSearchParams({ library_id: smh.libraryId, library_secret: smh.librarySecret });
    const { accessToken } = await (await fetch(`${proxy.url}/api/v1/token?${q}`)).json();
    const fileUrl = `${proxy.url}/api/v1/file/${smh.libraryId}/-/dir-${Date.now()}.bin?access_token=${accessToken}`;
    const start = await fetch(`${fileUrl}&filesize=${data.length}`, { method: 'PUT' });
    assert.equal(start.status, 201, await start.clone().text());
    const upload = await start.json();
    const put = await fetch(`http://${upload.domain}${upload.path}`, { method: 'PUT', headers: upload.headers, body: data });
    assert.equal(put.status, 200, await put.text());
    const confirm = await fetch(`${proxy.url}/api/v1/file/${smh.libraryId}/-/${upload.confirmKey}?confirm&access_token=${accessToken}`,
      { method: 'POST' });
    assert.equal(confirm.status, 200, await confirm.text());
    const download = await fetch(fileUrl);
    assert.equal(download.status, 200);
    assert.ok(Buffer.from(await download.arrayBuffer()).equals(data), 'SMH download through the proxy');

    for (const node of nodes) assert.ok(proxy.served.get(node.url) > 3, `node ${node.url} served ${proxy.served.get(node.url)}`);
  });

  it('a chunked upload survives the node that began it being killed, and a node added later serves it', T, async () => {
    const [a, b] = nodes;
    // The admin CLI on a node's data dir takes the node's store settings too.
    const doc = execFileSync(FILEGATE_BIN, ['doc', 'create', '--app', a.app.appId, '--type', 'docx', '--data-dir', a.dataDir],
      { encoding: 'utf8', env: { ...process.env, ...nodeEnv } }).trim();
    const blocks = [crypto.randomBytes(4 * 1024 * 1024), crypto.randomBytes(1234)];
    const data = Buffer.concat(blocks);
    const prepare = await newClient(a.url, a.app).drive.media.uploadPrepare({
      data: { file_name: 'big.bin', parent_type: 'docx_file', parent_node: doc, size: data.length },
    });
    const uploadId = prepare.data.upload_id;
    await newClient(a.url, a.app).drive.media.uploadPart({ data: { upload_id: uploadId, seq: 0, size: blocks[0].length, file: blocks[0] } });
    process.kill(a.pid, 'SIGKILL');
    await withTimeout(new Promise((r) => { const t = setInterval(() => { if (a.logs().exited) { clearInterval(t); r(); } }, 20); }), 10000, 'node a exit');
    nodes.splice(nodes.indexOf(a), 1);

    const onB = newClient(b.url, b.app);
    await onB.drive.media.uploadPart({ data: { upload_id: uploadId, seq: 1, size: blocks[1].length, file: blocks[1] } });
    const finished = await onB.drive.media.uploadFinish({ data: { upload_id: uploadId, block_num: 2 } });
    assert.equal(finished.code, 0, JSON.stringify(finished));

    const d = await startNode('d');
    const got = await newClient(d.url, d.app).drive.media.download({ path: { file_token: finished.data.file_token } });
    assert.ok((await readAll(got.getReadableStream())).equals(data), 'the new node serves the upload');
    await a.stop().catch(() => {}); // already dead: only its pipes and data dir are tidied
  });
});
