'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Feishu's error envelopes for the failures no handler answers itself (issue 13): an unknown path under /open-apis/
// or under the temporary-link host answers the platform's JSON with a code, and an unexpected server failure (a blob
// gone from disk) answers the documented 500 with a log id, never the exception text or a server path.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, newClient, CLUSTER_SKIP } = require('../lib/server');
const { errorBody, expectApiError, sha256, rawTenantToken, LOGID_RE } = require('../lib/helpers');

const T = { timeout: 30000 };

/** The stored blob of `data` under the server's data dir (blobs are addressed by SHA-256). */
function blobPath(dataDir, data) {
  const digest = sha256(data);
  const stack = [path.join(dataDir, 'blobs')];
  while (stack.length) {
    const dir = stack.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.includes(digest)) return full;
    }
  }
  throw new Error(`no blob for ${digest} under ${dataDir}/blobs`);
}

/** The body must not leak the data dir or any of its path segments. */
function assertNoServerPath(text, dataDir) {
  assert.ok(!text.includes(dataDir), `body leaks the data dir: ${text}`);
  for (const part of dataDir.split('/').filter((p) => p.length > 3)) {
    assert.ok(!text.includes(`/${part}`), `body leaks the path fragment /${part}: ${text}`);
  }
  assert.ok(!text.includes('/blobs'), `body leaks the blob path: ${text}`);
}

describe('Feishu error envelopes', () => {
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = newClient(server.url, server.app);
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('an unknown path under /open-apis/ answers 404 / 99991201 in the Feishu envelope (client.request)', T, async () => {
    let err;
    try {
      await client.request({ method: 'GET', url: '/open-apis/no/such/v1/api' });
    } catch (e) {
      err = e;
    }
    assert.ok(err && err.response, `expected an AxiosError with a response, got ${err}`);
    assert.equal(err.name, 'AxiosError');
    assert.equal(err.response.status, 404);
    const body = await errorBody(err.response.data);
    assert.equal(body.code, 99991201, JSON.stringify(body));
    assert.equal(body.msg, 'resource not find');
    assert.match(body.error.log_id, LOGID_RE);
    assert.equal(err.response.headers['x-tt-logid'], body.error.log_id);
    assert.equal(err.response.headers['x-request-id'], body.error.log_id);
  });

  it('unknown paths next to the token, IM and Drive routes answer the same 404 JSON', T, async () => {
    for (const [method, p] of [
      ['POST', '/open-apis/auth/v3/no_such_token/internal'],
      ['GET', '/open-apis/im/v1/nothing'],
      ['GET', '/open-apis/drive/v1/medias/a/b/c'],
      ['GET', '/open-apis/auth/v3/tenant_access_token/internal'], // wrong method
    ]) {
      const res = await fetch(`${server.url}${p}`, { method });
      const body = await res.json();
      assert.equal(res.status, 404, `${method} ${p}`);
      assert.equal(body.code, 99991201, `${method} ${p}: ${JSON.stringify(body)}`);
      assert.equal(res.headers.get('x-tt-logid'), body.error.log_id);
    }
  });

  it('an unknown path under /_filegate/feishu/ answers 404 / 1061003', T, async () => {
    const res = await fetch(`${server.url}/_filegate/feishu/no/such/thing`);
    const body = await res.json();
    assert.equal(res.status, 404);
    assert.equal(body.code, 1061003, JSON.stringify(body));
    assert.match(res.headers.get('x-tt-logid'), LOGID_RE);
  });

  it('a token request whose body is too large: 413 with the flat token body', T, async () => {
    const res = await fetch(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ app_id: 'x'.repeat(100 * 1024), app_secret: 'y' }),
    });
    const body = await res.json();
    assert.equal(res.status, 413);
    assert.deepEqual(body, { code: 10003, msg: 'invalid param', data: {} });
  });

  const removesBlob = { ...T, skip: CLUSTER_SKIP('removes a blob file from the data dir') };

  it('a blob missing from disk: IM download answers 500 / 2200 without a server path', removesBlob, async () => {
    const data = crypto.randomBytes(3000);
    const { file_key } = await client.im.file.create({ data: { file_type: 'stream', file_name: 'gone.bin', file: data } });
    fs.rmSync(blobPath(server.dataDir, data));
    await expectApiError(client.im.file.get({ path: { file_key } }), { status: 500, code: 2200, what: 'im.file.get' });
    const res = await fetch(`${server.url}/open-apis/im/v1/files/${file_key}`, {
      headers: { Authorization: `Bearer ${await rawTenantToken(server.url, server.app)}` },
    });
    const text = await res.text();
    assert.equal(res.status, 500);
    assert.equal(JSON.parse(text).msg, 'internal error');
    assertNoServerPath(text, server.dataDir);
  });

  it('a blob missing from disk: Drive download and its temporary link answer 500 / 1061001', removesBlob, async () => {
    const doc = server.cli(['doc', 'create', '--app', server.app.appId, '--type', 'docx']);
    const data = crypto.randomBytes(4000);
    const { file_token } = await client.drive.media.uploadAll({
      data: { file_name: 'gone.png', parent_type: 'docx_image', parent_node: doc, size: data.length, file: data },
    });
    const { data: links } = await client.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [file_token] } });
    fs.rmSync(blobPath(server.dataDir, data));
    await expectApiError(client.drive.media.download({ path: { file_token } }), {
      status: 500,
      code: 1061001,
      what: 'drive.media.download',
    });
    const res = await fetch(links.tmp_download_urls[0].tmp_download_url);
    const text = await res.text();
    assert.equal(res.status, 500);
    assert.equal(JSON.parse(text).code, 1061001);
    assertNoServerPath(text, server.dataDir);
  });
});
