'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// `filegate app delete`: the CLI deletes an account in the data dir of a running server, which refuses the account's
// credentials and token from then on; an unknown account is an error (non-zero exit, a message).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startServer, FILEGATE_BIN } = require('../lib/server');

const T = { timeout: 60000 };

describe('filegate app delete', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    if (server) await server.stop();
  });

  const accessToken = async ({ appKey, appSecret }) => {
    const res = await fetch(`${server.url}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey, appSecret }),
    });
    return { status: res.status, body: await res.json() };
  };
  const listRoot = async (token, spaceId, unionId) =>
    fetch(`${server.url}/v1.0/storage/spaces/${spaceId}/dentries?parentId=0&unionId=${unionId}`, {
      headers: { 'x-acs-dingtalk-access-token': token },
    });

  it('deletes a DingTalk app that the running server then refuses', T, async () => {
    const app = server.createDingTalkApp('to be deleted');
    const unionId = 'cliDeleteUnion0001';
    const spaceId = server.createDingTalkSpace(app.appKey, [unionId]);
    const issued = await accessToken(app);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const token = issued.body.accessToken;
    assert.equal((await listRoot(token, spaceId, unionId)).status, 200);

    assert.equal(server.cli(['app', 'delete', '--platform', 'dingtalk', app.appKey]), '');
    assert.doesNotMatch(server.cli(['app', 'list']), new RegExp(app.appKey));
    const refused = await listRoot(token, spaceId, unionId);
    assert.equal(refused.status, 400, 'the token issued before the delete');
    assert.equal((await refused.json()).code, 'InvalidAuthentication');
    assert.equal((await accessToken(app)).status, 400, 'the deleted credentials');
  });

  it('exits non-zero with a message for an unknown account or platform', T, async () => {
    const run = (args) => spawnSync(FILEGATE_BIN, [...args, '--data-dir', server.dataDir], { encoding: 'utf8' });
    const unknown = run(['app', 'delete', '--platform', 'smh', 'smhnosuchlibrary']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /no smh account smhnosuchlibrary/);
    const platform = run(['app', 'delete', '--platform', 'nope', 'x']);
    assert.notEqual(platform.status, 0);
    assert.match(platform.stderr, /unknown platform 'nope'/);
    // The fixture accounts are still there.
    assert.match(server.cli(['app', 'list']), new RegExp(server.smh.libraryId));
  });
});
