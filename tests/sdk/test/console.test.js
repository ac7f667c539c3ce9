'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// The web console (/_filegate/console/) in Debian's headless chromium, driven by puppeteer-core: log in with the
// admin token, see a file the Lark SDK uploaded and download it, drop a file into Coze and fetch it with the Coze
// SDK, watch a request arrive live, arm a fault from the catalog and see the next SDK call fail with it, send a file
// as a Feishu user, reset. Every page is photographed under tests/sdk/output/console/, and the page must log no
// error to its console.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const puppeteer = require('puppeteer-core');
const { CozeAPI, RateLimitError } = require('@coze/api');
const { startServer, newClient, PER_NODE } = require('../lib/server');
const { readAll } = require('../lib/helpers');

const CHROMIUM = process.env.FILEGATE_CHROMIUM || '/usr/bin/chromium';
const OUTPUT_DIR = path.join(__dirname, '..', 'output', 'console');
// The machines that run this have no network: nothing in the browser may try to reach one.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const T = { timeout: 60000 };

describe('web console in headless chromium', () => {
  let server;
  let browser;
  let page;
  let lark;
  let coze;
  let profileDir;
  let downloadDir;
  const consoleErrors = [];
  const larkBytes = Buffer.from('a report the Lark SDK uploaded\n'.repeat(100));
  let larkFileKey;
  let cozeFileId;
  const cozeBytes = Buffer.from('dropped on the console, read by Coze\n');

  const screenshot = (name) => page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  // Opens a page of the console and waits until it has rendered (console.js sets body[data-page]).
  async function openPage(name) {
    await page.click(`#nav a[data-page="${name}"]`);
    await page.waitForSelector(`body[data-page="${name}"]`);
  }
  const text = (selector) => page.$eval(selector, (element) => element.textContent);

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM}: scripts/install-deps.sh installs Debian's chromium`);
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    lark = newClient(server.url, server.app);
    coze = new CozeAPI({ token: server.coze.token, baseURL: server.url });
    ({ file_key: larkFileKey } = await lark.im.file.create({
      data: { file_type: 'stream', file_name: 'lark-report.txt', file: larkBytes },
    }));
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-console-profile-'));
    downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'filegate-console-downloads-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      pipe: true,
      userDataDir: profileDir,
      args: CHROMIUM_FLAGS,
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} ${JSON.stringify(message.location())}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloadDir });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    for (const dir of [profileDir, downloadDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves its files with their types and ETags, without a token', T, async () => {
    const base = `${server.url}/_filegate/console/`;
    const html = await fetch(base);
    assert.equal(html.status, 200);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(html.headers.get('content-security-policy'), /default-src 'self'/);
    const scripts = [...(await html.text()).matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(scripts, ['console.js']);
    const script = await fetch(base + scripts[0]);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const etag = script.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{64}"$/);
    const again = await fetch(base + scripts[0], { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(`${base}console.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
    const missing = await fetch(`${base}missing.js`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'NotFound');
  });

  it('serves the page without a token and logs in with the admin token', T, async () => {
    const res = await page.goto(`${server.url}/_filegate/console`);
    assert.equal(res.status(), 200);
    assert.equal(page.url(), `${server.url}/_filegate/console/`, 'redirected to the slash form');
    await page.waitForSelector('#login-token', { visible: true });
    assert.equal(await page.$eval('#nav', (nav) => nav.hidden), true, 'nothing but the login before the token');
    await screenshot('login');

    await page.type('#login-token', server.adminToken);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('body[data-page="overview"]');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('filegate.adminToken')), server.adminToken);
    const { version } = await (await fetch(`${server.url}/_filegate/health`)).json();
    assert.equal(await text('#stat-version .value'), version);
    // Requests per second need two scrapes: wait for the second.
    await page.waitForFunction(() => document.querySelector('#stat-rate .value').textContent !== '…');
    assert.match(await text('#stat-objects .value'), /^[1-9]\d*$/);
    assert.ok(await page.$('tr[data-dialect="feishu"]'), 'the Lark upload is counted under feishu');
    await screenshot('overview');
  });

  it('lists the file the Lark SDK uploaded and downloads the same bytes', T, async () => {
    await openPage('files');
    const row = await page.waitForSelector('tr[data-name="lark-report.txt"]');
    assert.match(await row.evaluate((r) => r.textContent), new RegExp(larkFileKey));
    await page.type('#file-search', larkFileKey);
    assert.equal((await page.$$('tbody tr')).length, 1, 'the search by handle leaves one file');
    await screenshot('files');

    await page.click('tr[data-name="lark-report.txt"] button.download');
    const saved = path.join(downloadDir, 'lark-report.txt');
    const got = await waitForFile(saved);
    assert.ok(got.equals(larkBytes), 'the downloaded bytes are the uploaded ones');
  });

  it('stores a file dropped into Coze, which the Coze SDK then finds', T, async () => {
    await openPage('files');
    await page.select('select[name="upload-dialect"]', 'coze');
    await page.select('select[name="upload-owner"]', server.coze.token);
    assert.equal(await page.$eval('select[name="upload-owner"]', (s) => s.value), server.coze.token);
    // A drop as a person makes it: a DataTransfer holding a file, dropped on the zone.
    await page.$eval('#dropzone', (zone, content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'dropped.txt', { type: 'text/plain' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, cozeBytes.toString());
    cozeFileId = (await (await page.waitForSelector('#upload-handle')).evaluate((e) => e.textContent)).trim();
    assert.match(cozeFileId, /^\d+$/, `a Coze file_id: ${JSON.stringify(cozeFileId)}`);
    await page.waitForSelector('tr[data-name="dropped.txt"]');

    const file = await coze.files.retrieve(cozeFileId);
    assert.equal(file.file_name, 'dropped.txt');
    assert.equal(file.bytes, cozeBytes.length);
    const { objects } = await (await server.admin('objects')).json();
    const stored = objects.find((o) => o.handles.some((x) => x.dialect === 'coze' && x.handle === cozeFileId));
    assert.ok(stored.sha256, 'the object carries its digest');
    const content = await server.admin(`objects/${stored.id}/content`);
    assert.ok(Buffer.from(await content.arrayBuffer()).equals(cozeBytes));
  });

  it('shows a request live as it ends, and opens it', { ...T, skip: PER_NODE.journalOrder }, async () => {
    await openPage('requests');
    await page.waitForSelector('#live.live');  // the stream's head has come: the server has subscribed it
    const before = await page.$$eval('#requests-body tr', (rows) => Math.max(0, ...rows.map((r) => Number(r.dataset.seq))));
    await coze.files.retrieve(cozeFileId);
    const row = await page.waitForFunction((after) => [...document.querySelectorAll('#requests-body tr')]
      .find((r) => r.dataset.endpoint === 'coze.files.retrieve' && Number(r.dataset.seq) > after), {}, before);
    await row.click();
    await page.waitForSelector('#request-detail dd[data-field="endpoint"]');
    assert.equal(await text('#request-detail dd[data-field="endpoint"]'), 'coze.files.retrieve');
    assert.equal(await text('#request-detail dd[data-field="status"]'), '200');
    // The heads: the Coze token redacted, the answer's status line and request id.
    const requestHead = await text('#request-head');
    assert.match(requestHead, /^GET \/v1\/files\/retrieve\?file_id=\d+\n/);
    assert.match(requestHead, /^authorization: Bearer \*\*\*$/im);
    assert.ok(!requestHead.includes(server.coze.token), 'no token in the page');
    const responseHead = await text('#response-head');
    assert.match(responseHead, /^HTTP\/1\.1 200 OK\n/);
    assert.ok(responseHead.includes(await text('#request-detail dd[data-field="request_id"]')));
    await screenshot('requests');
  });

  it('arms a fault from the catalog; the next SDK call fails with it', { ...T, skip: PER_NODE.faultBudgets }, async () => {
    await openPage('faults');
    await page.select('select[name="fault-dialect"]', 'coze');
    await page.select('select[name="fault-endpoint"]', 'coze.files.retrieve');
    // The error list offers what that endpoint can answer; pick the rate limit (4013) from it.
    const rateLimit = await page.$$eval('select[name="fault-error"] option',
      (options) => options.map((o) => ({ value: o.value, text: o.textContent })).find((o) => o.text.startsWith('4013 ')));
    assert.ok(rateLimit, 'the catalog offers 4013 for coze.files.retrieve');
    await page.select('select[name="fault-error"]', rateLimit.value);
    await page.click('#fault-form button[type=submit]');
    const row = await page.waitForSelector('#faults-body tr[data-id]');
    const ruleId = await row.evaluate((r) => r.dataset.id);
    await screenshot('faults');

    await assert.rejects(coze.files.retrieve(cozeFileId), RateLimitError);
    const { requests } = await (await server.admin('requests?endpoint=coze.files.retrieve&limit=1')).json();
    assert.deepEqual([requests[0].status, requests[0].code, requests[0].fault_id], [429, '4013', ruleId]);
    await coze.files.retrieve(cozeFileId);  // times: 1, spent

    // The journal, filtered to errors of that endpoint, shows the failed call and the rule that shaped it.
    await openPage('requests');
    await page.type('input[name="endpoint"]', 'coze.files.retrieve');
    await page.type('input[name="status"]', '4xx');
    await page.click('#request-filters button[type=submit]');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#requests-body tr')];
      return rows.length === 1 && rows[0].textContent.includes('429');
    });
    await page.click('#requests-body tr');
    const rule = JSON.parse(await (await page.waitForSelector('#request-fault')).evaluate((e) => e.textContent));
    assert.deepEqual([rule.id, rule.error, rule.fired], [ruleId, rateLimit.value, 1]);
    await screenshot('requests-fault');

    // The list says so; disarming takes the rule away.
    await openPage('faults');
    const spent = await page.waitForSelector(`#faults-body tr[data-id="${ruleId}"]`);
    assert.match(await spent.evaluate((r) => r.textContent), /1 \/ 2.*spent/);
    await page.click(`#faults-body tr[data-id="${ruleId}"] button.danger`);
    await page.click(`#faults-body tr[data-id="${ruleId}"] button.danger`);  // a second click confirms
    await page.waitForFunction((id) => !document.querySelector(`#faults-body tr[data-id="${id}"]`), {}, ruleId);
    assert.deepEqual((await (await server.admin('faults')).json()).faults, []);
  });

  it('deletes a file by its Coze handle, as Coze would', T, async () => {
    await openPage('files');
    const row = 'tr[data-name="dropped.txt"]';
    await page.waitForSelector(row);
    await page.click(`${row} button.danger`);
    await page.click(`${row} button.danger`);  // a second click confirms
    await page.waitForFunction((selector) => document.querySelector(selector).textContent.includes('no handle'), {}, row);
    await assert.rejects(coze.files.retrieve(cozeFileId), (e) => e.code !== undefined && e.code !== 0);
  });

  it('shows every account with its credentials and a snippet', T, async () => {
    await openPage('apps');
    const cozeAccount = await page.waitForSelector(`.account[data-id="${server.coze.token}"]`);
    assert.match(await cozeAccount.evaluate((e) => e.querySelector('pre.snippet').textContent), new RegExp(server.url));
    // The copy button puts the credential on the clipboard.
    await browser.defaultBrowserContext().overridePermissions(server.url, ['clipboard-read', 'clipboard-write']);
    await (await cozeAccount.$('[data-key="token"] + button.copy')).click();
    await page.waitForFunction(() => document.getElementById('toast').textContent === 'copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), server.coze.token);
    const feishu = await page.$(`.account[data-id="${server.app.appId}"]`);
    assert.equal(await feishu.evaluate((e) => e.querySelector('[data-key="app_secret"]').textContent),
      server.app.appSecret);
    await screenshot('apps');
  });

  it('sends a file as a Feishu user to the app, which reads it from the message', T, async () => {
    await openPage('feishu');
    await page.type('input[name="user-name"]', 'Zhang San');
    await page.click('#user-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#feishu-users tr').length === 1);
    const sent = path.join(downloadDir, 'for-the-bot.txt');
    fs.writeFileSync(sent, 'a file a user sends to the bot\n');
    await (await page.$('#message-file')).uploadFile(sent);
    await page.select('select[name="to-app"]', server.app.appId);
    await page.click('#message-form button[type=submit]');
    const result = JSON.parse(await (await page.waitForSelector('#message-result:not([hidden])')).evaluate((e) => e.textContent));
    await screenshot('feishu');

    const { file_key: fileKey } = JSON.parse(result.content);
    const resource = await lark.im.messageResource.get({
      path: { message_id: result.message_id, file_key: fileKey }, params: { type: 'file' },
    });
    assert.ok((await readAll(resource.getReadableStream())).equals(fs.readFileSync(sent)));
  });

  it('exports the state, resets to the start-up state, imports the export back', T, async () => {
    await server.admin('faults', { method: 'POST', body: { endpoint: 'coze.files.retrieve', error: '4013' } });
    const names = async () => (await (await server.admin('objects')).json()).objects.map((o) => o.name);
    await openPage('state');
    await screenshot('state');
    await page.click('#export');
    const archive = path.join(downloadDir, 'filegate-export.tar');
    assert.equal((await waitForFile(archive)).subarray(0, 100).toString().replace(/\0+$/, ''), 'metadata.sqlite3');

    await page.click('#reset');
    await page.click('#reset');  // a second click confirms
    await page.waitForFunction(() => document.getElementById('toast').textContent.startsWith('reset'));
    assert.ok(!(await names()).includes('lark-report.txt'), 'the upload is gone');
    assert.deepEqual((await (await server.admin('faults')).json()).faults, []);

    await (await page.$('#import-file')).uploadFile(archive);
    await page.click('#import');
    await page.click('#import');
    await page.waitForFunction(() => document.getElementById('toast').textContent.startsWith('the state was replaced'));
    assert.ok((await names()).includes('lark-report.txt'), 'the import brought it back');
  });

  it('applies a fixtures document', T, async () => {
    const token = 'pat_c0ffee0000000000000000000000000000000001';
    await openPage('state');
    await page.type('#fixtures-text', `[[coze.tokens]]\ntoken = "${token}"\nname = "from the console"\n`);
    await page.click('#fixtures-apply');
    await page.waitForFunction(() => document.getElementById('toast').textContent === 'fixtures applied');
    const { apps } = await (await server.admin('apps')).json();
    assert.ok(apps.some((a) => a.dialect === 'coze' && a.credentials.token === token));
  });

  it('logged no error in the page', () => {
    assert.deepEqual(consoleErrors, []);
  });
});

// A download has finished once its file is there under its own name (chromium writes *.crdownload until then).
// Bounded, so that a download that never comes fails the test instead of keeping the process alive.
async function waitForFile(file, attempts = 600) {
  for (let i = 0; i < attempts; i++) {
    if (fs.existsSync(file)) return fs.readFileSync(file);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no download at ${file}`);
}
