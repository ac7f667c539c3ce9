// Feishu: the tenant's users, and a user sending a file to a bot or a chat (README, "A Feishu bot, end to end"):
// the file is imported as the user's (POST files/feishu?owner=ou_…), then posted as a message (POST
// feishu/messages), which filegate pushes to every subscribed bot in the chat.
import { apiJson, query } from './api.js';
import { h, act, select, table, toast } from './ui.js';

export default async function feishu(root, { signal }) {
  const usersBody = h('tbody', { id: 'feishu-users' });
  const sender = select('sender', []);
  const toApp = select('to-app', []);
  let users = [];

  async function load() {
    const [{ apps }, listed] = await Promise.all([apiJson('GET', 'apps', { signal }), apiJson('GET', 'feishu/users', { signal })]);
    users = listed.users;
    usersBody.replaceChildren(...users.map((u) => h('tr', {},
      h('td', {}, u.name), h('td', { class: 'mono' }, u.open_id), h('td', { class: 'mono' }, u.union_id || ''),
      h('td', { class: 'mono' }, u.user_id || ''))));
    sender.replaceChildren(...users.map((u) => h('option', { value: u.open_id }, `${u.name} (${u.open_id})`)));
    toApp.replaceChildren(h('option', { value: '' }, '— a group chat below —'),
      ...apps.filter((a) => a.dialect === 'feishu').map((a) =>
        h('option', { value: a.credentials.app_id }, `${a.name} (${a.credentials.app_id})`)));
    if (toApp.options.length > 1) toApp.selectedIndex = 1;
  }

  const userName = h('input', { name: 'user-name', placeholder: 'Zhang San', required: true });
  const userForm = h('form', { class: 'row', id: 'user-form' }, h('label', {}, 'name', userName), h('button', { type: 'submit' }, 'Add user'));
  userForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(userForm.querySelector('button'), async () => {
      await apiJson('POST', 'feishu/users', { json: { name: userName.value } });
      userName.value = '';
      await load();
    });
  });

  const chatId = h('input', { name: 'chat-id', placeholder: 'oc_…', size: 20 });
  const members = h('input', { name: 'members', placeholder: 'cli_…, ou_… (a new chat)', size: 24 });
  const file = h('input', { type: 'file', id: 'message-file', required: true });
  const result = h('pre', { id: 'message-result', hidden: true });
  const sendForm = h('form', { class: 'row', id: 'message-form' },
    h('label', {}, 'sender (a user)', sender), h('label', {}, 'to a bot', toApp), h('label', {}, 'or a chat', chatId),
    h('label', {}, 'members', members), h('label', {}, 'file', file), h('button', { type: 'submit' }, 'Send'));
  sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(sendForm.querySelector('button'), async () => {
      const chosen = file.files[0];
      if (!chosen) throw new Error('choose a file to send');
      const { handle } = await apiJson('POST', `files/feishu${query({ owner: sender.value, name: chosen.name })}`, { body: chosen });
      const message = { sender: sender.value, msg_type: 'file', file_key: handle };
      if (chatId.value.trim()) {
        message.chat_id = chatId.value.trim();
        const list = members.value.split(',').map((m) => m.trim()).filter(Boolean);
        if (list.length) message.members = list;
      } else {
        message.to_app = toApp.value;
      }
      const sent = await apiJson('POST', 'feishu/messages', { json: message });
      result.textContent = JSON.stringify(sent, null, 2);
      result.hidden = false;
      toast(`sent ${sent.message_id}`);
    });
  });

  root.replaceChildren(
    h('h1', {}, 'Feishu'),
    h('div', { class: 'card' }, h('h2', {}, 'Send a file as a user'),
      h('p', { class: 'muted' }, 'The file is stored as the user\'s, then posted; bots in the chat with an event ' +
        'subscription get im.message.receive_v1.'),
      sendForm, result),
    h('div', { class: 'card' }, h('h2', {}, 'Users'), userForm, table(['name', 'open_id', 'union_id', 'user_id'], usersBody)));
  await load();
}
