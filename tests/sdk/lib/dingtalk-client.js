'use strict';
// The DingTalk storage SDK as the tests drive it: the official @alicloud/dingtalk clients (oauth2_1_0, storage_1_0)
// configured for a filegate server, the three-step upload, download info and the signed GETs, and a check of what the
// SDK's error object exposes.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const $OpenApi = require('@alicloud/openapi-client');
const $Util = require('@alicloud/tea-util');
const Storage = require('@alicloud/dingtalk/storage_1_0');
const OAuth2 = require('@alicloud/dingtalk/oauth2_1_0');

const { withTimeout } = require('./helpers');

const md5Upper = (buf) => crypto.createHash('md5').update(buf).digest('hex').toUpperCase();

function sdkConfig(url) {
  return new $OpenApi.Config({ protocol: 'http', endpoint: url.replace(/^http:\/\//, ''), regionId: 'central' });
}

async function accessToken(url, appKey, appSecret) {
  const oauth = new OAuth2.default(sdkConfig(url));
  const res = await oauth.getAccessToken(new OAuth2.GetAccessTokenRequest({ appKey, appSecret }));
  return res.body.accessToken;
}

/**
 * Calls `<name>WithOptions` on a storage client with the `<Name>Headers` the SDK expects, so a test reads like
 * the SDK's own samples: call('getDentry', spaceId, dentryId, new Storage.GetDentryRequest({...})).
 * With token === null the access-token header is left out.
 */
function storageApi(url, token, Module = Storage) {
  const client = new Module.default(sdkConfig(url));
  return (name, ...args) => {
    const Name = name[0].toUpperCase() + name.slice(1);
    const headers = new Module[`${Name}Headers`]({});
    if (token !== null) headers.xAcsDingtalkAccessToken = token;
    return client[`${name}WithOptions`](...args, headers, new $Util.RuntimeOptions({}));
  };
}

/** Await a rejected SDK call and check what the SDK's error exposes: code, statusCode, data.requestid. */
async function expectError(promise, status, code, what) {
  let err = null;
  let value;
  try {
    value = await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${what}: expected ${status} ${code}, but the call resolved with ${JSON.stringify(value && value.body)}`);
  const got = `code=${err.code} statusCode=${err.statusCode} data=${JSON.stringify(err.data)} message=${err.message}`;
  assert.equal(err.code, code, `${what}: ${got}`);
  assert.equal(err.statusCode, status, `${what}: ${got}`);
  assert.equal(typeof err.data.requestid, 'string', `${what}: ${got}`);
  assert.ok(err.data.requestid.length > 0, `${what}: ${got}`);
  assert.match(err.message, new RegExp(`code: ${status}, .* request id: ${err.data.requestid}`), `${what}: ${got}`);
  return err;
}

async function put(url, headers, body) {
  // A Buffer body: fetch sends no Content-Type, as the platform's samples do.
  return withTimeout(fetch(url, { method: 'PUT', headers, body }), 15000, `PUT ${url}`);
}

async function get(url, headers) {
  const res = await withTimeout(fetch(url, { headers }), 15000, `GET ${url}`);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** The three steps. Returns the committed dentry. */
async function upload(call, ctx, { name, data, parentId = '0', conflictStrategy, spaceId = ctx.spaceId }) {
  const info = await call('getFileUploadInfo', spaceId, new Storage.GetFileUploadInfoRequest({
    unionId: ctx.unionId,
    protocol: 'HEADER_SIGNATURE',
    multipart: false,
    option: { storageDriver: 'DINGTALK', preferIntranet: false, preCheckParam: { name, size: data.length, parentId } },
  }));
  const signature = info.body.headerSignatureInfo;
  const res = await put(signature.resourceUrls[0], signature.headers, data);
  assert.equal(res.status, 200, `PUT: ${res.status} ${await res.text()}`);
  const option = { size: data.length };
  if (conflictStrategy) option.conflictStrategy = conflictStrategy;
  const committed = await call('commitFile', spaceId, new Storage.CommitFileRequest({
    unionId: ctx.unionId, uploadKey: info.body.uploadKey, name, parentId, option,
  }));
  return committed.body.dentry;
}

async function downloadInfo(call, ctx, dentryId, option = {}) {
  const res = await call('getFileDownloadInfo', ctx.spaceId, dentryId,
    new Storage.GetFileDownloadInfoRequest({ unionId: ctx.unionId, option }));
  return res.body;
}

async function download(call, ctx, dentryId, option = {}) {
  const info = await downloadInfo(call, ctx, dentryId, option);
  const { res, body } = await get(info.headerSignatureInfo.resourceUrls[0], info.headerSignatureInfo.headers);
  assert.equal(res.status, 200, `download GET: ${res.status} ${body.toString()}`);
  return body;
}

module.exports = {
  md5Upper, sdkConfig, accessToken, storageApi, expectError, put, get, upload, downloadInfo, download,
};
