'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// `filegate import`: a platform's import options on the command line (--option KEY=VALUE), and a progress line on a
// terminal only. The imported DingTalk file is then downloaded through the official DingTalk SDK's flow.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, storeEnv, FILEGATE_BIN } = require('../lib/server');
const { tempDir } = require('../lib/helpers');

const T = { timeout: 60000 };

describe('filegate import', () => {
  let server;
  let dir;
  before(async () => {
    server = await startServer();
    dir = tempDir('filegate-cli-import-');
  });
  after(async () => {
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes --option KEY=VALUE to the platform: a DingTalk file lands in the named space and folder', T, async () => {
    const file = path.join(dir, 'q1.txt');
    fs.writeFileSync(file, 'first quarter');
    const { appKey, spaceId } = server.dingtalk;
    assert.throws(() => server.cli(['import', '--platform', 'dingtalk', '--app', appKey, file]), /space_id/);
    assert.throws(() => server.cli(['import', '--platform', 'dingtalk', '--app', appKey, '--option', 'novalue', file]),
      /KEY=VALUE/);
    const dentryId = server.cli(['import', '--platform', 'dingtalk', '--app', appKey,
      '--option', `space_id=${spaceId}`, '--option', 'folder=reports/2026', file]);
    assert.match(dentryId, /^\d+$/);
    assert.match(server.cli(['ls']), /\bq1\.txt\b/);
  });

  it('shows a progress line on a terminal, and none when stderr is not one', T, async () => {
    const file = path.join(dir, 'big.bin');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, 24 * 1024 * 1024);
    const args = ['import', '--platform', 'feishu', '--app', server.app.appId, file, '--data-dir', server.dataDir];
    const env = { ...process.env, ...storeEnv(server.dataDir) };  // the server's store, wherever it is
    const piped = spawnSync(FILEGATE_BIN, args, { encoding: 'utf8', env });
    assert.equal(piped.status, 0, piped.stderr);
    assert.match(piped.stdout.trim(), /^file_v3_/);
    assert.doesNotMatch(piped.stderr, /importing/);
    // util-linux `script` runs the command on a pseudo-terminal and copies what it wrote.
    const quote = (a) => `'${a.replace(/'/g, "'\\''")}'`;
    const onTty = execFileSync('script', ['-qec', [FILEGATE_BIN, ...args].map(quote).join(' '), '/dev/null'],
      { encoding: 'utf8', env });
    assert.match(onTty, /importing big\.bin\s+100% \(24 of 24 MiB\)/);
    assert.match(onTty, /file_v3_/);
  });
});
