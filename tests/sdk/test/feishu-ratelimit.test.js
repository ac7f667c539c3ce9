'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Rate limiting of im.file.get (documented: 50/s and 1000/min per app):
// HTTP 429, code 99991400, x-ogw-ratelimit-limit / x-ogw-ratelimit-reset.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, newClient, PER_NODE } = require('../lib/server');
const { sha256, withTimeout, readAll, errorBody, header } = require('../lib/helpers');

const BURST = 80;
const T = { timeout: 90000 };

/** A fixture file imported with the CLI, plus one SDK download (which also caches the token). */
async function fixture(server, client, app, data) {
  const key = server.importFile(app.appId, 'ratelimit.bin', data);
  const r = await withTimeout(client.im.file.get({ path: { file_key: key } }), 15000, 'warm-up im.file.get');
  assert.equal(sha256(await readAll(r.getReadableStream())), sha256(data), 'warm-up download: expected the imported bytes');
  return key;
}

/** Fire n concurrent im.file.get calls; read every body; sort into successes and HTTP errors. */
async function burst(client, key, n) {
  const one = async () => {
    try {
      const r = await client.im.file.get({ path: { file_key: key } });
      return { ok: true, buf: await readAll(r.getReadableStream(), 30000) };
    } catch (e) {
      if (!e.response) return { ok: false, transport: `${e.name}: ${e.message} (${e.code})` };
      let body;
      try {
        body = await errorBody(e.response.data);
      } catch (pe) {
        body = { unparsable: pe.message };
      }
      return { ok: false, status: e.response.status, headers: e.response.headers, body };
    }
  };
  return withTimeout(Promise.all(Array.from({ length: n }, one)), 60000, `${n} concurrent im.file.get`);
}

describe('rate limiting of im.file.get', { timeout: 300000 }, () => {
  describe('server with rate limits on', { skip: PER_NODE.rateLimits }, () => {
    let server;
    before(async () => {
      server = await startServer({ rateLimits: true });
    });
    after(async () => {
      if (server) await server.stop();
    });
    afterEach(async () => {
      if (server) await server.crashCheck();
    });

    it(`${BURST} concurrent downloads by one fresh app: some get 429/99991400 with x-ogw-ratelimit-* headers, the rest succeed`, T, async () => {
      const app = server.createApp('sdk-ratelimit');
      const client = newClient(server.url, app);
      const data = crypto.randomBytes(2048);
      const key = await fixture(server, client, app, data); // caches the token: the burst sends no token requests

      const results = await burst(client, key, BURST);
      const ok = results.filter((r) => r.ok);
      const limited = results.filter((r) => !r.ok && r.status === 429);
      const other = results.filter((r) => !r.ok && r.status !== 429);
      const summary = `${ok.length} ok, ${limited.length} × 429, ${other.length} other`;

      assert.deepEqual(
        other.map((r) => r.transport || `HTTP ${r.status} ${JSON.stringify(r.body)}`),
        [],
        `expected every call to either succeed or get HTTP 429 (${summary})`,
      );
      assert.ok(limited.length >= 1, `expected at least one HTTP 429 among ${BURST} concurrent calls (${summary})`);
      assert.ok(ok.length >= 1, `expected some calls to succeed (${summary})`);
      for (const r of ok) assert.equal(sha256(r.buf), sha256(data), 'expected each successful download to return the file bytes');
      for (const r of limited) {
        assert.equal(r.body.code, 99991400, `expected code 99991400 in the 429 body, got ${JSON.stringify(r.body)}`);
        const limit = header(r.headers, 'x-ogw-ratelimit-limit');
        const reset = header(r.headers, 'x-ogw-ratelimit-reset');
        assert.match(String(limit), /^\d+$/, `expected a numeric x-ogw-ratelimit-limit header on 429, got ${limit}`);
        assert.match(String(reset), /^\d+$/, `expected a numeric x-ogw-ratelimit-reset header on 429, got ${reset}`);
      }

      // Another app on the same server is not throttled by this app's burst.
      const app2 = server.createApp('sdk-ratelimit-bystander');
      await fixture(server, newClient(server.url, app2), app2, data); // throws unless it downloads fine

      // Once the advertised reset has passed (if it is short), the first app is served again.
      const reset = Number(header(limited[0].headers, 'x-ogw-ratelimit-reset'));
      if (reset <= 5) {
        await new Promise((r) => setTimeout(r, reset * 1000 + 1100));
        const r3 = await withTimeout(client.im.file.get({ path: { file_key: key } }), 15000, 'im.file.get after the reset');
        assert.equal(sha256(await readAll(r3.getReadableStream())), sha256(data), `expected a download to succeed ${reset}s after a 429 (x-ogw-ratelimit-reset: ${reset})`);
      }
    });
  });

  describe('server with --rate-limits=off', () => {
    let server;
    before(async () => {
      server = await startServer({ rateLimits: false });
    });
    after(async () => {
      if (server) await server.stop();
    });
    afterEach(async () => {
      if (server) await server.crashCheck();
    });

    it(`${BURST} concurrent downloads all succeed`, T, async () => {
      const app = server.createApp('sdk-no-ratelimit');
      const client = newClient(server.url, app);
      const data = crypto.randomBytes(2048);
      const key = await fixture(server, client, app, data);
      const results = await burst(client, key, BURST);
      const failed = results.filter((r) => !r.ok);
      assert.deepEqual(
        failed.map((r) => r.transport || `HTTP ${r.status} ${JSON.stringify(r.body)}`),
        [],
        `expected all ${BURST} calls to succeed with rate limits off`,
      );
      for (const r of results) assert.equal(sha256(r.buf), sha256(data), 'expected each download to return the file bytes');
    });
  });
});
