'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// `filegate verify`: a blob whose bytes rotted on disk is found, `--repair` moves it into quarantine/, and from then on
// the Feishu SDK's download of that file gets the platform's internal error — never the damaged bytes — while every
// other file still downloads.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, newClient, runCli, CLUSTER_SKIP } = require('../lib/server');
const { readAll, expectApiError } = require('../lib/helpers');

const ADMIN_TOKEN = 'verify-admin-token-000000000001';
const APP = { appId: 'cli_verify00000001', appSecret: 'verify-secret-feishu-00000001' };
const ROT = 'these bytes will rot on disk';
const INTACT = 'these bytes stay intact';

/** The CLI's exit status and output, whether or not it succeeded. */
function cli(dataDir, args) {
  try {
    return { status: 0, out: runCli(dataDir, args) };
  } catch (e) {
    return { status: e.cause.status, out: `${e.cause.stdout}${e.cause.stderr}` };
  }
}

describe('filegate verify', { skip: CLUSTER_SKIP('rots a blob file in the data dir') }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-verify-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds a rotted blob, quarantines it with --repair, and its file then answers an internal error', { timeout: 60000 }, async () => {
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    const fixtures = path.join(dir, 'fixtures.toml');
    fs.writeFileSync(fixtures, `
[[feishu.apps]]
app_id = "${APP.appId}"
app_secret = "${APP.appSecret}"

[[feishu.files]]
file_key = "file_v3_rot"
app_id = "${APP.appId}"
name = "rot.txt"
text = "${ROT}"

[[feishu.files]]
file_key = "file_v3_intact"
app_id = "${APP.appId}"
name = "intact.txt"
text = "${INTACT}"
`);
    const serve = (extraArgs = []) =>
      startServer({ dataDir, extraArgs: ['--admin-token', ADMIN_TOKEN, '--gc-interval', '0', ...extraArgs] });
    let server = await serve(['--fixtures', fixtures]);
    const client = () => newClient(server.url, APP);
    const download = async (key, c = client()) =>
      readAll((await c.im.file.get({ path: { file_key: key } })).getReadableStream());
    assert.equal((await download('file_v3_rot')).toString(), ROT);
    assert.equal(cli(dataDir, ['verify']).status, 0, 'an intact store');

    const objects = await (await fetch(`${server.url}/_filegate/api/v1/objects`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })).json();
    const sha = objects.objects.find((o) => o.name === 'rot.txt').sha256;
    const blob = path.join(dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
    const rotted = Buffer.from(ROT);
    rotted[0] ^= 0x20; // the same size: only re-hashing can tell
    fs.writeFileSync(blob, rotted);

    const found = cli(dataDir, ['verify']);
    assert.equal(found.status, 1, found.out);
    assert.match(found.out, new RegExp(`blob ${sha}: the blob's bytes hash to [0-9a-f]{64}, not to its address`));
    assert.match(found.out, /verified 2 blob\(s\) \(\d+ bytes\) and 2 object\(s\): 1 problem\(s\)/);
    const refused = cli(dataDir, ['verify', '--repair']);
    assert.equal(refused.status, 1);
    assert.match(refused.out, /in use by another filegate serve.*stop the server/s);

    await server.stop();
    const repaired = cli(dataDir, ['verify', '--repair']);
    assert.match(repaired.out, /quarantined/);
    assert.ok(fs.existsSync(path.join(dataDir, 'quarantine', sha)));
    const after = cli(dataDir, ['verify']);
    assert.match(after.out, new RegExp(`object \\S+ \\(blob ${sha}\\): the object's blob is not stored`));

    server = await serve();
    try {
      // One client for both: the 500 says Connection: close, so the client's next request does not die on its socket.
      const sameClient = client();
      const failed = await expectApiError(sameClient.im.file.get({ path: { file_key: 'file_v3_rot' } }), {
        status: 500,
        what: 'rotted file',
      });
      assert.equal(failed.headers.connection, 'close');
      assert.equal((await download('file_v3_intact', sameClient)).toString(), INTACT);
    } finally {
      await server.stop();
    }
  });
});
