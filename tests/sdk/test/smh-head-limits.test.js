'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH: a URL over the 16 KiB head limit answers SMH's own 414 URITooLong envelope, and header fields over it
// 431 HeaderFieldsTooLarge (the SMH JS SDK's error enum), in both path styles the official clients send. Every other
// platform answers the same condition in its own envelope; the HTTP layer names no platform.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { smhSuite, expectError } = require('../lib/smh-client');

const T = { timeout: 30000 };
const LONG_NAME = `长名字 ${'a'.repeat(17 * 1024)}.txt`;

describe('Tencent SMH request head limits', () => {
  const suite = smhSuite();

  for (const style of ['java', 'android']) {
    it(`${style}: a URL over 16 KiB answers 414 URITooLong in SMH's JSON envelope`, T, async () => {
      const client = suite.clients[style];
      const res = await client.info(`dir/${LONG_NAME}`);
      assert.match(res.headers.get('content-type'), /^application\/json/);
      assert.ok(res.headers.get('x-smh-request-id'), 'the SMH request id header');
      await expectError(Promise.resolve(res), 414, 'URITooLong', `${style} info of a long path`);
      const upload = await client.call('PUT', 'file', LONG_NAME, { params: { filesize: 1 } });
      await expectError(Promise.resolve(upload), 414, 'URITooLong', `${style} upload start of a long path`);
    });
  }

  it('header fields over 16 KiB answer 431 HeaderFieldsTooLarge in the envelope', T, async () => {
    const res = await suite.clients.java.call('GET', 'file', 'a.txt', {
      selectors: ['info'],
      headers: { 'x-smh-meta-big': 'b'.repeat(17 * 1024) },
    });
    assert.match(res.headers.get('content-type'), /^application\/json/);
    await expectError(Promise.resolve(res), 431, 'HeaderFieldsTooLarge', 'a large header');
  });

  it('a URL just under the limit is served as usual', T, async () => {
    const res = await suite.clients.java.info(`${'a'.repeat(15 * 1024)}.txt`);
    assert.notEqual(res.status, 414);
    assert.notEqual(res.status, 431);
  });

  it('other surfaces answer an over-long URL in their own envelopes', T, async () => {
    const long = 'a'.repeat(17 * 1024);
    // SMH's byte host speaks COS XML.
    let res = await fetch(`${suite.server.url}/smh-cos/${long}`);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type'), /^application\/xml/);
    assert.match(await res.text(), /<Code>InvalidRequest<\/Code>/);
    // DingTalk: its generic invalid-parameter code.
    res = await fetch(`${suite.server.url}/v1.0/storage/spaces/1/dentries/${long}`);
    assert.equal(res.status, 400);
    assert.equal((await res.json()).code, 'paramError');
    // A path no platform claims: filegate's own JSON.
    res = await fetch(`${suite.server.url}/no/such/${long}`);
    assert.equal(res.status, 414);
    assert.equal((await res.json()).error.code, 'URITooLong');
  });
});
