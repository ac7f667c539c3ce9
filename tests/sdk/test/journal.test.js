'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// The request journal (docs/admin-api.md, "Request journal"): requests made with the official Feishu SDK, read back
// from GET /_filegate/api/v1/requests, its filters, DELETE, the server-sent-event stream, `filegate requests`, and
// `--journal-size`.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const { startServer, newClient, FILEGATE_BIN, PER_NODE } = require('../lib/server');
const { LOGID_RE, readAll, errorBody, withTimeout } = require('../lib/helpers');

const T = { timeout: 30000 };
const ADMIN = 'journal-admin-token';
const CONTENT = Buffer.alloc(20 * 1024, 7);
const SECRET = 'sEcReTtOkEnValue0001';
const SIGNATURE = 'sIgNaTuReValue0002';
const LIVE_REQUESTS = 7;

async function api(server, path, { method = 'GET', token = ADMIN } = {}) {
  const res = await fetch(`${server.url}/_filegate/api/v1/${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await res.json();
  return { status: res.status, body };
}

async function list(server, query = '') {
  const { status, body } = await api(server, `requests${query}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

/**
 * GET requests/stream with Node's http module; parses the server-sent events as they come.
 * Resolves once the response head is in (the server subscribes before it sends the head).
 */
function openStream(server, query = '', headers = {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    const waiters = [];
    const comments = [];
    const req = http.get(`${server.url}/_filegate/api/v1/requests/stream${query}`, {
      headers: { authorization: `Bearer ${ADMIN}`, ...headers },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const stream = {
        res,
        events,
        comments,
        ended: new Promise((r) => res.once('close', r)),
        close: () => req.destroy(),
        /** The first event (since `from`) satisfying `pred`, waiting up to `ms`. */
        waitFor(pred, ms = 5000, from = 0) {
          const found = events.slice(from).find(pred);
          if (found) return Promise.resolve(found);
          return withTimeout(new Promise((r) => waiters.push({ pred, r })), ms, 'an event on the journal stream');
        },
      };
      if (res.statusCode !== 200) {
        resolve(stream);
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      let current = { event: 'message', data: '' };
      res.on('data', (text) => {
        const at = Date.now();
        buffer += text;
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (current.data) {
              const event = { ...current, json: JSON.parse(current.data), at };
              events.push(event);
              for (const w of waiters.splice(0)) {
                if (w.pred(event)) w.r(event);
                else waiters.push(w);
              }
            }
            current = { event: 'message', data: '' };
          } else if (line.startsWith(':')) {
            comments.push(line);
          } else {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') current.data += value;
            else current[field] = value;
          }
        }
      });
      resolve(stream);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('request journal', () => {
  let server;
  let client;
  let uploadedKey;
  let failure; // { logid, code }

  before(async () => {
    server = await startServer({ extraArgs: ['--admin-token', ADMIN] });
    client = newClient(server.url, server.app);
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('records SDK calls: endpoint, status, platform code, caller, request id, bytes', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const created = await client.im.file.create({ data: { file_type: 'stream', file_name: 'journal.bin', file: CONTENT } });
    uploadedKey = created.file_key || (created.data && created.data.file_key);
    assert.ok(uploadedKey, JSON.stringify(created));
    const res = await client.im.file.get({ path: { file_key: uploadedKey } });
    assert.deepEqual(await readAll(res.getReadableStream()), CONTENT);
    let err;
    try {
      await client.im.file.get({ path: { file_key: 'file_v3_journal_missing' } });
    } catch (e) {
      err = e;
    }
    assert.ok(err && err.response, 'the unknown key is refused');
    const body = await errorBody(err.response.data);
    failure = { logid: err.response.headers['x-tt-logid'], code: String(body.code), status: err.response.status };
    assert.ok(failure.code && failure.code !== '0');

    const journal = await list(server, '?dialect=feishu');
    assert.equal(journal.enabled, true);
    assert.equal(journal.capacity, 10000);
    const entries = journal.requests;
    for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1].seq > entries[i].seq, 'newest first');
    const byEndpoint = (name) => entries.filter((e) => e.endpoint === name);

    assert.ok(byEndpoint('feishu.auth.tenant_access_token').length >= 1, 'the SDK fetched a token');
    const [create] = byEndpoint('feishu.im.file.create');
    assert.ok(create, JSON.stringify(entries));
    assert.equal(create.status, 200);
    assert.equal(create.code, null);
    assert.equal(create.method, 'POST');
    assert.equal(create.caller, server.app.appId);
    assert.ok(create.bytes_in > CONTENT.length, `a multipart body carries the file: ${create.bytes_in}`);
    assert.equal(create.dialect, 'feishu');
    assert.equal(create.fault_id, null);
    assert.match(create.request_id, LOGID_RE);
    assert.match(create.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(create.time) - Date.now()) < 60000);
    assert.equal(typeof create.duration_ms, 'number');

    const gets = byEndpoint('feishu.im.file.get');
    assert.equal(gets.length, 2);
    const [missing, ok] = gets; // newest first
    assert.equal(ok.status, 200);
    assert.equal(ok.bytes_out, CONTENT.length);
    assert.equal(ok.path, `/open-apis/im/v1/files/${uploadedKey}`);
    assert.equal(missing.status, failure.status);
    assert.equal(missing.code, failure.code, 'the platform code the SDK saw');
    assert.equal(missing.request_id, failure.logid, 'the X-Tt-Logid the SDK saw');
    assert.equal(missing.caller, server.app.appId);

    // The heads, as sent and answered, with the SDK's tenant token redacted.
    assert.match(ok.request_head, /^Authorization: Bearer \*\*\*$/im);
    assert.doesNotMatch(ok.request_head, /Bearer t-/);
    assert.match(ok.request_head, /^Host: 127\.0\.0\.1:\d+$/im);
    assert.match(ok.response_head, /^HTTP\/1\.1 200 OK\n/);
    assert.match(ok.response_head, new RegExp(`^X-Tt-Logid: ${ok.request_id}$`, 'm'));
    assert.match(ok.response_head, new RegExp(`^Content-Length: ${CONTENT.length}$`, 'm'));
    assert.match(missing.response_head, new RegExp(`^HTTP/1\\.1 ${failure.status} `));
  });

  it('keeps secrets out of the recorded path', T, async () => {
    const target = `/open-apis/im/v1/files/file_v3_redact?access_token=${SECRET}&signature=${SIGNATURE}&keep=visible`;
    const res = await fetch(`${server.url}${target}`);
    await res.arrayBuffer();
    const [entry] = (await list(server, '?endpoint=feishu.im.file.get&limit=1')).requests;
    assert.ok(entry.path.startsWith('/open-apis/im/v1/files/file_v3_redact?'), entry.path);
    assert.ok(!entry.path.includes(SECRET) && !entry.path.includes(SIGNATURE), entry.path);
    assert.match(entry.path, /access_token=\*\*\*/);
    assert.match(entry.path, /keep=visible/);
    // Nor does any other entry hold them, nor the SDK's bearer tokens.
    const all = JSON.stringify((await list(server, '?limit=10000')).requests);
    assert.ok(!all.includes(SECRET) && !all.includes(SIGNATURE) && !all.includes(server.app.appSecret));
  });

  it('filters by dialect, endpoint, status, code, caller, since and limit', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const all = (await list(server, '?limit=10000')).requests;
    const expect = async (query, pred) => {
      const got = (await list(server, query)).requests.map((e) => e.seq);
      // Entries recorded after `all` (the list calls themselves) are newer: compare on what `all` saw.
      const seen = new Set(all.map((e) => e.seq));
      const want = all.filter(pred).map((e) => e.seq);
      assert.deepEqual(got.filter((s) => seen.has(s)), want, query);
      assert.ok(want.length > 0, `${query} matches something`);
    };
    await expect('?endpoint=feishu.im.file.get', (e) => e.endpoint === 'feishu.im.file.get');
    await expect(`?status=${failure.status}`, (e) => e.status === failure.status);
    await expect('?status=2xx', (e) => e.status >= 200 && e.status < 300);
    await expect(`?code=${failure.code}`, (e) => e.code === failure.code);
    await expect(`?caller=${server.app.appId}&dialect=feishu`, (e) => e.caller === server.app.appId && e.dialect === 'feishu');
    await expect('?dialect=filegate', (e) => e.dialect === 'filegate');
    const pivot = all[Math.floor(all.length / 2)].seq;
    await expect(`?since=${pivot}`, (e) => e.seq > pivot);

    const limited = (await list(server, '?limit=2')).requests;
    assert.equal(limited.length, 2);
    // The journal's own list calls are recorded too.
    assert.equal(limited[1].endpoint, 'filegate.requests.list');

    assert.equal((await api(server, 'requests?status=abc')).status, 400);
    assert.equal((await api(server, 'requests?since=-1')).status, 400);
    assert.equal((await api(server, 'requests', { token: 'wrong' })).status, 401);
    assert.equal((await api(server, 'requests', { token: null })).status, 401);
  });

  it('streams each new entry within 100 ms of its response, with id and filters', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const stream = await openStream(server, '?endpoint=feishu.im.file.get');
    try {
      assert.equal(stream.res.statusCode, 200);
      assert.match(stream.res.headers['content-type'], /^text\/event-stream/);
      assert.equal(stream.res.headers['transfer-encoding'], 'chunked');
      const delays = [];
      for (let i = 0; i < LIVE_REQUESTS; i++) {
        const res = await client.im.file.get({ path: { file_key: uploadedKey } });
        await readAll(res.getReadableStream());
        const ended = Date.now();
        const logid = res.headers['x-tt-logid'];
        const event = await stream.waitFor((e) => e.json.request_id === logid);
        delays.push(Math.max(0, event.at - ended));
        assert.equal(event.event, 'message');
        assert.equal(event.id, String(event.json.seq));
        assert.equal(event.json.status, 200);
        assert.equal(event.json.bytes_out, CONTENT.length);
      }
      assert.ok(median(delays) < 100, `median delivery ${median(delays)} ms (${delays.join(', ')})`);
      // The filter held: the token fetches and the admin calls meanwhile were not sent.
      assert.ok(stream.events.every((e) => e.json.endpoint === 'feishu.im.file.get'));
      assert.equal(stream.events.length, LIVE_REQUESTS, 'no replay without since or Last-Event-ID');
    } finally {
      stream.close();
    }
  });

  it('replays buffered entries after Last-Event-ID or since, then goes on live', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const gets = (await list(server, '?endpoint=feishu.im.file.get&limit=10000')).requests.reverse();
    const from = gets[gets.length - 3].seq;
    for (const [query, headers] of [['?endpoint=feishu.im.file.get', { 'last-event-id': String(from) }],
      [`?endpoint=feishu.im.file.get&since=${from}`, {}]]) {
      const stream = await openStream(server, query, headers);
      try {
        const replayed = await Promise.all(gets.slice(-2).map((g) => stream.waitFor((e) => e.json.seq === g.seq)));
        assert.deepEqual(replayed.map((e) => e.json.seq), gets.slice(-2).map((g) => g.seq));
        const res = await client.im.file.get({ path: { file_key: uploadedKey } });
        await readAll(res.getReadableStream());
        await stream.waitFor((e) => e.json.request_id === res.headers['x-tt-logid']);
        assert.deepEqual(stream.events.map((e) => e.json.seq).slice(0, 2), gets.slice(-2).map((g) => g.seq));
      } finally {
        stream.close();
      }
    }
    const denied = await openStream(server, '', { authorization: 'Bearer wrong' });
    assert.equal(denied.res.statusCode, 401);
    denied.close();
  });

  it('filegate requests prints the journal, as JSON lines or text, and follows it', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const base = ['requests', '--url', server.url, '--admin-token', ADMIN, '--endpoint', 'feishu.im.file.get'];
    const fromApi = (await list(server, '?endpoint=feishu.im.file.get&limit=5')).requests;
    const lines = server.cli([...base, '--json', '--limit', '5']).split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [...fromApi].reverse(), 'oldest first, as the API has them');

    const text = server.cli([...base, '--limit', '1', '--status', '200']).split('\n');
    assert.equal(text.length, 1);
    assert.match(text[0], /^\S+Z 200 - feishu\.im\.file\.get GET \/open-apis\/im\/v1\/files\/\S+ caller=cli_\S+ fault=- [\d.]+ms$/);

    // --follow: the newest 2 first, then live.
    const child = spawn(FILEGATE_BIN, [...base, '--follow', '--json', '--limit', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const got = [];
      let waiting = null; // { n, resolve }
      readline.createInterface({ input: child.stdout }).on('line', (l) => {
        got.push(JSON.parse(l));
        if (waiting && got.length >= waiting.n) waiting.resolve();
      });
      const waitLines = (n) => withTimeout(new Promise((resolve) => {
        waiting = { n, resolve };
        if (got.length >= n) resolve();
      }), 10000, `${n} lines from filegate requests --follow`);
      await waitLines(2);
      assert.deepEqual(got.map((e) => e.seq), fromApi.slice(0, 2).map((e) => e.seq).reverse());
      const res = await client.im.file.get({ path: { file_key: uploadedKey } });
      await readAll(res.getReadableStream());
      await waitLines(3);
      assert.equal(got[2].request_id, res.headers['x-tt-logid']);
    } finally {
      child.kill('SIGTERM');
    }

    assert.throws(() => server.cli(['requests', '--url', server.url, '--admin-token', 'wrong']), /401/);
  });

  it('DELETE clears it; sequence numbers go on', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const before = (await list(server)).last_seq;
    const { status, body } = await api(server, 'requests', { method: 'DELETE' });
    assert.equal(status, 200);
    assert.deepEqual(body, { cleared: true });
    const after = await list(server, '?dialect=feishu');
    assert.deepEqual(after.requests, []);
    const own = (await list(server)).requests;
    assert.ok(own.length >= 1 && own.every((e) => e.seq > before && e.dialect === 'filegate'), JSON.stringify(own));
  });
});

describe('request journal size', () => {
  it('--journal-size 0 turns it off: the list is empty and says so, the stream is refused', T, async () => {
    const server = await startServer({ extraArgs: ['--admin-token', ADMIN, '--journal-size', '0'] });
    try {
      const client = newClient(server.url, server.app);
      await assert.rejects(client.im.file.get({ path: { file_key: 'file_v3_none' } }));
      const journal = await list(server);
      assert.equal(journal.enabled, false);
      assert.equal(journal.capacity, 0);
      assert.deepEqual(journal.requests, []);
      const stream = await openStream(server);
      assert.equal(stream.res.statusCode, 404);
      stream.close();
    } finally {
      await server.stop();
    }
  });

  it('FILEGATE_JOURNAL_SIZE bounds it; stopping the server ends open streams', { ...T, skip: PER_NODE.journalOrder }, async () => {
    const server = await startServer({ extraArgs: ['--admin-token', ADMIN], env: { FILEGATE_JOURNAL_SIZE: '3' } });
    let stopped = false;
    try {
      for (let i = 0; i < 5; i++) await (await fetch(`${server.url}/_filegate/health`)).arrayBuffer();
      const journal = await list(server);
      assert.equal(journal.capacity, 3);
      assert.equal(journal.requests.length, 3);
      assert.equal(journal.requests[0].seq, journal.last_seq);

      const stream = await openStream(server);
      const started = Date.now();
      await server.stop(); // throws unless filegate exits 0 within the harness's 5 s (the grace period is 10 s)
      stopped = true;
      await withTimeout(stream.ended, 2000, 'the stream to end');
      assert.ok(Date.now() - started < 4000, `stopped after ${Date.now() - started} ms`);
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
