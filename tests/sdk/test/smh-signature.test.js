'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// The SMH byte host checks the whole COS Authorization it issued (q-sign-algorithm=…&q-key-time=start;end&
// q-signature=…), as COS does: another algorithm, or a key time whose start was moved, is 403 SignatureDoesNotMatch
// in COS's XML, and the upload stays open for the Authorization it was issued with.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');

const T = { timeout: 30000 };

async function getToken(server, { libraryId, librarySecret }) {
  const q = new URLSearchParams({ library_id: libraryId, library_secret: librarySecret });
  const res = await fetch(`${server.url}/api/v1/token?${q}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.accessToken;
}

/** The Authorization with one of its `name=value` fields given another value. */
function withField(authorization, name, value) {
  const fields = authorization.split('&');
  const index = fields.findIndex((f) => f.startsWith(`${name}=`));
  assert.ok(index >= 0, `the issued Authorization has ${name}: ${authorization}`);
  fields[index] = `${name}=${value}`;
  return fields.join('&');
}

/** The key time with its start moved `seconds` later, its end kept. */
function startMovedBy(authorization, seconds) {
  const keyTime = authorization.split('&').find((f) => f.startsWith('q-key-time=')).slice('q-key-time='.length);
  const [start, end] = keyTime.split(';');
  return withField(authorization, 'q-key-time', `${Number(start) + seconds};${end}`);
}

async function expectCosRefusal(res, code, what) {
  const xml = await res.text();
  assert.equal(res.status, 403, `${what}: expected 403 ${code}, got ${res.status} ${xml}`);
  assert.match(xml, new RegExp(`<Error><Code>${code}</Code>`), `${what}: ${xml}`);
}

describe('SMH byte host: the COS signature is checked whole', () => {
  let server;
  let api;

  before(async () => {
    server = await startServer();
    const { libraryId } = server.smh;
    const token = await getToken(server, server.smh);
    api = (method, filePath, query = '', init = {}) =>
      fetch(`${server.url}/api/v1/file/${libraryId}/-/${encodeURIComponent(filePath)}${query}`, {
        method,
        ...init,
        headers: { Authorization: `Bearer ${token}`, ...(init.headers || {}) },
      });
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  it('a simple upload refuses another algorithm and a moved start, then takes the issued Authorization', T, async () => {
    const data = Buffer.from('signed bytes');
    const start = await api('PUT', 'signed.txt', `?filesize=${data.length}`);
    const params = await start.json();
    assert.equal(start.status, 201, JSON.stringify(params));
    const target = `http://${params.domain}${params.path}`;
    const put = (authorization) =>
      fetch(target, { method: 'PUT', headers: { ...params.headers, Authorization: authorization }, body: data });
    const issued = params.headers.Authorization;

    await expectCosRefusal(await put(withField(issued, 'q-sign-algorithm', 'md5')), 'SignatureDoesNotMatch', 'md5');
    await expectCosRefusal(await put(startMovedBy(issued, 600)), 'SignatureDoesNotMatch', 'start in the future');
    await expectCosRefusal(await put(startMovedBy(issued, -600)), 'SignatureDoesNotMatch', 'start moved earlier');

    const accepted = await put(issued);
    assert.equal(accepted.status, 200, await accepted.text());
    const confirm = await api('POST', params.confirmKey, '?confirm');
    assert.equal(confirm.status, 200, await confirm.text());
  });

  it("a part refuses another algorithm and a moved start, then takes its own Authorization", T, async () => {
    const bytes = Buffer.from('0123456789');
    const start = await api('POST', 'signed-parts.bin', `?multipart&filesize=${bytes.length}`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partNumberRange: '1' }),
    });
    const params = await start.json();
    assert.equal(start.status, 201, JSON.stringify(params));
    const target = `http://${params.domain}${params.path}?uploadId=${encodeURIComponent(params.uploadId)}&partNumber=1`;
    const headers = params.parts['1'].headers;
    const put = (authorization) =>
      fetch(target, { method: 'PUT', headers: { ...headers, Authorization: authorization }, body: bytes });

    await expectCosRefusal(await put(withField(headers.Authorization, 'q-sign-algorithm', 'sha1')), 'SignatureDoesNotMatch', 'sha1');
    await expectCosRefusal(await put(startMovedBy(headers.Authorization, 600)), 'SignatureDoesNotMatch', 'start in the future');

    const accepted = await put(headers.Authorization);
    assert.equal(accepted.status, 200, await accepted.text());
  });
});
