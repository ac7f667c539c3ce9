'use strict';
// The control plane across nodes (issue 20; docs/scale-out.md, "The control plane across nodes"): three nodes over one
// PostgreSQL, each with fault rules, a request journal and rate-limit windows in its own memory, answer admin calls
// as one service would. A rule added on one node fires on every node, a listing on any node counts every node's
// matches and shows every node's requests, and a reset on any node returns the store to the oldest node's reset point
// and every node's memory to its start. The nodes need only the shared metadata for this, so the test starts
// PostgreSQL alone (scripts/postgres.sh, on a free port, stopped by PID).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { CozeAPI, InternalServerError, NotFoundError } = require('@coze/api');

const { startServer, REPO_ROOT } = require('../lib/server');
const { tempDir } = require('../lib/helpers');
const { freePort } = require('../lib/scale-out-stores');

const T = { timeout: 60000 };

describe('the admin API of three nodes over one PostgreSQL', { timeout: 300000 }, () => {
  const work = tempDir('filegate-scale-out-control-');
  const pgDir = path.join(work, 'pg');
  let pgUrl;
  const nodes = [];

  const startNode = async (name) => {
    const dataDir = path.join(work, name);
    fs.mkdirSync(dataDir);
    // Each node its own blobs: nothing here is uploaded, and only the metadata tells nodes about each other.
    const node = await startServer({ dataDir, env: { FILEGATE_METADATA: pgUrl } });
    node.id = /^ {2}node +(\S+)/m.exec(await node.banner())[1];
    nodes.push(node);
    return node;
  };
  const json = async (res) => ({ status: res.status, body: await res.json() });
  const retrieveMissing = (node) =>
    new CozeAPI({ token: node.coze.token, baseURL: node.url }).files.retrieve('7000000000000000001');

  before(async () => {
    pgUrl = execFileSync(path.join(REPO_ROOT, 'scripts/postgres.sh'), ['start', pgDir, String(await freePort())],
      { encoding: 'utf8' }).trim();
    await startNode('a');
    await startNode('b');
  });

  after(async () => {
    for (const node of nodes) await node.stop().catch(() => {});
    try { execFileSync(path.join(REPO_ROOT, 'scripts/postgres.sh'), ['stop', pgDir]); } catch { /* not started */ }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('each node names itself in its banner, and says it finds the others in the metadata store', T, async () => {
    assert.match(await nodes[0].banner(), /^ {2}node +[0-9a-f]{16} \(finds the other nodes in the metadata store\)$/m);
    assert.notEqual(nodes[0].id, nodes[1].id);
  });

  it('a reset on a node started later returns the store to the oldest node\'s reset point', T, async () => {
    // An account made before node c starts is in c's own reset point, not in a's: the cluster's is a's.
    const made = await json(await nodes[1].admin('apps', { method: 'POST', body: { dialect: 'coze', name: 'before c' } }));
    assert.equal(made.status, 201);
    const c = await startNode('c');
    const names = async (node) => (await json(await node.admin('apps'))).body.apps.map((app) => app.name);
    assert.ok((await names(nodes[0])).includes('before c'));
    assert.equal((await c.admin('reset', { method: 'POST' })).status, 200);
    for (const node of nodes) assert.ok(!(await names(node)).includes('before c'), `after the reset, on ${node.id}`);
  });

  it('a fault rule added on one node fires on every node, and any node counts every node\'s matches', T, async () => {
    const [a, b, c] = nodes;
    const added = await json(await a.admin('faults', {
      method: 'POST', body: { endpoint: 'coze.files.retrieve', error: '5000' },
    }));
    assert.equal(added.status, 201);
    await assert.rejects(retrieveMissing(b), InternalServerError);
    await assert.rejects(retrieveMissing(c), InternalServerError);
    const listed = (await json(await c.admin('faults'))).body.faults;
    assert.deepEqual(listed.map((rule) => [rule.id, rule.matched, rule.fired]), [[added.body.id, 2, 2]]);

    // Removed on another node, it is gone from all of them.
    assert.equal((await b.admin(`faults/${added.body.id}`, { method: 'DELETE' })).status, 200);
    for (const node of nodes) {
      assert.deepEqual((await json(await node.admin('faults'))).body.faults, [], `rules on ${node.id}`);
      await assert.rejects(retrieveMissing(node), NotFoundError);
    }
  });

  it('rules added on different nodes get ids of their own', T, async () => {
    const ids = [];
    for (const node of nodes) {
      const added = await json(await node.admin('faults', {
        method: 'POST', body: { endpoint: 'coze.files.retrieve', error: '5000', probability: 0 },
      }));
      assert.equal(added.status, 201, JSON.stringify(added.body));
      ids.push(added.body.id);
    }
    assert.equal(new Set(ids).size, 3, ids.join(' '));
    for (const node of nodes) {
      assert.deepEqual((await json(await node.admin('faults'))).body.faults.map((r) => r.id).sort(), [...ids].sort());
    }
    assert.equal((await nodes[2].admin('faults', { method: 'DELETE' })).status, 200);
    for (const node of nodes) assert.deepEqual((await json(await node.admin('faults'))).body.faults, []);
  });

  it('the fault rules of fixtures posted to one node are on every node', T, async () => {
    const [a, b, c] = nodes;
    const posted = await fetch(`${b.url}/_filegate/api/v1/fixtures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.adminToken}`, 'content-type': 'application/toml' },
      body: '[[faults]]\nendpoint = "coze.files.retrieve"\nerror = "5000"\n',
    });
    assert.equal(posted.status, 200, await posted.text());
    await assert.rejects(retrieveMissing(a), InternalServerError);
    await assert.rejects(retrieveMissing(c), InternalServerError);
    assert.equal((await c.admin('faults', { method: 'DELETE' })).status, 200);
    await assert.rejects(retrieveMissing(b), NotFoundError);
  });

  it('the journal of any node lists the requests of every node, each naming the node that served it', T, async () => {
    const [a, b, c] = nodes;
    assert.equal((await b.admin('requests', { method: 'DELETE' })).status, 200);
    await assert.rejects(retrieveMissing(b), NotFoundError);
    await assert.rejects(retrieveMissing(c), NotFoundError);
    await assert.rejects(retrieveMissing(c), NotFoundError);
    const listed = (await json(await a.admin('requests?dialect=coze'))).body.requests;
    assert.deepEqual(listed.map((entry) => entry.node).sort(), [b.id, c.id, c.id].sort());
    assert.ok(listed.every((entry) => entry.endpoint === 'coze.files.retrieve' && entry.status === 404));
    // Newest first across the nodes, and a limit counts all of them.
    const times = listed.map((entry) => entry.time);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal((await json(await a.admin('requests?dialect=coze&limit=2'))).body.requests.length, 2);
    // The calls one node sent the others are not their requests: each node's journal holds the clear once, its own.
    const clears = (await json(await a.admin('requests?endpoint=filegate.requests.clear'))).body.requests;
    assert.deepEqual(clears.map((entry) => entry.node), [b.id]);
  });

  it('a reset on any node also resets every node\'s fault rules', T, async () => {
    const [a, b, c] = nodes;
    await a.admin('faults', { method: 'POST', body: { endpoint: 'coze.files.retrieve', error: '5000' } });
    await assert.rejects(retrieveMissing(c), InternalServerError);
    assert.equal((await b.admin('reset', { method: 'POST' })).status, 200);
    for (const node of nodes) await assert.rejects(retrieveMissing(node), NotFoundError);
  });

  it('a node that stops leaves the cluster: the others go on without it', T, async () => {
    const c = nodes.pop();
    await c.stop();
    const [a] = nodes;
    const added = await json(await a.admin('faults', {
      method: 'POST', body: { endpoint: 'coze.files.retrieve', error: '5000', probability: 0 },
    }));
    assert.equal(added.status, 201);
    assert.equal((await json(await nodes[1].admin('faults'))).body.faults.length, 1);
    assert.equal((await a.admin('faults', { method: 'DELETE' })).status, 200);
  });
});
