// Files: every stored object with the handles each platform's clients fetch it by; search by name or handle,
// download, delete (by a handle, as the platform's own delete would), and upload into a chosen dialect by drag and
// drop (POST files/{dialect}?owner=…&name=…, as if the owner had uploaded it).
import { api, apiJson, query } from './api.js';
import { h, act, table, copyButton, dangerButton, saveResponse, select, toast, formatBytes, DIALECTS,
  DIALECT_NAMES } from './ui.js';

// The account id that owns an upload, by dialect (docs/admin-api.md, the import table).
const OWNER_KEY = { feishu: 'app_id', dingtalk: 'app_key', smh: 'library_id', coze: 'token' };

function owners(apps, users, dialect) {
  const list = apps.filter((a) => a.dialect === dialect)
    .map((a) => [a.credentials[OWNER_KEY[dialect]], `${a.name} (${a.credentials[OWNER_KEY[dialect]]})`]);
  if (dialect === 'feishu') for (const u of users) list.push([u.open_id, `user ${u.name} (${u.open_id})`]);
  return list;
}

// The import options a dialect needs: DingTalk files go into a space of the app, which the user names (the admin API
// lists no spaces; `filegate space create` prints them, and a DingTalk handle's path starts with its space).
const defaultOptions = (dialect) => (dialect === 'dingtalk' ? 'space_id=' : '');

function matches(object, text, dialect) {
  if (dialect && !object.handles.some((x) => x.dialect === dialect)) return false;
  if (!text) return true;
  const t = text.toLowerCase();
  return [object.name, object.id, object.sha256, ...object.handles.flatMap((x) => [x.handle, x.path || ''])]
    .some((v) => String(v).toLowerCase().includes(t));
}

export default async function files(root, { signal }) {
  const [{ apps }, users] = await Promise.all([
    apiJson('GET', 'apps', { signal }),
    apiJson('GET', 'feishu/users', { signal }).then((r) => r.users).catch(() => []),
  ]);
  let objects = [];
  const search = h('input', { type: 'search', id: 'file-search', placeholder: 'name, handle or sha256' });
  const dialectFilter = select('dialect', [['', 'every dialect'], ...DIALECTS.map((d) => [d, DIALECT_NAMES[d]])]);
  const body = h('tbody');
  const count = h('span', { class: 'muted' });

  function rowFor(object) {
    const handles = object.handles.map((x) =>
      h('div', {},
        h('span', { class: 'handle mono', title: `owner ${x.owner}` },
          `${x.dialect} ${x.kind} ${x.handle}${x.path ? ` (${x.path})` : ''}`),
        copyButton(x.handle),
        ' ',
        dangerButton('Delete', async () => {
          await api('DELETE', `files/${x.dialect}/${encodeURIComponent(x.handle)}`);
          toast(`deleted ${x.handle}`);
          await load();
        })));
    const download = h('button', { type: 'button', class: 'secondary small download' }, 'Download');
    download.addEventListener('click', () => act(download, async () => {
      const res = await api('GET', `objects/${encodeURIComponent(object.id)}/content`);
      await saveResponse(res, object.name);
    }));
    return h('tr', { dataset: { id: object.id, name: object.name } },
      h('td', {}, object.name),
      h('td', { class: 'num', title: `${object.size} bytes` }, formatBytes(object.size)),
      h('td', { class: 'mono', title: object.sha256 }, object.sha256.slice(0, 12)),
      h('td', {}, object.created_at || ''),
      h('td', {}, handles.length ? handles : h('span', { class: 'muted' }, 'no handle (deleted)')),
      h('td', {}, download));
  }

  function show() {
    const shown = objects.filter((o) => matches(o, search.value.trim(), dialectFilter.value));
    body.replaceChildren(...shown.map(rowFor));
    count.textContent = `${shown.length} of ${objects.length}`;
  }

  async function load() {
    ({ objects } = await apiJson('GET', 'objects', { signal }));
    objects.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    show();
  }
  search.addEventListener('input', show);
  dialectFilter.addEventListener('change', show);

  // Upload: a dialect, an owner of it, its options, then a file dropped on the zone or chosen.
  const uploadDialect = select('upload-dialect', DIALECTS.map((d) => [d, DIALECT_NAMES[d]]));
  const uploadOwner = select('upload-owner', []);
  const uploadOptions = h('input', { name: 'upload-options', placeholder: 'file_type=pdf', size: 28 });
  const fileInput = h('input', { type: 'file', id: 'upload-file' });
  const zone = h('div', { class: 'dropzone', id: 'dropzone' }, 'Drop a file here, or ', fileInput);
  const result = h('p', { id: 'upload-result', class: 'mono' });
  function fillOwners() {
    const list = owners(apps, users, uploadDialect.value);
    uploadOwner.replaceChildren(...list.map(([v, t]) => h('option', { value: v }, t)));
    uploadOptions.value = defaultOptions(uploadDialect.value);
  }
  uploadDialect.addEventListener('change', fillOwners);
  fillOwners();

  async function upload(file) {
    await act(null, async () => {
      const options = Object.fromEntries(new URLSearchParams(uploadOptions.value));
      const path = `files/${uploadDialect.value}${query({ ...options, owner: uploadOwner.value, name: file.name })}`;
      const { dialect, handle } = await apiJson('POST', path, { body: file });
      result.replaceChildren(`${file.name} → ${dialect} `, h('span', { class: 'handle', id: 'upload-handle' }, handle),
        copyButton(handle));
      toast(`stored ${file.name}`);
      await load();
    });
  }
  fileInput.addEventListener('change', () => {
    if (fileInput.files[0]) upload(fileInput.files[0]);
    fileInput.value = '';
  });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    for (const file of e.dataTransfer.files) upload(file);
  });

  const refresh = h('button', { type: 'button', class: 'secondary', onclick: () => act(refresh, load) }, 'Refresh');
  root.replaceChildren(
    h('h1', {}, 'Files'),
    h('div', { class: 'card' },
      h('h2', {}, 'Upload into a dialect'),
      h('div', { class: 'row' },
        h('label', {}, 'dialect', uploadDialect), h('label', {}, 'owner', uploadOwner),
        h('label', {}, 'options (query string)', uploadOptions)),
      zone, result),
    h('div', { class: 'row' }, h('label', {}, 'search', search), h('label', {}, 'dialect', dialectFilter), refresh, count),
    table(['name', 'size', 'sha256', 'created', 'handles', ''], body));
  await load();
}
