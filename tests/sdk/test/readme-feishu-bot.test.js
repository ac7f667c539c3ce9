'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// The README's "A Feishu bot, end to end" runs as written: a server started with the section's fixtures, then the
// section's bot, with only the server's address and a free port for the bot's webhook put in.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer } = require('../lib/server');
const { tempDir } = require('../lib/helpers');
const { readmeSectionBlocks } = require('../lib/readme');

const SECTION = '## A Feishu bot, end to end';

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

describe('README: A Feishu bot, end to end', () => {
  let server;
  let work;
  const blocks = readmeSectionBlocks(SECTION);

  before(async () => {
    work = tempDir('filegate-readme-bot-');
    const fixtures = blocks.find((b) => b.lang === 'toml');
    assert.ok(fixtures, 'the section has its fixtures');
    fs.writeFileSync(path.join(work, 'bot-fixtures.toml'), fixtures.code);
    server = await startServer({ extraArgs: ['--fixtures', path.join(work, 'bot-fixtures.toml')] });
  });
  after(async () => {
    if (server) await server.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('the bot receives the event and downloads the file the user sent', { timeout: 60000 }, async () => {
    const bot = blocks.find((b) => b.lang === 'js');
    assert.ok(bot && bot.code.includes('lark.EventDispatcher'), 'the section has the bot');
    const port = await freePort();
    const code = bot.code.replaceAll('http://127.0.0.1:8080', server.url).replace('const BOT_PORT = 3000;', `const BOT_PORT = ${port};`);
    assert.notEqual(code, bot.code);
    const file = path.join(work, 'bot.js');
    fs.writeFileSync(file, code);
    const run = spawnSync(process.execPath, [file], {
      cwd: work,
      encoding: 'utf8',
      timeout: 45000,
      env: { ...process.env, NODE_PATH: path.join(__dirname, '..', 'node_modules') },
    });
    assert.equal(run.status, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    assert.match(run.stdout, /the bot has the file/);
  });
});
