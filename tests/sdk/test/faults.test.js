'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Faults on demand (docs/faults.md): rules added through the admin API make an endpoint fail exactly as its platform
// fails, and the official SDKs see the platform's own errors.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { CozeAPI, RateLimitError, InternalServerError } = require('@coze/api');
const { startServer, newClient, PER_NODE } = require('../lib/server');
const { sha256, readAll, errorBody, header } = require('../lib/helpers');

const T = { timeout: 30000 };

/** The SDK call's failure: HTTP status, parsed body and headers of the error response. */
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    if (!e.response) return { transport: e };
    return { status: e.response.status, body: await errorBody(e.response.data), headers: e.response.headers };
  }
  assert.fail('expected the call to fail');
}

describe('fault rules', () => {
  let server;
  let client;
  let key;
  const data = crypto.randomBytes(1 << 20);
  const addRule = async (rule) => {
    const res = await server.admin('faults', { method: 'POST', body: rule });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    return body;
  };
  const download = async () => sha256(await readAll((await client.im.file.get({ path: { file_key: key } })).getReadableStream()));

  before(async () => {
    server = await startServer({ rateLimits: false });
    client = newClient(server.url, server.app);
    key = server.importFile(server.app.appId, 'fault.bin', data);
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    await server.admin('faults', { method: 'DELETE' });
    await server.crashCheck();
  });

  it('99991400 on im.file.get, once: HTTP 429 with the rate-limit headers, then the next call succeeds', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const rule = await addRule({ endpoint: 'feishu.im.file.get', error: '99991400', times: 1 });
    const got = await failure(client.im.file.get({ path: { file_key: key } }));
    assert.equal(got.status, 429);
    assert.equal(got.body.code, 99991400);
    assert.ok(header(got.headers, 'x-ogw-ratelimit-limit'), 'x-ogw-ratelimit-limit');
    assert.ok(header(got.headers, 'x-ogw-ratelimit-reset'), 'x-ogw-ratelimit-reset');
    assert.equal(await download(), sha256(data));
    const listed = (await (await server.admin('faults')).json()).faults.find((r) => r.id === rule.id);
    assert.equal(listed.fired, 1);
    assert.equal(listed.spent, true);
  });

  it('after: 2 spares the first two calls; Drive\'s 500 on the third', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    await addRule({ endpoint: 'feishu.im.file.get', error: 'im.unauthorized', after: 2 });
    assert.equal(await download(), sha256(data));
    assert.equal(await download(), sha256(data));
    const got = await failure(client.im.file.get({ path: { file_key: key } }));
    assert.equal(got.status, 401);
    assert.equal(got.body.code, 234002);
  });

  it('latency_ms delays the answer; truncate_after cuts the body and the SDK stream fails', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    await addRule({ endpoint: 'feishu.im.file.get', latency_ms: 300, times: 1 });
    const start = Date.now();
    assert.equal(await download(), sha256(data));
    assert.ok(Date.now() - start >= 300, `answered after ${Date.now() - start} ms`);
    await addRule({ endpoint: 'feishu.im.file.get', truncate_after: 1000 });
    await assert.rejects(download());
  });

  it('probability with a fixed seed replays the same sequence after a reset', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    await addRule({ endpoint: 'feishu.im.file.get', error: '99991400', probability: 0.5, id: 'coin' });
    const run = async () => {
      const seq = [];
      for (let i = 0; i < 12; i++) {
        try {
          await download();
          seq.push('ok');
        } catch {
          seq.push('fail');
        }
      }
      return seq.join(',');
    };
    const first = await run();
    assert.match(first, /ok/);
    assert.match(first, /fail/);
    await server.admin('faults/coin', { method: 'DELETE' });
    await server.admin('reset', { method: 'POST' }); // the random source starts over; tokens are gone
    client = newClient(server.url, server.app);
    key = server.importFile(server.app.appId, 'fault.bin', data);
    await addRule({ endpoint: 'feishu.im.file.get', error: '99991400', probability: 0.5, id: 'coin' });
    assert.equal(await run(), first);
  });

  it('Coze: 4013 raises RateLimitError, 5000 InternalServerError', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const coze = new CozeAPI({ token: server.coze.token, baseURL: server.url });
    await addRule({ dialect: 'coze', error: '4013', times: 1 });
    await assert.rejects(coze.files.retrieve({ file_id: '7000000000000000001' }), RateLimitError);
    await addRule({ endpoint: 'coze.files.retrieve', error: '5000', times: 1 });
    await assert.rejects(coze.files.retrieve({ file_id: '7000000000000000001' }), InternalServerError);
  });

  it('refuses rules it cannot carry out, naming the member', T, async () => {
    for (const [rule, member] of [
      [{ endpoint: 'feishu.no.such.endpoint', error: '99991400' }, /endpoint/],
      [{ endpoint: 'feishu.im.file.get', error: 'no.such.error' }, /error/],
      [{ endpoint: 'feishu.im.file.get', probabilty: 0.5, error: '99991400' }, /probabilty/],
      [{ endpoint: 'feishu.im.file.get', error: '99991400', drop: true }, /drop/],
    ]) {
      const res = await server.admin('faults', { method: 'POST', body: rule });
      assert.equal(res.status, 400, JSON.stringify(rule));
      assert.match((await res.json()).error.message, member);
    }
  });
});
