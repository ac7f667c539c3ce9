// The console's browser test (test/console.test.js) drives Debian's chromium through puppeteer-core: no npm package
// here may download a browser of its own (the machines that run the tests may have no network at all).
module.exports = { skipDownload: true };
