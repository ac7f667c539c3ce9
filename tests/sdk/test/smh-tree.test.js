'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: the tree as the Java and the Android SDK see it (../lib/smh-client.js): listings of directories with
// non-ASCII names.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer } = require('../lib/server');
const { makeClient, getToken } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH tree operations', () => {
  let server;
  let clients; // {java, android}

  before(async () => {
    server = await startServer();
    const lib = server.smh;
    const a = await getToken(server, lib.libraryId, lib.librarySecret);
    const b = await getToken(server, lib.libraryId, lib.librarySecret, { user_id: 'android-user' });
    clients = {
      java: makeClient(server, 'java', { libraryId: lib.libraryId, token: a.accessToken }),
      android: makeClient(server, 'android', { libraryId: lib.libraryId, token: b.accessToken }),
    };
  });
  after(async () => {
    if (server) await server.stop();
  });
  afterEach(async () => {
    if (server) await server.crashCheck();
  });

  const names = async (client, dir) => {
    const res = await client.list(dir, { page: 1, page_size: 100 });
    const body = await res.json();
    assert.equal(res.status, 200, `list ${dir}: ${JSON.stringify(body)}`);
    return { body, names: body.contents.map((c) => c.name) };
  };
  const uploaded = async (client, p, data, opts) => {
    const up = await client.upload(p, data, opts);
    assert.equal(up.confirm.status, 200, `${client.style} upload ${p}: ${JSON.stringify(up.confirmBody)}`);
    return up;
  };
  const bytesOf = async (client, p) => {
    const res = await client.download(p, {}, { redirect: 'manual' });
    assert.equal(res.status, 302, `download ${p}: ${res.status}`);
    const bytes = await fetch(res.headers.get('location'));
    assert.equal(bytes.status, 200);
    return Buffer.from(await bytes.arrayBuffer());
  };
  const created = async (client, dir) => {
    const res = await client.mkdir(dir);
    assert.equal(res.status, 201, `mkdir ${dir}: ${await res.text()}`);
  };

  for (const style of ['java', 'android']) {
    it(`${style} style: a directory with a non-ASCII name lists the files confirmed in it`, T, async () => {
      const client = clients[style];
      const dir = `${style}-列表/子目录`;
      await created(client, dir);
      const data = crypto.randomBytes(1000);
      await uploaded(client, `${dir}/f.bin`, data);
      await uploaded(client, `${dir}/文件 二.txt`, Buffer.from('two'));
      assert.ok((await bytesOf(client, `${dir}/f.bin`)).equals(data));
      const { body, names: listed } = await names(client, dir);
      assert.deepEqual(listed, ['f.bin', '文件 二.txt']);
      assert.equal(body.fileCount, 2);
      assert.equal(body.totalNum, 2);
      assert.deepEqual(body.path, [`${style}-列表`, '子目录']);
      assert.deepEqual((await names(client, `${style}-列表`)).names, ['子目录']);
    });

  }

});
    const limited = makeClient(server, 'java', { libraryId: lib.libraryId, token: t.accessToken });
    await created(limited, 'grant-test');
    await uploaded(limited, 'grant-test/f.txt', Buffer.from('f'));
    await expectError(limited.move('file', 'grant-test/g.txt', 'grant-test/f.txt'), 403, 'NoPermission', 'move');
    await expectError(limited.copy('file', 'grant-test/g.txt', 'grant-test/f.txt'), 403, 'NoPermission', 'copy');
    await expectError(limited.move('directory', 'grant-test2', 'grant-test'), 403, 'NoPermission', 'directory move');
  });
});
