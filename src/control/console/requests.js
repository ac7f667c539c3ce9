// Requests: the request journal, live. The newest entries first (GET requests), then new ones as they end, from the
// server-sent-event stream (GET requests/stream, read by fetch: EventSource cannot send the admin token). Filters by
// dialect, endpoint, status, code and caller; a row opens the entry, its request and response heads (credentials
// redacted) and the fault rule that shaped its answer.
import { api, apiJson, query, readEvents } from './api.js';
import { h, act, copyButton, select, table, toast, DIALECTS, DIALECT_NAMES } from './ui.js';

const MAX_ROWS = 500;
const RECONNECT_MS = 1000;

function detail(entry, rule) {
  const fields = ['seq', 'time', 'request_id', 'dialect', 'endpoint', 'method', 'path', 'status', 'code', 'caller',
    'fault_id', 'duration_ms', 'bytes_in', 'bytes_out'];
  return [
    h('h2', {}, `${entry.method} ${entry.endpoint || '(no route)'}`),
    h('dl', {}, fields.flatMap((f) => [h('dt', {}, f), h('dd', { class: 'mono', dataset: { field: f } },
      entry[f] === null ? '–' : String(entry[f]))])),
    h('div', { class: 'row' }, copyButton(entry.request_id, 'copy request id')),
    entry.fault_id ? h('h2', {}, 'Fault rule') : null,
    entry.fault_id ? h('pre', { id: 'request-fault' }, rule ? JSON.stringify(rule, null, 2)
      : `${entry.fault_id} (no longer armed)`) : null,
    h('h2', {}, 'Request head'),
    h('pre', { id: 'request-head' }, `${entry.method} ${entry.path}\n${entry.request_head || ''}`),
    h('h2', {}, 'Response head'),
    h('pre', { id: 'response-head' }, entry.response_head || '(no response went out)'),
    h('p', { class: 'muted' }, 'Credentials are redacted (***); the bodies are not kept.'),
  ];
}

export default async function requests(root, { signal }) {
  const filters = {
    dialect: select('dialect', [['', 'every dialect'], ...[...DIALECTS, 'filegate'].map((d) => [d, DIALECT_NAMES[d]])]),
    endpoint: h('input', { name: 'endpoint', placeholder: 'feishu.im.file.get', size: 22 }),
    status: h('input', { name: 'status', placeholder: '4xx', size: 5 }),
    code: h('input', { name: 'code', placeholder: '234005', size: 8 }),
    caller: h('input', { name: 'caller', placeholder: 'cli_…', size: 14 }),
  };
  const hideOwn = h('input', { type: 'checkbox', name: 'hide-own', checked: true });
  const live = h('span', { class: 'pill', id: 'live' }, 'connecting');
  const body = h('tbody', { id: 'requests-body' });
  const side = h('div', { class: 'card detail', id: 'request-detail' }, h('p', { class: 'muted' }, 'Pick a request.'));
  let stream = null;  // the AbortController of the running stream
  let lastSeq = 0;

  signal.addEventListener('abort', () => { if (stream) stream.abort(); });
  const wanted = (entry) => !(hideOwn.checked && entry.dialect === 'filegate' && filters.dialect.value !== 'filegate');
  const params = () => Object.fromEntries(Object.entries(filters).map(([k, el]) => [k, el.value.trim()]));

  async function open(entry, row) {
    for (const r of body.querySelectorAll('tr.selected')) r.classList.remove('selected');
    row.classList.add('selected');
    let rule = null;
    if (entry.fault_id) {
      const { faults } = await apiJson('GET', 'faults');
      rule = faults.find((f) => f.id === entry.fault_id) || null;
    }
    side.replaceChildren(...detail(entry, rule).filter(Boolean));
  }

  function rowFor(entry, fresh) {
    const row = h('tr', { class: `clickable${fresh ? ' fresh' : ''}`, dataset: { seq: entry.seq, endpoint: entry.endpoint || '' } },
      h('td', { class: 'num' }, entry.seq),
      h('td', {}, entry.time.slice(11, 23)),
      h('td', { class: `status-${String(entry.status)[0]}` }, entry.status),
      h('td', { class: 'mono' }, entry.code || ''),
      h('td', { class: 'mono' }, entry.endpoint || '–'),
      h('td', { class: 'mono wrap' }, `${entry.method} ${entry.path}`),
      h('td', { class: 'mono' }, entry.caller || ''),
      h('td', { class: 'mono' }, entry.fault_id || ''),
      h('td', { class: 'num' }, entry.duration_ms.toFixed(1)));
    row.addEventListener('click', () => act(null, () => open(entry, row)));
    return row;
  }

  async function follow(controller) {
    while (!controller.signal.aborted) {
      try {
        await readEvents(`requests/stream${query({ ...params(), since: lastSeq })}`, {
          signal: controller.signal,
          onOpen: () => {
            live.textContent = 'live';
            live.classList.add('live');
          },
          onEvent: ({ event, data }) => {
            const message = JSON.parse(data);
            if (event === 'gap') {
              toast(`${message.dropped} requests were not shown (too many at once)`);
              return;
            }
            lastSeq = Math.max(lastSeq, message.seq);
            if (!wanted(message)) return;
            body.prepend(rowFor(message, true));
            while (body.rows.length > MAX_ROWS) body.lastChild.remove();
          },
        });
      } catch (e) {
        if (controller.signal.aborted) return;
        if (e.status === 401) return;
      }
      live.textContent = 'reconnecting';
      live.classList.remove('live');
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }

  async function load() {
    if (stream) stream.abort();
    const listing = await apiJson('GET', `requests${query({ ...params(), limit: 200 })}`, { signal });
    lastSeq = listing.last_seq;
    body.replaceChildren(...listing.requests.filter(wanted).map((e) => rowFor(e, false)));
    if (!listing.enabled) {
      live.textContent = 'journal off (--journal-size 0)';
      return;
    }
    stream = new AbortController();
    follow(stream);
  }

  const form = h('form', { class: 'row', id: 'request-filters' },
    Object.entries(filters).map(([name, el]) => h('label', {}, name, el)),
    h('label', { class: 'inline' }, hideOwn, "hide filegate's own calls"),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(form.querySelector('button[type=submit]'), load);
  });
  const clear = h('button', { type: 'button', class: 'secondary' }, 'Clear the journal');
  clear.addEventListener('click', () => act(clear, async () => {
    await api('DELETE', 'requests');
    body.replaceChildren();
  }));

  root.replaceChildren(
    h('h1', {}, 'Requests ', live),
    form,
    h('div', { class: 'row' }, clear),
    h('div', { class: 'split' },
      h('div', { class: 'scroll' }, table(['seq', 'time', 'status', 'code', 'endpoint', 'request', 'caller', 'fault', 'ms'], body)),
      side));
  await load();
}
