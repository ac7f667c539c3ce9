'use strict';
process.env.NO_PROXY = '127.0.0.1,localhost';

// Tencent SMH downloads with content_disposition=attachment (GET …/file/{path} and ?info, doc OpenAPI downloadFile):
// the 302's Location, and ?info's cosUrl, serve the bytes as an attachment under the file's name; inline (the
// default) leaves Content-Disposition out; the parameter is covered by the URL's signature. Both client styles.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { smhSuite } = require('../lib/smh-client');

const T = { timeout: 30000 };

describe('Tencent SMH content_disposition', () => {
  const suite = smhSuite();

  const location = async (client, p, params) => {
    const res = await client.download(p, params, { redirect: 'manual' });
    assert.equal(res.status, 302, `download ${p}: ${res.status} ${await res.text()}`);
    return res.headers.get('location');
  };

  for (const style of ['java', 'android']) {
    it(`${style}: attachment downloads name the file; inline ones and the default do not`, T, async () => {
      const c = suite.clients[style];
      const name = `季度 report ${style}.txt`;
      const up = await c.upload(name, Buffer.from('attached bytes'));
      assert.equal(up.confirm.status, 200, JSON.stringify(up.confirmBody));

      const attached = await location(c, name, { content_disposition: 'attachment' });
      assert.match(attached, /[?&]response-content-disposition=attachment(&|$)/);
      const res = await fetch(attached);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'attached bytes');
      const disposition = res.headers.get('content-disposition');
      assert.match(String(disposition), /^attachment; filename="[ -~]*"; filename\*=UTF-8''/);
      assert.ok(disposition.endsWith(`filename*=UTF-8''${encodeURIComponent(name)}`), disposition);

      for (const params of [{}, { content_disposition: 'inline' }]) {
        const inline = await fetch(await location(c, name, params));
        assert.equal(inline.status, 200);
        assert.equal(inline.headers.get('content-disposition'), null, JSON.stringify(params));
        await inline.arrayBuffer();
      }

      // ?info's cosUrl follows the same parameter.
      const info = await c.info(name, { content_disposition: 'attachment' });
      const { cosUrl } = await info.json();
      assert.match(cosUrl, /response-content-disposition=attachment/);
      assert.match(String((await fetch(cosUrl)).headers.get('content-disposition')), /^attachment;/);

      // A Range past the end is COS's 416 InvalidRange, in its XML.
      const past = await fetch(attached, { headers: { Range: 'bytes=1000-2000' } });
      assert.equal(past.status, 416);
      assert.match(await past.text(), /<Code>InvalidRange<\/Code>/);

      // The signature covers the parameter: it can be neither dropped nor added.
      const dropped = await fetch(attached.replace(/&response-content-disposition=attachment/, ''));
      assert.equal(dropped.status, 403);
      const added = await fetch(`${await location(c, name, {})}&response-content-disposition=attachment`);
      assert.equal(added.status, 403);
    });
  }
});
