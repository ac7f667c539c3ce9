#pragma once
// Every error Feishu/Lark documents for the endpoints filegate serves, as data: two catalogs, one per wire surface.
//   api_catalog       the Open API under /open-apis/: gateway (token, quota, unknown path), token endpoints, IM, Drive
//   oauth_catalog     the OAuth 2 token endpoint (authen v2): RFC 6749's flat {code,error,error_description}
//   tmp_url_catalog   the temporary download links under /_filegate/feishu/ (filegate's stand-in for the drive-stream
//                     host, whose error bodies are undocumented; they answer in the Open API's JSON)
// Entries a handler never throws are the platform's own failures (storage, compliance, quotas …), kept for the fault
// injector and `filegate errors`. Messages are the platform's, verbatim; codes are numbers as text.
//
// Sources (named per group below): the official pages, open.feishu.cn/document/server-docs/…, read as the seed pages
// in ../shared/seeds/ and as the Markdown mirror wxkingstar/doc-hub-mcp (feishu/003-服务端API/…); the wire notes
// ../shared/wire-notes/feishu.md; a public no-credential probe log of open.feishu.cn ("probe" below).
#include <string_view>
#include <vector>

#include "http/refusal.hpp"

namespace filegate::dialects::feishu {

// Endpoint names, as the SDK names the methods (client.im.file.create → feishu.im.file.create).
namespace endpoints {
inline constexpr std::string_view tenant_access_token = "feishu.auth.tenant_access_token";
inline constexpr std::string_view app_access_token = "feishu.auth.app_access_token";
inline constexpr std::string_view im_file_create = "feishu.im.file.create";
inline constexpr std::string_view im_file_get = "feishu.im.file.get";
inline constexpr std::string_view im_message_resource_get = "feishu.im.message_resource.get";
inline constexpr std::string_view im_image_create = "feishu.im.image.create";
inline constexpr std::string_view im_image_get = "feishu.im.image.get";
inline constexpr std::string_view im_message_create = "feishu.im.message.create";
inline constexpr std::string_view im_message_get = "feishu.im.message.get";
inline constexpr std::string_view im_message_list = "feishu.im.message.list";
inline constexpr std::string_view authen_authorize = "feishu.authen.authorize";
inline constexpr std::string_view authen_oidc_access_token = "feishu.authen.oidc_access_token.create";
inline constexpr std::string_view authen_oidc_refresh_access_token = "feishu.authen.oidc_refresh_access_token.create";
inline constexpr std::string_view authen_access_token = "feishu.authen.access_token.create";
inline constexpr std::string_view authen_refresh_access_token = "feishu.authen.refresh_access_token.create";
inline constexpr std::string_view authen_user_info = "feishu.authen.user_info.get";
// POST /open-apis/authen/v2/oauth/token, and /oauth/v3/token where the SDK's client.accessToken posts it.
inline constexpr std::string_view oauth_token = "feishu.authen.oauth_token.create";
inline constexpr std::string_view media_upload_all = "feishu.drive.media.upload_all";
inline constexpr std::string_view media_upload_prepare = "feishu.drive.media.upload_prepare";
inline constexpr std::string_view media_upload_part = "feishu.drive.media.upload_part";
inline constexpr std::string_view media_upload_finish = "feishu.drive.media.upload_finish";
inline constexpr std::string_view media_download = "feishu.drive.media.download";
inline constexpr std::string_view media_tmp_urls = "feishu.drive.media.batch_get_tmp_download_url";
inline constexpr std::string_view media_tmp_download = "feishu.drive.media.tmp_download";  // filegate's link host
}  // namespace endpoints

namespace errors {

using http::ErrorEntry;
using Endpoints = std::vector<std::string_view>;
namespace ep = endpoints;

inline const Endpoints kIm = {ep::im_file_create, ep::im_file_get, ep::im_message_resource_get, ep::im_image_create,
                              ep::im_image_get};
inline const Endpoints kMessages = {ep::im_message_create, ep::im_message_get, ep::im_message_list};
inline const Endpoints kMediaUpload = {ep::media_upload_all, ep::media_upload_prepare, ep::media_upload_part,
                                       ep::media_upload_finish};
inline const Endpoints kMediaRead = {ep::media_download, ep::media_tmp_urls};
inline const Endpoints kDrive = {ep::media_upload_all,    ep::media_upload_prepare, ep::media_upload_part,
                                 ep::media_upload_finish, ep::media_download,       ep::media_tmp_urls};
inline const Endpoints kTokens = {ep::tenant_access_token, ep::app_access_token};
inline const Endpoints kAuthenTokens = {ep::authen_oidc_access_token, ep::authen_oidc_refresh_access_token,
                                        ep::authen_access_token, ep::authen_refresh_access_token};
inline const Endpoints kAuthen = {
    ep::authen_authorize,    ep::authen_oidc_access_token,    ep::authen_oidc_refresh_access_token,
    ep::authen_access_token, ep::authen_refresh_access_token, ep::authen_user_info};
// Everything behind the gateway's bearer-token and quota checks: all but the token endpoints.
inline const Endpoints kGated = {ep::im_file_create,       ep::im_file_get,       ep::im_message_resource_get,
                                 ep::im_image_create,      ep::im_image_get,      ep::im_message_create,
                                 ep::im_message_get,       ep::im_message_list,   ep::media_upload_all,
                                 ep::media_upload_prepare, ep::media_upload_part, ep::media_upload_finish,
                                 ep::media_download,       ep::media_tmp_urls};

// ---- Gateway. Source: server-docs/api-call-guide/generic-error-code (通用错误码); wire notes §3; probe P06–P09
// (HTTP 400 for token errors, 99991661 also when the "Bearer " scheme is missing). Statuses the docs do not give
// are the gateway's 400, like its other token errors.
inline const ErrorEntry missing_token{"gateway.missing_token", 400, "99991661",
                                      "Missing access token for authorization. Please make a request with token "
                                      "attached.",
                                      kGated};
inline const ErrorEntry invalid_token{"gateway.invalid_token", 400, "99991663",
                                      "Invalid access token for authorization. Please make a request with token "
                                      "attached.",
                                      kGated};
// Source: server-docs/api-call-guide/frequency-control (频控策略): 429 with x-ogw-ratelimit-limit (the window's
// limit) and x-ogw-ratelimit-reset (seconds until it resets); the values here are the page's example.
inline const ErrorEntry rate_limited{"gateway.rate_limited",
                                     429,
                                     "99991400",
                                     "request trigger frequency limit",
                                     kGated,
                                     {{"x-ogw-ratelimit-limit", "100"}, {"x-ogw-ratelimit-reset", "52"}}};
inline const ErrorEntry invalid_app_token{"gateway.invalid_app_token", 400, "99991664", "invalid app token", kGated};
inline const ErrorEntry invalid_tenant_code{"gateway.invalid_tenant_code", 400, "99991665", "invalid tenant code",
                                            kGated};
inline const ErrorEntry invalid_user_token{"gateway.invalid_user_token", 400, "99991668",
                                           "Invalid access token for authorization. Please make a request with token "
                                           "attached.",
                                           kGated};
inline const ErrorEntry bad_token_format{"gateway.bad_token_format", 400, "99991671",
                                         "Invalid token: must start with t-/u-", kGated};
inline const ErrorEntry missing_scope{"gateway.missing_scope", 400, "99991672",
                                      "Access denied. One of the following scopes is required", kGated};
// Source: faq/trouble-shooting/how-to-resolve-error-99991679: a user token whose user did not grant the scope.
inline const ErrorEntry missing_user_scope{"gateway.missing_user_scope", 400, "99991679",
                                           "Unauthorized. You do not have permission to perform the requested "
                                           "operation on the resource. Please request user re-authorization and try "
                                           "again.",
                                           kDrive};
inline const ErrorEntry app_unavailable{"gateway.app_unavailable", 400, "99991673", "unauthorized app", kGated};
inline const ErrorEntry ip_denied{"gateway.ip_denied", 400, "99991401", "ip %s is denied by app setting", kGated};
inline const ErrorEntry monthly_quota{"gateway.monthly_quota", 400, "99991403",
                                      "This month's API call quota has been exceeded", kGated};
// 99991201 is the documented "path is wrong (404)"; the live gateway answers a bare text/plain 404 instead (probe P20),
// which no SDK can read a code from.
inline const ErrorEntry not_found{"gateway.not_found", 404, "99991201", "resource not find"};

// ---- Token endpoints: HTTP 200 and a flat {code, data:{}, msg} (probe P01/P05: bad app_id 10003 "invalid param";
// public fixtures quote a wrong secret as 10014 "app secret invalid"). 10012/10013/10015/10500: generic-error-code.
// The envelope renders every "auth." entry flat.
inline const ErrorEntry auth_invalid_param{"auth.invalid_param", 200, "10003", "invalid param", kTokens};
inline const ErrorEntry auth_app_secret_invalid{"auth.app_secret_invalid", 200, "10014", "app secret invalid", kTokens};
inline const ErrorEntry auth_wrong_app_secret{"auth.wrong_app_secret", 200, "10015", "wrong app secret", kTokens};
inline const ErrorEntry auth_app_token_failed{
    "auth.get_app_token_failed", 200, "10012", "get app access token fail", {ep::app_access_token}};
inline const ErrorEntry auth_tenant_token_failed{"auth.get_tenant_token_failed", 200, "10013",
                                                 "get tenant access token fail", kTokens};
// filegate's own: the platform documents no body limit here. 413, as any HTTP server, with the code of a bad body.
inline const ErrorEntry auth_body_too_large{"auth.body_too_large", 413, "10003", "invalid param", kTokens};
inline const ErrorEntry auth_internal_error{"auth.internal_error", 500, "10500", "internal server error", kTokens};

// ---- User sign-in (authen-v1: oidc/access_token, oidc/refresh_access_token, access_token, refresh_access_token,
// user_info). Source: the pages' 错误码 tables (docs/feishu-bot-wire.md §4.2): HTTP 200 with the code, but 20050.
inline const ErrorEntry authen_invalid_request{"authen.invalid_request", 200, "20001",
                                               "Invalid request. Please check request param", kAuthen};
inline const ErrorEntry authen_code_invalid{"authen.code_invalid", 200, "20003",
                                            "The code passed is invalid. Please note that the code could only be "
                                            "used once",
                                            kAuthenTokens};
inline const ErrorEntry authen_code_expired{"authen.code_expired", 200, "20004",
                                            "The code passed has expired. Please generate a new one", kAuthenTokens};
inline const ErrorEntry authen_user_token_invalid{"authen.user_token_invalid",
                                                  200,
                                                  "20005",
                                                  "The user access token passed is invalid. Please check the value",
                                                  {ep::authen_user_info}};
inline const ErrorEntry authen_user_not_found{"authen.user_not_found", 200, "20008", "User not exist", kAuthen};
inline const ErrorEntry authen_tenant_token_invalid{"authen.tenant_token_invalid", 200, "20013",
                                                    "The tenant access token passed is invalid. Please check the value",
                                                    kAuthenTokens};
inline const ErrorEntry authen_app_mismatch{"authen.app_mismatch", 200, "20024",
                                            "App id in user_access_token or refresh_token diff with app id in "
                                            "app_access_token or tenant_access_token. Please keep the app id "
                                            "consistent",
                                            kAuthenTokens};
inline const ErrorEntry authen_refresh_invalid{"authen.refresh_invalid", 200, "20026",
                                               "The refresh token passed is invalid. Please check the value",
                                               kAuthenTokens};
inline const ErrorEntry authen_grant_type{"authen.grant_type", 200, "20036", "The grant_type passed is not supported",
                                          kAuthenTokens};
inline const ErrorEntry authen_refresh_expired{"authen.refresh_expired", 200, "20037",
                                               "The refresh token passed has expired. Please generate a new one",
                                               kAuthenTokens};
inline const ErrorEntry authen_internal_error{"authen.internal_error", 500, "20050", "System error", kAuthen};

// ---- IM. Sources: seeds/feishu-im-file-get.md 错误码 (im-v1/file/get); im-v1/file/create and im-v1/message/get-2
// 错误码 tables. All HTTP 400 but 234002 (401).
inline const ErrorEntry im_invalid_param{"im.invalid_param", 400, "234001", "Invalid request param.", kIm};
inline const ErrorEntry im_unauthorized{"im.unauthorized", 401, "234002", "Unauthorized.", kIm};
inline const ErrorEntry im_file_not_in_message{
    "im.file_not_in_message", 400, "234003", "File not in message.", {ep::im_message_resource_get}};
inline const ErrorEntry im_app_not_in_chat{
    "im.app_not_in_chat", 400, "234004", "App not in chat.", {ep::im_message_resource_get}};
inline const ErrorEntry im_file_not_found{"im.file_not_found",
                                          400,
                                          "234005",
                                          "Image has been deleted",
                                          {ep::im_file_get, ep::im_message_resource_get, ep::im_image_get}};
inline const ErrorEntry im_file_too_large{"im.file_too_large",
                                          400,
                                          "234006",
                                          "The file size exceed the max value.",
                                          {ep::im_file_create, ep::im_image_create}};
inline const ErrorEntry im_bot_not_enabled{"im.bot_not_enabled",
                                           400,
                                           "234007",
                                           "App does not enable bot feature.",
                                           {ep::im_file_create, ep::im_image_create, ep::im_image_get}};
inline const ErrorEntry im_not_sender{
    "im.not_sender", 400, "234008", "The app is not the resource sender", {ep::im_file_get, ep::im_image_get}};
inline const ErrorEntry im_no_permission_external{
    "im.no_permission_external", 400, "234009", "Lack of necessary permissions.", {ep::im_message_resource_get}};
inline const ErrorEntry im_empty_file{
    "im.empty_file", 400, "234010", "File's size can't be 0.", {ep::im_file_create, ep::im_image_create}};
// Source: im-v1/image/create 错误码 ("regonnize" sic, as the platform spells it).
inline const ErrorEntry im_image_format{
    "im.image_format", 400, "234011", "Can't regonnize the image format.", {ep::im_image_create}};
inline const ErrorEntry im_image_resolution{
    "im.image_resolution", 400, "234039", "Image resolution exceeds limit.", {ep::im_image_create}};
inline const ErrorEntry im_scope_check_failed{
    "im.scope_check_failed", 400, "234019", "scope CheckAppTenant fail.", {ep::im_message_resource_get}};
inline const ErrorEntry im_download_too_large{"im.download_too_large",
                                              400,
                                              "234037",
                                              "Downloaded file size exceeds limit.",
                                              {ep::im_file_get, ep::im_message_resource_get}};
inline const ErrorEntry im_restricted_mode{"im.restricted_mode",
                                           400,
                                           "234038",
                                           "Do not allow downloading of message resources in restricted mode.",
                                           {ep::im_message_resource_get}};
inline const ErrorEntry im_message_invisible{
    "im.message_invisible", 400, "234040", "The message is invisible to the operator.", {ep::im_message_resource_get}};
inline const ErrorEntry im_tenant_key_deleted{
    "im.tenant_key_deleted", 400, "234041",
    "Tenant master key has been deleted, please contact the tenant administrator.", kIm};
inline const ErrorEntry im_storage_error{
    "im.storage_error", 400, "234042",
    "Hybrid deployment tenant storage error, such as full storage space, please contact tenant administrator.", kIm};
inline const ErrorEntry im_unsupported_message_type{
    "im.unsupported_message_type", 400, "234043", "Unsupported message type.", {ep::im_message_resource_get}};
inline const ErrorEntry im_message_deleted{"im.message_deleted",
                                           400,
                                           "230110",
                                           "Action unavailable as the message has been deleted.",
                                           {ep::im_message_resource_get, ep::im_message_get, ep::im_message_list}};
inline const ErrorEntry im_meta_write_stopped{"im.meta_write_stopped",
                                              400,
                                              "232096",
                                              "Meta writing has stopped, please try again later.",
                                              {ep::im_file_create, ep::im_image_create}};
// filegate's own: the platform documents no Range failure. HTTP's 416, with the code of a bad request parameter.
inline const ErrorEntry im_range_not_satisfiable{"im.range_not_satisfiable",
                                                 416,
                                                 "234001",
                                                 "Invalid request param.",
                                                 {ep::im_file_get, ep::im_message_resource_get, ep::im_image_get}};
// Source: generic-error-code 2200 "internal error"; oapi-sdk-python#15 shows it on im/v1 with HTTP 500.
inline const ErrorEntry im_internal_error{"im.internal_error", 500, "2200", "internal error", kIm};

// ---- Messages. Source: im-v1/message/create, get and list 错误码 tables; all HTTP 400.
inline const ErrorEntry msg_invalid_param{"message.invalid_param", 400, "230001",
                                          "Your request contains an invalid request parameter.", kMessages};
inline const ErrorEntry msg_bot_not_in_chat{"message.bot_not_in_chat", 400, "230002",
                                            "The bot can not be outside the group.", kMessages};
inline const ErrorEntry msg_bot_not_enabled{"message.bot_not_enabled", 400, "230006", "Bot ability is not activated.",
                                            kMessages};
inline const ErrorEntry msg_no_availability{"message.no_availability",
                                            400,
                                            "230013",
                                            "Bot has NO availability to this user.",
                                            {ep::im_message_create, ep::im_message_get}};
inline const ErrorEntry msg_no_permission{"message.no_permission", 400, "230027", "Lack of necessary permissions.",
                                          kMessages};
inline const ErrorEntry msg_invisible{
    "message.invisible", 400, "230050", "The message is invisible to the operator.", {ep::im_message_get}};
inline const ErrorEntry msg_not_resource_owner{
    "message.not_resource_owner", 400, "230017", "Bot is NOT the owner of the resource.", {ep::im_message_create}};
inline const ErrorEntry msg_rate_limited{
    "message.rate_limited", 400, "230020", "This operation triggers the frequency limit.", {ep::im_message_create}};
inline const ErrorEntry msg_content_too_long{"message.content_too_long",
                                             400,
                                             "230025",
                                             "The length of the message content reaches its limit.",
                                             {ep::im_message_create}};
inline const ErrorEntry msg_receive_id_invalid{
    "message.receive_id_invalid", 400, "230034", "The receive_id is invalid.", {ep::im_message_create}};
inline const ErrorEntry msg_type_mismatch{"message.type_mismatch",
                                          400,
                                          "230055",
                                          "The type of file upload does not match the type of message being sent.",
                                          {ep::im_message_create}};
inline const ErrorEntry msg_chat_dissolved{"message.chat_dissolved",
                                           400,
                                           "232009",
                                           "Your request specifies a chat which has already been dissolved.",
                                           {ep::im_message_create}};
inline const ErrorEntry msg_internal_error{"message.internal_error", 500, "2200", "internal error", kMessages};

// ---- Drive media. Source: drive-v1/media/upload_all, upload_prepare, upload_part, upload_finish: one shared 错误码
// table (several codes come with 200 or 202); batch_get_tmp_download_url 错误码 (1061002); seeds/
// feishu-drive-media-download.md 状态码 (400 bad extra, 403, 404, 500; no codes given, so the table's are used).
inline const ErrorEntry drive_internal_error{"drive.internal_error", 200, "1061001", "internal error.", kMediaUpload};
inline const ErrorEntry drive_params_error{"drive.params_error", 400, "1061002", "params error.", kDrive};
inline const ErrorEntry drive_not_found{"drive.not_found", 404, "1061003", "not found.", kDrive};
inline const ErrorEntry drive_forbidden{"drive.forbidden", 403, "1061004", "forbidden.", kDrive};
inline const ErrorEntry drive_auth_failed{"drive.auth_failed", 401, "1061005", "auth failed.", kMediaUpload};
inline const ErrorEntry drive_internal_timeout{"drive.internal_timeout", 200, "1061006", "internal time out.",
                                               kMediaUpload};
inline const ErrorEntry drive_file_deleted{"drive.file_deleted", 404, "1061007", "file has been delete.", kMediaUpload};
inline const ErrorEntry drive_invalid_file_name{
    "drive.invalid_file_name", 400, "1061008", "invalid file name.", {ep::media_upload_all, ep::media_upload_prepare}};
inline const ErrorEntry drive_upload_expired{
    "drive.upload_expired", 400, "1061021", "upload id expire.", {ep::media_upload_part, ep::media_upload_finish}};
inline const ErrorEntry drive_parent_deleted{"drive.parent_deleted", 400, "1061041", "parent node has been deleted.",
                                             kMediaUpload};
inline const ErrorEntry drive_parent_out_of_limit{"drive.parent_out_of_limit", 400, "1061042",
                                                  "parent node out of limit.", kMediaUpload};
inline const ErrorEntry drive_file_too_large{
    "drive.file_too_large", 400, "1061043", "file size beyond limit.", {ep::media_upload_all, ep::media_upload_part}};
inline const ErrorEntry drive_parent_not_found{"drive.parent_not_found",
                                               400,
                                               "1061044",
                                               "parent node not exist.",
                                               {ep::media_upload_all, ep::media_upload_prepare}};
inline const ErrorEntry drive_can_retry{"drive.can_retry", 200, "1061045", "can retry.", kMediaUpload};
inline const ErrorEntry drive_tenant_quota{"drive.tenant_quota", 400, "1061101", "file quota exceeded.", kMediaUpload};
inline const ErrorEntry drive_name_compliance{"drive.name_compliance", 400, "1061109", "file name cqc not passed.",
                                              kMediaUpload};
inline const ErrorEntry drive_file_compliance{"drive.file_compliance", 400, "1061113", "file cqc not passed.",
                                              kMediaUpload};
inline const ErrorEntry drive_cover_generating{"drive.cover_generating", 202, "1062004", "cover generating.",
                                               kMediaUpload};
inline const ErrorEntry drive_cover_unsupported{"drive.cover_unsupported", 202, "1062005",
                                                "file type not support cover.", kMediaUpload};
inline const ErrorEntry drive_cover_missing{"drive.cover_missing", 202, "1062006", "cover no exist.", kMediaUpload};
inline const ErrorEntry drive_upload_user_mismatch{"drive.upload_user_mismatch",
                                                   400,
                                                   "1062007",
                                                   "upload user not match.",
                                                   {ep::media_upload_part, ep::media_upload_finish}};
inline const ErrorEntry drive_checksum_invalid{
    "drive.checksum_invalid", 400, "1062008", "checksum param Invalid.", {ep::media_upload_all, ep::media_upload_part}};
inline const ErrorEntry drive_size_mismatch{"drive.size_mismatch",
                                            400,
                                            "1062009",
                                            "the actual size is inconsistent with the parameter declaration size.",
                                            {ep::media_upload_all, ep::media_upload_part, ep::media_upload_finish}};
inline const ErrorEntry drive_block_missing{
    "drive.block_missing", 400, "1062010", "block missing, please upload all blocks.", {ep::media_upload_finish}};
inline const ErrorEntry drive_block_out_of_bounds{"drive.block_out_of_bounds",
                                                  400,
                                                  "1062011",
                                                  "block num out of bounds.",
                                                  {ep::media_upload_part, ep::media_upload_finish}};
inline const ErrorEntry drive_file_copying{"drive.file_copying", 400, "1062012", "file copying.", kMediaUpload};
inline const ErrorEntry drive_file_damaged{"drive.file_damaged", 400, "1062013", "file damaged.", kMediaUpload};
inline const ErrorEntry drive_dedupe_unsupported{"drive.dedupe_unsupported", 403, "1062014", "dedupe no support.",
                                                 kMediaUpload};
inline const ErrorEntry drive_client_closed{"drive.client_closed", 400, "1062051", "client connect close.",
                                            kMediaUpload};
inline const ErrorEntry drive_parent_out_of_size{"drive.parent_out_of_size", 400, "1062505", "parent node out of size.",
                                                 kMediaUpload};
inline const ErrorEntry drive_parent_out_of_depth{"drive.parent_out_of_depth", 400, "1062506",
                                                  "parent node out of depth.", kMediaUpload};
inline const ErrorEntry drive_parent_out_of_siblings{"drive.parent_out_of_siblings", 400, "1062507",
                                                     "parent node out of sibling num.", kMediaUpload};
inline const ErrorEntry drive_user_quota{"drive.user_quota", 400, "1061061", "user quota exceeded.", kMediaUpload};
inline const ErrorEntry drive_no_scope{"drive.no_scope", 403, "1061073", "no scope auth.", kMediaUpload};
inline const ErrorEntry drive_too_many_attachments{"drive.too_many_attachments", 400, "1061547",
                                                   "attachment parent-child relation number exceed.", kMediaUpload};
// The download page's 500 "server internal error", with the table's internal-error code; filegate answers it for
// every unexpected failure of a Drive route (the table's 200 would make the SDK's uploadAll return null silently).
// filegate's own: HTTP's 416 for a Range beyond the medium, with the code of bad parameters.
inline const ErrorEntry drive_range_not_satisfiable{
    "drive.range_not_satisfiable", 416, "1061002", "params error.", {ep::media_download}};
inline const ErrorEntry drive_server_error{"drive.server_error", 500, "1061001", "internal error.", kDrive};

inline const ErrorEntry* const api_catalog[] = {
    &missing_token, &invalid_token, &rate_limited, &invalid_app_token, &invalid_tenant_code, &invalid_user_token,
    &bad_token_format, &missing_scope, &missing_user_scope, &app_unavailable, &ip_denied, &monthly_quota, &not_found,
    //
    &auth_invalid_param, &auth_app_secret_invalid, &auth_wrong_app_secret, &auth_app_token_failed,
    &auth_tenant_token_failed, &auth_body_too_large, &auth_internal_error,
    //
    &authen_invalid_request, &authen_code_invalid, &authen_code_expired, &authen_user_token_invalid,
    &authen_user_not_found, &authen_tenant_token_invalid, &authen_app_mismatch, &authen_refresh_invalid,
    &authen_grant_type, &authen_refresh_expired, &authen_internal_error,
    //
    &im_invalid_param, &im_unauthorized, &im_file_not_in_message, &im_app_not_in_chat, &im_file_not_found,
    &im_file_too_large, &im_bot_not_enabled, &im_not_sender, &im_no_permission_external, &im_empty_file,
    &im_scope_check_failed, &im_download_too_large, &im_restricted_mode, &im_message_invisible, &im_tenant_key_deleted,
    &im_storage_error, &im_unsupported_message_type, &im_message_deleted, &im_meta_write_stopped, &im_internal_error,
    &im_image_format, &im_image_resolution, &im_range_not_satisfiable,
    //
    &msg_invalid_param, &msg_bot_not_in_chat, &msg_bot_not_enabled, &msg_no_availability, &msg_no_permission,
    &msg_invisible, &msg_not_resource_owner, &msg_rate_limited, &msg_content_too_long, &msg_receive_id_invalid,
    &msg_type_mismatch, &msg_chat_dissolved, &msg_internal_error,
    //
    &drive_internal_error, &drive_params_error, &drive_not_found, &drive_forbidden, &drive_auth_failed,
    &drive_internal_timeout, &drive_file_deleted, &drive_invalid_file_name, &drive_upload_expired,
    &drive_parent_deleted, &drive_parent_out_of_limit, &drive_file_too_large, &drive_parent_not_found, &drive_can_retry,
    &drive_tenant_quota, &drive_name_compliance, &drive_file_compliance, &drive_cover_generating,
    &drive_cover_unsupported, &drive_cover_missing, &drive_upload_user_mismatch, &drive_checksum_invalid,
    &drive_size_mismatch, &drive_block_missing, &drive_block_out_of_bounds, &drive_file_copying, &drive_file_damaged,
    &drive_dedupe_unsupported, &drive_client_closed, &drive_parent_out_of_size, &drive_parent_out_of_depth,
    &drive_parent_out_of_siblings, &drive_user_quota, &drive_no_scope, &drive_too_many_attachments,
    &drive_range_not_satisfiable, &drive_server_error};

// ---- The OAuth 2 token endpoint (authen v2, get-user-access-token and refresh-user-access-token). Source: the pages'
// 错误码 tables (docs/feishu-bot-wire.md §4.2): non-200 statuses, RFC 6749 bodies; the envelope derives `error` from
// the code. Messages the wire notes quote are the platform's; the others are filegate's words in its style.
inline const Endpoints kOAuth = {ep::oauth_token};
inline const ErrorEntry oauth_invalid_request{"oauth.invalid_request", 400, "20001",
                                              "The request is missing a required parameter.", kOAuth};
inline const ErrorEntry oauth_invalid_client{"oauth.invalid_client", 400, "20002", "The client secret is invalid.",
                                             kOAuth};
inline const ErrorEntry oauth_code_invalid{"oauth.code_invalid", 400, "20003",
                                           "The authorization code is not found. Please note that the code can only "
                                           "be used once.",
                                           kOAuth};
inline const ErrorEntry oauth_code_expired{"oauth.code_expired", 400, "20004", "The authorization code has expired.",
                                           kOAuth};
inline const ErrorEntry oauth_app_mismatch{"oauth.app_mismatch", 400, "20024",
                                           "The code or refresh token was not issued to this client.", kOAuth};
inline const ErrorEntry oauth_refresh_invalid{"oauth.refresh_invalid", 400, "20026", "The refresh token is invalid.",
                                              kOAuth};
inline const ErrorEntry oauth_grant_type{"oauth.grant_type", 400, "20036", "The grant_type is not supported.", kOAuth};
inline const ErrorEntry oauth_refresh_expired{"oauth.refresh_expired", 400, "20037", "The refresh token has expired.",
                                              kOAuth};
inline const ErrorEntry oauth_user_not_found{"oauth.user_not_found", 400, "20008", "The user does not exist.", kOAuth};
inline const ErrorEntry oauth_server_error{"oauth.server_error", 500, "20050",
                                           "An unexpected server error occurred. Please retry your request.", kOAuth};
inline const ErrorEntry oauth_not_found{"oauth.not_found", 404, "20001", "The request path is not found."};

inline const ErrorEntry* const oauth_catalog[] = {
    &oauth_invalid_request, &oauth_invalid_client,  &oauth_code_invalid, &oauth_code_expired,
    &oauth_app_mismatch,    &oauth_refresh_invalid, &oauth_grant_type,   &oauth_refresh_expired,
    &oauth_user_not_found,  &oauth_server_error,    &oauth_not_found};

// ---- Temporary download links (filegate's own host; the real one's error bodies are undocumented). Links fail
// closed: unsigned, altered or expired ones answer 403 with the Drive "forbidden" code; a valid link whose medium was
// deleted or replaced since answers 404 with Drive's "not found", as do unknown paths.
inline const ErrorEntry tmp_url_refused{"tmp_url.refused",
                                        403,
                                        "1061004",
                                        "forbidden: the temporary download url is invalid or expired.",
                                        {ep::media_tmp_download}};
inline const ErrorEntry tmp_url_not_found{"tmp_url.not_found", 404, "1061003", "not found."};
inline const ErrorEntry tmp_url_params_error{
    "tmp_url.params_error", 400, "1061002", "params error.", {ep::media_tmp_download}};
inline const ErrorEntry tmp_url_internal_error{
    "tmp_url.internal_error", 500, "1061001", "internal error.", {ep::media_tmp_download}};

inline const ErrorEntry tmp_url_range_not_satisfiable{
    "tmp_url.range_not_satisfiable", 416, "1061002", "params error.", {ep::media_tmp_download}};

inline const ErrorEntry* const tmp_url_catalog[] = {&tmp_url_refused, &tmp_url_not_found, &tmp_url_params_error,
                                                    &tmp_url_internal_error, &tmp_url_range_not_satisfiable};

}  // namespace errors
}  // namespace filegate::dialects::feishu
