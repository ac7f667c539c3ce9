// Apps and credentials: every account of every platform with its credentials (copy buttons) and an SDK snippet
// ready to paste, pointed at this filegate; create and delete accounts.
import { api, apiJson } from './api.js';
import { h, act, copyButton, dangerButton, select, toast, DIALECTS, DIALECT_NAMES } from './ui.js';

// The id DELETE apps/{dialect}/{id} takes, by dialect.
const ID_KEY = { feishu: 'app_id', dingtalk: 'app_key', smh: 'library_id', coze: 'token' };

// filegate's base URL as this browser reaches it (the page is at <base>/_filegate/console/).
const base = () => new URL('../../', document.baseURI).toString().replace(/\/$/, '');

function snippet(dialect, c) {
  const url = new URL(base());
  switch (dialect) {
    case 'feishu':
      return `const lark = require('@larksuiteoapi/node-sdk');
const client = new lark.Client({
  appId: '${c.app_id}',
  appSecret: '${c.app_secret}',
  domain: '${base()}',
});`;
    case 'dingtalk':
      return `const $OpenApi = require('@alicloud/openapi-client');
const OAuth2 = require('@alicloud/dingtalk/oauth2_1_0');
const config = new $OpenApi.Config({ protocol: '${url.protocol.replace(':', '')}', endpoint: '${url.host}', regionId: 'central' });
const { body: { accessToken } } = await new OAuth2.default(config).getAccessToken(
  new OAuth2.GetAccessTokenRequest({ appKey: '${c.app_key}', appSecret: '${c.app_secret}' }));`;
    case 'smh':
      return `curl -s '${base()}/api/v1/token?library_id=${c.library_id}&library_secret=${c.library_secret}'`;
    case 'coze':
      return `const { CozeAPI } = require('@coze/api');
const coze = new CozeAPI({ token: '${c.token}', baseURL: '${base()}' });`;
    default:
      return JSON.stringify(c, null, 2);
  }
}

function credentialList(credentials) {
  return h('dl', { class: 'credentials' }, Object.entries(credentials).flatMap(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return [h('dt', {}, key), h('dd', {}, h('span', { class: 'mono', dataset: { key } }, text), ' ', copyButton(text))];
  }));
}

export default async function apps(root, { signal }) {
  const container = h('div');

  async function load() {
    const { apps: all } = await apiJson('GET', 'apps', { signal });
    container.replaceChildren(...DIALECTS.map((dialect) => {
      const accounts = all.filter((a) => a.dialect === dialect);
      return h('div', { class: 'card', dataset: { dialect } },
        h('h2', {}, `${DIALECT_NAMES[dialect]} (${accounts.length})`),
        accounts.length === 0 ? h('p', { class: 'muted' }, 'no account') : null,
        accounts.map((account) => {
          const code = snippet(dialect, account.credentials);
          const id = account.credentials[ID_KEY[dialect]];
          return h('div', { class: 'account detail', dataset: { id } },
            h('div', { class: 'row' }, h('strong', {}, account.name),
              dangerButton('Delete', async () => {
                await api('DELETE', `apps/${dialect}/${encodeURIComponent(id)}`);
                toast(`deleted ${id}`);
                await load();
              })),
            credentialList(account.credentials),
            h('details', {}, h('summary', {}, 'SDK snippet'),
              h('div', { class: 'row' }, copyButton(code, 'copy snippet')), h('pre', { class: 'snippet' }, code)));
        }));
    }));
  }

  const dialect = select('dialect', DIALECTS.map((d) => [d, DIALECT_NAMES[d]]));
  const name = h('input', { name: 'name', placeholder: 'ci', required: true });
  const form = h('form', { class: 'row' }, h('label', {}, 'platform', dialect), h('label', {}, 'name', name),
    h('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(form.querySelector('button'), async () => {
      await apiJson('POST', 'apps', { json: { dialect: dialect.value, name: name.value } });
      toast(`created ${name.value}`);
      name.value = '';
      await load();
    });
  });

  root.replaceChildren(h('h1', {}, 'Apps and credentials'), h('div', { class: 'card' }, h('h2', {}, 'New account'), form),
    container);
  await load();
}
