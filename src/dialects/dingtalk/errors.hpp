#pragma once
// DingTalk's errors as data, one catalog per wire surface: the storage/OAuth JSON API (api.dingtalk.com) and the OSS
// byte host that stands behind the signed URLs (/_filegate/dingtalk/). Every error the dialect answers is here, plus
// those only a platform failure produces (for the fault injector and `filegate errors`). Handlers throw
// http::Refusal(errors::x) or Refusal(errors::x, "which parameter is wrong"), as the platform varies its message.
//
// Sources: seeds/dingtalk-storage-download-info.md "error code" table (SEED, the storage API's one shared error
// vocabulary), wire-notes/dingtalk.md §2, §3, §6, §7 (WN), and the public reports named per entry.
#include <string_view>

#include "http/refusal.hpp"

namespace filegate::dialects::dingtalk {

// Endpoint names, after the SDK's actions (@alicloud/dingtalk oauth2_1_0 / storage_1_0):
// "<dialect>.<api>.<res>.<verb>".
namespace endpoints {
inline constexpr std::string_view access_token = "dingtalk.oauth2.accessToken.get";              // GetAccessToken
inline constexpr std::string_view upload_info = "dingtalk.storage.fileUploadInfo.get";           // GetFileUploadInfo
inline constexpr std::string_view multipart_init = "dingtalk.storage.multipartFileUpload.init";  // InitMultipart…
inline constexpr std::string_view multipart_infos = "dingtalk.storage.multipartFileUploadInfos.get";
inline constexpr std::string_view commit = "dingtalk.storage.file.commit";                    // CommitFile
inline constexpr std::string_view list_dentries = "dingtalk.storage.dentries.list";           // ListDentries
inline constexpr std::string_view get_dentry = "dingtalk.storage.dentry.get";                 // GetDentry
inline constexpr std::string_view list_versions = "dingtalk.storage.dentryVersions.list";     // ListDentryVersions
inline constexpr std::string_view delete_dentry = "dingtalk.storage.dentry.delete";           // DeleteDentry
inline constexpr std::string_view add_folder = "dingtalk.storage.folder.add";                 // AddFolder
inline constexpr std::string_view download_info = "dingtalk.storage.fileDownloadInfo.get";    // GetFileDownloadInfo
inline constexpr std::string_view rename_dentry = "dingtalk.storage.dentry.rename";           // RenameDentry
inline constexpr std::string_view move_dentry = "dingtalk.storage.dentry.move";               // MoveDentry
inline constexpr std::string_view move_dentries = "dingtalk.storage.dentries.move";           // MoveDentries
inline constexpr std::string_view copy_dentry = "dingtalk.storage.dentry.copy";               // CopyDentry
inline constexpr std::string_view copy_dentries = "dingtalk.storage.dentries.copy";           // CopyDentries
inline constexpr std::string_view delete_dentries = "dingtalk.storage.dentries.delete";       // DeleteDentries
inline constexpr std::string_view get_dentries = "dingtalk.storage.dentries.get";             // GetDentries
inline constexpr std::string_view list_all = "dingtalk.storage.dentries.listAll";             // ListAllDentries
inline constexpr std::string_view revert_version = "dingtalk.storage.dentryVersion.revert";   // RevertDentryVersion
inline constexpr std::string_view get_task = "dingtalk.storage.task.get";                     // GetTask
inline constexpr std::string_view get_space = "dingtalk.storage.space.get";                   // GetSpace
inline constexpr std::string_view add_space = "dingtalk.storage.space.add";                   // AddSpace
inline constexpr std::string_view get_recycle_bin = "dingtalk.storage.recycleBin.get";        // GetRecycleBin
inline constexpr std::string_view clear_recycle_bin = "dingtalk.storage.recycleBin.clear";    // ClearRecycleBin
inline constexpr std::string_view list_recycle_items = "dingtalk.storage.recycleItems.list";  // ListRecycleItems
inline constexpr std::string_view get_recycle_item = "dingtalk.storage.recycleItem.get";      // GetRecycleItem
inline constexpr std::string_view restore_recycle_item = "dingtalk.storage.recycleItem.restore";
inline constexpr std::string_view restore_recycle_items = "dingtalk.storage.recycleItems.restore";
inline constexpr std::string_view delete_recycle_item = "dingtalk.storage.recycleItem.delete";
inline constexpr std::string_view delete_recycle_items = "dingtalk.storage.recycleItems.delete";
// doc_2.0 GetDentryIdByUuid: the "Get spaceId by dentryUuid" API the seed page sends its readers to.
inline constexpr std::string_view dentry_id_by_uuid = "dingtalk.doc.dentryId.getByUuid";
// The OSS byte host behind the signed URLs.
inline constexpr std::string_view oss_put = "dingtalk.oss.object.put";
inline constexpr std::string_view oss_put_part = "dingtalk.oss.part.put";
inline constexpr std::string_view oss_get = "dingtalk.oss.object.get";
inline constexpr std::string_view oss_head = "dingtalk.oss.object.head";
inline constexpr std::string_view oss_put_download = "dingtalk.oss.download.put";  // always refused: GET-only slots
}  // namespace endpoints

namespace errors {
namespace ep = endpoints;

// ---- JSON API: {"code","message","requestid"} with the entry's status ---------------------------------------------

// WN §6/§7 (observed on the real service); the token header is required on every storage call.
inline const http::ErrorEntry missing_token{"auth.missing_token", 400, "AuthenticationFailed.MissingParameter",
                                            "Missing parameter: x-acs-dingtalk-access-token"};
// github.com/satorijs/satori#240, alibabacloud-sdk-php/dingtalk PR #1: the real body of a bad or expired token.
inline const http::ErrorEntry invalid_token{"auth.invalid_token", 400, "InvalidAuthentication", "不合法的access_token"};
// WN §2/§7.
inline const http::ErrorEntry invalid_client{
    "auth.invalid_client", 400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret", {ep::access_token}};
// open-dingtalk developerpedia "permission-deny": the app lacks the API's permission (scopes.hpp; an app of the
// fixtures with `scopes`). The body adds accessdenieddetail: {requiredScopes: [scope]} (ApiEnvelope::render), which
// the SDK's gateway client hands over as error.accessDeniedDetail; the message names the scope too.
inline const http::ErrorEntry api_permission_denied{
    "auth.api_permission_denied", 403, "Forbidden.AccessDenied.AccessTokenPermissionDenied",
    "没有调用该接口的权限,接口权限申请参考:https://open.dingtalk.com/document/orgapp-server/add-api-permission"};
// github.com/aliyun/alibabacloud-php-sdk#36: a POST whose body is not JSON. Platform-only here (filegate answers
// paramError for it, as it always has).
inline const http::ErrorEntry missing_body{"param.missing_body", 400, "Missingbody",
                                           "body is mandatory for this action."};

// SEED: paramError with the offending parameter in the message ("%s").
inline const http::ErrorEntry param_invalid{"param.invalid", 400, "paramError", "parameter error"};
inline const http::ErrorEntry param_space_id{"param.space_id", 400, "paramError.spaceId", "spaceId is invalid"};
inline const http::ErrorEntry param_dentry_id{
    "param.dentry_id",
    400,
    "paramError.dentryId",
    "dentryId is invalid",
    {ep::get_dentry, ep::list_versions, ep::delete_dentry, ep::add_folder, ep::download_info, ep::rename_dentry,
     ep::move_dentry, ep::copy_dentry, ep::revert_version, ep::get_dentries, ep::move_dentries, ep::copy_dentries,
     ep::delete_dentries}};
// By SEED's pattern (paramError.<parameter>); the storage pages other than the seed were not readable.
inline const http::ErrorEntry param_parent_id{
    "param.parent_id",
    400,
    "paramError.parentId",
    "parentId is invalid",
    {ep::list_dentries, ep::add_folder, ep::upload_info, ep::multipart_init, ep::commit, ep::move_dentry,
     ep::move_dentries, ep::copy_dentry, ep::copy_dentries}};
// SEED.
inline const http::ErrorEntry permission_denied{"permission.denied", 403, "permissionDenied",
                                                "no permission to access the space"};
// SEED (downloadInfos): an app of the fixtures with org_authenticated = false.
inline const http::ErrorEntry org_auth_level_not_enough{
    "org.auth_level_not_enough", 403, "orgAuthLevelNotEnough", "auth level of org is not enough", {ep::download_info}};
inline const http::ErrorEntry space_not_found{"space.not_found", 404, "spaceNotExist", "space not exist"};
inline const http::ErrorEntry dentry_not_found{"dentry.not_found", 404, "dentryNotExist", "dentry not exist"};
inline const http::ErrorEntry operation_not_supported{
    "dentry.operation_not_supported",
    400,
    "operationNotSupported",
    "operation not supported",
    {ep::download_info, ep::list_versions, ep::commit, ep::revert_version}};
inline const http::ErrorEntry download_protocol_not_supported{"download.protocol_not_supported",
                                                              400,
                                                              "dentryDownloadProtocolNotSupport",
                                                              "the space's storage does not support HEADER_SIGNATURE",
                                                              {ep::download_info}};
inline const http::ErrorEntry file_archived{"dentry.file_archived",
                                            400,
                                            "fileArchived",
                                            "the file is archived; unarchiving has been triggered, try again later",
                                            {ep::download_info}};
inline const http::ErrorEntry system_error{"system.error", 500, "systemError", "system error"};
inline const http::ErrorEntry unknown_error{"system.unknown", 500, "unknownError", "Unknown Error"};
inline const http::ErrorEntry operation_timeout{"system.timeout", 503, "operationTimeout", "request timeout"};
// WN §3 (the upload twin of the seed's download code).
inline const http::ErrorEntry upload_protocol_not_supported{"upload.protocol_not_supported",
                                                            400,
                                                            "dentryUploadProtocolNotSupport",
                                                            "only HEADER_SIGNATURE is supported",
                                                            {ep::upload_info}};
// Inferred (no platform page read): the code RETURN_ERROR_IF_EXISTS answers.
inline const http::ErrorEntry name_conflict{
    "dentry.name_conflict",
    400,
    "dentryNameConflict",
    "a file or folder with this name already exists",
    {ep::commit, ep::add_folder, ep::rename_dentry, ep::move_dentry, ep::copy_dentry, ep::restore_recycle_item}};
// Inferred, by the seed's naming (spaceNotExist, dentryNotExist): a recycle item or task id that names nothing. The
// storage pages of the recycle bin and tasks were not readable.
inline const http::ErrorEntry recycle_item_not_found{
    "recycle_item.not_found",
    404,
    "recycleItemNotExist",
    "recycle item not exist",
    {ep::get_recycle_item, ep::restore_recycle_item, ep::delete_recycle_item}};
inline const http::ErrorEntry task_not_found{"task.not_found", 404, "taskNotExist", "task not exist", {ep::get_task}};
// github.com/aliyun/alibabacloud-go-sdk#5: the gateway's answer for a path or method it does not know.
inline const http::ErrorEntry api_not_found{"api.not_found", 404, "InvalidAction.NotFound",
                                            "Specified api is not found, please check your url and method."};
// open.dingtalk.com "how-to-process-api-throttling-on-the-dingtalk-server": the new API's QPS and monthly limits
// (403 as public reports show; the messages are not published). Platform-only.
inline const http::ErrorEntry qps_limit_app_api{"throttle.app_api", 403,
                                                "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
                                                "the app called this API more often than its QPS limit allows"};
inline const http::ErrorEntry qps_limit_api{"throttle.api", 403, "Forbidden.AccessDenied.QpsLimitForApi",
                                            "this API is called more often than its QPS limit allows"};
inline const http::ErrorEntry org_monthly_quota{"quota.org_monthly", 403, "Forbidden.AccessDenied.ApiCountLimitForOrg",
                                                "the organization's API calls this month exceed its quota"};
// Inferred: what the gateway answers for a body it cannot take is not published; paramError is what the SDK user
// sees for every other bad request.
inline const http::ErrorEntry request_too_large{"request.too_large", 400, "paramError",
                                                "the request body is too large"};
inline const http::ErrorEntry request_malformed{"request.malformed", 400, "paramError",
                                                "the request body is malformed"};

inline const http::ErrorEntry* const api_errors[] = {
    &missing_token,
    &invalid_token,
    &invalid_client,
    &api_permission_denied,
    &missing_body,
    &param_invalid,
    &param_space_id,
    &param_dentry_id,
    &param_parent_id,
    &permission_denied,
    &org_auth_level_not_enough,
    &space_not_found,
    &dentry_not_found,
    &operation_not_supported,
    &download_protocol_not_supported,
    &file_archived,
    &system_error,
    &unknown_error,
    &operation_timeout,
    &upload_protocol_not_supported,
    &name_conflict,
    &recycle_item_not_found,
    &task_not_found,
    &api_not_found,
    &qps_limit_app_api,
    &qps_limit_api,
    &org_monthly_quota,
    &request_too_large,
    &request_malformed,
};

// ---- OSS byte host: <Error><Code/><Message/><RequestId/><HostId/></Error> -----------------------------------------
// Codes and statuses: the OSS error table (help.aliyun.com/document_detail/35028, developer.aliyun.com/ask/2657);
// messages are OSS's (S3's) own wording where it has one.

inline const http::ErrorEntry oss_access_denied{"oss.access_denied", 403, "AccessDenied", "Access Denied"};
inline const http::ErrorEntry oss_request_expired{"oss.request_expired", 403, "AccessDenied", "Request has expired."};
inline const http::ErrorEntry oss_signature_mismatch{
    "oss.signature_mismatch", 403, "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided."};
inline const http::ErrorEntry oss_no_such_key{"oss.no_such_key", 404, "NoSuchKey", "The specified key does not exist."};
inline const http::ErrorEntry oss_no_such_upload{"oss.no_such_upload",
                                                 404,
                                                 "NoSuchUpload",
                                                 "The upload does not exist or was already committed.",
                                                 {ep::oss_put, ep::oss_put_part}};
// S3's code for a request the resource cannot take (a single PUT to an upload that takes parts).
inline const http::ErrorEntry oss_invalid_request{
    "oss.invalid_request", 400, "InvalidRequest", "This upload takes parts.", {ep::oss_put}};
inline const http::ErrorEntry oss_entity_too_large{"oss.entity_too_large",
                                                   400,
                                                   "EntityTooLarge",
                                                   "Your proposed upload exceeds the maximum allowed size.",
                                                   {ep::oss_put, ep::oss_put_part}};
inline const http::ErrorEntry oss_invalid_argument{"oss.invalid_argument", 400, "InvalidArgument",
                                                   "The request is malformed."};
inline const http::ErrorEntry oss_invalid_range{
    "oss.invalid_range", 416, "InvalidRange", "The requested range cannot be satisfied", {ep::oss_get, ep::oss_head}};
inline const http::ErrorEntry oss_method_not_allowed{"oss.method_not_allowed", 405, "MethodNotAllowed",
                                                     "The specified method is not allowed against this resource."};
inline const http::ErrorEntry oss_request_timeout{
    "oss.request_timeout",
    400,
    "RequestTimeout",
    "Your socket connection to the server was not read from or written to within the timeout period.",
    {ep::oss_put, ep::oss_put_part}};
inline const http::ErrorEntry oss_internal_error{"oss.internal_error", 500, "InternalError",
                                                 "We encountered an internal error. Please try again."};
inline const http::ErrorEntry oss_service_unavailable{"oss.service_unavailable", 503, "ServiceUnavailable",
                                                      "Please reduce your request rate."};

inline const http::ErrorEntry* const oss_errors[] = {
    &oss_access_denied,   &oss_request_expired,  &oss_signature_mismatch,  &oss_no_such_key,   &oss_no_such_upload,
    &oss_invalid_request, &oss_entity_too_large, &oss_invalid_argument,    &oss_invalid_range, &oss_method_not_allowed,
    &oss_request_timeout, &oss_internal_error,   &oss_service_unavailable,
};

}  // namespace errors
}  // namespace filegate::dialects::dingtalk
