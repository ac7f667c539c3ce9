// DOM helpers every page shares. Text always goes in as text (never as HTML): file names and request paths come
// from clients.

// h('button', {class: 'x', onclick}, 'text', child…): an element; `null`/`false` children are skipped.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

let toastTimer;
// A short message in the corner; errors stay longer.
export function toast(message, { error = false } = {}) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = error ? 'error' : '';
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, error ? 8000 : 3000);
}

// Runs an async action from a button: disabled meanwhile, failures shown as a toast (never thrown to the console).
export async function act(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    toast(e.code ? `${e.code}: ${e.message}` : e.message, { error: true });
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// Copies text to the clipboard: the Clipboard API where the page may use it, else a selected textarea.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h('textarea', {}, text);
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast('copied');
}

export const copyButton = (text, label = 'copy') =>
  h('button', { type: 'button', class: 'secondary small copy', title: 'copy to the clipboard', onclick: () => copyText(text) }, label);

// A button that asks for a second click before it acts (deleting is not undone).
export function dangerButton(label, action, attributes = {}) {
  const button = h('button', { type: 'button', class: 'danger small', ...attributes }, label);
  let armed = false;
  button.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      button.classList.add('armed');
      button.textContent = `really ${label.toLowerCase()}?`;
      setTimeout(() => {
        armed = false;
        button.classList.remove('armed');
        button.textContent = label;
      }, 4000);
      return;
    }
    act(button, action);
  });
  return button;
}

// Saves a Response body as a file the browser downloads.
export async function saveResponse(res, filename) {
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// A table; `rows` is an array of <tr> or a <tbody> the caller keeps to refill.
export function table(headings, rows) {
  const body = rows instanceof HTMLTableSectionElement ? rows : h('tbody', {}, rows);
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map((t) => h('th', {}, t)))), body);
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const parts = [[d, 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'm'], [s % 60, 's']];
  return parts.filter(([v], i) => v > 0 || i === 3).map(([v, u]) => `${v}${u}`).join(' ');
}

// A labelled <select> from [value, text] pairs (or plain values).
export function select(name, options, { label, value, onchange } = {}) {
  const element = h('select', { name, onchange },
    options.map((o) => (Array.isArray(o) ? h('option', { value: o[0] }, o[1]) : h('option', { value: o }, o))));
  if (value !== undefined) element.value = value;
  return label ? h('label', {}, label, element) : element;
}

export const DIALECTS = ['feishu', 'dingtalk', 'smh', 'coze'];
export const DIALECT_NAMES = { feishu: 'Feishu/Lark', dingtalk: 'DingTalk', smh: 'Tencent SMH', coze: 'Coze', filegate: 'filegate' };
