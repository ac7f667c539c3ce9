'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: the request rate per library (filegate's choice, as SMH documents none for its file API: 100 a
// second, bursts up to 100; README), answered as 429 RateLimitExceeded in SMH's envelope, and switched off by
// --rate-limits=off like Feishu's and Coze's. Both client styles share the library's budget.

const { describe, it, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, PER_NODE } = require('../lib/server');
const { clientsOfBothStyles } = require('../lib/smh-client');

const T = { timeout: 60000 };
const BURST = 300; // three times the per-second budget, all at once

async function burst(server) {
  const { java, android } = await clientsOfBothStyles(server);
  assert.equal((await java.mkdir('限流 目录')).status, 201);
  const up = await java.upload('限流 目录/文件 a.txt', Buffer.from('rate'));
  assert.equal(up.confirm.status, 200);
  const responses = await Promise.all(
    Array.from({ length: BURST }, (_, i) => (i % 2 ? java : android).info('限流 目录/文件 a.txt')),
  );
  return Promise.all(responses.map(async (res) => ({ status: res.status, body: await res.json() })));
}

describe('Tencent SMH rate limit', () => {
  let server;
  afterEach(async () => {
    if (server) await server.stop();
    server = null;
  });

  it(`${BURST} concurrent calls on one library: some answer 429 RateLimitExceeded, the rest succeed`, { ...T, skip: PER_NODE.rateLimits }, async () => {
    server = await startServer({ rateLimits: true });
    const results = await burst(server);
    const limited = results.filter((r) => r.status === 429);
    const ok = results.filter((r) => r.status === 200);
    assert.ok(limited.length > 0, `expected some of ${BURST} concurrent calls to be rate limited`);
    assert.ok(ok.length > 0, 'the budget admits some');
    assert.equal(limited.length + ok.length, BURST, JSON.stringify(results.find((r) => ![200, 429].includes(r.status))));
    for (const { body } of limited) {
      assert.equal(body.code, 'RateLimitExceeded');
      assert.equal(typeof body.message, 'string');
      assert.ok(body.requestId);
    }
  });

  it('--rate-limits=off: the same burst all succeeds', T, async () => {
    server = await startServer({ rateLimits: false });
    const results = await burst(server);
    assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
  });
});
