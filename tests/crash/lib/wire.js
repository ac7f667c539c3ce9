'use strict';
// The wire under the crash loop: plain node:http with one keep-alive agent per server process (destroyed when that
// process is killed, so no request ever reuses a socket of a dead server), multipart forms, and the two ways a call
// can go wrong: the server answered something unexpected (HttpError) or the connection failed (NetworkError).

const http = require('node:http');
const crypto = require('node:crypto');

const DEFAULT_TIMEOUT_MS = 30000;

/** An answer the flow did not expect. `sessionGone` marks the platform's "no such upload" for resumed flows. */
class HttpError extends Error {
  constructor(what, res, { sessionGone = false } = {}) {
    const text = res.body.toString('utf8', 0, Math.min(res.body.length, 600));
    super(`${what}: HTTP ${res.status} ${text}`);
    this.status = res.status;
    this.sessionGone = sessionGone;
  }
}

/** The connection failed (refused, reset, timed out): expected once the server is killed, a failure before. */
class NetworkError extends Error {
  constructor(what, cause) {
    super(`${what}: ${cause.code || ''} ${cause.message}`.trim());
    this.code = cause.code;
  }
}

class Wire {
  /** base: http://127.0.0.1:PORT of the current server process. */
  constructor(base) {
    this.base = new URL(base);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  }

  destroy() {
    this.agent.destroy();
  }

  /**
   * One request; `target` is a path or an absolute URL (its origin is replaced by this server's, so a signed URL
   * handed out before a restart reaches the restarted server). Resolves {status, headers, body: Buffer}.
   */
  request(method, target, { headers = {}, body, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const url = new URL(target, this.base);
    const what = `${method} ${url.pathname}`;
    const allHeaders = { ...headers };
    // A bodiless PUT or POST says so (Node would otherwise send it chunked).
    if (body !== undefined) allHeaders['content-length'] = String(body.length);
    else if (method !== 'GET' && method !== 'HEAD') allHeaders['content-length'] = '0';
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path: url.pathname + url.search,
          headers: allHeaders,
          agent: this.agent,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', (e) => reject(new NetworkError(what, e)));
          res.on('aborted', () => reject(new NetworkError(what, { code: 'ECONNRESET', message: 'response aborted' })));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(new NetworkError(what, e)));
      req.end(body);
    });
  }
}

/** A multipart/form-data body: text fields first, then the file part (as the platforms' SDKs send them). */
function multipartForm(fields, file) {
  const boundary = `----filegatecrash${crypto.randomBytes(12).toString('hex')}`;
  const parts = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field || 'file'}"; filename="${file.name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  ));
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function jsonBody(res) {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return null;
  }
}

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

module.exports = { Wire, HttpError, NetworkError, multipartForm, jsonBody, sha256 };
