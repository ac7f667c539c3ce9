// State: reset to the start-up fixtures, export the whole state as a tar, import one, and apply a fixtures document.
import { api, apiJson } from './api.js';
import { h, act, dangerButton, saveResponse, toast } from './ui.js';

export default async function state(root) {
  const exportButton = h('button', { type: 'button', id: 'export' }, 'Export (tar)');
  exportButton.addEventListener('click', () => act(exportButton, async () => {
    await saveResponse(await api('GET', 'export'), 'filegate-export.tar');
  }));

  const archive = h('input', { type: 'file', id: 'import-file', accept: '.tar,application/x-tar' });
  const importButton = dangerButton('Import', async () => {
    if (!archive.files[0]) throw new Error('choose an exported tar first');
    await apiJson('POST', 'import', { body: archive.files[0] });
    toast('the state was replaced by the archive');
  }, { id: 'import' });

  const fixtures = h('textarea', { id: 'fixtures-text', spellcheck: 'false',
    placeholder: '[[feishu.apps]]\napp_id = "cli_example0000001"\napp_secret = "…"' });
  const apply = h('button', { type: 'button', id: 'fixtures-apply' }, 'Apply');
  apply.addEventListener('click', () => act(apply, async () => {
    await apiJson('POST', 'fixtures', { body: fixtures.value, headers: { 'content-type': 'application/toml' } });
    toast('fixtures applied');
  }));

  root.replaceChildren(
    h('h1', {}, 'State'),
    h('div', { class: 'card' }, h('h2', {}, 'Reset'),
      h('p', {}, 'Back to exactly the state the start-up fixtures left: everything created since is gone, everything ' +
        'deleted is back, fault rules are the fixtures\' own. Clients must fetch new tokens.'),
      dangerButton('Reset', async () => {
        await apiJson('POST', 'reset');
        toast('reset to the start-up state');
      }, { id: 'reset' })),
    h('div', { class: 'card' }, h('h2', {}, 'Export and import'),
      h('div', { class: 'row' }, exportButton),
      h('div', { class: 'row' }, archive, importButton)),
    h('div', { class: 'card' }, h('h2', {}, 'Apply fixtures'),
      h('p', { class: 'muted' }, 'A fixtures document (TOML, docs/fixtures.md) with inline content.'), fixtures,
      h('div', { class: 'row' }, apply)));
}
