'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// GET /_filegate/metrics, parsed by a Prometheus text-format parser, against the requests this test makes with the
// official Feishu SDK.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const parsePrometheus = require('parse-prometheus-text-format');
const { startServer, newClient, PER_NODE } = require('../lib/server');
const { readAll, tempDir } = require('../lib/helpers');

const T = { timeout: 30000 };
const APP = { appId: 'cli_metrics00000001', appSecret: 'metrics-secret-0001' };
const CONTENT = Buffer.alloc(64 * 1024, 3);
const DOWNLOADS = 5;

describe('metrics', () => {
  let server;
  let dir;

  before(async () => {
    dir = tempDir('filegate-metrics-');
    fs.writeFileSync(path.join(dir, 'content.bin'), CONTENT);
    fs.writeFileSync(path.join(dir, 'fixtures.toml'), `
[[feishu.apps]]
app_id = "${APP.appId}"
app_secret = "${APP.appSecret}"
[[feishu.files]]
file_key = "file_v3_metrics"
app_id = "${APP.appId}"
name = "content.bin"
path = "content.bin"
`);
    server = await startServer({ extraArgs: ['--fixtures', path.join(dir, 'fixtures.toml'), '--admin-token', 'metrics-admin'] });
  });
  after(async () => {
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let text = '';
  const scrape = async () => {
    const res = await fetch(`${server.url}/_filegate/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    text = await res.text();
    return parsePrometheus(text);
  };
  const family = (families, name) => {
    const found = families.find((f) => f.name === name);
    assert.ok(found, `${name} is exported`);
    return found;
  };
  const sample = (families, name, labels) =>
    family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels && m.labels[k] === v));

  it('counts requests by dialect, endpoint and status, with latency histograms and bytes', { ...T, skip: PER_NODE.metrics }, async () => {
    const client = newClient(server.url, APP);
    for (let i = 0; i < DOWNLOADS; i++) {
      const res = await client.im.file.get({ path: { file_key: 'file_v3_metrics' } });
      assert.deepEqual(await readAll(res.getReadableStream()), CONTENT);
    }
    await assert.rejects(client.im.file.get({ path: { file_key: 'file_v3_missing' } }));

    const families = await scrape();
    const ok = sample(families, 'filegate_requests_total', { dialect: 'feishu', endpoint: 'feishu.im.file.get', status: '200' });
    assert.equal(Number(ok.value), DOWNLOADS);
    const refused = sample(families, 'filegate_requests_total', { dialect: 'feishu', endpoint: 'feishu.im.file.get', status: '400' });
    assert.equal(Number(refused.value), 1);
    const token = sample(families, 'filegate_requests_total', { dialect: 'feishu', endpoint: 'feishu.auth.tenant_access_token' });
    assert.ok(token && Number(token.value) >= 1, 'the SDK fetched a token first');

    // The parser flattens a histogram's series into one when they carry labels besides `le`, so the series of one
    // endpoint are read from the exposition lines themselves.
    assert.equal(family(families, 'filegate_request_duration_seconds').type, 'HISTOGRAM');
    const series = (suffix, extra = '') => {
      const re = new RegExp(`^filegate_request_duration_seconds_${suffix}\\{dialect="feishu",endpoint="feishu\\.im\\.file\\.get"${extra}\\} (\\S+)$`, 'gm');
      return [...text.matchAll(re)].map((m) => Number(m[m.length - 1]));
    };
    assert.deepEqual(series('count'), [DOWNLOADS + 1]);
    const buckets = series('bucket', ',le="([^"]+)"');
    assert.equal(buckets[buckets.length - 1], DOWNLOADS + 1, '+Inf holds every request');
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1], 'buckets are cumulative');

    const sent = sample(families, 'filegate_sent_bytes_total', { dialect: 'feishu' });
    assert.ok(Number(sent.value) >= DOWNLOADS * CONTENT.length, `sent ${sent.value}`);

    // Label values are bounded: endpoint names, never the paths or file keys of requests.
    for (const f of families) {
      for (const m of f.metrics) {
        for (const v of Object.values(m.labels || {})) assert.ok(!v.includes('/') && !v.includes('file_v3'), `${f.name} ${v}`);
      }
    }
  });

  it('reports objects stored, uploads and requests in progress, and the process', T, async () => {
    const families = await scrape();
    const objects = await (await fetch(`${server.url}/_filegate/api/v1/objects`, {
      headers: { authorization: 'Bearer metrics-admin' },
    })).json();
    assert.equal(Number(family(families, 'filegate_objects').metrics[0].value), objects.objects.length);
    const bytes = objects.objects.reduce((n, o) => n + o.size, 0);
    assert.equal(Number(family(families, 'filegate_object_bytes').metrics[0].value), bytes);
    assert.equal(Number(family(families, 'filegate_uploads_in_progress').metrics[0].value), 0);
    assert.equal(Number(family(families, 'filegate_requests_in_flight').metrics[0].value), 1, 'the scrape itself');
    assert.ok(Number(family(families, 'process_resident_memory_bytes').metrics[0].value) > 1024 * 1024);
    assert.ok(Number(family(families, 'process_open_fds').metrics[0].value) > 3);
    // The start time (the console's uptime): this server started during this test file, so within the last ten minutes.
    const started = Number(family(families, 'process_start_time_seconds').metrics[0].value);
    assert.ok(started <= Date.now() / 1000 && started > Date.now() / 1000 - 600, `start time ${started}`);
  });
});
