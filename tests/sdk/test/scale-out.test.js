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
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { CozeAPI } = require('@coze/api');

const { startServer, newClient, FILEGATE_BIN } = require('../lib/server');
const { tempDir, withTimeout, readAll } = require('../lib/helpers');
const ding = require('../lib/dingtalk-client');
const smhClient = require('../lib/smh-client');
const { startScaleOutStores, ACCESS_KEY, SECRET_KEY } = require('../lib/scale-out-stores');
const { roundRobinProxy } = require('../lib/round-robin-proxy');

const T = { timeout: 120000 };

describe('three nodes over PostgreSQL and S3', { timeout: 600000 }, () => {
  const work = tempDir('filegate-scale-out-');
  let stores;
  let nodeEnv;
  const nodes = [];
  let proxy;

  const startNode = async (name, env = {}) => {
    const dataDir = path.join(work, name);
    fs.mkdirSync(dataDir);
    const node = await startServer({ rateLimits: false, dataDir, env: { ...nodeEnv, ...env } });
    node.env = { ...nodeEnv, ...env };
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
    if (proxy) await proxy.close();
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

  /** `filegate serve --blobs <blobs>` with `env` added to this process's: how a refused start exits. */
  const serveRefused = (blobs, env) => {
    try {
      execFileSync(FILEGATE_BIN, ['serve', '--port', '0', '--data-dir', path.join(work, 'refused'), '--blobs', blobs],
        { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env }, timeout: 20000 });
      return { status: 0, stderr: '' };
    } catch (e) {
      return { status: e.status, stderr: e.stderr };
    }
  };

  it('refuses an S3 URL with credentials in it, or without credentials in the environment, naming no secret', T, () => {
    const endpoint = new URL(nodeEnv.FILEGATE_BLOBS).searchParams.get('endpoint');
    const inUrl = serveRefused(`s3://key:${SECRET_KEY}@bucket?endpoint=${endpoint}`, {});
    assert.equal(inUrl.status, 1);
    assert.match(inUrl.stderr, /credentials go in FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY/);
    assert.ok(!inUrl.stderr.includes(SECRET_KEY), inUrl.stderr);
    const noKeys = serveRefused(`s3://bucket?endpoint=${endpoint}`,
      { FILEGATE_S3_ACCESS_KEY: '', FILEGATE_S3_SECRET_KEY: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    assert.equal(noKeys.status, 1);
    assert.match(noKeys.stderr, /set FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY/);
    const noEndpoint = serveRefused('s3://bucket', { FILEGATE_S3_ACCESS_KEY: ACCESS_KEY, FILEGATE_S3_SECRET_KEY: SECRET_KEY });
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

  // The SMH tree changes in one section across the nodes (a PostgreSQL advisory lock, reads past the node's cache):
  // six uploads of one name with conflict_resolution_strategy=rename, confirmed at the same time on three nodes,
  // become six files with six names, none refused and none overwritten.
  it('SMH uploads of one name confirmed at once on different nodes each keep a name of their own', T, async () => {
    const { smh } = nodes[0];
    const { accessToken } = await smhClient.getToken(nodes[0], smh.libraryId, smh.librarySecret);
    const clients = nodes.map((n) => smhClient.makeClient(n, 'java', { libraryId: smh.libraryId, token: accessToken }));
    const dir = `race-${Date.now()}`;
    assert.equal((await clients[0].mkdir(dir)).status, 201);
    const uploads = [];
    for (let i = 0; i < 6; i++) {
      uploads.push(clients[i % clients.length].upload(`${dir}/same.bin`, Buffer.from(`copy ${i}`), { strategy: 'rename' }));
    }
    const done = await Promise.all(uploads);
    for (const u of done) assert.equal(u.confirm.status, 200, JSON.stringify(u.confirmBody));
    assert.equal(new Set(done.map((u) => u.confirmBody.name)).size, 6, JSON.stringify(done.map((u) => u.confirmBody.name)));
    const listing = await smhClient.expectJson(clients[1].list(dir, { page: 1, page_size: 100 }), 200, 'listing');
    assert.equal(listing.contents.length, 6, JSON.stringify(listing.contents));
  });

  // Where the platform redirects a download to object storage (SMH's Location, DingTalk's resourceUrls, Feishu
  // Drive's tmp_download_url), a node with downloads=presign hands out the bucket's own URLs: the bytes come straight
  // from the object store, which refuses an altered URL itself.
  it('downloads=presign hands out URLs of the bucket that the object store serves and refuses once altered', T, async () => {
    const endpoint = new URL(nodeEnv.FILEGATE_BLOBS).searchParams.get('endpoint');
    const p = await startNode('presigning', { FILEGATE_BLOBS: `${nodeEnv.FILEGATE_BLOBS}&downloads=presign` });
    const data = crypto.randomBytes(300 * 1024 + 7);
    const fromBucket = (url) => assert.ok(url.startsWith(`${endpoint}/filegate-scale-out/site-a/blobs/`), url);
    const tampered = (url) => url.replace(/X-Amz-Signature=([0-9a-f])/, (m, c) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    const expectRefused = async (url) => {
      const res = await fetch(url);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /SignatureDoesNotMatch/);
    };

    // Feishu Drive: a temporary link, served as an attachment under the medium's name, with Range.
    const doc = execFileSync(FILEGATE_BIN, ['doc', 'create', '--app', p.app.appId, '--type', 'docx', '--data-dir', p.dataDir],
      { encoding: 'utf8', env: { ...process.env, ...p.env } }).trim();
    const lark = newClient(p.url, p.app);
    const { file_token: fileToken } = await lark.drive.media.uploadAll({
      data: { file_name: 'report 1.bin', parent_type: 'docx_file', parent_node: doc, size: data.length, file: data },
    });
    const links = await lark.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [fileToken] } });
    const link = links.data.tmp_download_urls[0].tmp_download_url;
    fromBucket(link);
    const whole = await fetch(link);
    assert.equal(whole.status, 200);
    assert.match(whole.headers.get('content-disposition'), /^attachment; filename="report 1.bin"/);
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(data), 'Feishu bytes from the bucket');
    const part = await fetch(link, { headers: { Range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(data.subarray(10, 20)));
    await expectRefused(tampered(link));
    // A node that proxies (the default) still hands out its own links for the same medium.
    const proxied = await newClient(nodes[1].url, p.app).drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [fileToken] } });
    assert.ok(proxied.data.tmp_download_urls[0].tmp_download_url.startsWith(nodes[1].url));

    // DingTalk: the resourceUrl needs no headers, as an OSS URL signed in its query does not.
    const token = await ding.accessToken(p.url, p.dingtalk.appKey, p.dingtalk.appSecret);
    const call = ding.storageApi(p.url, token);
    const ctx = { spaceId: p.dingtalk.spaceId, unionId: p.dingtalk.unionId };
    const dentry = await ding.upload(call, ctx, { name: `presigned-${crypto.randomUUID()}.bin`, data });
    const info = (await ding.downloadInfo(call, ctx, dentry.id)).headerSignatureInfo;
    fromBucket(info.resourceUrls[0]);
    assert.deepEqual(info.headers, {});
    assert.ok((await ding.download(call, ctx, dentry.id)).equals(data), 'DingTalk bytes from the bucket');
    await expectRefused(tampered(info.resourceUrls[0]));

    // SMH: the 302's Location, as COS's would be.
    const q = new URLSearchParams({ library_id: p.smh.libraryId, library_secret: p.smh.librarySecret });
    const { accessToken } = await (await fetch(`${p.url}/api/v1/token?${q}`)).json();
    const fileUrl = `${p.url}/api/v1/file/${p.smh.libraryId}/-/presigned-${Date.now()}.txt?access_token=${accessToken}`;
    const start = await fetch(`${fileUrl}&filesize=${data.length}`, { method: 'PUT' });
    assert.equal(start.status, 201, await start.clone().text());
    const upload = await start.json();
    const put = await fetch(`http://${upload.domain}${upload.path}`, { method: 'PUT', headers: upload.headers, body: data });
    assert.equal(put.status, 200, await put.text());
    const confirmUrl = `${p.url}/api/v1/file/${p.smh.libraryId}/-/${upload.confirmKey}?confirm&access_token=${accessToken}`;
    assert.equal((await fetch(confirmUrl, { method: 'POST' })).status, 200);
    const redirect = await fetch(fileUrl, { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    const location = redirect.headers.get('location');
    fromBucket(location);
    const bytes = await fetch(location);
    assert.equal(bytes.status, 200);
    assert.equal(bytes.headers.get('content-type'), 'text/plain');
    assert.ok(Buffer.from(await bytes.arrayBuffer()).equals(data), 'SMH bytes from the bucket');
    await expectRefused(tampered(location));
  });

  it('refuses a downloads= other than presign or proxy, a public_endpoint without presign, and parts S3 cannot take', T, () => {
    const sometimes = serveRefused(`${nodeEnv.FILEGATE_BLOBS}&downloads=sometimes`, nodeEnv);
    assert.equal(sometimes.status, 1);
    assert.match(sometimes.stderr, /downloads is presign or proxy/);
    const publicOnly = serveRefused(`${nodeEnv.FILEGATE_BLOBS}&public_endpoint=https://files.example.com`, nodeEnv);
    assert.equal(publicOnly.status, 1);
    assert.match(publicOnly.stderr, /public_endpoint= needs downloads=presign/);
    // S3 takes no part under 5 MiB but the last.
    const tinyParts = serveRefused(`${nodeEnv.FILEGATE_BLOBS}&part_mib=4`, nodeEnv);
    assert.equal(tinyParts.status, 1);
    assert.match(tinyParts.stderr, /part_mib is a whole number of MiB from 5 to 5120/);
    const notANumber = serveRefused(`${nodeEnv.FILEGATE_BLOBS}&multipart_mib=-1`, nodeEnv);
    assert.equal(notANumber.status, 1);
    assert.match(notANumber.stderr, /multipart_mib is a whole number of MiB/);
  });
});
