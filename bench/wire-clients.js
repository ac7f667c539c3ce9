'use strict';
// The benchmark's clients for the upload paths and for getting signed download URLs, speaking each platform's wire
// with plain fetch. Prints one JSON object. Usage:
//   node wire-clients.js dingtalk BASE APP_KEY APP_SECRET SPACE_ID UNION_ID FILE
//   node wire-clients.js smh      BASE LIBRARY_ID LIBRARY_SECRET FILE
//   node wire-clients.js drive    BASE APP_ID APP_SECRET DOC_TOKEN FILE
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// The big PUTs go through curl: Node's fetch streams a request body at a fraction of what the server takes, and it
// is the server being measured. Returns the seconds the PUT took.
function putWithCurl(url, headers, file) {
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '-T', file, '--max-time', '600'];
  for (const [name, value] of Object.entries(headers || {})) args.push('-H', `${name}: ${value}`);
  const start = process.hrtime.bigint();
  const status = execFileSync('curl', [...args, url], { encoding: 'utf8' });
  if (status !== '200') throw new Error(`PUT ${url}: HTTP ${status}`);
  return seconds(start);
}

async function dingtalk(base, appKey, appSecret, spaceId, unionId, file) {
  const size = fs.statSync(file).size;
  const name = `bench-${Date.now()}-${path.basename(file)}`;
  const { accessToken } = await json(await fetch(`${base}/v1.0/oauth2/accessToken`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appKey, appSecret }),
  }), 'accessToken');
  const auth = { 'x-acs-dingtalk-access-token': accessToken, 'content-type': 'application/json' };
  const storage = `${base}/v1.0/storage/spaces/${spaceId}`;
  const info = await json(await fetch(`${storage}/files/uploadInfos/query?unionId=${unionId}`, {
    method: 'POST', headers: auth, body: JSON.stringify({
      protocol: 'HEADER_SIGNATURE', multipart: false,
      option: { storageDriver: 'DINGTALK', preCheckParam: { name, size, parentId: '0' } },
    }),
  }), 'uploadInfos');
  const slot = info.headerSignatureInfo;
  const putSeconds = putWithCurl(slot.resourceUrls[0], slot.headers, file);
  const { dentry } = await json(await fetch(`${storage}/files/commit?unionId=${unionId}`, {
    method: 'POST', headers: auth,
    body: JSON.stringify({ uploadKey: info.uploadKey, name, parentId: '0', option: { size } }),
  }), 'commit');
  const download = await json(await fetch(`${storage}/dentries/${dentry.id}/downloadInfos/query?unionId=${unionId}`, {
    method: 'POST', headers: auth, body: JSON.stringify({ option: {} }),
  }), 'downloadInfos');
  return { put_seconds: putSeconds, url: download.headerSignatureInfo.resourceUrls[0],
    headers: download.headerSignatureInfo.headers };
}

async function smh(base, libraryId, librarySecret, file) {
  const size = fs.statSync(file).size;
  const name = encodeURIComponent(`bench-${Date.now()}-${path.basename(file)}`);
  const q = new URLSearchParams({ library_id: libraryId, library_secret: librarySecret });
  const { accessToken } = await json(await fetch(`${base}/api/v1/token?${q}`), 'token');
  const fileUrl = `${base}/api/v1/file/${libraryId}/-/${name}`;
  const started = await json(await fetch(`${fileUrl}?filesize=${size}&access_token=${accessToken}`, { method: 'PUT' }),
    'upload start');
  const putSeconds = putWithCurl(`http://${started.domain}${started.path}`, started.headers, file);
  await json(await fetch(`${base}/api/v1/file/${libraryId}/-/${started.confirmKey}?confirm&access_token=${accessToken}`,
    { method: 'POST' }), 'confirm');
  const redirect = await fetch(`${fileUrl}?access_token=${accessToken}`, { redirect: 'manual' });
  if (redirect.status !== 302) throw new Error(`download: ${redirect.status}`);
  return { put_seconds: putSeconds, url: redirect.headers.get('location') };
}

async function drive(base, appId, appSecret, docToken, file) {
  const size = fs.statSync(file).size;
  const { tenant_access_token: token } = await json(await fetch(`${base}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: appId, app_secret: appSecret }),
  }), 'token');
  const auth = { authorization: `Bearer ${token}` };
  const medias = `${base}/open-apis/drive/v1/medias`;
  const start = process.hrtime.bigint();
  const prepared = await json(await fetch(`${medias}/upload_prepare`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ file_name: path.basename(file), parent_type: 'docx_file', parent_node: docToken, size }),
  }), 'upload_prepare');
  const { upload_id: uploadId, block_size: blockSize, block_num: blockNum } = prepared.data;
  const fd = fs.openSync(file, 'r');
  try {
    for (let seq = 0; seq < blockNum; seq++) {
      const length = Math.min(blockSize, size - seq * blockSize);
      const block = Buffer.allocUnsafe(length);
      fs.readSync(fd, block, 0, length, seq * blockSize);
      const form = new FormData();
      form.append('upload_id', uploadId);
      form.append('seq', String(seq));
      form.append('size', String(length));
      form.append('file', new Blob([block]));
      const part = await json(await fetch(`${medias}/upload_part`, { method: 'POST', headers: auth, body: form }),
        `upload_part ${seq}`);
      if (part.code !== 0) throw new Error(`upload_part ${seq}: ${JSON.stringify(part)}`);
    }
  } finally {
    fs.closeSync(fd);
  }
  const finished = await json(await fetch(`${medias}/upload_finish`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ upload_id: uploadId, block_num: blockNum }),
  }), 'upload_finish');
  if (!finished.data || !finished.data.file_token) throw new Error(`upload_finish: ${JSON.stringify(finished)}`);
  return { upload_seconds: seconds(start), file_token: finished.data.file_token };
}

const [kind, ...args] = process.argv.slice(2);
const run = { dingtalk, smh, drive }[kind];
if (!run) {
  console.error('usage: node wire-clients.js dingtalk|smh|drive ...');
  process.exit(2);
}
run(...args).then((r) => console.log(JSON.stringify(r)), (e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
