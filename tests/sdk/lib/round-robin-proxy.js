'use strict';
// A round-robin HTTP proxy in front of several filegate nodes (issue 20): each request goes to the next live node, so
// a client's consecutive calls land on different nodes and every flow proves that any node serves what another
// accepted. Requests and answers pass through as they are (raw header lines, Host included, so URLs a node signs
// name the proxy; status text; bodies streamed both ways).
//
// Run as a program (`node round-robin-proxy.js URL...`), it proxies to those nodes, prints its own URL on stdout and
// exits when its stdin closes: the test harness runs it so, since a test that runs the CLI synchronously against the
// server (execFileSync) blocks its own process, where an in-process proxy could not answer.

const http = require('node:http');

/**
 * @param nodes () => [{url, logs()?}]: asked on every request, so nodes may come and go; exited ones are skipped.
 * @returns {Promise<{url, served: Map<nodeUrl, count>, close(): Promise<void>}>}
 */
function roundRobinProxy(nodes) {
  let next = 0;
  const served = new Map();
  // A connection of its own for each request: one kept alive could be closed by the node's idle timeout just as the
  // next request is sent on it, which the client would see as a reset the node never caused.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    res.sendDate = false; // the node's Date, not a second one
    const alive = nodes().filter((n) => !(n.logs && n.logs().exited));
    if (alive.length === 0) {
      res.writeHead(502);
      res.end();
      return;
    }
    const node = alive[next++ % alive.length];
    served.set(node.url, (served.get(node.url) || 0) + 1);
    const target = new URL(node.url);
    const upstream = http.request({
      host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.rawHeaders, agent,
    }, (up) => {
      res.writeHead(up.statusCode, up.statusMessage, up.rawHeaders);
      res.flushHeaders(); // at once, as the node sent it: a stream of events may have no body for a while
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    // A node that drops the connection (a fault rule's drop or reset, a node killed) drops the client's too: the
    // client sees what it would see on a direct connection, not an answer the proxy made up.
    upstream.on('error', () => res.destroy());
    // A client that goes away mid-request takes its upstream request with it, as it would on a direct connection.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      served,
      close: () => new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
        agent.destroy();
      }),
    });
  }));
}

module.exports = { roundRobinProxy };

if (require.main === module) {
  const nodes = process.argv.slice(2).map((url) => ({ url }));
  roundRobinProxy(() => nodes).then((proxy) => {
    process.stdout.write(`${proxy.url}\n`);
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
  });
}
