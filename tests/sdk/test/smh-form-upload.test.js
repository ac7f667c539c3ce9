'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH form upload (wire notes §5): POST …/file/{path} without a selector answers 201 with a COS POST form
// ({domain, path, form: {key, acl, Content-Type, x-cos-security-token, policy, q-sign-algorithm, q-ak, q-key-time,
// q-signature}, confirmKey, expiration, availableDomainNum}); the client POSTs the form as multipart/form-data to
// http://{domain}{path} with the file as the last field, `file` (204, like COS), then confirms with the confirmKey.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { crc64xz, smhSuite, expectError, expectJson } = require('../lib/smh-client');

const T = { timeout: 30000 };
const FORM_FIELDS = ['key', 'acl', 'Content-Type', 'x-cos-security-token', 'policy', 'q-sign-algorithm', 'q-ak',
  'q-key-time', 'q-signature'];

/** Bytes that look like multipart framing inside the file, so the parser must find the real boundary. */
function trickyBytes(size) {
  const data = crypto.randomBytes(size);
  Buffer.from('\r\n--\r\n------WebKitFormBoundary\r\n\r\n').copy(data, 1000);
  return data;
}

/** POSTs the form to http://{domain}{path}: the fields in the order given, then (unless told otherwise) `file`. */
function postForm(start, data, { fields = start.form, fileLast = true, withFile = true, fileName = 'blob' } = {}) {
  const form = new FormData();
  const file = new Blob([data]);
  if (withFile && !fileLast) form.append('file', file, fileName);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (withFile && fileLast) form.append('file', file, fileName);
  return fetch(`http://${start.domain}${start.path}`, { method: 'POST', body: form });
}

async function expectCosError(resPromise, status, code, what) {
  const res = await resPromise;
  const text = await res.text();
  assert.equal(res.status, status, `${what}: ${text}`);
  assert.match(res.headers.get('content-type'), /^application\/xml/, what);
  assert.match(text, new RegExp(`<Code>${code}</Code>`), `${what}: ${text}`);
}

describe('Tencent SMH form upload', () => {
  const suite = smhSuite();

  const startForm = (client, p, params = {}) =>
    expectJson(client.call('POST', 'file', p, { params: { conflict_resolution_strategy: 'rename', ...params } }), 201,
      `${client.style} form start ${p}`);

  for (const style of ['java', 'android']) {
    it(`${style}: start → form POST (file last) → confirm → download gives the bytes back`, T, async () => {
      const client = suite.clients[style];
      const name = `表单 上传 ${style}.bin`;
      const data = trickyBytes(300 * 1024 + 7);

      const start = await startForm(client, name, { filesize: data.length });
      assert.deepEqual(Object.keys(start.form).sort(), [...FORM_FIELDS].sort());
      assert.equal(typeof start.domain, 'string');
      assert.ok(start.path.endsWith('/'), start.path);
      assert.equal(typeof start.confirmKey, 'string');
      assert.match(start.expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(start.availableDomainNum, 1);
      const policy = JSON.parse(Buffer.from(start.form.policy, 'base64').toString('utf8'));
      assert.ok(policy.expiration && Array.isArray(policy.conditions), 'COS policy document');
      assert.ok(policy.conditions.some((c) => c.key === start.form.key));

      const posted = await postForm(start, data);
      assert.equal(posted.status, 204, await posted.text());
      assert.equal(posted.headers.get('etag'), `"${crypto.createHash('md5').update(data).digest('hex')}"`);
      assert.equal(posted.headers.get('x-cos-hash-crc64ecma'), crc64xz(data));

      const confirmed = await expectJson(client.confirmUpload(start.confirmKey, { crc64: crc64xz(data) }), 200,
        `${style} confirm`);
      assert.deepEqual(confirmed.path, [name]);
      assert.equal(confirmed.size, String(data.length));

      const dl = await client.download(name, {}, { redirect: 'follow' });
      assert.equal(dl.status, 200);
      assert.ok(Buffer.from(await dl.arrayBuffer()).equals(data), 'the downloaded bytes are the posted ones');
    });
  }

  it('refusals: the file not last, no file, an altered field, not multipart, a confirm before the bytes', T, async () => {
    const client = suite.clients.java;
    const data = Buffer.from('form bytes');
    const start = await startForm(client, 'refused.txt');

    await expectCosError(postForm(start, data, { fileLast: false }), 400, 'InvalidArgument', 'the file first');
    await expectCosError(postForm(start, data, { withFile: false }), 400, 'InvalidArgument', 'no file');
    await expectCosError(postForm(start, data, { fields: { ...start.form, 'Content-Type': 'text/html' } }), 403,
      'SignatureDoesNotMatch', 'an altered Content-Type');
    const otherKey = { ...start.form, key: `${start.form.key}x` };
    await expectCosError(postForm(start, data, { fields: otherKey }), 403, 'SignatureDoesNotMatch', 'another key');
    const { 'q-signature': _dropped, ...unsigned } = start.form;
    await expectCosError(postForm(start, data, { fields: unsigned }), 403, 'AccessDenied', 'no signature');
    await expectCosError(fetch(`http://${start.domain}${start.path}`, { method: 'POST', body: 'plain' }), 400,
      'MalformedPOSTRequest', 'not multipart');

    // Nothing arrived: the confirm finds no bytes, and no file was made.
    await expectError(client.confirmUpload(start.confirmKey), 404, 'UploadIncomplete', 'confirm before the bytes');
    await expectError(client.info('refused.txt'), 404, 'FileNotFound', 'no file yet');

    // The same form, whole, still works afterwards.
    const posted = await postForm(start, data);
    assert.equal(posted.status, 204, await posted.text());
    await expectJson(client.confirmUpload(start.confirmKey), 200, 'confirm');
  });
});
