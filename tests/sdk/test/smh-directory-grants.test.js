'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: per-directory grants from fixtures ([[smh.directory_grants]], docs/fixtures.md), in both client
// styles (../lib/smh-client.js). A user (the token's user_id) with read-only access under a directory may read there
// but every write answers 403 WriteForbidden; with no access, reads answer 403 ReadForbidden too. The nearest grant
// on the path or above it decides; other users are not restricted.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../lib/server');
const { makeClient, getToken, expectError } = require('../lib/smh-client');

const T = { timeout: 30000 };
const LIB = { libraryId: 'smhgrant00000001', librarySecret: 'grantFixtureSecret00000000000000000000001' };

describe('Tencent SMH per-directory grants', () => {
  let server;
  let dir;
  const clients = {};

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-smh-grants-'));
    const file = (p, text) => `
[[smh.files]]
library_id = "${LIB.libraryId}"
file_path = "${p}"
text = "${text}"
`;
    const grant = (dirPath, access) => `
[[smh.directory_grants]]
library_id = "${LIB.libraryId}"
user_id = "alice"
dir_path = "${dirPath}"
access = "${access}"
`;
    const toml = `
[[smh.libraries]]
library_id = "${LIB.libraryId}"
library_secret = "${LIB.librarySecret}"

[[smh.directories]]
library_id = "${LIB.libraryId}"
dir_path = "自由 目录"
${file('只读 目录/报告.txt', 'read me')}
${file('只读 目录/开放 子目录/草稿.txt', 'draft')}
${file('禁止 目录/秘密.txt', 'secret')}
${grant('只读 目录', 'read_only')}
${grant('只读 目录/开放 子目录', 'full')}
${grant('禁止 目录', 'none')}
`;
    fs.writeFileSync(path.join(dir, 'fixtures.toml'), toml);
    server = await startServer({ extraArgs: ['--fixtures', path.join(dir, 'fixtures.toml')] });
    for (const [name, user] of [['alice', 'alice'], ['bob', 'bob']]) {
      for (const style of ['java', 'android']) {
        const token = (await getToken(server, LIB.libraryId, LIB.librarySecret, { user_id: user })).accessToken;
        clients[`${name}-${style}`] = makeClient(server, style, { libraryId: LIB.libraryId, token });
      }
    }
  });
  after(async () => {
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  for (const style of ['java', 'android']) {
    it(`${style}: read-only: reads and copies out work, every write answers 403 WriteForbidden`, T, async () => {
      const alice = clients[`alice-${style}`];
      assert.equal((await alice.info('只读 目录/报告.txt')).status, 200);
      assert.equal((await alice.list('只读 目录')).status, 200);
      const download = await alice.download('只读 目录/报告.txt', {}, { redirect: 'manual' });
      assert.equal(download.status, 302);

      const start = alice.call('PUT', 'file', '只读 目录/新.txt', { params: { filesize: 1 } });
      await expectError(start, 403, 'WriteForbidden', 'an upload start');
      await expectError(alice.remove('只读 目录/报告.txt'), 403, 'WriteForbidden', 'a delete');
      await expectError(alice.mkdir('只读 目录/子'), 403, 'WriteForbidden', 'a new directory');
      await expectError(alice.move('file', `自由 目录/移走 ${style}.txt`, '只读 目录/报告.txt'), 403, 'WriteForbidden',
        'moving a file out');
      await expectError(alice.move('file', '只读 目录/改名.txt', '只读 目录/报告.txt'), 403, 'WriteForbidden', 'a rename');
      await expectError(alice.call('DELETE', 'directory', '只读 目录'), 403, 'WriteForbidden', 'deleting the directory');
      const copied = await alice.copy('file', `自由 目录/副本 ${style}.txt`, '只读 目录/报告.txt');
      assert.equal(copied.status, 200, 'copying out only reads the source');

      // A nearer grant lifts the restriction below it.
      const up = await alice.upload(`只读 目录/开放 子目录/新 ${style}.txt`, Buffer.from('ok'));
      assert.equal(up.confirm.status, 200, JSON.stringify(up.confirmBody));
      assert.equal((await alice.info('只读 目录/报告.txt')).status, 200, 'a refused write changed nothing');
    });

    it(`${style}: no access: reads answer 403 ReadForbidden, writes 403 WriteForbidden; other users are free`, T, async () => {
      const alice = clients[`alice-${style}`];
      await expectError(alice.info('禁止 目录/秘密.txt'), 403, 'ReadForbidden', 'info');
      await expectError(alice.download('禁止 目录/秘密.txt'), 403, 'ReadForbidden', 'download');
      await expectError(alice.list('禁止 目录'), 403, 'ReadForbidden', 'listing');
      await expectError(alice.history('禁止 目录/秘密.txt'), 403, 'ReadForbidden', 'history');
      await expectError(alice.copy('file', `自由 目录/偷 ${style}.txt`, '禁止 目录/秘密.txt'), 403, 'ReadForbidden',
        'copying out');
      await expectError(alice.call('PUT', 'file', '禁止 目录/新.txt', { params: { filesize: 1 } }), 403,
        'WriteForbidden', 'an upload');

      const bob = clients[`bob-${style}`];
      assert.equal((await bob.info('禁止 目录/秘密.txt')).status, 200, 'another user');
      const up = await bob.upload(`只读 目录/鲍勃 ${style}.txt`, Buffer.from('bob'));
      assert.equal(up.confirm.status, 200);
    });
  }
});
