'use strict';
// The README's DingTalk errors tables list every code of the dialect's catalogs (`filegate errors --dialect dingtalk`),
// each with its status and a way to reach it, so no documented code is left without one.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { REPO } = require('../lib/readme');

const FILEGATE_BIN = process.env.FILEGATE_BIN
  ? path.resolve(process.env.FILEGATE_BIN)
  : path.join(REPO, 'build', 'filegate');

/** The table rows of the README section headed `### DingTalk errors`: {status, codes, how}. */
function readmeRows() {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### DingTalk errors\n');
  assert.notEqual(start, -1, 'README.md has a section "### DingTalk errors"');
  const end = readme.indexOf('\n## ', start);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return section.split('\n')
    .filter((line) => /^\| \d{3} /.test(line))
    .map((line) => {
      const [status, codes, how] = line.split('|').slice(1, 4).map((cell) => cell.trim());
      return { status, codes: [...codes.matchAll(/`([^`]+)`/g)].map((m) => m[1]), codeCell: codes, how };
    });
}

test('every DingTalk catalog code is in the README with its status and how to reach it', () => {
  const catalog = execFileSync(FILEGATE_BIN, ['errors', '--dialect', 'dingtalk', '--json'], { encoding: 'utf8' })
    .trim().split('\n').map((line) => JSON.parse(line));
  assert.ok(catalog.length > 30, `the catalog: ${catalog.length} entries`);
  const rows = readmeRows();
  for (const entry of catalog) {
    const row = rows.find((r) => r.codes.includes(entry.code));
    assert.ok(row, `README lists ${entry.code} (${entry.name})`);
    // A row may list several codes; each code's status is the row's, or is written next to the code.
    assert.ok(row.status === String(entry.status) || row.codeCell.includes(`${entry.status} \`${entry.code}\``),
      `${entry.code}: README says ${row.status}, the catalog ${entry.status}`);
    assert.ok(row.how.length > 0, `${entry.code}: how to reach it`);
  }
});
