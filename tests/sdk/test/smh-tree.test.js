'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: the tree as the Java and the Android SDK change it (../lib/smh-client.js): listings of directories
// with non-ASCII names, moving and renaming files and directories ({"from": …}, doc 1339/71141 and 1339/71148) and
// copying them ({"copyFrom": …}, doc 1283/75446 and 1339/71149), each answered as documented and never as an upload.

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer } = require('../lib/server');
const { crc64xz, makeClient, getToken, clientsOfBothStyles, expectError } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH tree operations', () => {
  let server;
  let clients; // {java, android}

  before(async () => {
    server = await startServer();
    clients = await clientsOfBothStyles(server, { user_id: 'android-user' });
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

    it(`${style} style: a file moves and renames with {"from"}: 200 {path}, same bytes and history, old path gone`, T, async () => {
      const client = clients[style];
      const base = `${style}-移动`;
      await created(client, `${base}/目标 目录`);
      const data = crypto.randomBytes(4096);
      await uploaded(client, `${base}/源 文件.txt`, data);
      const before = await (await client.download(`${base}/源 文件.txt`, {}, { redirect: 'manual' })).headers.get('location');

      const moved = await client.move('file', `${base}/目标 目录/新 名.txt`, `${base}/源 文件.txt`);
      const body = await moved.json();
      assert.equal(moved.status, 200, JSON.stringify(body));
      assert.deepEqual(body, { path: [base, '目标 目录', '新 名.txt'] });
      assert.equal(body.confirmKey, undefined, 'no upload was started');

      await expectError(client.info(`${base}/源 文件.txt`), 404, 'FileNotFound', 'the old path');
      assert.ok((await bytesOf(client, `${base}/目标 目录/新 名.txt`)).equals(data));
      const info = await (await client.info(`${base}/目标 目录/新 名.txt`)).json();
      assert.equal(info.crc64, crc64xz(data));
      const history = await (await client.history(`${base}/目标 目录/新 名.txt`)).json();
      assert.equal(history.totalNum, 1, 'the file keeps its versions');
      // The Location names the stored version, as COS's presigned URL names its object, not the path: it still serves.
      const old = await fetch(before);
      assert.equal(old.status, 200);
      assert.ok(Buffer.from(await old.arrayBuffer()).equals(data));
      assert.deepEqual((await names(client, base)).names, ['目标 目录']);
      assert.deepEqual((await names(client, `${base}/目标 目录`)).names, ['新 名.txt']);
    });

    it(`${style} style: a file move resolves name conflicts by conflict_resolution_strategy`, T, async () => {
      const client = clients[style];
      const base = `${style}-冲突`;
      await created(client, `${base}/d`);
      await uploaded(client, `${base}/a.txt`, Buffer.from('a'));
      await uploaded(client, `${base}/b.txt`, Buffer.from('b'));
      await uploaded(client, `${base}/c.txt`, Buffer.from('c'));

      await expectError(
        client.move('file', `${base}/b.txt`, `${base}/a.txt`, { conflict_resolution_strategy: 'ask' }),
        409, 'SameNameDirectoryOrFileExists', 'ask over an existing file',
      );
      // rename is the default.
      const renamed = await client.move('file', `${base}/b.txt`, `${base}/a.txt`);
      assert.equal(renamed.status, 200);
      assert.deepEqual(await renamed.json(), { path: [base, 'b (1).txt'] });
      assert.ok((await bytesOf(client, `${base}/b (1).txt`)).equals(Buffer.from('a')));
      assert.ok((await bytesOf(client, `${base}/b.txt`)).equals(Buffer.from('b')));

      const over = await client.move('file', `${base}/b.txt`, `${base}/c.txt`, { conflict_resolution_strategy: 'overwrite' });
      assert.equal(over.status, 200);
      assert.deepEqual(await over.json(), { path: [base, 'b.txt'] });
      assert.ok((await bytesOf(client, `${base}/b.txt`)).equals(Buffer.from('c')));
      await expectError(client.info(`${base}/c.txt`), 404, 'FileNotFound', 'the moved source');

      await expectError(
        client.move('file', `${base}/d`, `${base}/b.txt`, { conflict_resolution_strategy: 'overwrite' }),
        409, 'SameNameDirectoryOrFileExists', 'overwrite never replaces a directory',
      );
      await expectError(client.move('file', `${base}/x.txt`, `${base}/nope.txt`), 404, 'SourceFileNotFound', 'no source');
      await expectError(client.move('file', `${base}/x.txt`, `${base}/d`), 404, 'SourceFileNotFound', 'a directory as source');
      await expectError(
        client.move('file', `${base}/no dir/x.txt`, `${base}/b.txt`), 404, 'DirectoryNotFound', 'parents are not created',
      );
      await expectError(client.move('file', `${base}/x.txt`, '../b.txt'), 400, 'InvalidSourceFile', 'a bad source path');
      assert.deepEqual((await names(client, base)).names, ['b (1).txt', 'b.txt', 'd']);
    });

    it(`${style} style: a file copies with {"copyFrom"}: 200 {path}, a new file sharing the stored bytes`, T, async () => {
      const client = clients[style];
      const base = `${style}-复制`;
      await created(client, `${base}/副本`);
      const data = crypto.randomBytes(10000);
      await uploaded(client, `${base}/原 件.bin`, data, { meta: { 'x-smh-meta-tag': 'kept' } });
      const copied = await client.copy('file', `${base}/副本/原 件.bin`, `${base}/原 件.bin`);
      const body = await copied.json();
      assert.equal(copied.status, 200, JSON.stringify(body));
      assert.deepEqual(body, { path: [base, '副本', '原 件.bin'] });
      assert.ok((await bytesOf(client, `${base}/原 件.bin`)).equals(data), 'the source stays');
      assert.ok((await bytesOf(client, `${base}/副本/原 件.bin`)).equals(data));
      const head = await client.head(`${base}/副本/原 件.bin`);
      assert.equal(head.headers.get('x-smh-crc64'), crc64xz(data));
      assert.equal(head.headers.get('x-smh-meta-tag'), 'kept');

      // rename by default, ask refuses, the copy is a file of its own: deleting the source leaves it.
      const again = await client.copy('file', `${base}/副本/原 件.bin`, `${base}/原 件.bin`);
      assert.deepEqual(await again.json(), { path: [base, '副本', '原 件 (1).bin'] });
      await expectError(
        client.copy('file', `${base}/副本/原 件.bin`, `${base}/原 件.bin`, { conflict_resolution_strategy: 'ask' }),
        409, 'SameNameDirectoryOrFileExists', 'copy with ask over an existing file',
      );
      assert.equal((await client.remove(`${base}/原 件.bin`, { permanent: 1 })).status, 204);
      assert.ok((await bytesOf(client, `${base}/副本/原 件.bin`)).equals(data));
      await expectError(client.copy('file', `${base}/x.bin`, `${base}/原 件.bin`), 404, 'SourceFileNotFound', 'gone');

      // The stored object is shared: the admin API lists one object for the two copies' bytes.
      const objects = await (await server.admin('objects')).json();
      const sha = crypto.createHash('sha256').update(data).digest('hex');
      assert.equal(objects.objects.filter((o) => o.sha256 === sha).length, 1, JSON.stringify(objects).slice(0, 500));
    });

    it(`${style} style: a directory moves with its whole subtree; 204 for ask, 200 {path} for rename`, T, async () => {
      const client = clients[style];
      const base = `${style}-目录移动`;
      await created(client, `${base}/旧/深 层`);
      await created(client, `${base}/旧x`);
      await uploaded(client, `${base}/旧/深 层/f.txt`, Buffer.from('deep'));
      await uploaded(client, `${base}/旧/g.txt`, Buffer.from('g'));
      await uploaded(client, `${base}/旧x/sibling.txt`, Buffer.from('s'));

      // Missing parents of the target are created (documented for directory moves).
      const moved = await client.move('directory', `${base}/新/父/新名`, `${base}/旧`);
      assert.equal(moved.status, 204, await moved.text());
      await expectError(client.list(`${base}/旧`), 404, 'DirectoryNotFound', 'the old directory');
      assert.deepEqual((await names(client, `${base}/新/父/新名`)).names, ['g.txt', '深 层']);
      assert.ok((await bytesOf(client, `${base}/新/父/新名/深 层/f.txt`)).equals(Buffer.from('deep')));
      assert.deepEqual((await names(client, `${base}/旧x`)).names, ['sibling.txt'], 'a sibling sharing the prefix stays');

      await created(client, `${base}/占用`);
      await expectError(client.move('directory', `${base}/占用`, `${base}/旧x`), 409, 'SameNameDirectoryOrFileExists', 'ask');
      const renamed = await client.move('directory', `${base}/占用`, `${base}/旧x`, { conflict_resolution_strategy: 'rename' });
      assert.equal(renamed.status, 200);
      assert.deepEqual(await renamed.json(), { path: [base, '占用 (1)'] });
      assert.deepEqual((await names(client, `${base}/占用 (1)`)).names, ['sibling.txt']);

      await expectError(
        client.move('directory', `${base}/新/父/新名/深 层/里`, `${base}/新/父/新名`), 400, 'InvalidSourceDirectory',
        'into its own subtree',
      );
      await expectError(client.move('directory', `${base}/y`, `${base}/nope`), 404, 'SourceDirectoryNotFound', 'no source');
      assert.ok((await bytesOf(client, `${base}/新/父/新名/深 层/f.txt`)).equals(Buffer.from('deep')));
    });

    it(`${style} style: a directory copies with its files; the copy is independent of the source`, T, async () => {
      const client = clients[style];
      const base = `${style}-目录复制`;
      await created(client, `${base}/源/子`);
      await uploaded(client, `${base}/源/子/a.txt`, Buffer.from('a'));
      await uploaded(client, `${base}/源/b.txt`, Buffer.from('b'));

      const copied = await client.copy('directory', `${base}/拷/贝`, `${base}/源`);
      assert.equal(copied.status, 204, await copied.text());
      assert.deepEqual((await names(client, `${base}/拷/贝`)).names, ['b.txt', '子']);
      assert.ok((await bytesOf(client, `${base}/拷/贝/子/a.txt`)).equals(Buffer.from('a')));
      assert.deepEqual((await names(client, `${base}/源`)).names, ['b.txt', '子'], 'the source stays');

      const renamed = await client.copy('directory', `${base}/拷/贝`, `${base}/源`, { conflict_resolution_strategy: 'rename' });
      assert.equal(renamed.status, 200);
      assert.deepEqual(await renamed.json(), { path: [base, '拷', '贝 (1)'] });
      await expectError(client.copy('directory', `${base}/拷/贝`, `${base}/源`), 409, 'SameNameDirectoryOrFileExists', 'ask');
      await expectError(client.copy('directory', `${base}/源/子/里`, `${base}/源`), 400, 'InvalidSourceDirectory', 'into itself');

      assert.equal((await client.call('DELETE', 'directory', `${base}/源`, { params: { permanent: 1 } })).status, 204);
      assert.ok((await bytesOf(client, `${base}/拷/贝/子/a.txt`)).equals(Buffer.from('a')));
    });
  }

  it('a token whose grant lacks move or copy gets 403 NoPermission', T, async () => {
    const lib = server.smh;
    const t = await getToken(server, lib.libraryId, lib.librarySecret, { grant: 'upload_file,create_directory' });
    const limited = makeClient(server, 'java', { libraryId: lib.libraryId, token: t.accessToken });
    await created(limited, 'grant-test');
    await uploaded(limited, 'grant-test/f.txt', Buffer.from('f'));
    await expectError(limited.move('file', 'grant-test/g.txt', 'grant-test/f.txt'), 403, 'NoPermission', 'move');
    await expectError(limited.copy('file', 'grant-test/g.txt', 'grant-test/f.txt'), 403, 'NoPermission', 'copy');
    await expectError(limited.move('directory', 'grant-test2', 'grant-test'), 403, 'NoPermission', 'directory move');
  });
});
