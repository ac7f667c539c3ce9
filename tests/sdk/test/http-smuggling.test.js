'use strict';
// Request smuggling (RFC 9112 §6.1, §6.3): a request whose body length a front proxy and filegate could read
// differently is refused with one 400 and the connection closed, so that a request hidden in its body never runs.
// Each request below carries, where its body would end for some reading of its head, a complete GET of the health
// check: a second answer (its 200) on the connection would be the smuggled request executing.

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer, CLUSTER_SKIP } = require('../lib/server');

const HIDDEN = 'GET /_filegate/health HTTP/1.1\r\nHost: a\r\n\r\n';
const EMPTY_CHUNKED = '0\r\n\r\n';
const STATUS_LINE_RE = /HTTP\/1\.[01] \d{3} /g;
// What a parser or an exception says, never what a client should read.
const INTERNAL_TEXT_RE = /bad (transfer-encoding|content-length)|framing|exception|what\(\)/i;

/**
 * Sends raw bytes on a fresh connection; resolves with everything the server answered once the connection closed,
 * and whether the socket saw an error (a reset) on the way.
 */
function exchange(url, bytes, ms = 10000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks = [];
    let error = null;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the connection stayed open ${ms} ms; got ${Buffer.concat(chunks).toString('latin1')}`));
    }, ms);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => {
      error = e;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer: Buffer.concat(chunks).toString('latin1'), error });
    });
  });
}

function post(version, framing, body) {
  return `POST /open-apis/im/v1/files HTTP/${version}\r\nHost: a\r\n${framing}\r\n\r\n${body}`;
}

// [what, request]: for codings other than chunked the hidden GET follows the head at once (a reader that sees no
// body runs it next); where a lenient reader would take chunking, it follows an empty chunked body.
const cl = (body) => `Content-Length: ${body.length}`;
const SMUGGLING = [
  ['Transfer-Encoding: gzip', post('1.1', 'Transfer-Encoding: gzip', HIDDEN)],
  ['Transfer-Encoding: identity', post('1.1', 'Transfer-Encoding: identity', HIDDEN)],
  ['Transfer-Encoding: x-custom', post('1.1', 'Transfer-Encoding: x-custom', HIDDEN)],
  ['Transfer-Encoding: chunked, chunked', post('1.1', 'Transfer-Encoding: chunked, chunked', HIDDEN)],
  ['Transfer-Encoding: chunked, gzip', post('1.1', 'Transfer-Encoding: chunked, gzip', HIDDEN)],
  ['Transfer-Encoding: gzip, chunked', post('1.1', 'Transfer-Encoding: gzip, chunked', EMPTY_CHUNKED + HIDDEN)],
  [
    'two Transfer-Encoding: chunked lines',
    post('1.1', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked', EMPTY_CHUNKED + HIDDEN),
  ],
  [
    'Transfer-Encoding: chunked, then Content-Length',
    post('1.1', `Transfer-Encoding: chunked\r\n${cl(EMPTY_CHUNKED + HIDDEN)}`, EMPTY_CHUNKED + HIDDEN),
  ],
  [
    'Content-Length, then Transfer-Encoding: chunked',
    post('1.1', `${cl(EMPTY_CHUNKED + HIDDEN)}\r\nTransfer-Encoding: chunked`, EMPTY_CHUNKED + HIDDEN),
  ],
  [
    'Transfer-Encoding: gzip with Content-Length',
    post('1.1', `Transfer-Encoding: gzip\r\n${cl(EMPTY_CHUNKED)}`, EMPTY_CHUNKED + HIDDEN),
  ],
  // HTTP/1.0 has no transfer codings: such a message's framing is faulty even with "chunked" alone (§6.1).
  [
    'HTTP/1.0 keep-alive with Transfer-Encoding: chunked',
    post('1.0', 'Connection: keep-alive\r\nTransfer-Encoding: chunked', EMPTY_CHUNKED + HIDDEN),
  ],
];

// Raw framing is what one node's parser makes of it; in front of several nodes, the test's proxy would parse it first.
const SKIP = CLUSTER_SKIP('raw framing reaches the server only without the proxy');

test.describe('request smuggling', { skip: SKIP }, () => {
  let server;
  test.before(async () => {
    server = await startServer();
  });
  test.after(async () => {
    if (server) await server.stop();
  });

  test('the hidden request runs when the framing is sound (the check below would see it)', async () => {
    const { answer } = await exchange(server.url, post('1.1', 'Transfer-Encoding: chunked', EMPTY_CHUNKED + HIDDEN));
    assert.equal(answer.match(STATUS_LINE_RE).length, 2, answer);
    assert.match(answer, /HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/);
  });

  for (const [what, request] of SMUGGLING) {
    test(`${what}: one 400, the connection closed, the hidden request never runs`, async () => {
      const { answer } = await exchange(server.url, request);
      assert.deepEqual(answer.match(STATUS_LINE_RE), ['HTTP/1.1 400 '], `exactly one answer, got: ${answer}`);
      assert.match(answer, /\r\nConnection: close\r\n/i);
      assert.doesNotMatch(answer, /"status":"ok"/, 'the hidden health check must not run');
      assert.doesNotMatch(answer, INTERNAL_TEXT_RE, `no parser or exception text: ${answer}`);
    });
  }

  test("a refused request's body is read and dropped before the close, so the 400 arrives without a reset", async () => {
    const body = Buffer.alloc(16 << 20, 'x');
    const head = Buffer.from(post('1.1', 'Transfer-Encoding: gzip', ''), 'latin1');
    const { answer, error } = await exchange(server.url, Buffer.concat([head, body]));
    assert.match(answer, /^HTTP\/1\.1 400 /, answer.slice(0, 200));
    assert.equal(error, null, `the client saw ${error && error.code}`);
  });
});
