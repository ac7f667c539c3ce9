// Faults: the armed fault rules with what each matched and fired, disarm one or all, and add one from a form whose
// choices come from the error catalog (GET errors): dialect → endpoint → the errors that endpoint can answer, or a
// network fault (latency, a cut body, a reset, a dropped connection, a hang, an expired token).
import { api, apiJson } from './api.js';
import { h, act, dangerButton, select, table, toast, DIALECTS, DIALECT_NAMES } from './ui.js';

const MATCH = ['dialect', 'endpoint', 'method', 'caller', 'key', 'probability', 'times', 'after'];
const NETWORK = [
  ['latency_ms', 'latency (ms)'], ['truncate_after', 'cut the body after (bytes)'], ['reset', 'reset the connection'],
  ['drop', 'drop the connection'], ['hang', 'hang'], ['expire', 'answer the token as expired'],
];

function describeAction(rule) {
  const skip = new Set([...MATCH, 'id', 'origin', 'matched', 'fired', 'spent']);
  return Object.entries(rule).filter(([k]) => !skip.has(k)).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
}

export default async function faults(root, { signal }) {
  const { errors } = await apiJson('GET', 'errors', { signal });
  const body = h('tbody', { id: 'faults-body' });

  async function load() {
    const { faults: rules } = await apiJson('GET', 'faults', { signal });
    body.replaceChildren(...rules.map((rule) => h('tr', { dataset: { id: rule.id } },
      h('td', { class: 'mono' }, rule.id),
      h('td', {}, rule.origin),
      h('td', { class: 'mono' }, MATCH.filter((k) => rule[k] !== undefined).map((k) => `${k}=${rule[k]}`).join(' ') || 'every request'),
      h('td', { class: 'mono' }, describeAction(rule)),
      h('td', { class: 'num' }, `${rule.fired} / ${rule.matched}`),
      h('td', {}, rule.spent ? 'spent' : 'armed'),
      h('td', {}, dangerButton('Disarm', async () => {
        await api('DELETE', `faults/${encodeURIComponent(rule.id)}`);
        toast(`disarmed ${rule.id}`);
        await load();
      })))));
    if (!rules.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No fault rule is armed.')));
  }

  // The form: each choice narrows the next.
  const dialect = select('fault-dialect', DIALECTS.map((d) => [d, DIALECT_NAMES[d]]));
  const endpoint = select('fault-endpoint', []);
  const kind = select('fault-kind', [['error', 'an error from the catalog'], ...NETWORK]);
  const error = select('fault-error', []);
  const amount = h('input', { name: 'fault-amount', type: 'number', min: 0, value: 200, size: 8 });
  const times = h('input', { name: 'fault-times', type: 'number', min: 1, value: 1, size: 5 });
  const caller = h('input', { name: 'fault-caller', placeholder: 'any caller', size: 14 });
  const amountLabel = h('label', {}, 'amount', amount);
  const errorLabel = h('label', {}, 'error', error);

  function fillEndpoints() {
    const names = [...new Set(errors.filter((e) => e.dialect === dialect.value).flatMap((e) => e.endpoints))].sort();
    endpoint.replaceChildren(h('option', { value: '' }, 'every endpoint'), ...names.map((n) => h('option', { value: n }, n)));
    fillErrors();
  }
  function fillErrors() {
    const answerable = errors.filter((e) => e.dialect === dialect.value &&
      (!endpoint.value || e.endpoints.includes(endpoint.value)));
    error.replaceChildren(...answerable.map((e) =>
      h('option', { value: e.name, title: e.message }, `${e.code} ${e.name} (HTTP ${e.status})`)));
  }
  function fillKind() {
    errorLabel.hidden = kind.value !== 'error';
    amountLabel.hidden = !['latency_ms', 'truncate_after'].includes(kind.value);
  }
  dialect.addEventListener('change', fillEndpoints);
  endpoint.addEventListener('change', fillErrors);
  kind.addEventListener('change', fillKind);
  fillEndpoints();
  fillKind();

  const form = h('form', { class: 'row', id: 'fault-form' },
    h('label', {}, 'dialect', dialect), h('label', {}, 'endpoint', endpoint), h('label', {}, 'what happens', kind),
    errorLabel, amountLabel, h('label', {}, 'times', times), h('label', {}, 'caller', caller),
    h('button', { type: 'submit' }, 'Arm'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(form.querySelector('button'), async () => {
      const rule = endpoint.value ? { endpoint: endpoint.value } : { dialect: dialect.value };
      if (kind.value === 'error') rule.error = error.value;
      else if (amountLabel.hidden) rule[kind.value] = true;
      else rule[kind.value] = Number(amount.value);
      if (times.value) rule.times = Number(times.value);
      if (caller.value.trim()) rule.caller = caller.value.trim();
      const added = await apiJson('POST', 'faults', { json: rule });
      toast(`armed ${added.id}`);
      await load();
    });
  });
  const clearAll = dangerButton('Disarm all', async () => {
    await api('DELETE', 'faults');
    await load();
  }, { id: 'disarm-all' });

  root.replaceChildren(
    h('h1', {}, 'Faults'),
    h('div', { class: 'card' }, h('h2', {}, 'Arm a fault'), form),
    h('div', { class: 'row' }, clearAll),
    table(['id', 'origin', 'matches', 'action', 'fired / matched', '', ''], body));
  await load();
}
