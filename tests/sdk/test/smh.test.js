'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH business API, spoken in the Java and the Android SDK's styles (../lib/smh-client.js).

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const { startServer, CLUSTER_SKIP } = require('../lib/server');
const { crc64xz, makeClient, putPart, getToken, expectError } = require('../lib/smh-client');

const T = { timeout: 30000 };
const ISO_MS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DECIMAL_RE = /^\d+$/;

const md5Etag = (buf) => `"${crypto.createHash('md5').update(buf).digest('hex')}"`;
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** A request whose path goes to the server byte for byte (fetch would normalise `..` and `%2E%2E`). */
function rawRequest(server, method, path) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Tencent SMH', () => {
  let server;
  let lib; // {libraryId, librarySecret}
  let java;
  let android;

  before(async () => {
    server = await startServer();
    lib = server.smh;
    assert.ok(lib && /^smh/.test(lib.libraryId), `banner SMH line: ${JSON.stringify(lib)}`);
    const a = await getToken(server, lib.libraryId, lib.librarySecret);
    const b = await getToken(server, lib.libraryId, lib.librarySecret, { user_id: 'android-user' });
    java = makeClient(server, 'java', { libraryId: lib.libraryId, token: a.accessToken });
    android = makeClient(server, 'android', { libraryId: lib.libraryId, token: b.accessToken });
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  it('CRC-64/XZ of the test matches the published check value', () => {
    assert.equal(crc64xz(Buffer.from('123456789')), '11051210869376104954');
    assert.equal(crc64xz(Buffer.alloc(0)), '0');
  });

  it('issues tokens and refuses bad credentials with the documented codes', T, async () => {
    const t = await getToken(server, lib.libraryId, lib.librarySecret);
    assert.match(t.accessToken, /^acctk[0-9a-f]{40}$/);
    assert.equal(t.expiresIn, 86400);
    const post = await fetch(`${server.url}/api/v1/token?library_id=${lib.libraryId}&library_secret=${lib.librarySecret}`, { method: 'POST' });
    assert.equal(post.status, 200);
    await expectError(fetch(`${server.url}/api/v1/token`), 400, 'EmptyLibraryIdOrSecret', 'no credentials');
    await expectError(fetch(`${server.url}/api/v1/token?library_id=${lib.libraryId}`), 400, 'EmptyLibrarySecret', 'no secret');
    await expectError(
      fetch(`${server.url}/api/v1/token?library_id=${lib.libraryId}&library_secret=wrong`),
      404, 'WrongLibraryIdOrSecret', 'wrong secret',
    );
    await expectError(fetch(`${server.url}/api/v1/directory/${lib.libraryId}/-/`), 400, 'EmptyAccessToken', 'no token');
    await expectError(
      fetch(`${server.url}/api/v1/directory/${lib.libraryId}/-/?access_token=acctk0000`),
      403, 'InvalidAccessToken', 'unknown token',
    );
    await expectError(
      fetch(`${server.url}/api/v1/directory/smhnosuchlibrary/-/?access_token=${t.accessToken}`),
      404, 'LibraryNotFound', 'unknown library',
    );
  });

  it('Java style: nested Chinese path with spaces, upload, crc64, download following the 302, Range', T, async () => {
    const dir = '测试 目录/子 目录';
    const mk = await java.mkdir(dir);
    assert.equal(mk.status, 201, await mk.text());
    const data = crypto.randomBytes(200 * 1024 + 7);
    const expectedCrc = crc64xz(data);
    const up = await java.upload(`${dir}/文件 1.txt`, data, { meta: { 'x-smh-meta-project': 'filegate' } });
    assert.equal(up.confirm.status, 200, JSON.stringify(up.confirmBody));
    assert.equal(up.start.domain, new URL(server.url).host);
    assert.ok(up.start.headers.Authorization, 'the upload parameters carry an Authorization header');
    assert.match(up.start.expiration, ISO_MS_RE);
    assert.equal(up.cosCrc, expectedCrc, 'x-cos-hash-crc64ecma is the CRC-64/XZ of the bytes');
    assert.match(up.etag, /^"[0-9a-f]{32}"$/);
    const c = up.confirmBody;
    assert.deepEqual(c.path, ['测试 目录', '子 目录', '文件 1.txt']);
    assert.equal(c.name, '文件 1.txt');
    assert.equal(c.type, 'file');
    assert.equal(c.size, String(data.length));
    assert.equal(c.crc64, expectedCrc);
    assert.equal(c.eTag, up.etag);
    assert.equal(c.contentType, 'text/plain');
    assert.deepEqual(c.metaData, { 'x-smh-meta-project': 'filegate' });
    assert.match(c.creationTime, ISO_MS_RE);

    const dl = await java.download(`${dir}/文件 1.txt`);
    assert.equal(dl.status, 200);
    assert.ok(dl.redirected, 'the Java style reached the bytes through the redirect');
    assert.ok(Buffer.from(await dl.arrayBuffer()).equals(data));

    const manual = await java.download(`${dir}/文件 1.txt`, {}, { redirect: 'manual' });
    assert.equal(manual.status, 302);
    const location = manual.headers.get('location');
    const part = await fetch(location, { headers: { Range: 'bytes=100-1099' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-1099/${data.length}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(data.subarray(100, 1100)));
    const tail = await fetch(location, { headers: { Range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.ok(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(data.length - 10)));
  });

  it('Android style: whole path as one %2F-encoded segment, 302 read without following, x-smh headers, HEAD, info', T, async () => {
    const p = '安卓 目录/照片 2024.jpg';
    assert.equal((await android.mkdir('安卓 目录')).status, 201);
    const data = crypto.randomBytes(64 * 1024);
    const up = await android.upload(p, data, { meta: { 'x-smh-meta-creation-date': '2024-01-02' } });
    assert.equal(up.confirm.status, 200, JSON.stringify(up.confirmBody));
    assert.equal(up.confirmBody.type, 'image');
    assert.ok(android.url('file', p).includes('%E5%AE%89%E5%8D%93%20%E7%9B%AE%E5%BD%95%2F'), 'the path really is one segment');

    const res = await android.download(p);
    assert.equal(res.status, 302);
    assert.equal((await res.arrayBuffer()).byteLength, 0, 'a 302 without body');
    const h = res.headers;
    assert.equal(h.get('x-smh-type'), 'image');
    assert.equal(h.get('x-smh-size'), String(data.length));
    assert.equal(h.get('x-smh-crc64'), crc64xz(data));
    assert.equal(h.get('x-smh-etag'), up.etag);
    assert.equal(h.get('x-smh-content-type'), 'image/jpeg');
    assert.match(h.get('x-smh-creation-time'), ISO_MS_RE);
    assert.equal(h.get('x-smh-meta-creation-date'), '2024-01-02');
    const location = h.get('location');
    assert.ok(location.startsWith(server.url), `Location ${location} is a filegate URL`);
    const bytes = await fetch(location);
    assert.equal(bytes.status, 200);
    assert.equal(bytes.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await bytes.arrayBuffer()).equals(data));
    const part = await fetch(location, { headers: { Range: 'bytes=0-0' } });
    assert.equal(part.status, 206);
    assert.equal(Buffer.from(await part.arrayBuffer())[0], data[0]);

    // The same file named the other way works too: %2F and / are one separator.
    const viaJava = await java.head(p);
    assert.equal(viaJava.status, 200);

    const head = await android.head(p);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('location'), null, 'HEAD carries no Location');
    assert.equal(head.headers.get('x-smh-size'), String(data.length));
    assert.equal(head.headers.get('x-smh-crc64'), crc64xz(data));
    assert.equal(head.headers.get('x-smh-meta-creation-date'), '2024-01-02');
    assert.equal((await head.arrayBuffer()).byteLength, 0);

    for (const client of [android, java]) {
      const info = await client.info(p);
      const body = await info.json();
      assert.equal(info.status, 200, JSON.stringify(body));
      assert.equal(body.size, String(data.length));
      assert.equal(typeof body.size, 'string');
      assert.equal(body.crc64, crc64xz(data));
      assert.equal(body.eTag, up.etag);
      assert.equal(body.type, 'image');
      assert.equal(body.fileType, 'image');
      assert.equal(body.contentType, 'image/jpeg');
      assert.match(body.creationTime, ISO_MS_RE);
      assert.match(body.modificationTime, ISO_MS_RE);
      assert.deepEqual(body.metaData, { 'x-smh-meta-creation-date': '2024-01-02' });
      assert.ok(Buffer.from(await (await fetch(body.cosUrl)).arrayBuffer()).equals(data));
    }
    const preCheck = await (await android.info(p, { pre_check: 1 })).json();
    assert.equal(preCheck.cosUrl, undefined);
  });

  it('overwrite makes a new version; history list; history_id on download and info; ask and rename', T, async () => {
    assert.equal((await java.mkdir('history')).status, 201);
    const p = 'history/report v1.docx';
    const v1 = Buffer.from('first version');
    const v2 = Buffer.from('second version, longer');
    assert.equal((await java.upload(p, v1)).confirm.status, 200);
    const second = await android.upload(p, v2, { strategy: 'overwrite' });
    assert.equal(second.confirm.status, 200, JSON.stringify(second.confirmBody));
    assert.equal(second.confirmBody.isOverwritten, true);
    assert.equal(second.confirmBody.crc64, crc64xz(v2));

    const latest = await java.download(p);
    assert.ok(Buffer.from(await latest.arrayBuffer()).equals(v2));

    const hist = await android.history(p);
    const list = await hist.json();
    assert.equal(hist.status, 200, JSON.stringify(list));
    assert.equal(list.totalNum, 2);
    assert.equal(list.contents.length, 2);
    const [newest, oldest] = list.contents; // newest first by default
    assert.equal(newest.isLatestVersion, true);
    assert.equal(oldest.isLatestVersion, false);
    assert.equal(newest.version, 2);
    assert.equal(newest.creationWay, 1);
    assert.equal(oldest.version, 1);
    assert.equal(oldest.creationWay, 0);
    assert.equal(oldest.size, String(v1.length));
    assert.equal(oldest.crc64, crc64xz(v1));
    assert.match(oldest.creationTime, ISO_MS_RE);

    const old = await java.download(p, { history_id: oldest.id });
    assert.ok(Buffer.from(await old.arrayBuffer()).equals(v1), 'history_id downloads the old bytes');
    const oldRedirect = await android.download(p, { history_id: oldest.id });
    assert.equal(oldRedirect.headers.get('x-smh-crc64'), crc64xz(v1));
    const oldInfo = await (await android.info(p, { history_id: oldest.id })).json();
    assert.equal(oldInfo.size, String(v1.length));
    assert.equal(oldInfo.versionId, oldest.id);
    await expectError(java.download(p, { history_id: 987654 }), 404, 'FileNotFound', 'unknown history id');

    // ask refuses an existing name up front; rename picks a free one at confirm.
    await expectError(java.call('PUT', 'file', p, { params: { conflict_resolution_strategy: 'ask' } }), 409,
      'SameNameDirectoryOrFileExists', 'ask over an existing file');
    const renamed = await java.upload(p, Buffer.from('third'), { strategy: 'rename' });
    assert.equal(renamed.confirm.status, 200);
    assert.equal(renamed.confirmBody.name, 'report v1 (1).docx');
    assert.deepEqual(renamed.confirmBody.path, ['history', 'report v1 (1).docx']);
    await expectError(java.call('PUT', 'file', p, { params: { conflict_resolution_strategy: 'sideways' } }), 400,
      'InvalidConflictResolutionStrategy', 'unknown strategy');
  });

  it('a wrong crc64 at confirm is 400 BadCrc64, and the upload can still be confirmed with the right one', T, async () => {
    const data = Buffer.from('checksummed bytes');
    const bad = await java.upload('crc.bin', data, { crc64: '12345' });
    assert.equal(bad.confirm.status, 400, JSON.stringify(bad.confirmBody));
    assert.equal(bad.confirmBody.code, 'BadCrc64');
    await expectError(java.head('crc.bin'), 404, null, 'nothing was created');
    const good = await java.call('POST', 'file', bad.start.confirmKey, {
      selectors: ['confirm'],
      body: JSON.stringify({ crc64: crc64xz(data) }),
    });
    assert.equal(good.status, 200, await good.text());
    // An empty confirm body skips the check (documented as optional).
    const unchecked = await android.upload('crc-unchecked.bin', data, { confirmBody: '' });
    assert.equal(unchecked.confirm.status, 200, JSON.stringify(unchecked.confirmBody));
    assert.equal(unchecked.confirmBody.crc64, crc64xz(data));
  });

  it('confirming before the bytes arrived, or an unknown confirm key, is refused', T, async () => {
    const start = await java.call('PUT', 'file', 'early.bin', { params: { filesize: 3 } });
    const body = await start.json();
    await expectError(java.call('POST', 'file', body.confirmKey, { selectors: ['confirm'] }), 404, 'UploadIncomplete', 'no bytes yet');
    await expectError(java.call('POST', 'file', 'f'.repeat(48), { selectors: ['confirm'] }), 404, 'UploadNotFound', 'unknown key');
  });

  it('the byte URL requires the Authorization it was issued with', T, async () => {
    const start = await (await java.call('PUT', 'file', 'guarded.bin')).json();
    const target = `http://${start.domain}${start.path}`;
    const none = await fetch(target, { method: 'PUT', body: 'x' });
    assert.equal(none.status, 403);
    assert.match(await none.text(), /<Code>AccessDenied<\/Code>/);
    const sig = start.headers.Authorization;
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    const forged = await fetch(target, { method: 'PUT', headers: { ...start.headers, Authorization: flipped }, body: 'x' });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /SignatureDoesNotMatch/);
    const other = await (await java.call('PUT', 'file', 'guarded2.bin')).json();
    const crossed = await fetch(target, { method: 'PUT', headers: other.headers, body: 'x' });
    assert.equal(crossed.status, 403, 'one upload\'s Authorization does not open another');
  });

  it('parent directories must exist for uploads; directories: create, list, page, info, HEAD, conflicts', T, async () => {
    await expectError(java.call('PUT', 'file', 'no/such/dir/x.txt'), 404, 'DirectoryNotFound', 'missing parent');
    const mk = await android.mkdir('tree/a/b/c');
    assert.equal(mk.status, 201, 'missing parents are created');
    assert.equal((await java.call('HEAD', 'directory', 'tree/a/b')).status, 200);
    await expectError(java.call('HEAD', 'directory', 'tree/zz'), 404, null, 'HEAD of a missing dir');
    await expectError(android.mkdir('tree/a'), 409, 'SameNameDirectoryOrFileExists', 'existing dir with ask');
    const renamed = await java.mkdir('tree/a', { conflict_resolution_strategy: 'rename' });
    assert.equal(renamed.status, 201);
    assert.deepEqual((await renamed.json()).path, ['tree', 'a (1)']);
    for (let i = 0; i < 5; i++) assert.equal((await java.upload(`tree/f${i}.txt`, Buffer.from(`file ${i}`))).confirm.status, 200);
    await expectError(java.mkdir('tree/f0.txt/sub'), 409, 'SameNameDirectoryOrFileExists', 'a file in the way');

    const all = await (await android.list('tree')).json();
    assert.deepEqual(all.path, ['tree']);
    assert.equal(all.totalNum, 7);
    assert.equal(all.fileCount, 5);
    assert.equal(all.subDirCount, 2);
    assert.deepEqual(all.contents.map((e) => e.name), ['a', 'a (1)', 'f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt']);
    const f0 = all.contents.find((e) => e.name === 'f0.txt');
    assert.equal(f0.size, '6');
    assert.equal(f0.crc64, crc64xz(Buffer.from('file 0')));
    assert.equal(all.contents[0].type, 'dir');

    const names = [];
    let marker;
    for (let guard = 0; guard < 10; guard++) {
      const page = await (await java.list('tree', { limit: 3, marker })).json();
      names.push(...page.contents.map((e) => e.name));
      if (!page.nextMarker) break;
      marker = page.nextMarker;
    }
    assert.deepEqual(names, all.contents.map((e) => e.name), 'marker paging visits every entry once');
    const page2 = await (await android.list('tree', { page: 2, page_size: 3 })).json();
    assert.deepEqual(page2.contents.map((e) => e.name), ['f1.txt', 'f2.txt', 'f3.txt']);

    const info = await (await java.call('GET', 'directory', 'tree/a', { selectors: ['info'] })).json();
    assert.equal(info.type, 'dir');
    assert.deepEqual(info.path, ['tree', 'a']);
    assert.match(info.creationTime, ISO_MS_RE);
    await expectError(java.list('tree/f0.txt'), 404, 'DirectoryNotFound', 'listing a file');

    const del = await java.call('DELETE', 'directory', 'tree/a', { params: { permanent: 1 } });
    assert.equal(del.status, 204);
    await expectError(java.list('tree/a/b'), 404, 'DirectoryNotFound', 'children went with their parent');
    await expectError(android.mkdir('tree/' + 'd'.repeat(256)), 400, 'DirectoryNameLengthExceed', 'long dir name');
  });

  it('traversal attempts (.., %2E%2E%2F, %00, empty segments) never reach outside the library', T, async () => {
    // A second library with a file the first one must never be able to name.
    const other = server.createSmhLibrary('other');
    const otherToken = (await getToken(server, other.libraryId, other.librarySecret)).accessToken;
    const otherClient = makeClient(server, 'java', { libraryId: other.libraryId, token: otherToken });
    assert.equal((await otherClient.upload('secret.txt', Buffer.from('top secret'))).confirm.status, 200);
    assert.equal((await java.mkdir('jail')).status, 201);
    assert.equal((await java.upload('jail/inside.txt', Buffer.from('inside'))).confirm.status, 200);

    const base = `/api/v1/file/${lib.libraryId}/-`;
    const q = `access_token=${android.token}`;
    const attempts = [
      `${base}/jail/../jail/inside.txt`,
      `${base}/../../${other.libraryId}/-/secret.txt`,
      `${base}/jail/..%2F..%2F..%2F${other.libraryId}%2F-%2Fsecret.txt`,
      `${base}/%2E%2E%2F%2E%2E%2F${other.libraryId}%2F-%2Fsecret.txt`,
      `${base}/jail%2F%2E%2E%2Fjail%2Finside.txt`,
      `${base}/jail/%2e/inside.txt`,
      `${base}/jail/inside.txt%00.png`,
      `${base}/%00`,
      `${base}/jail%2F%2Finside.txt`,
      `${base}/%2Fjail%2Finside.txt`,
      `${base}/jail/inside.txt%2F`,
      `${base}/jail/a%5C..%5C..%5Csecret.txt`,
      `${base}/%C0%AE%C0%AE%2Fsecret.txt`,
    ];
    for (const path of attempts) {
      for (const method of ['GET', 'HEAD', 'PUT', 'DELETE']) {
        const res = await rawRequest(server, method, `${path}?${q}`);
        assert.equal(res.status, 400, `${method} ${path} → ${res.status} ${res.body}`);
        if (method !== 'HEAD') assert.equal(JSON.parse(res.body).code, 'IllegalFileName', `${method} ${path}`);
      }
      const info = await rawRequest(server, 'GET', `${path}?info&${q}`);
      assert.equal(info.status, 400, `info ${path}`);
    }
    const dirAttempt = await rawRequest(server, 'PUT', `/api/v1/directory/${lib.libraryId}/-/..%2Fescape?${q}`);
    assert.equal(dirAttempt.status, 400);
    const histAttempt = await rawRequest(server, 'GET',
      `/api/v1/directory-history/${lib.libraryId}/-/history-list/..%2F..%2F${other.libraryId}%2F-%2Fsecret.txt?${q}`);
    assert.equal(histAttempt.status, 400);

    // Nothing was created or removed by any of it.
    const jail = await (await java.list('jail')).json();
    assert.deepEqual(jail.contents.map((e) => e.name), ['inside.txt']);
    const otherRoot = await (await otherClient.list('')).json();
    assert.deepEqual(otherRoot.contents.map((e) => e.name), ['secret.txt']);
    assert.equal((await java.head('secret.txt')).status, 404);
    // One library's token never opens another library.
    await expectError(otherClient.call('GET', 'directory', '', { headers: { Authorization: `Bearer ${java.token}` } }),
      403, 'InvalidAccessToken', 'token of another library');

    // 255 characters is the limit for a name (characters, not bytes).
    const longest = '文'.repeat(251) + '.txt';
    assert.equal((await java.upload(longest, Buffer.from('long'))).confirm.status, 200);
    await expectError(java.call('PUT', 'file', '文'.repeat(252) + '.txt'), 400, 'FileNameLengthExceed', '256 chars');
  });

  it('tokens expire after their period, slide when used, renew and can be deleted', { timeout: 30000 }, async () => {
    const short = (await getToken(server, lib.libraryId, lib.librarySecret, { period: 2 }));
    assert.equal(short.expiresIn, 2);
    const client = makeClient(server, 'android', { libraryId: lib.libraryId, token: short.accessToken });
    assert.equal((await client.list('')).status, 200);
    await new Promise((r) => setTimeout(r, 3100));
    await expectError(client.list(''), 403, 'InvalidAccessToken', 'expired token');

    // Sliding: used every 1.2 s, a 2 s token outlives its first period.
    const sliding = makeClient(server, 'java', {
      libraryId: lib.libraryId,
      token: (await getToken(server, lib.libraryId, lib.librarySecret, { period: 2 })).accessToken,
    });
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal((await sliding.list('')).status, 200, `use ${i} at ${(i + 1) * 1.2} s`);
    }

    const renewable = (await getToken(server, lib.libraryId, lib.librarySecret, { period: 60 })).accessToken;
    const renew = await fetch(`${server.url}/api/v1/token/${lib.libraryId}/${renewable}`, { method: 'POST' });
    const renewed = await renew.json();
    assert.equal(renew.status, 200, JSON.stringify(renewed));
    assert.deepEqual(renewed, { accessToken: renewable, expiresIn: 60 });
    const del = await fetch(`${server.url}/api/v1/token/${lib.libraryId}/${renewable}`, { method: 'DELETE' });
    assert.equal(del.status, 204);
    const dead = makeClient(server, 'java', { libraryId: lib.libraryId, token: renewable });
    await expectError(dead.list(''), 403, 'InvalidAccessToken', 'deleted token');
    await expectError(fetch(`${server.url}/api/v1/token/${lib.libraryId}/${renewable}`, { method: 'POST' }),
      403, 'InvalidAccessToken', 'renewing a deleted token');
  });

  it('a token whose grant does not cover an operation gets 403 NoPermission', T, async () => {
    const limited = makeClient(server, 'java', {
      libraryId: lib.libraryId,
      token: (await getToken(server, lib.libraryId, lib.librarySecret, { grant: 'create_directory' })).accessToken,
    });
    assert.equal((await limited.mkdir('granted')).status, 201);
    await expectError(limited.call('PUT', 'file', 'granted/x.txt'), 403, 'NoPermission', 'upload without grant');
    await expectError(limited.remove('granted/x.txt'), 403, 'NoPermission', 'delete without grant');
    assert.equal((await limited.list('granted')).status, 200, 'reading needs no grant');
  });

  it('a tampered or expired Location is 403', T, async () => {
    assert.equal((await java.upload('signed.bin', Buffer.from('signed bytes'))).confirm.status, 200);
    const location = (await android.download('signed.bin')).headers.get('location');
    assert.equal((await fetch(location)).status, 200);
    const u = new URL(location);
    const sig = u.searchParams.get('q-signature');
    const variants = [];
    const flip = new URL(location);
    flip.searchParams.set('q-signature', sig.slice(0, -1) + (sig.endsWith('a') ? 'b' : 'a'));
    variants.push(flip.toString());
    const later = new URL(location);
    later.searchParams.set('q-expires', String(Number(u.searchParams.get('q-expires')) + 3600));
    variants.push(later.toString());
    const past = new URL(location);
    past.searchParams.set('q-expires', '1000');
    variants.push(past.toString());
    const noSig = new URL(location);
    noSig.searchParams.delete('q-signature');
    variants.push(noSig.toString());
    const otherObject = (await android.download('jail/inside.txt')).headers.get('location');
    variants.push(location.replace(/blob\/[^?]+/, /blob\/[^?]+/.exec(otherObject)[0]));
    for (const v of variants) {
      const res = await fetch(v);
      assert.equal(res.status, 403, `${v} → ${res.status}`);
      assert.match(await res.text(), /<Error><Code>(SignatureDoesNotMatch|AccessDenied)<\/Code>/);
    }
  });

  it('delete: to the recycle bin (200 recycledItemId) or permanently (204), then 404 FileNotFound', T, async () => {
    assert.equal((await java.upload('gone.txt', Buffer.from('bye'))).confirm.status, 200);
    assert.equal((await android.upload('gone2.txt', Buffer.from('bye'))).confirm.status, 200);
    const recycled = await java.remove('gone.txt');
    const body = await recycled.json();
    assert.equal(recycled.status, 200);
    assert.equal(typeof body.recycledItemId, 'number');
    const permanent = await android.remove('gone2.txt', { permanent: 1 });
    assert.equal(permanent.status, 204);
    for (const p of ['gone.txt', 'gone2.txt']) {
      await expectError(android.download(p), 404, 'FileNotFound', `download ${p}`);
      await expectError(java.download(p), 404, 'FileNotFound', `download ${p} (Java)`);
      await expectError(java.info(p), 404, 'FileNotFound', `info ${p}`);
      assert.equal((await android.head(p)).status, 404, `HEAD ${p}`);
      await expectError(java.remove(p), 404, 'FileNotFound', `delete ${p} again`);
    }
  });

  it('a Location issued before a delete (recycled or permanent) answers 404 NoSuchKey', T, async () => {
    const locations = [];
    for (const p of ['kept-url.txt', 'kept-url2.txt']) {
      assert.equal((await java.upload(p, Buffer.from(`bytes of ${p}`))).confirm.status, 200);
      const location = (await android.download(p)).headers.get('location');
      assert.equal((await fetch(location)).status, 200);
      locations.push(location);
    }
    assert.equal((await java.remove('kept-url.txt')).status, 200);
    assert.equal((await android.remove('kept-url2.txt', { permanent: 1 })).status, 204);
    for (const location of locations) {
      const res = await fetch(location);
      assert.equal(res.status, 404, `${location} → ${res.status}`);
      assert.match(await res.text(), /<Code>NoSuchKey<\/Code>/);
    }
  });

  it('`filegate app create --platform smh` makes a library that works with its own token only', T, async () => {
    const made = server.createSmhLibrary('ci');
    assert.match(made.libraryId, /^smh/);
    const token = (await getToken(server, made.libraryId, made.librarySecret)).accessToken;
    const client = makeClient(server, 'android', { libraryId: made.libraryId, token });
    const up = await client.upload('hello.txt', Buffer.from('hi'));
    assert.equal(up.confirm.status, 200);
    const fromDefault = makeClient(server, 'android', { libraryId: made.libraryId, token: java.token });
    await expectError(fromDefault.download('hello.txt'), 403, 'InvalidAccessToken', 'default library token');
    assert.match(server.cli(['app', 'list']), new RegExp(`smh\\s+library_id=${made.libraryId}`));
  });

  it('?preview (thumbnails and document previews) is a clear 501 NotImplemented, never a redirect to the bytes', T, async () => {
    assert.equal((await java.mkdir('预览')).status, 201);
    const up = await java.upload('预览/图 1.jpg', crypto.randomBytes(2048));
    assert.equal(up.confirm.status, 200);
    for (const client of [java, android]) {
      const res = await client.call('GET', 'file', '预览/图 1.jpg', {
        selectors: ['preview'],
        params: { size: 100 },
        redirect: 'manual',
      });
      assert.equal(res.headers.get('location'), null, `${client.style}: no Location`);
      await expectError(Promise.resolve(res), 501, 'NotImplemented', `${client.style} preview`);
    }
    await expectError(
      android.call('GET', 'file', '预览/none.jpg', { selectors: ['preview'] }), 404, 'FileNotFound', 'preview of no file',
    );
  });

  it('a symlink body ({"linkTo"}) is a clear 501 NotImplemented, never an empty upload', T, async () => {
    for (const client of [java, android]) {
      await expectError(client.call('PUT', 'file', `link-${client.style}.txt`, {
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ linkTo: '预览/图 1.jpg' }),
      }), 501, 'NotImplemented', `${client.style} linkTo`);
      await expectError(client.download(`link-${client.style}.txt`), 404, 'FileNotFound', `${client.style}: no file made`);
    }
  });

  it('an unknown path answers SMH\'s own 404 envelope under /api/v1/ and COS\'s XML under /smh-cos/', T, async () => {
    const LOGID = /^\d{14}[0-9A-F]{20}$/;
    for (const path of ['/api/v1/no-such-api', `/api/v1/file/${lib.libraryId}`, '/api/v1/token/x/y/z']) {
      const res = await fetch(`${server.url}${path}`);
      const text = await expectError(Promise.resolve(res), 404, 'RouteNotFound', path);
      const body = JSON.parse(text);
      // The Java SDK reads X-Request-Id, the JS SDK x-request-id then x-smh-request-id: all the same id.
      assert.match(body.requestId, LOGID);
      assert.equal(res.headers.get('x-smh-request-id'), body.requestId);
      assert.equal(res.headers.get('x-request-id'), body.requestId);
      assert.equal(res.headers.get('x-tt-logid'), null, 'no Feishu header on SMH');
    }
    // A known path with a method SMH does not serve is unknown too.
    await expectError(fetch(`${server.url}/api/v1/space/${lib.libraryId}`, { method: 'PATCH' }), 404, 'RouteNotFound',
      'PATCH');
    // Successes carry the request id as well.
    const ok = await java.list('');
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('x-smh-request-id'), LOGID);
    assert.equal(ok.headers.get('x-request-id'), ok.headers.get('x-smh-request-id'));

    for (const path of ['/smh-cos/nothing-here', '/smh-cos/blob/a/b']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type'), /application\/xml/);
      const xml = await res.text();
      assert.match(xml, /<Error><Code>NoSuchKey<\/Code><Message>[^<]+<\/Message><RequestId>([^<]+)<\/RequestId><\/Error>/);
      assert.equal(xml.match(/<RequestId>([^<]+)</)[1], res.headers.get('x-cos-request-id'));
    }
  });

  it('a blob gone from disk answers the 500 envelopes with a request id and no server path',
    { ...T, skip: CLUSTER_SKIP('removes a blob file and parts from the data dir') }, async () => {
    const fs = require('node:fs');
    const path = require('node:path');
    const noPath = (text) => {
      assert.ok(!text.includes(server.dataDir), `the data dir leaked: ${text}`);
      for (const part of server.dataDir.split('/').filter((p) => p.length > 3)) {
        assert.ok(!text.includes(`/${part}`), `a path fragment (${part}) leaked: ${text}`);
      }
      assert.ok(!/No such file|errno|\.cpp/i.test(text), `exception text leaked: ${text}`);
    };

    // The download: its Location is the COS stand-in, which answers COS's XML InternalError.
    const data = crypto.randomBytes(40 * 1024);
    const up = await java.upload(`lost-${Date.now()}.bin`, data);
    assert.equal(up.confirm.status, 200, JSON.stringify(up.confirmBody));
    const hash = sha256(data);
    fs.rmSync(path.join(server.dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash));
    const redirect = await android.download(up.confirmBody.path.join('/'));
    assert.equal(redirect.status, 302, 'the API does not touch the bytes');
    const res = await fetch(redirect.headers.get('location'));
    assert.equal(res.status, 500);
    const xml = await res.text();
    assert.match(xml, /<Code>InternalError<\/Code>/);
    assert.equal(xml.match(/<RequestId>([^<]+)</)[1], res.headers.get('x-cos-request-id'));
    noPath(xml);

    // A multipart confirm whose parts vanished: the API's own 500 InternalServerError.
    const partsDir = path.join(server.dataDir, 'parts');
    const before = new Set(fs.existsSync(partsDir) ? fs.readdirSync(partsDir) : []);
    const mp = await java.startMultipart(`lost-parts-${Date.now()}.bin`, 10, '1');
    assert.equal((await putPart(mp, 1, Buffer.from('0123456789'))).status, 200);
    const added = fs.readdirSync(partsDir).filter((d) => !before.has(d));
    assert.equal(added.length, 1, `one new parts directory: ${added}`);
    fs.rmSync(path.join(partsDir, added[0]), { recursive: true, force: true });
    const confirm = await java.confirmUpload(mp.confirmKey);
    const text = await expectError(Promise.resolve(confirm), 500, 'InternalServerError', 'confirm without parts');
    assert.equal(JSON.parse(text).requestId, confirm.headers.get('x-smh-request-id'));
    noPath(text);
  });

  for (const style of ['java', 'android']) {
    it(`${style} style: multipart upload, parts out of order and re-sent, status, confirm joins them in order`, T, async () => {
      const client = style === 'java' ? java : android;
      const dir = `分块 ${style}`;
      assert.equal((await client.mkdir(dir)).status, 201);
      const p = `${dir}/大 文件.bin`;
      const parts = [crypto.randomBytes(256 * 1024 + 3), crypto.randomBytes(200 * 1024), crypto.randomBytes(1000)];
      const data = Buffer.concat(parts);
      const expectedCrc = crc64xz(data);

      // Android asks for its parts in the start body; the Java style starts bare (part 1) and renews for the rest.
      let params = await client.startMultipart(p, data.length, style === 'android' ? '1-3' : undefined);
      assert.equal(params.domain, new URL(server.url).host);
      assert.match(params.expiration, ISO_MS_RE);
      assert.ok(params.uploadId && params.confirmKey && params.path.startsWith('/'), JSON.stringify(params));
      if (style === 'java') {
        assert.deepEqual(Object.keys(params.parts), ['1']);
        const renewed = await client.renew(params.confirmKey, '1-3');
        assert.equal(renewed.confirmKey, params.confirmKey);
        assert.equal(renewed.uploadId, params.uploadId);
        params = renewed;
      }
      assert.deepEqual(Object.keys(params.parts).sort(), ['1', '2', '3']);
      for (const n of ['1', '2', '3']) assert.ok(params.parts[n].headers.Authorization, `part ${n} has headers`);

      // A part's headers open that part only.
      const crossed = await putPart(params, 3, parts[2], params.parts['2'].headers);
      assert.equal(crossed.status, 403, 'part 2 headers on part 3');
      assert.match(await crossed.text(), /SignatureDoesNotMatch/);

      // Out of order, part 1 first sent with the wrong bytes and then re-sent.
      const wrong = crypto.randomBytes(5000);
      for (const [n, bytes] of [[1, wrong], [3, parts[2]], [2, parts[1]], [1, parts[0]]]) {
        const res = await putPart(params, n, bytes);
        assert.equal(res.status, 200, `part ${n}: ${await res.text()}`);
        assert.equal(res.headers.get('etag'), md5Etag(bytes), `part ${n} ETag`);
        assert.equal(res.headers.get('x-cos-hash-crc64ecma'), crc64xz(bytes), `part ${n} crc64`);
      }

      const statusRes = await client.uploadStatus(params.confirmKey);
      const status = await statusRes.json();
      assert.equal(statusRes.status, 200, JSON.stringify(status));
      assert.equal(status.confirmKey, params.confirmKey);
      assert.equal(status.confirmed, false);
      assert.deepEqual(status.path, p.split('/'));
      assert.deepEqual(status.parts.map((x) => x.PartNumber), [1, 2, 3]);
      assert.deepEqual(status.parts.map((x) => x.Size), parts.map((b) => b.length), 'the re-sent part 1 replaced the first copy');
      assert.deepEqual(status.parts.map((x) => x.ETag), parts.map(md5Etag));
      for (const x of status.parts) assert.match(x.LastModified, ISO_MS_RE);
      const bare = await (await client.uploadStatus(params.confirmKey, { no_upload_part_info: 1 })).json();
      assert.deepEqual(bare.parts, []);

      const confirm = await client.confirmUpload(params.confirmKey, { crc64: expectedCrc });
      const c = await confirm.json();
      assert.equal(confirm.status, 200, JSON.stringify(c));
      assert.deepEqual(c.path, p.split('/'));
      assert.equal(c.name, '大 文件.bin');
      assert.equal(c.size, String(data.length));
      assert.equal(c.crc64, expectedCrc);
      assert.match(c.eTag, /^"[0-9a-f]{32}-3"$/, 'COS-style multipart ETag');

      const dl = await client.download(p, {}, { redirect: 'manual' });
      assert.equal(dl.status, 302);
      assert.equal(dl.headers.get('x-smh-crc64'), expectedCrc);
      assert.equal(dl.headers.get('x-smh-size'), String(data.length));
      const bytes = Buffer.from(await (await fetch(dl.headers.get('location'))).arrayBuffer());
      assert.equal(sha256(bytes), sha256(data), 'the parts were joined in part-number order');

      // The confirm key is spent; overwriting through a second multipart upload adds a version.
      await expectError(client.uploadStatus(params.confirmKey), 404, 'UploadNotFound', 'status after confirm');
      await expectError(client.confirmUpload(params.confirmKey), 404, 'UploadNotFound', 'confirm twice');
      const again = await client.startMultipart(p, 4, '1', { strategy: 'overwrite' });
      assert.equal((await putPart(again, 1, Buffer.from('v2!!'))).status, 200);
      const second = await client.confirmUpload(again.confirmKey);
      const secondBody = await second.json();
      assert.equal(second.status, 200, JSON.stringify(secondBody));
      assert.equal(secondBody.isOverwritten, true);
      assert.equal(secondBody.crc64, crc64xz(Buffer.from('v2!!')));
      assert.equal((await (await client.history(p)).json()).totalNum, 2);
    });

    it(`${style} style: multipart confirm with a missing part is 400 MultipartUploadIncomplete; cancel is 204`, T, async () => {
      const client = style === 'java' ? java : android;
      const parts = [Buffer.from('a'.repeat(1000)), Buffer.from('b'.repeat(1000)), Buffer.from('c'.repeat(10))];
      const data = Buffer.concat(parts);
      const p = `missing-${style}.bin`;
      const params = await client.startMultipart(p, data.length, '1-3');
      assert.equal((await putPart(params, 1, parts[0])).status, 200);
      assert.equal((await putPart(params, 3, parts[2])).status, 200);
      await expectError(client.confirmUpload(params.confirmKey), 400, 'MultipartUploadIncomplete', 'part 2 missing');
      assert.equal((await client.head(p)).status, 404, 'nothing was created');
      // The upload is still open: the missing part can follow, and then the confirm succeeds.
      assert.equal((await putPart(params, 2, parts[1])).status, 200);
      const ok = await client.confirmUpload(params.confirmKey, { crc64: crc64xz(data) });
      assert.equal(ok.status, 200, await ok.text());

      // The last part missing shows only against the declared filesize.
      const tail = await client.startMultipart(`tail-${style}.bin`, data.length, '1-3');
      assert.equal((await putPart(tail, 1, parts[0])).status, 200);
      assert.equal((await putPart(tail, 2, parts[1])).status, 200);
      await expectError(client.confirmUpload(tail.confirmKey), 400, 'MultipartUploadIncomplete', 'last part missing');

      // No part at all.
      const empty = await client.startMultipart(`empty-${style}.bin`, 10, '1');
      await expectError(client.confirmUpload(empty.confirmKey), 400, 'MultipartUploadIncomplete', 'no parts');

      // Cancel: 204, then the confirm key and the part URLs are dead.
      const cancelled = await client.startMultipart(`cancelled-${style}.bin`, 10, '1-2');
      assert.equal((await putPart(cancelled, 1, Buffer.from('0123456789'))).status, 200);
      const del = await client.cancelUpload(cancelled.confirmKey);
      assert.equal(del.status, 204, await del.text());
      await expectError(client.confirmUpload(cancelled.confirmKey), 404, 'UploadNotFound', 'confirm after cancel');
      await expectError(client.uploadStatus(cancelled.confirmKey), 404, 'UploadNotFound', 'status after cancel');
      const late = await putPart(cancelled, 2, Buffer.from('x'));
      assert.equal(late.status, 404);
      assert.match(await late.text(), /NoSuchUpload/);
      assert.equal((await client.head(`cancelled-${style}.bin`)).status, 404);

      await expectError(client.call('POST', 'file', 'x.bin', {
        selectors: ['multipart'], body: JSON.stringify({ partNumberRange: '3-1' }),
      }), 400, 'ParamInvalid', 'reversed range');
    });
  }
});
