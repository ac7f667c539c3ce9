// Overview: the version, uptime, what is stored, requests per second and errors per dialect, from /_filegate/health
// and /_filegate/metrics, refreshed every two seconds while shown.
import { health, metrics } from './api.js';
import { h, table, formatBytes, formatDuration, DIALECT_NAMES } from './ui.js';

const REFRESH_MS = 2000;

const sum = (samples, name, where = () => true) =>
  samples.filter((s) => s.name === name && where(s.labels)).reduce((n, s) => n + s.value, 0);

function stat(label, value, id) {
  return h('div', { class: 'stat', id }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
}

function errorsByDialect(samples) {
  const rows = new Map();
  for (const s of samples) {
    if (s.name !== 'filegate_requests_total') continue;
    const row = rows.get(s.labels.dialect) || { requests: 0, client: 0, server: 0 };
    const status = Number(s.labels.status);
    row.requests += s.value;
    if (status >= 400 && status < 500) row.client += s.value;
    if (status >= 500 || status === 0) row.server += s.value;
    rows.set(s.labels.dialect, row);
  }
  return [...rows.entries()].sort(([a], [b]) => (a === 'filegate') - (b === 'filegate') || a.localeCompare(b));
}

export default async function overview(root, { signal }) {
  const { version } = await health();
  let previous = null;  // {total, at}: the last scrape, for requests per second

  async function refresh() {
    const samples = await metrics();
    const now = Date.now();
    const total = sum(samples, 'filegate_requests_total');
    const rate = previous ? ((total - previous.total) * 1000) / (now - previous.at) : null;
    previous = { total, at: now };
    const started = sum(samples, 'process_start_time_seconds');
    const rows = errorsByDialect(samples).map(([dialect, r]) =>
      h('tr', { dataset: { dialect } },
        h('td', {}, DIALECT_NAMES[dialect] || dialect || '(no route)'),
        h('td', { class: 'num' }, r.requests),
        h('td', { class: 'num status-4' }, r.client),
        h('td', { class: 'num status-5' }, r.server),
        h('td', { class: 'num' }, r.requests ? `${((100 * (r.client + r.server)) / r.requests).toFixed(1)} %` : '–')));
    root.replaceChildren(
      h('h1', {}, 'Overview'),
      h('div', { class: 'grid' },
        stat('version', version, 'stat-version'),
        stat('uptime', started ? formatDuration(now / 1000 - started) : '–', 'stat-uptime'),
        stat('objects stored', sum(samples, 'filegate_objects'), 'stat-objects'),
        stat('store size', formatBytes(sum(samples, 'filegate_object_bytes')), 'stat-bytes'),
        stat('requests / s', rate === null ? '…' : rate.toFixed(1), 'stat-rate'),
        stat('in flight', sum(samples, 'filegate_requests_in_flight'), 'stat-in-flight'),
        stat('uploads in progress', sum(samples, 'filegate_uploads_in_progress'), 'stat-uploads'),
        stat('resident memory', formatBytes(sum(samples, 'process_resident_memory_bytes')), 'stat-rss')),
      h('h2', {}, 'Requests and errors by dialect'),
      table(['dialect', 'requests', '4xx', '5xx / cut', 'error rate'], rows),
      h('p', { class: 'muted' }, 'From /_filegate/metrics, since the server started; refreshed every 2 s.'));
  }

  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
}
