// The admin API (/_filegate/api/v1/) as the console calls it: the token from this tab's sessionStorage in every
// call's Authorization header, filegate's error envelope turned into an ApiError, server-sent events read from a
// streamed fetch() (EventSource cannot send the Authorization header), and the Prometheus metrics parsed.

const TOKEN_KEY = 'filegate.adminToken';

export const adminToken = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || '',
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

// URLs relative to the page (/_filegate/console/), so the console works behind a proxy's path prefix too.
export const filegateUrl = (path) => new URL(`../${path}`, document.baseURI).toString();
const apiUrl = (path) => filegateUrl(`api/v1/${path}`);

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

async function errorOf(res) {
  let code = '';
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = await res.json();
    if (body && body.error) ({ code, message } = body.error);
  } catch { /* not filegate's envelope */ }
  return new ApiError(res.status, code, message);
}

// One admin call. `json` is sent as a JSON body, `body` as it is (a File streams); the Response when it is a 2xx.
export async function api(method, path, { json, body, signal, headers = {} } = {}) {
  const init = { method, signal, headers: { authorization: `Bearer ${adminToken.get()}`, ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(apiUrl(path), init);
  if (res.ok) return res;
  const error = await errorOf(res);
  if (res.status === 401) onUnauthorized(error);
  throw error;
}

export const apiJson = async (method, path, options) => (await api(method, path, options)).json();

// A query string from the non-empty members of `params`.
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}

// Reads a text/event-stream response: `onOpen()` once its head has come (the server subscribes before it sends the
// head, so nothing that ends after this is missed), then `onEvent({event, id, data})` for every event until the
// stream ends or `signal` aborts it. Comment lines (": keep-alive") are skipped.
export async function readEvents(path, { signal, onOpen = () => {}, onEvent }) {
  const res = await api('GET', path, { signal, headers: { accept: 'text/event-stream' } });
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = { event: 'message', id: '', data: '' };
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data += (event.data ? '\n' : '') + text;
        else if (field === 'event') event.event = text;
        else if (field === 'id') event.id = text;
      }
      if (event.data) onEvent(event);
    }
  }
}

// GET /_filegate/metrics (no token needed), as [{name, labels, value}].
export async function metrics() {
  const res = await fetch(filegateUrl('metrics'));
  if (!res.ok) throw await errorOf(res);
  const samples = [];
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

// GET /_filegate/health: {status, version}.
export async function health() {
  const res = await fetch(filegateUrl('health'));
  if (!res.ok) throw await errorOf(res);
  return res.json();
}
