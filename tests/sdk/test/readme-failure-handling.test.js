'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// The README's "Testing failure handling" section runs as written: every ```js example (after the helpers block, as
// the README says) and every ```sh example, against a server started as the section says, each after a reset. Only
// the server's address is put in for the README's 127.0.0.1:8080 (the test server's port is chosen by the OS).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer, FILEGATE_BIN, PER_NODE } = require('../lib/server');
const { tempDir } = require('../lib/helpers');
const { readmeSectionBlocks } = require('../lib/readme');

const T = { timeout: 60000 };
const REPO = path.join(__dirname, '..', '..', '..');
const SECTION = '## Testing failure handling';

const blocks = readmeSectionBlocks(SECTION);
const helpers = blocks.find((b) => b.lang === 'js' && b.code.includes('async function admin('));
const examples = blocks.filter((b) => b !== helpers);

describe('README: Testing failure handling', () => {
  let server;
  let work;
  const atServer = (code) =>
    code.replaceAll('http://127.0.0.1:8080', server.url).replaceAll('127.0.0.1:8080', new URL(server.url).host);

  before(async () => {
    server = await startServer({ extraArgs: ['--fixtures', path.join(REPO, 'examples', 'fixtures.toml'), '--seed', '42'] });
    // The sh examples call build/filegate, as from a clone's root.
    work = tempDir('filegate-readme-');
    fs.mkdirSync(path.join(work, 'build'));
    fs.symlinkSync(FILEGATE_BIN, path.join(work, 'build', 'filegate'));
  });
  after(async () => {
    if (server) await server.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('has the helpers and an example for every SDK and the command line', () => {
    assert.ok(helpers, 'the helpers block');
    for (const sdk of ['@larksuiteoapi/node-sdk', '@alicloud/dingtalk', '@coze/api', '/api/v1/token', 'fault add']) {
      assert.ok(examples.some((b) => b.code.includes(sdk)), `an example using ${sdk}`);
    }
  });

  examples.forEach((example, index) => {
    const first = example.code.split('\n').find((line) => line.includes('require(') || line.trim()) ?? '';
    // The examples arm rules with times: 1 and expect the next call to succeed.
    it(`example ${index + 1} (${example.lang}: ${first.trim().slice(0, 60)}) runs`, { ...T, skip: PER_NODE.faultBudgets }, async () => {
      const reset = await fetch(`${server.url}/_filegate/api/v1/reset`, {
        method: 'POST',
        headers: { authorization: 'Bearer example-admin-token' },
      });
      assert.equal(reset.status, 200);
      const file = path.join(work, `example-${index + 1}.${example.lang === 'js' ? 'js' : 'sh'}`);
      const code = example.lang === 'js' ? `${helpers.code}\n${example.code}` : `set -euo pipefail\n${example.code}`;
      fs.writeFileSync(file, atServer(code));
      const run = spawnSync(example.lang === 'js' ? process.execPath : 'bash', [file], {
        cwd: work,
        encoding: 'utf8',
        timeout: 45000,
        // The js examples require the SDKs this suite installs.
        env: { ...process.env, NODE_PATH: path.join(__dirname, '..', 'node_modules') },
      });
      assert.equal(run.status, 0, `${file}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    });
  });
});
