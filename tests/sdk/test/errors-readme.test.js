'use strict';
// The README's errors tables list, per dialect, every code of the dialect's catalogs (`filegate errors --dialect D`)
// with its HTTP status and a way to reach it, and nothing the catalogs lack; and every entry can at least be produced
// by a fault rule on an endpoint that answers it, so no documented code is left unreachable.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { REPO } = require('../lib/readme');
const { startServer, FILEGATE_BIN } = require('../lib/server');

// Each dialect's section of "## Errors" in README.md.
const SECTIONS = {
  feishu: '### Feishu/Lark errors',
  dingtalk: '### DingTalk errors',
  coze: '### Coze error codes',
  smh: '### Tencent SMH error codes',
};

/** The dialect's catalog entries as `filegate errors --json` prints them: {name, status, code, …}. */
function catalog(dialect) {
  return execFileSync(FILEGATE_BIN, ['errors', '--dialect', dialect, '--json'], { encoding: 'utf8' })
    .trim().split('\n').map((line) => JSON.parse(line));
}

function cells(line) {
  return line.split('|').slice(1, -1).map((cell) => cell.trim());
}

/**
 * The rows of every table in the section headed `heading` (up to the next heading): {statuses, codes, how}, where
 * codes are {code, status?}: a code cell lists codes separated by commas, in backticks or not, each optionally led
 * by its own status (`403 \`Forbidden…\``); the HTTP cell holds the row's status or statuses ("404, 400").
 */
function readmeRows(heading) {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  assert.notEqual(start, -1, `README.md has a section "${heading}"`);
  const next = readme.slice(start + heading.length + 2).search(/^##/m);
  const section = readme.slice(start, next === -1 ? undefined : start + heading.length + 2 + next);
  const rows = [];
  let columns = null;
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      columns = null;
      continue;
    }
    const row = cells(line);
    if (!columns) {  // a table's header row
      columns = {
        status: row.indexOf('HTTP'),
        code: row.findIndex((h) => /^(error_)?code$/.test(h)),
        how: row.indexOf('how to reach it'),
      };
      assert.ok(Object.values(columns).every((i) => i >= 0), `${heading}: a table with HTTP, code and how: ${line}`);
      continue;
    }
    if (/^-+$/.test(row[0])) continue;
    const statuses = row[columns.status].split(',').map((s) => s.trim());
    assert.ok(statuses.every((s) => /^\d{3}$/.test(s)), `${heading}: statuses of ${line}`);
    const codes = row[columns.code].split(',').map((item) => {
      const m = item.trim().match(/^(?:(\d{3}) )?`?([^`\s]+)`?$/);
      assert.ok(m, `${heading}: a code in "${row[columns.code]}"`);
      return { code: m[2], status: m[1] };
    });
    rows.push({ statuses, codes, how: row[columns.how], line });
  }
  return rows;
}

/** Whether `row` lists `code` answered with `status`. */
function rowLists(row, code, status) {
  return row.codes.some((c) => c.code === code && (c.status ? c.status === status : row.statuses.includes(status)));
}

for (const [dialect, heading] of Object.entries(SECTIONS)) {
  describe(`${dialect}: README errors tables`, () => {
    const entries = catalog(dialect);
    const rows = readmeRows(heading);

    it('list every catalog code with its status and how to reach it', () => {
      assert.ok(entries.length > 10, `the catalog: ${entries.length} entries`);
      for (const entry of entries) {
        const row = rows.find((r) => rowLists(r, entry.code, String(entry.status)));
        assert.ok(row, `${heading} lists ${entry.code} with HTTP ${entry.status} (${entry.name})`);
        assert.ok(row.how.length > 0, `${entry.code}: how to reach it`);
      }
    });

    it('list no code the catalog lacks', () => {
      for (const row of rows) {
        for (const { code, status } of row.codes) {
          const answered = entries.filter((e) => e.code === code).map((e) => String(e.status));
          assert.ok(answered.length > 0, `${code} (${row.line}) is in the catalog`);
          const claimed = status ? [status] : row.statuses;
          assert.ok(claimed.some((s) => answered.includes(s)), `${code}: README says ${claimed}, the catalog ${answered}`);
        }
      }
    });
  });
}

describe('every catalog entry is reachable, at least by a fault rule', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  for (const dialect of Object.keys(SECTIONS)) {
    it(`${dialect}: a fault rule naming each entry is accepted on an endpoint that answers it`, async () => {
      const res = await server.admin(`errors?dialect=${dialect}`);
      assert.equal(res.status, 200);
      const served = (await res.json()).errors;
      for (const entry of catalog(dialect)) {
        const found = served.find((e) => e.name === entry.name && e.code === entry.code);
        assert.ok(found && found.endpoints.length > 0, `${entry.name} (${entry.code}) is answered by some endpoint`);
        const added = await server.admin('faults', {
          method: 'POST', body: { endpoint: found.endpoints[0], error: entry.name, times: 1 },
        });
        const rule = await added.json();
        assert.equal(added.status, 201, `${entry.name}: ${JSON.stringify(rule)}`);
        assert.equal((await server.admin(`faults/${rule.id}`, { method: 'DELETE' })).status, 200);
      }
    });
  }
});
