#pragma once
// Coze's error catalogs: every error the platform documents for POST /v1/files/upload and GET /v1/files/retrieve, and
// every error filegate answers there (the JSON API; uploaded files cannot be downloaded); and the OAuth token
// endpoint's own errors, which come in an OAuth body of their own (oauth_errors below).
//
// Sources: the codes page https://www.coze.cn/open/docs/developer_guides/coze_error_codes ("codes page": its `msg`
// column is a Chinese description, used where the wire text is not known), the upload page (…/upload_files: ≤ 512 MB,
// 10/20 QPS), ../shared/seeds/coze-files-retrieve.md (错误码 → codes page), ../shared/wire-notes/coze.md §4-5, and
// @coze/api's APIError.generate, which pairs 400/4000, 401/4100, 403/4101, 404/4200, 429/4013 and ≥ 500 (the real
// service's HTTP status per code is not verified; filegate follows the SDK's pairing).
#include "http/refusal.hpp"

namespace filegate::dialects::coze {

// Endpoint names of the routes (register_routes).
inline constexpr std::string_view kUploadEndpoint = "coze.files.upload";
inline constexpr std::string_view kRetrieveEndpoint = "coze.files.retrieve";
inline constexpr std::string_view kTokenEndpoint = "coze.oauth.token";

namespace errors {

// Codes page 4000 (请求参数错误). Handlers say which parameter is wrong.
inline const http::ErrorEntry invalid_param{"request.invalid_param", 400, "4000", "请求参数错误"};
// A body that is not well-formed HTTP (broken chunking): filegate's words for a 4000.
inline const http::ErrorEntry malformed_body{"request.malformed_body", 400, "4000", "invalid request body"};
// The upload's body or file over 512 MB (upload page). The codes page has 4302 for this, but filegate answers 4000,
// as it always has (the SDK raises BadRequestError either way).
inline const http::ErrorEntry body_too_large{
    "upload.body_too_large", 400, "4000", "file size exceeds the limit of 512 MB", {kUploadEndpoint}};
// Codes page 4100 (身份验证无效); wire text from coze-js#314 and coze-py#78. Missing, malformed and unknown tokens.
inline const http::ErrorEntry authentication_invalid{"auth.invalid", 401, "4100", "authentication is invalid"};
// Codes page 4101 (没有权限访问该资源: the token lacks uploadFile / retrieveFile, the permission each endpoint's page
// names); wire text from coze-go#56.
inline const http::ErrorEntry no_permission{"auth.no_permission", 403, "4101",
                                            "The token you entered is incorrect. Please double-check and try again."};
// Codes page 4102 (命中风控拦截, risk control). The HTTP status is a guess: 403, a refusal of the caller.
inline const http::ErrorEntry risk_control{"auth.risk_control", 403, "4102", "命中风控拦截"};
// Rate limiting: the upload page documents 10 QPS (personal and pro editions; 20 for teams) without a code;
// @coze/api maps 429 and 4013 to RateLimitError (its tests use "Too Many Requests"). The codes page itself calls
// 4013 a model error (模型错误). Answered by the upload's quota (file_routes.cpp) unless rate limits are off.
inline const http::ErrorEntry rate_limited{"rate_limited", 429, "4013", "Too Many Requests"};
// Codes page 4200 (资源未找到: a wrong id, or a resource another account created). Also unknown paths under /v1/.
inline const http::ErrorEntry not_found{"resource.not_found", 404, "4200", "资源未找到"};
// Codes page 4300-4304, the upload's own errors. filegate answers 4000 for an empty or oversized file (see
// body_too_large); these stay for the fault injector.
inline const http::ErrorEntry file_empty{"upload.file_empty", 400, "4300", "上传文件时文件为空", {kUploadEndpoint}};
inline const http::ErrorEntry too_many_files{
    "upload.too_many_files", 400, "4301", "文件上传时超过一个", {kUploadEndpoint}};
inline const http::ErrorEntry file_too_large{
    "upload.file_too_large", 400, "4302", "文件上传大小超过限制", {kUploadEndpoint}};
inline const http::ErrorEntry unsupported_type{
    "upload.unsupported_type", 400, "4303", "文件类型不支持", {kUploadEndpoint}};
inline const http::ErrorEntry file_invalid{"upload.file_invalid", 400, "4304", "文件无效", {kUploadEndpoint}};
// Codes page 5000 (服务器内部错误); wire text from coze-js#179, which shows it with detail.logid.
inline const http::ErrorEntry internal{"internal", 500, "5000",
                                       "We're currently experiencing server issues. Please try your request again "
                                       "after a short delay. If the problem persists, contact our support team."};

// First of each code first, so a lookup by code finds the general entry.
inline const http::ErrorEntry* const api_errors[] = {
    &invalid_param, &malformed_body, &body_too_large, &authentication_invalid, &no_permission,  &risk_control,
    &rate_limited,  &not_found,      &file_empty,     &too_many_files,         &file_too_large, &unsupported_type,
    &file_invalid,  &internal};

// The OAuth token endpoint (POST /api/permission/oauth2/token, the JWT flow of @coze/api's getJWTToken). Source: the
// "OAuth JWT 授权（开发者）" page, 错误码 table (error_code / error_message; the HTTP statuses are not on the page:
// coze-go#43 shows 401 for invalid_client, the others follow OAuth 2.0, RFC 6749 §5.2). The body is
// {error_code, error_message, error} (OAuthEnvelope), not the {code, msg} of the API.
// A parameter of the request is wrong: the message names it ("invalid request: duration_seconds").
inline const http::ErrorEntry oauth_invalid_request{
    "oauth.invalid_request", 400, "invalid_request", "invalid request", {kTokenEndpoint}};
// The JWT is not valid: malformed, an unknown app (iss) or key (kid), a bad signature, a wrong aud, expired, or a jti
// used before. The message says which ("invalid jwt: kid not been registred" is coze-go#43's wire text).
inline const http::ErrorEntry oauth_invalid_client{
    "oauth.invalid_client", 401, "invalid_client", "invalid jwt", {kTokenEndpoint}};
inline const http::ErrorEntry oauth_unsupported_grant_type{
    "oauth.unsupported_grant_type", 400, "unsupported_grant_type", "not supported grant type", {kTokenEndpoint}};
// The app is deactivated by its owner (fixtures: deactivated = true). The page gives no status: 403, a refusal.
inline const http::ErrorEntry oauth_access_deny{
    "oauth.access_deny", 403, "access_deny", "app is currently deactivated by the owner", {kTokenEndpoint}};
// Unknown paths under /api/permission/: the platform's not-found, in the OAuth body.
inline const http::ErrorEntry oauth_not_found{"oauth.not_found", 404, "invalid_request", "invalid request: path"};
// A body that is not HTTP, or too large for a token request.
inline const http::ErrorEntry oauth_malformed_body{"oauth.malformed_body", 400, "invalid_request",
                                                   "invalid request: body"};
inline const http::ErrorEntry oauth_internal{"oauth.internal_error", 500, "internal_error", "Service internal error."};

inline const http::ErrorEntry* const oauth_errors[] = {
    &oauth_invalid_request, &oauth_invalid_client, &oauth_unsupported_grant_type, &oauth_access_deny, &oauth_not_found,
    &oauth_malformed_body,  &oauth_internal};

}  // namespace errors
}  // namespace filegate::dialects::coze
