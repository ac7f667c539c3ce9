// The console's shell: the login (the admin token, kept in this tab's sessionStorage), the navigation between pages
// (#overview, #files, …) and the page being shown. Each page module renders into #page and stops its timers and
// streams when `signal` aborts (the user went to another page or logged out).
import { adminToken, apiJson, whenUnauthorized } from './api.js';
import { toast } from './ui.js';
import overview from './overview.js';
import files from './files.js';
import apps from './apps.js';
import requests from './requests.js';
import faults from './faults.js';
import state from './state.js';
import feishu from './feishu.js';

const pages = { overview, files, apps, requests, faults, state, feishu };
const $ = (id) => document.getElementById(id);
let current = null;  // {name, controller}

function leavePage() {
  if (current) current.controller.abort();
  current = null;
  $('page').replaceChildren();
  $('toast').hidden = true;
  delete document.body.dataset.page;
}

function showLogin(message = '') {
  leavePage();
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login-token').focus();
}

async function showPage() {
  const name = location.hash.slice(1) in pages ? location.hash.slice(1) : 'overview';
  leavePage();
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.page === name);
  const controller = new AbortController();
  current = { name, controller };
  const root = $('page');
  try {
    await pages[name](root, { signal: controller.signal });
    if (!controller.signal.aborted) document.body.dataset.page = name;  // rendered: what the browser test waits for
  } catch (e) {
    if (!controller.signal.aborted && e.status !== 401) toast(e.message, { error: true });
  }
}

function enter() {
  $('login').hidden = true;
  $('nav').hidden = false;
  $('logout').hidden = false;
  showPage();
}

async function login(token) {
  adminToken.set(token);
  try {
    await apiJson('GET', 'apps');  // any admin call proves the token
  } catch (e) {
    adminToken.clear();
    showLogin(e.status === 401 ? 'That is not the admin token.' : e.message);
    return;
  }
  $('login-token').value = '';
  enter();
}

whenUnauthorized(() => {
  adminToken.clear();
  showLogin('The admin token was refused: log in again.');
});

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  login($('login-token').value.trim());
});
$('logout').addEventListener('click', () => {
  adminToken.clear();
  showLogin();
});
window.addEventListener('hashchange', () => { if (adminToken.get()) showPage(); });
// The link of the page shown reloads it (a hash that does not change fires no hashchange).
$('nav').addEventListener('click', (event) => {
  const link = event.target.closest('a');
  if (link && link.hash === location.hash) showPage();
});

if (adminToken.get()) enter();
else showLogin();
