'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Issue 16: no response ever tells a client where the server keeps its data. A broad set of requests to every
// dialect, the control endpoints and the admin API (successes, bad tokens, missing files, bad JSON, bad ranges, bad
// signatures, oversized and malformed requests), and downloads of blobs damaged on disk (deleted, truncated, replaced
// by a directory), which must answer the surface's own internal-error envelope rather than leak a path or serve the
// wrong bytes. Every header value and every body is searched for the data dir, its real path and its unique name.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { startServer, CLUSTER_SKIP } = require('../lib/server');
const { withTimeout } = require('../lib/helpers');

const T = { timeout: 120000 };

const SKIP = CLUSTER_SKIP('damages blob files in the data dir');

describe('no response carries the data dir\'s path (issue 16)', { skip: SKIP }, () => {
  let server;
  let needles; // the strings no response may contain
  let checked = 0;

  // ---- every response goes through here ----
  function assertNoPath(what, headers, body) {
    const text = Buffer.isBuffer(body) ? body.toString('latin1') : String(body);
    for (const needle of needles) {
      assert.ok(!text.includes(needle), `${what}: the body contains ${needle}:\n${text.slice(0, 2000)}`);
      for (const [name, value] of headers) {
        assert.ok(!String(value).includes(needle), `${what}: header ${name} contains ${needle}: ${value}`);
      }
    }
    checked++;
  }

  /** fetch, read the whole body, check it; returns {status, headers, body (Buffer), text}. */
  async function probe(what, url, init = {}) {
    const res = await withTimeout(fetch(url, { redirect: 'manual', ...init }), 30000, what);
    const body = Buffer.from(await res.arrayBuffer());
    assertNoPath(what, res.headers, body);
    return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
  }

  /** Raw bytes on a fresh connection (requests fetch cannot send); the whole answer until the server closes. */
  async function rawProbe(what, bytes) {
    const { port } = new URL(server.url);
    const answer = await withTimeout(new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(bytes));
      const chunks = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(Buffer.concat(chunks)) : reject(e)));
      socket.on('close', () => resolve(Buffer.concat(chunks)));
    }), 30000, what);
    assertNoPath(what, [], answer);
    assert.match(answer.toString('latin1'), /^HTTP\/1\.1 \d{3} /, `${what}: no HTTP answer: ${answer.toString('latin1').slice(0, 200)}`);
    return answer.toString('latin1');
  }

  /** A request head declaring a body far above the route's limit (the body is never sent). */
  const oversized = (method, target, contentType = 'application/octet-stream') =>
    rawProbe(`${method} ${target} declaring 100 GB`,
      `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: 107374182400\r\n\r\n`);

  const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const badJson = (extra = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: '{"unterminated' });
  const unique = (what) => Buffer.from(`${what} ${crypto.randomBytes(16).toString('hex')}\n`);
  const form = (fields) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) {
      if (Buffer.isBuffer(v)) fd.append(k, new Blob([v]), 'f.bin');
      else fd.append(k, v);
    }
    return fd;
  };
  const brokenMultipart = (extra = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ', ...extra },
    body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nno closing delimiter',
  });

  // ---- the blob of some bytes, and three ways of damaging it on disk ----
  const blobPath = (bytes) => {
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    return path.join(server.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
  };
  const DAMAGE = {
    deleted: (file) => fs.rmSync(file),
    truncated: (file) => fs.truncateSync(file, 3),
    'a directory': (file) => { fs.rmSync(file); fs.mkdirSync(file); },
  };

  /**
   * Damages the blob of each of three fresh files (made by `make`, fetched by `fetchOf` with each of `methods`) and
   * expects a 500 with `internal` in its body.
   */
  async function damagedBlobs(surface, make, fetchOf, internal, methods = ['GET']) {
    for (const [how, damage] of Object.entries(DAMAGE)) {
      const bytes = unique(`${surface} ${how}`);
      const handle = await make(bytes);
      damage(blobPath(bytes));
      for (const method of methods) {
        const what = `${surface}: ${method} of a blob ${how} on disk`;
        let res;
        try {
          res = await fetchOf(handle, what, method);
        } catch (e) {
          assert.fail(`${what}: the response broke off (${e.cause ? e.cause.code || e.cause.message : e.message})`);
        }
        assert.equal(res.status, 500, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
        if (method === 'GET') assert.match(res.text, internal, `${what}: not the surface's internal error`);
      }
    }
  }

  before(async () => {
    server = await startServer({ rateLimits: false });
    const real = fs.realpathSync(server.dataDir);
    needles = [...new Set([server.dataDir, real, path.basename(server.dataDir)])];
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  it('Feishu: tokens, IM files and messages, Drive media and temporary links', T, async () => {
    const base = `${server.url}/open-apis`;
    const tokenUrl = `${base}/auth/v3/tenant_access_token/internal`;
    const { app } = server;
    const token = JSON.parse((await probe('tenant token', tokenUrl, json({ app_id: app.appId, app_secret: app.appSecret }))).text).tenant_access_token;
    assert.ok(token);
    await probe('token: wrong secret', tokenUrl, json({ app_id: app.appId, app_secret: 'wrong' }));
    await probe('token: bad JSON', tokenUrl, badJson());
    await probe('token: GET', tokenUrl);
    const bearer = { authorization: `Bearer ${token}` };
    const auth = (init = {}) => ({ ...init, headers: { ...bearer, ...(init.headers || {}) } });

    const upload = async (bytes) => {
      const r = await probe('IM upload', `${base}/im/v1/files`, auth({ method: 'POST', body: form({ file_type: 'stream', file_name: 'a.bin', file: bytes }) }));
      return JSON.parse(r.text).data.file_key;
    };
    const key = await upload(unique('im'));
    await probe('IM upload without a token', `${base}/im/v1/files`, { method: 'POST', body: form({ file_type: 'stream', file_name: 'a', file: Buffer.from('x') }) });
    await probe('IM upload with a bad token', `${base}/im/v1/files`, { method: 'POST', headers: { authorization: 'Bearer t-nope' }, body: form({ file_type: 'stream', file_name: 'a', file: Buffer.from('x') }) });
    await probe('IM upload: broken multipart', `${base}/im/v1/files`, auth(brokenMultipart()));
    await probe('IM upload: no file part', `${base}/im/v1/files`, auth({ method: 'POST', body: form({ file_type: 'stream' }) }));
    await oversized('POST', '/open-apis/im/v1/files', 'multipart/form-data; boundary=XyZ');
    await probe('IM download', `${base}/im/v1/files/${key}`, auth());
    await probe('IM download: unknown key', `${base}/im/v1/files/file_v3_nope`, auth());
    await probe('IM download: unsatisfiable range', `${base}/im/v1/files/${key}`, auth({ headers: { range: 'bytes=99999999-' } }));
    await probe('IM download: garbage range', `${base}/im/v1/files/${key}`, auth({ headers: { range: 'bytes=z-y' } }));
    await probe('message resource: unknown message', `${base}/im/v1/messages/om_nope/resources/${key}?type=file`, auth());
    await probe('unknown Open API path', `${base}/nope/v9/x`, auth());

    const doc = server.cli(['doc', 'create', '--app', app.appId, '--type', 'docx']);
    const media = `${base}/drive/v1/medias`;
    const uploadMedium = async (bytes) => {
      const r = await probe('Drive upload_all', `${media}/upload_all`, auth({
        method: 'POST',
        body: form({ file_name: 'm.bin', parent_type: 'docx_file', parent_node: doc, size: String(bytes.length), file: bytes }),
      }));
      return JSON.parse(r.text).data.file_token;
    };
    const medium = await uploadMedium(unique('drive'));
    await probe('Drive upload_all: unknown parent', `${media}/upload_all`, auth({
      method: 'POST', body: form({ file_name: 'm', parent_type: 'docx_file', parent_node: 'doxNope', size: '1', file: Buffer.from('x') }),
    }));
    await probe('Drive upload_prepare: bad JSON', `${media}/upload_prepare`, auth(badJson()));
    await probe('Drive upload_part: unknown upload', `${media}/upload_part`, auth({
      method: 'POST', body: form({ upload_id: '1', seq: '0', size: '1', file: Buffer.from('x') }),
    }));
    await probe('Drive upload_finish: unknown upload', `${media}/upload_finish`, auth(json({ upload_id: '1', block_num: 1 })));
    await oversized('POST', '/open-apis/drive/v1/medias/upload_all', 'multipart/form-data; boundary=XyZ');
    await probe('Drive download', `${media}/${medium}/download`, auth());
    await probe('Drive download: unknown token', `${media}/boxNope/download`, auth());
    await probe('Drive download: bad range', `${media}/${medium}/download`, auth({ headers: { range: 'bytes=5-1' } }));
    const tmp = JSON.parse((await probe('tmp URLs', `${media}/batch_get_tmp_download_url?file_tokens=${medium}`, auth())).text)
      .data.tmp_download_urls[0].tmp_download_url;
    await probe('tmp URLs: unknown token', `${media}/batch_get_tmp_download_url?file_tokens=boxNope`, auth());
    await probe('tmp URL', tmp);
    await probe('tmp URL: bad signature', tmp.replace(/signature=[0-9a-f]/, 'signature=x'));
    await probe('tmp URL: no expiry', tmp.replace(/expires=\d+&?/, ''));
    await probe('tmp URL: unsatisfiable range', tmp, { headers: { range: 'bytes=99999999-' } });
    await probe('tmp URL host: unknown path', `${server.url}/_filegate/feishu/nope`);

    const FEISHU_IM_INTERNAL = /"code":\s*2200/;
    const DRIVE_INTERNAL = /"code":\s*1061001/;
    await damagedBlobs('IM download', upload, (k, what, method) => probe(what, `${base}/im/v1/files/${k}`, auth({ method })), FEISHU_IM_INTERNAL);
    await damagedBlobs('Drive download', uploadMedium, (t, what, method) => probe(what, `${media}/${t}/download`, auth({ method })), DRIVE_INTERNAL);
    await damagedBlobs('Drive tmp URL', uploadMedium, async (t, what, method) => {
      const r = await probe('tmp URLs', `${media}/batch_get_tmp_download_url?file_tokens=${t}`, auth());
      return probe(what, JSON.parse(r.text).data.tmp_download_urls[0].tmp_download_url, { method });
    }, DRIVE_INTERNAL);
  });

  it('DingTalk: tokens, the storage API, the signed upload and download URLs', T, async () => {
    const { dingtalk } = server;
    const tokenUrl = `${server.url}/v1.0/oauth2/accessToken`;
    const token = JSON.parse((await probe('access token', tokenUrl, json({ appKey: dingtalk.appKey, appSecret: dingtalk.appSecret }))).text).accessToken;
    await probe('access token: wrong secret', tokenUrl, json({ appKey: dingtalk.appKey, appSecret: 'wrong' }));
    await probe('access token: bad JSON', tokenUrl, badJson());
    const spaces = `${server.url}/v1.0/storage/spaces`;
    const q = `unionId=${dingtalk.unionId}`;
    const auth = (init = {}) => ({ ...init, headers: { 'x-acs-dingtalk-access-token': token, ...(init.headers || {}) } });

    const upload = async (bytes, name = `f-${crypto.randomBytes(4).toString('hex')}.bin`) => {
      const info = JSON.parse((await probe('uploadInfos', `${spaces}/${dingtalk.spaceId}/files/uploadInfos/query?${q}`, auth(json({
        protocol: 'HEADER_SIGNATURE', multipart: false, option: { preCheckParam: { name, size: bytes.length, parentId: '0' } },
      })))).text);
      const slot = info.headerSignatureInfo;
      await probe('upload slot: bad signature', slot.resourceUrls[0], { method: 'PUT', headers: { ...slot.headers, Authorization: 'OSS filegate:00' }, body: bytes });
      await probe('upload slot: no headers', slot.resourceUrls[0], { method: 'PUT', body: bytes });
      await probe('upload slot', slot.resourceUrls[0], { method: 'PUT', headers: slot.headers, body: bytes });
      const committed = await probe('commit', `${spaces}/${dingtalk.spaceId}/files/commit?${q}`, auth(json({
        uploadKey: info.uploadKey, name, parentId: '0', option: { size: bytes.length },
      })));
      return JSON.parse(committed.text).dentry.id;
    };
    const signedGet = async (dentryId) => JSON.parse((await probe('downloadInfos',
      `${spaces}/${dingtalk.spaceId}/dentries/${dentryId}/downloadInfos/query?${q}`, auth(json({})))).text).headerSignatureInfo;

    const id = await upload(unique('dingtalk'));
    await probe('uploadInfos: no token', `${spaces}/${dingtalk.spaceId}/files/uploadInfos/query?${q}`, json({}));
    await probe('uploadInfos: bad token', `${spaces}/${dingtalk.spaceId}/files/uploadInfos/query?${q}`, { ...json({}), headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'nope' } });
    await probe('uploadInfos: bad JSON', `${spaces}/${dingtalk.spaceId}/files/uploadInfos/query?${q}`, auth(badJson()));
    await probe('uploadInfos: unknown space', `${spaces}/99999999999/files/uploadInfos/query?${q}`, auth(json({})));
    await probe('commit: unknown upload', `${spaces}/${dingtalk.spaceId}/files/commit?${q}`, auth(json({ uploadKey: 'upk_nope', name: 'x', parentId: '0' })));
    await oversized('POST', `/v1.0/storage/spaces/${dingtalk.spaceId}/files/commit?${q}`, 'application/json');
    await oversized('PUT', '/_filegate/dingtalk/upload/upk_nope');
    await probe('dentry query', `${spaces}/${dingtalk.spaceId}/dentries/${id}/query?${q}`, auth(json({})));
    await probe('dentry query: unknown dentry', `${spaces}/${dingtalk.spaceId}/dentries/1234567/query?${q}`, auth(json({})));
    await probe('list dentries: bad maxResults', `${spaces}/${dingtalk.spaceId}/dentries?parentId=0&maxResults=-5&${q}`, auth());
    await probe('versions', `${spaces}/${dingtalk.spaceId}/dentries/${id}/versions?${q}`, auth());
    await probe('delete: unknown dentry', `${spaces}/${dingtalk.spaceId}/dentries/1234567?${q}`, auth({ method: 'DELETE' }));
    await probe('downloadInfos: bad version', `${spaces}/${dingtalk.spaceId}/dentries/${id}/downloadInfos/query?${q}`, auth(json({ option: { version: 'x' } })));
    await probe('unknown API', `${server.url}/v1.0/nope`, auth());
    const slot = await signedGet(id);
    await probe('signed GET', slot.resourceUrls[0], { headers: slot.headers });
    await probe('signed GET: bad range', slot.resourceUrls[0], { headers: { ...slot.headers, range: 'bytes=99999999-' } });
    await probe('signed GET: no headers', slot.resourceUrls[0]);
    await probe('signed GET: bad signature', slot.resourceUrls[0], { headers: { ...slot.headers, Authorization: 'OSS filegate:00' } });
    await probe('signed GET: bad expiry', slot.resourceUrls[0].replace(/Expires=\d+/, 'Expires=x'), { headers: slot.headers });
    await probe('signed URL host: unknown path', `${server.url}/_filegate/dingtalk/nope`);

    const OSS_INTERNAL = /<Code>InternalError<\/Code>/;
    await damagedBlobs('DingTalk signed GET', upload, async (dentryId, what, method) => {
      const s = await signedGet(dentryId);
      return probe(what, s.resourceUrls[0], { method, headers: s.headers });
    }, OSS_INTERNAL, ['GET', 'HEAD']);
  });

  it('SMH: tokens, the file and directory API, the COS host', T, async () => {
    const { smh } = server;
    const tokenOf = async (query) => probe(`token ${query}`, `${server.url}/api/v1/token?${query}`);
    const token = JSON.parse((await tokenOf(`library_id=${smh.libraryId}&library_secret=${smh.librarySecret}`)).text).accessToken;
    await tokenOf(`library_id=${smh.libraryId}&library_secret=wrong`);
    await tokenOf('');
    const api = (kind, p, query = '') => `${server.url}/api/v1/${kind}/${smh.libraryId}/-/${p}?access_token=${token}${query}`;

    const upload = async (bytes, name = `f-${crypto.randomBytes(4).toString('hex')}.bin`) => {
      const start = JSON.parse((await probe('upload start', api('file', name, `&filesize=${bytes.length}`), { method: 'PUT' })).text);
      const cos = `http://${start.domain}${start.path}`;
      await probe('COS PUT: bad Authorization', cos, { method: 'PUT', headers: { Authorization: 'q-sign-algorithm=sha256&q-key-time=1;2&q-signature=00' }, body: bytes });
      const put = await probe('COS PUT', cos, { method: 'PUT', headers: start.headers, body: bytes });
      await probe('confirm: bad JSON', api('file', start.confirmKey, '&confirm'), badJson());
      await probe('confirm: bad crc64', api('file', start.confirmKey, '&confirm'), json({ crc64: '1' }));
      await probe('confirm', api('file', start.confirmKey, '&confirm'), json({ crc64: put.headers.get('x-cos-hash-crc64ecma') }));
      return name;
    };
    const location = async (name) => (await probe('file GET', api('file', name))).headers.get('location');

    const name = await upload(unique('smh'));
    await probe('directory: no token', `${server.url}/api/v1/directory/${smh.libraryId}/-/`);
    await probe('directory: bad token', `${server.url}/api/v1/directory/${smh.libraryId}/-/?access_token=acctk0000`);
    await probe('directory: missing', api('directory', 'nope'));
    await probe('directory', api('directory', ''));
    await probe('file: missing', api('file', 'nope.txt'));
    await probe('file: dot-dot', api('file', '..%2F..%2Fetc%2Fpasswd'));
    await probe('file info', api('file', name, '&info'));
    await probe('history', `${server.url}/api/v1/directory-history/${smh.libraryId}/-/history-list/${name}?access_token=${token}`);
    await probe('unknown API', `${server.url}/api/v1/nope`);
    await oversized('PUT', '/smh-cos/upload/nope');
    await oversized('POST', `/api/v1/file/${smh.libraryId}/-/x?confirm&access_token=${token}`, 'application/json');
    const loc = await location(name);
    await probe('COS GET', loc);
    await probe('COS GET: bad range', loc, { headers: { range: 'bytes=99999999-' } });
    await probe('COS GET: bad signature', loc.replace(/q-signature=[0-9a-f]/, 'q-signature=x'));
    await probe('COS GET: unsigned', loc.replace(/\?.*$/, ''));
    await probe('COS host: unknown path', `${server.url}/smh-cos/nope`);

    await damagedBlobs('SMH COS GET', upload, async (n, what, method) => probe(what, await location(n), { method }), /<Code>InternalError<\/Code>/,
      ['GET', 'HEAD']);
  });

  it('Coze: upload and retrieve', T, async () => {
    const { coze } = server;
    const auth = (init = {}) => ({ ...init, headers: { authorization: `Bearer ${coze.token}`, ...(init.headers || {}) } });
    const up = await probe('upload', `${server.url}/v1/files/upload`, auth({ method: 'POST', body: form({ file: unique('coze') }) }));
    const fileId = JSON.parse(up.text).data.id;
    await probe('upload: no token', `${server.url}/v1/files/upload`, { method: 'POST', body: form({ file: Buffer.from('x') }) });
    await probe('upload: bad token', `${server.url}/v1/files/upload`, { method: 'POST', headers: { authorization: 'Bearer pat_nope' }, body: form({ file: Buffer.from('x') }) });
    await probe('upload: broken multipart', `${server.url}/v1/files/upload`, auth(brokenMultipart()));
    await oversized('POST', '/v1/files/upload', 'multipart/form-data; boundary=XyZ');
    await probe('retrieve', `${server.url}/v1/files/retrieve?file_id=${fileId}`, auth());
    await probe('retrieve: unknown file', `${server.url}/v1/files/retrieve?file_id=1`, auth());
    await probe('retrieve: no id', `${server.url}/v1/files/retrieve`, auth());
    await probe('unknown API', `${server.url}/v1/nope`, auth());
  });

  it('control endpoints and the admin API', T, async () => {
    for (const p of ['health', 'ready', 'metrics', 'nope']) await probe(p, `${server.url}/_filegate/${p}`);
    const apiUrl = (p) => `${server.url}/_filegate/api/v1/${p}`;
    const admin = (init = {}) => ({ ...init, headers: { authorization: `Bearer ${server.adminToken}`, ...(init.headers || {}) } });
    await probe('admin: no token', apiUrl('apps'));
    await probe('admin: bad token', apiUrl('apps'), { headers: { authorization: 'Bearer nope' } });
    for (const p of ['apps', 'objects', 'objects/obj-nope', 'objects/obj-nope/content', 'requests', 'faults', 'errors', 'nope']) {
      await probe(`admin ${p}`, apiUrl(p), admin());
    }
    await probe('admin: delete an unknown file', apiUrl('files/feishu/file_v3_nope'), admin({ method: 'DELETE' }));
    await probe('admin: import into an unknown app', apiUrl('files/feishu?owner=cli_nobody&name=x'), admin({ method: 'POST', body: 'x' }));
    await probe('admin: fixtures that are not TOML', apiUrl('fixtures'), admin({ method: 'POST', body: '[[[' }));
    await probe('admin: fixtures naming a file', apiUrl('fixtures'), admin({ method: 'POST', body: '[[coze.files]]\nfile_id = "1"\ntoken = "pat_x"\nname = "a"\npath = "a.txt"\n' }));
    await probe('admin: a fault rule that is not JSON', apiUrl('faults'), admin(badJson()));
    await probe('admin: import of a non-archive', apiUrl('import'), admin({ method: 'POST', body: 'not a tar archive' }));
    await probe('admin: export', apiUrl('export'), admin());

    const imported = await probe('admin: import a file', apiUrl(`files/feishu?owner=${server.app.appId}&name=a.bin&file_type=stream`), admin({ method: 'POST', body: unique('admin') }));
    assert.equal(imported.status, 201, imported.text);
    const objects = JSON.parse((await probe('admin objects', apiUrl('objects'), admin())).text).objects;
    await probe('admin object content', apiUrl(`objects/${objects[0].id}/content`), admin());

    const objectOf = async (bytes) => {
      const handle = JSON.parse((await probe('admin import', apiUrl(`files/feishu?owner=${server.app.appId}&name=d.bin&file_type=stream`), admin({ method: 'POST', body: bytes }))).text).handle;
      const all = JSON.parse((await probe('admin objects', apiUrl('objects'), admin())).text).objects;
      return all.find((o) => o.handles.some((h) => h.handle === handle)).id;
    };
    await damagedBlobs('admin object content', objectOf, (id, what, method) => probe(what, apiUrl(`objects/${id}/content`), admin({ method })), /"code":\s*"InternalError"/);
  });

  it('malformed HTTP', T, async () => {
    await rawProbe('garbage request line', 'NOT HTTP AT ALL\r\n\r\n');
    await rawProbe('header fields too large', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200 * 1024)}\r\n\r\n`);
    await rawProbe('Transfer-Encoding and Content-Length', 'POST /v1/files/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    await rawProbe('broken chunking', 'POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    await rawProbe('unknown top-level path', 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.ok(checked > 100, `only ${checked} responses were checked`);
  });
});
