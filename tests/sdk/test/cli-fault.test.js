'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// `filegate fault add|list|rm` (docs/faults.md): rules made from the command line fire on the official SDK's calls;
// the list shows what fired; rm removes one or all; bad input exits non-zero with a message.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startServer, newClient, FILEGATE_BIN, PER_NODE } = require('../lib/server');
const { readAll } = require('../lib/helpers');

const T = { timeout: 60000 };

describe('filegate fault', () => {
  let server;
  let client;
  let key;
  const fault = (...args) =>
    spawnSync(FILEGATE_BIN, ['fault', ...args], {
      encoding: 'utf8',
      env: { ...process.env, FILEGATE_URL: server.url, FILEGATE_ADMIN_TOKEN: server.adminToken },
    });
  const ok = (...args) => {
    const run = fault(...args);
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
  };
  const download = async () => readAll((await client.im.file.get({ path: { file_key: key } })).getReadableStream());

  before(async () => {
    server = await startServer({ rateLimits: false });
    client = newClient(server.url, server.app);
    key = server.importFile(server.app.appId, 'cli-fault.bin', Buffer.from('hello, faults'));
  });
  after(async () => {
    if (server) await server.stop();
  });

  it('add prints the id of a rule that fires on the SDK call; list shows it fired and spent', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const id = ok('add', '--endpoint', 'feishu.im.file.get', '--error', '99991400', '--times', '1').trim();
    assert.match(id, /^\S+$/);
    await assert.rejects(download(), (e) => e.response?.status === 429);
    assert.equal((await download()).toString(), 'hello, faults');
    const listed = JSON.parse(ok('list', '--json')).faults.find((rule) => rule.id === id);
    assert.deepEqual(
      { endpoint: listed.endpoint, error: listed.error, times: listed.times, fired: listed.fired, spent: listed.spent },
      { endpoint: 'feishu.im.file.get', error: '99991400', times: 1, fired: 1, spent: true },
    );
    assert.match(ok('list'), new RegExp(`^${id} api fired 1 of 2 matches, spent: .*error=99991400`, 'm'));
    ok('rm', id);
    assert.doesNotMatch(ok('list'), new RegExp(`^${id} `, 'm'));
  });

  it('carries numbers, flags and a raw answer with headers; rm --all removes every rule', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    const rule = JSON.parse(
      ok('add', '--id', 'raw', '--key', key, '--status', '503', '--body', '{"code":1}', '--header', 'Retry-After: 7',
        '--probability', '0.5', '--after', '0', '--latency-ms', '5', '--json'),
    );
    assert.deepEqual(
      { id: rule.id, key: rule.key, status: rule.status, body: rule.body, headers: rule.headers, probability: rule.probability },
      { id: 'raw', key, status: 503, body: '{"code":1}', headers: { 'Retry-After': '7' }, probability: 0.5 },
    );
    ok('add', '--endpoint', 'feishu.im.file.get', '--drop');
    assert.equal(JSON.parse(ok('list', '--json')).faults.length, 2);
    ok('rm', '--all');
    assert.deepEqual(JSON.parse(ok('list', '--json')).faults, []);
    assert.equal((await download()).toString(), 'hello, faults');
  });

  it('exits non-zero with the reason: a rule the server refuses, a bad number, an unknown id, no id', T, () => {
    for (const [args, reason] of [
      [['add', '--endpoint', 'feishu.no.such', '--error', '99991400'], /400 .*endpoint 'feishu.no.such'/],
      [['add', '--times', 'many', '--error', '99991400'], /--times: 'many' is not a number/],
      [['rm', 'no-such-rule'], /404 .*no such fault rule/],
      [['rm'], /ids, or --all/],
    ]) {
      const run = fault(...args);
      assert.notEqual(run.status, 0, args.join(' '));
      assert.match(run.stderr, reason, args.join(' '));
    }
    const noToken = spawnSync(FILEGATE_BIN, ['fault', 'list', '--url', server.url], {
      encoding: 'utf8',
      env: { ...process.env, FILEGATE_ADMIN_TOKEN: '' },
    });
    assert.notEqual(noToken.status, 0);
  });
});
