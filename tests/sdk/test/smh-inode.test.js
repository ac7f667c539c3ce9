'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: inodes, in both client styles (../lib/smh-client.js). with_inode=1 on directory creation, confirm,
// ?info and listings answers each node's `inode` (doc 1339/71146 and the listing's with_inode); GET
// /api/v1/inode/{lib}/{space}/{inode} finds the node wherever it has moved. An inode survives moves, renames and
// overwrites; a copy gets its own.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { smhSuite, expectError, expectJson: json } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH inodes', () => {
  const suite = smhSuite();


  for (const style of ['java', 'android']) {
    it(`${style}: with_inode=1 answers inodes; the inode finds a node after moves; a copy has its own`, T, async () => {
      const c = suite.clients[style];
      const dir = `索引 ${style}`;
      const created = await json(c.mkdir(dir, { with_inode: 1 }), 201, 'mkdir with_inode (ask)');
      assert.equal(typeof created.inode, 'string');
      assert.ok(created.inode.length > 0, JSON.stringify(created));
      assert.equal(created.path, undefined, 'ask: no path');
      const again = await json(c.mkdir(dir, { with_inode: 1, conflict_resolution_strategy: 'rename' }), 201, 'rename');
      assert.deepEqual(again.path, [`${dir} (1)`]);
      assert.notEqual(again.inode, created.inode);
      assert.equal((await c.mkdir(`${dir}/子 目录`)).status, 201);

      const p = `${dir}/子 目录/文件 一.txt`;
      const up = await c.upload(p, Buffer.from('one'), { confirmParams: { with_inode: 1 } });
      assert.equal(up.confirm.status, 200);
      const fileInode = up.confirmBody.inode;
      assert.ok(fileInode && fileInode !== created.inode, JSON.stringify(up.confirmBody));
      const info = await json(c.info(p, { with_inode: 1 }), 200, 'info');
      assert.equal(info.inode, fileInode);
      assert.equal((await json(c.info(p), 200, 'info without')).inode, undefined, 'only when asked');
      const dirInfo = await json(c.call('GET', 'directory', dir, { selectors: ['info'], params: { with_inode: 1 } }), 200,
        'directory info');
      assert.equal(dirInfo.inode, created.inode);

      const listing = await json(c.list(`${dir}/子 目录`, { with_inode: 1 }), 200, 'list');
      assert.deepEqual(listing.contents.map((e) => [e.name, e.inode]), [['文件 一.txt', fileInode]]);

      // An overwrite keeps the inode; moves of the file and of its directory too.
      const v2 = await c.upload(p, Buffer.from('two'), { strategy: 'overwrite', confirmParams: { with_inode: 1 } });
      assert.equal(v2.confirmBody.inode, fileInode);
      assert.equal((await c.move('file', `${dir}/子 目录/改名 二.txt`, p)).status, 200);
      assert.equal((await c.move('directory', `${dir}/新 目录`, `${dir}/子 目录`)).status, 204);
      const found = await json(c.byInode(fileInode), 200, 'by inode');
      assert.deepEqual(found.path, [dir, '新 目录', '改名 二.txt']);
      assert.equal(found.name, '改名 二.txt');
      assert.equal(found.type, 'file');
      assert.equal(found.size, '3');
      assert.equal(found.inode, fileInode);
      assert.equal(found.cosUrl, undefined);
      const foundDir = await json(c.byInode(created.inode), 200, 'directory by inode');
      assert.deepEqual(foundDir.path, [dir]);
      assert.equal(foundDir.type, 'dir');

      const copy = await json(c.copy('file', `${dir}/副本.txt`, `${dir}/新 目录/改名 二.txt`), 200, 'copy');
      const copyInfo = await json(c.info(copy.path.join('/'), { with_inode: 1 }), 200, 'copy info');
      assert.notEqual(copyInfo.inode, fileInode);
      assert.deepEqual((await json(c.byInode(copyInfo.inode), 200, 'copy by inode')).path, copy.path);

      assert.equal((await c.remove(`${dir}/副本.txt`)).status, 200);
      await expectError(c.byInode(copyInfo.inode), 404, 'PathNotFound', 'a deleted file');
      await expectError(c.byInode('0123456789abcdef01234567'), 404, 'PathNotFound', 'an unknown inode');
    });
  }
});
