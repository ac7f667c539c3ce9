'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// The whole file flow of a Feishu bot, written as a bot is written with the official SDK: lark.EventDispatcher and
// lark.adaptDefault on the bot's own HTTP server receive im.message.receive_v1 when a user sends a file, an image
// or a rich-text message (plain and encrypted + signed), then the bot downloads each resource with
// im.messageResource.get and answers with im.message.create. Also the console's URL verification, the platform's
// retries when a bot fails, images, and message reads.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer, newClient, lark, sdkLogOptions } = require('../lib/server');
const { readAll, expectApiError, randomId } = require('../lib/helpers');

const T = { timeout: 60000 };

// A PNG header that names a 64×48 picture: what image hosts read to check format and size.
function png(width = 64, height = 48) {
  const b = Buffer.alloc(64, 0x11);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** A bot: the SDK's dispatcher behind adaptDefault on a local port; events land in `events`, waiters get them. */
async function startBot({ encryptKey, verificationToken = 'vtoken', autoChallenge = true } = {}) {
  const events = [];
  const waiters = [];
  const dispatcher = new lark.EventDispatcher({ encryptKey, verificationToken, ...sdkLogOptions() }).register({
    'im.message.receive_v1': async (data) => {
      events.push(data);
      for (const w of waiters.splice(0)) w();
    },
  });
  const server = http.createServer(lark.adaptDefault('/webhook', dispatcher, { autoChallenge }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/webhook`;
  // Events are taken in order of arrival, each once: one may arrive before the test asks for it.
  let taken = 0;
  async function nextEvent(ms = 10000) {
    const deadline = Date.now() + ms;
    while (events.length <= taken) {
      if (Date.now() > deadline) assert.fail(`the bot got ${events.length} event(s), wanted ${taken + 1}`);
      await new Promise((r) => { waiters.push(r); setTimeout(r, 200); });
    }
    return events[taken++];
  }
  return { url, events, nextEvent, close: () => new Promise((r) => server.close(r)) };
}

describe('Feishu bot: events, resources, messages, images', () => {
  let server;
  let client;
  let user;
  const json = async (res) => ({ status: res.status, body: await res.json() });

  async function importAsUser(name, bytes, kind) {
    const query = new URLSearchParams({ owner: user.open_id, name, ...(kind ? { kind } : {}) });
    const res = await fetch(`${server.url}/_filegate/api/v1/files/feishu?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}` },
      body: bytes,
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()).handle;
  }

  async function subscribe(appId, bot, extra = {}) {
    return json(await server.admin(`feishu/apps/${appId}/events`, {
      method: 'PUT',
      body: { event_url: bot.url, verification_token: 'vtoken', ...extra },
    }));
  }

  async function send(body) {
    const r = await json(await server.admin('feishu/messages', { method: 'POST', body: { sender: user.open_id, ...body } }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  }

  async function resource(c, messageId, key, type) {
    const res = await c.im.messageResource.get({ path: { message_id: messageId, file_key: key }, params: { type } });
    return readAll(res.getReadableStream());
  }

  before(async () => {
    server = await startServer();
    client = newClient(server.url, server.app);
    const created = await json(await server.admin('feishu/users', { method: 'POST', body: { name: '张三' } }));
    assert.equal(created.status, 201);
    user = created.body;
    assert.match(user.open_id, /^ou_[0-9a-f]{32}$/);
    assert.match(user.union_id, /^on_[0-9a-f]{32}$/);
  });

  after(async () => {
    if (server) await server.stop();
  });

  it('a user sends a file to the bot: the event arrives, the bot downloads the bytes', T, async () => {
    const bot = await startBot();
    try {
      const sub = await subscribe(server.app.appId, bot);
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
      assert.deepEqual(sub.body.event_types, ['im.message.receive_v1']);
      const bytes = Buffer.from('the quarterly report, 季度报告\n'.repeat(100));
      const fileKey = await importAsUser('季度报告.txt', bytes);
      const sent = await send({ to_app: server.app.appId, msg_type: 'file', file_key: fileKey });
      assert.equal(sent.event_ids.length, 1);

      const event = await bot.nextEvent();
      assert.equal(event.event_type, 'im.message.receive_v1');
      assert.equal(event.event_id, sent.event_ids[0]);
      assert.equal(event.app_id, server.app.appId);
      assert.equal(event.token, 'vtoken');
      assert.equal(event.sender.sender_type, 'user');
      assert.deepEqual(event.sender.sender_id, { union_id: user.union_id, user_id: user.user_id, open_id: user.open_id });
      assert.equal(event.message.message_id, sent.message_id);
      assert.equal(event.message.chat_type, 'p2p');
      assert.equal(event.message.message_type, 'file');
      assert.match(event.message.create_time, /^\d{13}$/);
      assert.deepEqual(JSON.parse(event.message.content), { file_key: fileKey, file_name: '季度报告.txt' });

      const got = await resource(client, event.message.message_id, fileKey, 'file');
      assert.ok(got.equals(bytes), 'the bot downloads the bytes the user sent');
      // The bot is no sender of the file: im.file.get is not the way to it.
      await expectApiError(client.im.file.get({ path: { file_key: fileKey } }), { status: 400, code: 234008 });
    } finally {
      await bot.close();
    }
  });

  it('encrypted and signed: an image and a rich-text message reach an encrypting bot', T, async () => {
    const second = server.createApp('encrypting bot');
    const secondClient = newClient(server.url, second);
    const bot = await startBot({ encryptKey: 'my-encrypt-key-123' });
    try {
      const sub = await subscribe(second.appId, bot, { encrypt_key: 'my-encrypt-key-123' });
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
      const image = png();
      const imageKey = await importAsUser('cat.png', image, 'image');
      assert.match(imageKey, /^img_v3_/);
      await send({ to_app: second.appId, msg_type: 'image', image_key: imageKey });
      const imageEvent = await bot.nextEvent();
      assert.deepEqual(JSON.parse(imageEvent.message.content), { image_key: imageKey });
      assert.ok((await resource(secondClient, imageEvent.message.message_id, imageKey, 'image')).equals(image));

      const doc = Buffer.from('%PDF-1.7 attached\n');
      const fileKey = await importAsUser('spec.pdf', doc);
      const content = {
        title: '周报',
        content: [[{ tag: 'text', text: '看这个 ' }, { tag: 'img', image_key: imageKey }],
          [{ tag: 'media', file_key: fileKey, image_key: imageKey }]],
      };
      await send({ to_app: second.appId, msg_type: 'post', content });
      const postEvent = await bot.nextEvent();
      assert.equal(postEvent.message.message_type, 'post');
      assert.deepEqual(JSON.parse(postEvent.message.content), content);
      assert.ok((await resource(secondClient, postEvent.message.message_id, fileKey, 'file')).equals(doc));
      assert.ok((await resource(secondClient, postEvent.message.message_id, imageKey, 'image')).equals(image));
    } finally {
      await bot.close();
    }
  });

  it('a group message reaches every subscribed bot in the chat, and the bot reads it back', T, async () => {
    const other = server.createApp('group bot');
    const botA = await startBot();
    const botB = await startBot();
    try {
      assert.equal((await subscribe(server.app.appId, botA)).status, 200);
      assert.equal((await subscribe(other.appId, botB)).status, 200);
      const chatId = randomId("oc_", 32);
      const sent = await send({
        chat_id: chatId, members: [server.app.appId, other.appId], msg_type: 'text', content: { text: 'hello bots' },
      });
      assert.equal(sent.event_ids.length, 2);
      const [a, b] = await Promise.all([botA.nextEvent(), botB.nextEvent()]);
      assert.equal(a.message.chat_type, 'group');
      assert.equal(a.message.message_id, b.message.message_id);
      assert.notEqual(a.app_id, b.app_id);

      const got = await client.im.message.get({ path: { message_id: sent.message_id } });
      assert.equal(got.code, 0);
      const [item] = got.data.items;
      assert.equal(item.message_id, sent.message_id);
      assert.deepEqual(item.sender, { id: user.open_id, id_type: 'open_id', sender_type: 'user', tenant_key: item.sender.tenant_key });
      assert.deepEqual(JSON.parse(item.body.content), { text: 'hello bots' });
      const byUnion = await client.im.message.get({ path: { message_id: sent.message_id }, params: { user_id_type: 'union_id' } });
      assert.equal(byUnion.data.items[0].sender.id, user.union_id);

      const reply = await client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chatId, msg_type: 'text', content: JSON.stringify({ text: 'got it' }) },
      });
      assert.equal(reply.code, 0);
      assert.equal(reply.data.sender.sender_type, 'app');
      const list = await client.im.message.list({ params: { container_id_type: 'chat', container_id: chatId, page_size: 1 } });
      assert.equal(list.data.items.length, 1);
      assert.equal(list.data.has_more, true);
      assert.equal(list.data.items[0].message_id, sent.message_id, 'oldest first');
      const rest = await client.im.message.list({
        params: { container_id_type: 'chat', container_id: chatId, page_size: 1, page_token: list.data.page_token },
      });
      assert.equal(rest.data.items[0].message_id, reply.data.message_id);
      assert.equal(rest.data.has_more, false);
      const now = Math.floor(Date.now() / 1000);
      const window = await client.im.message.list({
        params: { container_id_type: 'chat', container_id: chatId, start_time: String(now - 60), end_time: String(now + 60) },
      });
      assert.equal(window.data.items.length, 2, 'both messages fall within the last minute');
      const before = await client.im.message.list({
        params: { container_id_type: 'chat', container_id: chatId, start_time: '0', end_time: String(now - 3600) },
      });
      assert.equal(before.data.items.length, 0, 'nothing was sent an hour ago');
      const desc = await client.im.message.list({ params: { container_id_type: 'chat', container_id: chatId, sort_type: 'ByCreateTimeDesc' } });
      assert.deepEqual(desc.data.items.map((m) => m.message_id), [reply.data.message_id, sent.message_id]);
      // A bot outside the chat reads nothing of it.
      const outsider = newClient(server.url, server.createApp('outsider'));
      await expectApiError(outsider.im.message.get({ path: { message_id: sent.message_id } }), { status: 400, code: 230002 });
    } finally {
      await botA.close();
      await botB.close();
    }
  });

  it('a bot that fails gets the event again on its retry schedule, each attempt in the journal', T, async () => {
    const app = server.createApp('flaky bot');
    // The console's URL check is answered; then the first two pushes fail with 500.
    const bodies = [];
    const raw = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const parsed = JSON.parse(body);
        if (parsed.type === 'url_verification') return res.end(JSON.stringify({ challenge: parsed.challenge }));
        bodies.push(parsed);
        res.statusCode = bodies.length <= 2 ? 500 : 200;
        res.end();
      });
    });
    await new Promise((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${raw.address().port}/events`;
      const sub = await json(await server.admin(`feishu/apps/${app.appId}/events`, {
        method: 'PUT', body: { event_url: url, verification_token: 'vt', retry_delays_ms: [100, 200, 300] },
      }));
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
      const sent = await send({ to_app: app.appId, msg_type: 'text', content: { text: 'retry me' } });
      const deadline = Date.now() + 10000;
      while (bodies.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 700)); // a fourth push would come within the schedule
      assert.equal(bodies.length, 3, 'two failures, then delivered: no more pushes');
      assert.ok(bodies.every((b) => b.header.event_id === sent.event_ids[0]), 'every retry carries the same event');
      const journal = await json(await server.admin(`requests?endpoint=feishu.event.deliver&caller=${app.appId}`));
      assert.deepEqual(journal.body.requests.map((r) => r.status).reverse(), [500, 500, 200]);
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });

  it('the console refuses an event URL that does not answer the challenge', T, async () => {
    const bot = await startBot({ autoChallenge: false });
    try {
      const r = await subscribe(server.app.appId, bot);
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /challenge/);
      const closed = await json(await server.admin(`feishu/apps/${server.app.appId}/events`, {
        method: 'PUT', body: { event_url: 'http://127.0.0.1:1/none' },
      }));
      assert.equal(closed.status, 400);
      assert.match(closed.body.error.message, /could not be reached/);
    } finally {
      await bot.close();
    }
  });

  it('images: upload, download, and the documented refusals', T, async () => {
    const { Readable } = require('node:stream');
    const bytes = png(100, 80);
    const created = await client.im.image.create({ data: { image_type: 'message', image: bytes } });
    assert.match(created.image_key, /^img_v3_/);
    const got = await client.im.image.get({ path: { image_key: created.image_key } });
    assert.ok((await readAll(got.getReadableStream())).equals(bytes));
    assert.equal(got.headers['content-type'], 'image/png');

    const other = newClient(server.url, server.createApp('image thief'));
    await expectApiError(other.im.image.get({ path: { image_key: created.image_key } }), { status: 400, code: 234008 });
    await expectApiError(client.im.image.get({ path: { image_key: 'img_v3_nonexistent' } }), { status: 400, code: 234005 });
    await expectApiError(client.im.image.create({ data: { image_type: 'message', image: Buffer.from('not an image') } }),
      { status: 400, code: 234011 });
    await expectApiError(client.im.image.create({ data: { image_type: 'message', image: png(12001, 10) } }),
      { status: 400, code: 234039 });
    const avatar = await client.im.image.create({ data: { image_type: 'avatar', image: Readable.from([png()]) } });
    await expectApiError(client.im.image.get({ path: { image_key: avatar.image_key } }), { status: 400, code: 234008 });

    // The bot sends its image to the user, and reads the message back.
    const sent = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: user.open_id, msg_type: 'image', content: JSON.stringify({ image_key: created.image_key }) },
    });
    assert.equal(sent.code, 0);
    assert.equal(sent.data.msg_type, 'image');
    await expectApiError(other.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: user.open_id, msg_type: 'image', content: JSON.stringify({ image_key: created.image_key }) },
    }), { status: 400, code: 230017 });
    await expectApiError(client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_nobody', msg_type: 'text', content: '{"text":"x"}' },
    }), { status: 400, code: 230034 });
  });
});
