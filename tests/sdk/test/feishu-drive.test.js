'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Feishu Drive media through the official Node SDK: upload_all (Buffer and ReadStream), the three-step chunked
// upload, download with Range, temporary download URLs, the documented error codes and statuses, permissions
// between apps (granted with `filegate grant`), and the 5 QPS quota.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, newClient, PER_NODE } = require('../lib/server');
const { sha256, withTimeout, readAll, errorBody, expectApiError, header, tempDir } = require('../lib/helpers');

const MiB = 1024 * 1024;
const BLOCK = 4 * MiB;
const T = { timeout: 30000 };
const T_BIG = { timeout: 120000 };
const TOKEN_RE = /^[0-9A-Za-z]{27}$/;

/** Adler-32, as Feishu's `checksum` fields carry it (decimal). */
function adler32(buf) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < buf.length; i++) {
    a = (a + buf[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

async function describeFailure(e) {
  if (!e.response) return `${e.name}: ${e.message} (code=${e.code})`;
  const body = await errorBody(e.response.data).catch((pe) => pe.message);
  return `HTTP ${e.response.status} ${JSON.stringify(body)}`;
}

async function sdkUploadAll(client, data, what = 'drive.media.uploadAll') {
  let res;
  try {
    res = await withTimeout(client.drive.media.uploadAll({ data }), 60000, what);
  } catch (e) {
    assert.fail(`${what}: expected {file_token}, but the call failed: ${await describeFailure(e)}`);
  }
  assert.ok(res && typeof res.file_token === 'string', `${what}: expected {file_token}, got ${JSON.stringify(res)}`);
  assert.match(res.file_token, TOKEN_RE, `${what}: expected a 27-character alphanumeric file_token`);
  return res.file_token;
}

/** Download via the SDK; `range` adds a Range header, `extra` the query parameter. */
async function sdkDownload(client, fileToken, { range, extra } = {}) {
  const payload = { path: { file_token: fileToken } };
  if (range) payload.headers = { Range: range };
  if (extra !== undefined) payload.params = { extra };
  let res;
  try {
    res = await withTimeout(client.drive.media.download(payload), 30000, `drive.media.download ${fileToken}`);
  } catch (e) {
    assert.fail(`drive.media.download ${fileToken}: failed: ${await describeFailure(e)}`);
  }
  return { buf: await readAll(res.getReadableStream()), headers: res.headers };
}

async function sdkPrepare(client, data, what = 'drive.media.uploadPrepare') {
  let res;
  try {
    res = await withTimeout(client.drive.media.uploadPrepare({ data }), 15000, what);
  } catch (e) {
    assert.fail(`${what}: failed: ${await describeFailure(e)}`);
  }
  assert.equal(res.code, 0, `${what}: expected code 0, got ${JSON.stringify(res)}`);
  return res.data;
}

async function sdkPart(client, uploadId, seq, chunk, { checksum = true } = {}) {
  const data = { upload_id: uploadId, seq, size: chunk.length, file: chunk };
  if (checksum) data.checksum = String(adler32(chunk));
  try {
    const res = await withTimeout(client.drive.media.uploadPart({ data }), 30000, `uploadPart seq ${seq}`);
    assert.deepEqual(res, {}, `uploadPart seq ${seq}: expected {} (the data of a success), got ${JSON.stringify(res)}`);
  } catch (e) {
    if (e.code === 'ERR_ASSERTION') throw e;
    assert.fail(`uploadPart seq ${seq}: failed: ${await describeFailure(e)}`);
  }
}

async function sdkFinish(client, uploadId, blockNum) {
  let res;
  try {
    res = await withTimeout(client.drive.media.uploadFinish({ data: { upload_id: uploadId, block_num: blockNum } }), 60000, 'uploadFinish');
  } catch (e) {
    assert.fail(`uploadFinish: failed: ${await describeFailure(e)}`);
  }
  assert.equal(res.code, 0, `uploadFinish: expected code 0, got ${JSON.stringify(res)}`);
  assert.match(String(res.data && res.data.file_token), TOKEN_RE, `uploadFinish: expected data.file_token, got ${JSON.stringify(res)}`);
  return res.data.file_token;
}

async function tmpUrls(client, tokens, extra) {
  const params = { file_tokens: tokens };
  if (extra !== undefined) params.extra = extra;
  const res = await withTimeout(client.drive.media.batchGetTmpDownloadUrl({ params }), 15000, 'batchGetTmpDownloadUrl');
  assert.equal(res.code, 0, `batchGetTmpDownloadUrl: expected code 0, got ${JSON.stringify(res)}`);
  return res.data.tmp_download_urls;
}

describe('Feishu Drive media (drive.media.*)', { timeout: 600000 }, () => {
  let server;
  let client;
  let doc;
  const small = crypto.randomBytes(300 * 1024 + 17);
  let smallToken;

  const media = (extra = {}) => ({
    file_name: 'picture.png',
    parent_type: 'docx_image',
    parent_node: doc,
    size: small.length,
    file: small,
    ...extra,
  });

  before(async () => {
    server = await startServer({ rateLimits: false });
    client = newClient(server.url, server.app);
    doc = server.cli(['doc', 'create', '--app', server.app.appId, '--type', 'docx']);
    assert.match(doc, TOKEN_RE, `filegate doc create: expected a document token alone on stdout, got ${JSON.stringify(doc)}`);
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  describe('upload_all and download', () => {
    it('uploadAll with a Buffer, then download: identical bytes, MIME type, filename, length', T, async () => {
      smallToken = await sdkUploadAll(client, media({ checksum: String(adler32(small)) }));
      const { buf, headers } = await sdkDownload(client, smallToken);
      assert.equal(sha256(buf), sha256(small), 'download: expected the uploaded bytes (sha256)');
      assert.equal(header(headers, 'content-type'), 'image/png', 'content-type: expected the MIME type of picture.png');
      assert.match(String(header(headers, 'content-disposition')), /filename="picture\.png"/, 'content-disposition: expected the file name');
      assert.equal(Number(header(headers, 'content-length')), small.length, 'content-length: expected the file size');
    });

    it('download with Range: the slice, with content-range (206)', T, async () => {
      assert.ok(smallToken, 'needs the upload above');
      const { buf, headers } = await sdkDownload(client, smallToken, { range: 'bytes=1000-200999' });
      assert.equal(sha256(buf), sha256(small.subarray(1000, 201000)), 'Range download: expected bytes 1000..200999');
      assert.equal(header(headers, 'content-range'), `bytes 1000-200999/${small.length}`);
      const tail = await sdkDownload(client, smallToken, { range: 'bytes=-100' });
      assert.equal(sha256(tail.buf), sha256(small.subarray(small.length - 100)), 'suffix Range: expected the last 100 bytes');
    });

    it('uploadAll with an fs.ReadStream (the SDK sends a filename), then download', T, async () => {
      const dir = tempDir('filegate-drive-');
      try {
        const data = crypto.randomBytes(2 * MiB + 3);
        const file = path.join(dir, 'report.pdf');
        fs.writeFileSync(file, data);
        const token = await sdkUploadAll(client, {
          file_name: '季度 报告.pdf',
          parent_type: 'docx_file',
          parent_node: doc,
          size: data.length,
          checksum: String(adler32(data)),
          file: fs.createReadStream(file),
        });
        const { buf, headers } = await sdkDownload(client, token);
        assert.equal(sha256(buf), sha256(data), 'download: expected the streamed bytes');
        assert.equal(header(headers, 'content-type'), 'application/pdf');
        assert.match(String(header(headers, 'content-disposition')), /filename\*=UTF-8''%E5%AD%A3/, 'content-disposition: expected the UTF-8 name');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('chunked upload: upload_prepare → upload_part → upload_finish', () => {
    const big = crypto.randomBytes(3 * BLOCK + 12345);
    const block = (seq) => big.subarray(seq * BLOCK, Math.min(big.length, (seq + 1) * BLOCK));
    const prepare = (extra = {}) =>
      sdkPrepare(client, { file_name: 'video.mp4', parent_type: 'docx_file', parent_node: doc, size: big.length, ...extra });

    it('3 blocks + a remainder, sent out of order with one re-sent, assemble to the same bytes', T_BIG, async () => {
      const prepared = await prepare();
      assert.match(String(prepared.upload_id), /^\d{19}$/, `expected a 19-digit upload_id, got ${JSON.stringify(prepared)}`);
      assert.equal(prepared.block_size, 4194304, 'block_size: always 4 MiB');
      assert.equal(prepared.block_num, 4, 'block_num: ceil(size / 4 MiB)');
      const id = prepared.upload_id;
      await sdkPart(client, id, 3, block(3));
      await sdkPart(client, id, 1, block(1), { checksum: false });
      await sdkPart(client, id, 0, block(0));
      await sdkPart(client, id, 2, block(2));
      await sdkPart(client, id, 1, block(1)); // re-sent
      const token = await sdkFinish(client, id, 4);
      const { buf, headers } = await sdkDownload(client, token);
      assert.equal(sha256(buf), sha256(big), 'download: expected the assembled file to equal the original');
      assert.equal(header(headers, 'content-type'), 'video/mp4');
      const across = await sdkDownload(client, token, { range: `bytes=${BLOCK - 10}-${BLOCK + 9}` });
      assert.equal(sha256(across.buf), sha256(big.subarray(BLOCK - 10, BLOCK + 10)), 'Range across a block boundary');
      // The upload is over: its id is no longer accepted.
      await expectApiError(client.drive.media.uploadFinish({ data: { upload_id: id, block_num: 4 } }),
        { status: 400, code: 1061002, what: 'finishing twice' });
    });

    it('a part re-sent with different bytes replaces the first copy', T, async () => {
      const data = crypto.randomBytes(1000);
      const prepared = await sdkPrepare(client, { file_name: 'a.bin', parent_type: 'docx_file', parent_node: doc, size: 1000 });
      await sdkPart(client, prepared.upload_id, 0, crypto.randomBytes(1000));
      await sdkPart(client, prepared.upload_id, 0, data);
      const token = await sdkFinish(client, prepared.upload_id, 1);
      assert.equal(sha256((await sdkDownload(client, token)).buf), sha256(data));
    });

    it('upload_finish with a block missing → 400 / 1062010', T, async () => {
      const prepared = await prepare();
      await sdkPart(client, prepared.upload_id, 0, block(0));
      await sdkPart(client, prepared.upload_id, 3, block(3));
      await expectApiError(client.drive.media.uploadFinish({ data: { upload_id: prepared.upload_id, block_num: 4 } }),
        { status: 400, code: 1062010, what: 'finish without blocks 1 and 2' });
    });

    it('upload_part with seq beyond block_num → 400 / 1062011', T, async () => {
      const prepared = await sdkPrepare(client, { file_name: 'b.bin', parent_type: 'docx_file', parent_node: doc, size: 10 });
      const chunk = Buffer.alloc(10, 1);
      await expectApiError(client.drive.media.uploadPart({ data: { upload_id: prepared.upload_id, seq: 1, size: 10, file: chunk } }),
        { status: 400, code: 1062011, what: 'seq 1 of a 1-block upload' });
    });

    it('upload_part checksum mismatch → 1062008, size mismatch → 1062009', T, async () => {
      const prepared = await sdkPrepare(client, { file_name: 'c.bin', parent_type: 'docx_file', parent_node: doc, size: 10 });
      const chunk = Buffer.alloc(10, 2);
      await expectApiError(client.drive.media.uploadPart({
        data: { upload_id: prepared.upload_id, seq: 0, size: 10, checksum: String((adler32(chunk) + 1) >>> 0), file: chunk },
      }), { status: 400, code: 1062008, what: 'wrong part checksum' });
      await expectApiError(client.drive.media.uploadPart({ data: { upload_id: prepared.upload_id, seq: 0, size: 11, file: chunk } }),
        { status: 400, code: 1062009, what: 'declared part size 11 for 10 bytes' });
    });

    it('an expired upload_id (filegate upload expire) → 400 / 1061021 for parts and finish', T, async () => {
      const prepared = await sdkPrepare(client, { file_name: 'd.bin', parent_type: 'docx_file', parent_node: doc, size: 10 });
      server.cli(['upload', 'expire', prepared.upload_id]);
      const chunk = Buffer.alloc(10, 3);
      await expectApiError(client.drive.media.uploadPart({ data: { upload_id: prepared.upload_id, seq: 0, size: 10, file: chunk } }),
        { status: 400, code: 1061021, what: 'part of an expired upload' });
      await expectApiError(client.drive.media.uploadFinish({ data: { upload_id: prepared.upload_id, block_num: 1 } }),
        { status: 400, code: 1061021, what: 'finish of an expired upload' });
    });

    it('another app using the upload_id → 400 / 1062007; an unknown upload_id → 400 / 1061002', T, async () => {
      const prepared = await sdkPrepare(client, { file_name: 'e.bin', parent_type: 'docx_file', parent_node: doc, size: 10 });
      const other = newClient(server.url, server.createApp('drive-intruder'));
      await expectApiError(other.drive.media.uploadFinish({ data: { upload_id: prepared.upload_id, block_num: 1 } }),
        { status: 400, code: 1062007, what: 'finish by another app' });
      await expectApiError(client.drive.media.uploadFinish({ data: { upload_id: '1234567890123456789', block_num: 1 } }),
        { status: 400, code: 1061002, what: 'unknown upload_id' });
    });

    it('upload_prepare into an unknown parent_node → 400 / 1061044; bad params → 400 / 1061002', T, async () => {
      await expectApiError(client.drive.media.uploadPrepare({
        data: { file_name: 'f.bin', parent_type: 'docx_file', parent_node: 'NoSuchDocument0000000000000', size: 10 },
      }), { status: 400, code: 1061044, what: 'prepare into a missing document' });
      await expectApiError(client.drive.media.uploadPrepare({
        data: { file_name: 'f.bin', parent_type: 'docx_file', parent_node: doc, size: -1 },
      }), { status: 400, code: 1061002, what: 'negative size' });
    });
  });

  describe('upload_all errors', () => {
    it('declared size over 20 MiB → 400 / 1061043', T, async () => {
      await expectApiError(client.drive.media.uploadAll({ data: media({ size: 20971521 }) }),
        { status: 400, code: 1061043, what: 'size 20971521' });
    });

    it('checksum mismatch → 400 / 1062008', T, async () => {
      await expectApiError(client.drive.media.uploadAll({ data: media({ checksum: String((adler32(small) ^ 1) >>> 0) }) }),
        { status: 400, code: 1062008, what: 'wrong checksum' });
    });

    it('declared size ≠ actual size → 400 / 1062009', T, async () => {
      await expectApiError(client.drive.media.uploadAll({ data: media({ size: small.length - 1 }) }),
        { status: 400, code: 1062009, what: 'size one byte short' });
    });

    it('bad params (unknown parent_type, missing parent_node) → 400 / 1061002', T, async () => {
      await expectApiError(client.drive.media.uploadAll({ data: media({ parent_type: 'folder' }) }),
        { status: 400, code: 1061002, what: 'parent_type folder' });
      await expectApiError(client.drive.media.uploadAll({ data: media({ parent_node: undefined }) }),
        { status: 400, code: 1061002, what: 'no parent_node' });
    });

    it('file name over 250 characters → 400 / 1061008', T, async () => {
      await expectApiError(client.drive.media.uploadAll({ data: media({ file_name: `${'名'.repeat(247)}.png` }) }),
        { status: 400, code: 1061008, what: '251-character name' });
      // 250 characters (of 3 UTF-8 bytes each) are fine.
      await sdkUploadAll(client, media({ file_name: `${'名'.repeat(246)}.png` }), '250-character name');
    });

    it('unknown parent_node → 400 / 1061044', T, async () => {
      await expectApiError(client.drive.media.uploadAll({ data: media({ parent_node: 'NoSuchDocument0000000000000' }) }),
        { status: 400, code: 1061044, what: 'missing document' });
    });
  });

  describe('download errors and permissions', () => {
    it('unknown file_token → 404 / 1061003', T, async () => {
      await expectApiError(client.drive.media.download({ path: { file_token: 'NoSuchMedia0000000000000000' } }),
        { status: 404, code: 1061003, what: 'download of an unknown token' });
    });

    it('a second app gets 403 / 1061004 until `filegate grant` shares the document', T, async () => {
      assert.ok(smallToken, 'needs the upload above');
      const app2 = server.createApp('drive-reader');
      const client2 = newClient(server.url, app2);
      await expectApiError(client2.drive.media.download({ path: { file_token: smallToken } }),
        { status: 403, code: 1061004, what: 'download by an app without access' });
      await expectApiError(client2.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [smallToken] } }),
        { status: 403, code: 1061004, what: 'tmp url for an app without access' });
      await expectApiError(client2.drive.media.uploadAll({ data: media() }),
        { status: 403, code: 1061004, what: 'upload by an app without access' });

      server.cli(['grant', '--app', app2.appId, '--doc', doc]);
      const { buf } = await sdkDownload(client2, smallToken);
      assert.equal(sha256(buf), sha256(small), 'after grant: expected the bytes');
      await sdkUploadAll(client2, media(), 'upload after grant');
    });

    it('advanced-permission Bitable: download without extra → 400, with extra → 200', T, async () => {
      const base = server.cli(['doc', 'create', '--app', server.app.appId, '--type', 'bitable', '--advanced-permissions']);
      const data = crypto.randomBytes(5000);
      const token = await sdkUploadAll(client, { file_name: 'cell.txt', parent_type: 'bitable_file', parent_node: base, size: data.length, file: data });
      await expectApiError(client.drive.media.download({ path: { file_token: token } }),
        { status: 400, code: 1061002, what: 'download without extra' });
      for (const wrong of [{ bitablePerm: {} }, { bitablePerm: { tableId: 5 } }, { bitablePerm: { tableId: 'doc1' } }, { bitablePerm: 'tblDemo' }]) {
        await expectApiError(client.drive.media.download({ path: { file_token: token }, params: { extra: JSON.stringify(wrong) } }),
          { status: 400, code: 1061002, what: `download with extra ${JSON.stringify(wrong)}` });
      }
      const extra = JSON.stringify({ bitablePerm: { tableId: 'tblDemo', rev: 5 } });
      const { buf, headers } = await sdkDownload(client, token, { extra });
      assert.equal(sha256(buf), sha256(data));
      assert.match(String(header(headers, 'content-type')), /^text\/plain/);
      const [entry] = await tmpUrls(client, [token], extra);
      assert.equal(entry.file_token, token);
    });
  });

  describe('batch_get_tmp_download_url', () => {
    it('signed URLs that serve the bytes without a token (200, Range 206), 403 when altered', T, async () => {
      assert.ok(smallToken, 'needs the upload above');
      const other = crypto.randomBytes(777);
      const otherToken = await sdkUploadAll(client, media({ file_name: 'other.bin', size: other.length, file: other }));
      const urls = await tmpUrls(client, [smallToken, otherToken]);
      assert.deepEqual(urls.map((u) => u.file_token), [smallToken, otherToken], 'one entry per token, in order');
      const url = urls[0].tmp_download_url;
      assert.ok(url.startsWith(server.url), `expected a URL on this server, got ${url}`);

      const res = await fetch(url);
      assert.equal(res.status, 200, 'plain fetch of the tmp URL');
      assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(small));
      assert.equal(res.headers.get('content-type'), 'image/png');

      const part = await fetch(url, { headers: { Range: 'bytes=10-19' } });
      assert.equal(part.status, 206, 'Range fetch of the tmp URL');
      assert.equal(part.headers.get('content-range'), `bytes 10-19/${small.length}`);
      assert.deepEqual(Buffer.from(await part.arrayBuffer()), small.subarray(10, 20));

      const u = new URL(url);
      const sig = u.searchParams.get('signature');
      const tampered = [
        (() => { const t = new URL(url); t.searchParams.set('signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1)); return t; })(),
        (() => { const t = new URL(url); t.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600)); return t; })(),
        (() => { const t = new URL(url); t.pathname = t.pathname.replace(smallToken, otherToken); return t; })(),
        (() => { const t = new URL(url); t.searchParams.delete('signature'); return t; })(),
        (() => { const t = new URL(url); t.searchParams.set('expires', '1'); return t; })(),
      ];
      for (const t of tampered) {
        const r = await fetch(t);
        const body = await r.json();
        assert.equal(r.status, 403, `tampered URL ${t}: expected 403, got ${r.status} ${JSON.stringify(body)}`);
        assert.equal(body.code, 1061004);
      }
      const second = await fetch(urls[1].tmp_download_url);
      assert.equal(sha256(Buffer.from(await second.arrayBuffer())), sha256(other));
    });

    it('more than 5 tokens or none → 400 / 1061002; an unknown token → 404 / 1061003', T, async () => {
      await expectApiError(client.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: Array(6).fill(smallToken) } }),
        { status: 400, code: 1061002, what: '6 tokens' });
      await expectApiError(client.drive.media.batchGetTmpDownloadUrl({ params: {} }),
        { status: 400, code: 1061002, what: 'no tokens' });
      await expectApiError(client.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: ['NoSuchMedia0000000000000000'] } }),
        { status: 404, code: 1061003, what: 'unknown token' });
    });
  });
});

describe('Feishu Drive media rate limits (5 QPS per app)', { timeout: 120000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ rateLimits: true });
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('12 concurrent downloads: some 429 / 99991400 with x-ogw-ratelimit-limit 5, the rest the bytes', { ...T, skip: PER_NODE.rateLimits }, async () => {
    const client = newClient(server.url, server.app);
    const doc = server.cli(['doc', 'create', '--app', server.app.appId]);
    const data = crypto.randomBytes(4096);
    const token = await sdkUploadAll(client, { file_name: 'x.bin', parent_type: 'docx_file', parent_node: doc, size: data.length, file: data });
    const one = async () => {
      try {
        const r = await client.drive.media.download({ path: { file_token: token } });
        return { ok: true, buf: await readAll(r.getReadableStream()) };
      } catch (e) {
        if (!e.response) throw e;
        return { ok: false, status: e.response.status, headers: e.response.headers, body: await errorBody(e.response.data) };
      }
    };
    const results = await withTimeout(Promise.all(Array.from({ length: 12 }, one)), 60000, '12 downloads');
    const ok = results.filter((r) => r.ok);
    const limited = results.filter((r) => !r.ok);
    assert.ok(ok.length >= 1 && ok.length <= 6, `expected about 5 successes, got ${ok.length}`);
    assert.ok(limited.length >= 6, `expected the rest to be refused, got ${limited.length}`);
    for (const r of ok) assert.equal(sha256(r.buf), sha256(data));
    for (const r of limited) {
      assert.equal(r.status, 429);
      assert.equal(r.body.code, 99991400);
      assert.equal(String(header(r.headers, 'x-ogw-ratelimit-limit')), '5');
      assert.ok(Number(header(r.headers, 'x-ogw-ratelimit-reset')) >= 1);
    }
  });
});
