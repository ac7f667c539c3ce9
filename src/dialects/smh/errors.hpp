#pragma once
// SMH's errors as data: every error the platform documents for the endpoints filegate serves, including those only a
// platform failure produces, in two catalogs: the business API's JSON ({code, message, requestId}) and the XML of the
// COS byte host behind its upload and download URLs. Handlers throw http::Refusal(errors::…); the envelopes in
// envelope.hpp render them.
//
// Sources (see shared/wire-notes/smh.md §7 and the phase-1 note smh-catalog.md):
//   [T]    the official business-API error table, doc 1339/50072 (status and code; descriptions in Chinese only)
//   [C]    the upload-confirm doc 1339/49950
//   [JS]   the "SMH JS SDK" ErrorHandler.ts ServerErrorCode enum, codes grouped by HTTP status
//   [iOS]  tencentyun/smh-sdk-ios QCloudSMHErrorCode.h (codes, no statuses)
//   [AND]  TencentCloud/smh-sdk-android SMHNetworkCall.kt (400 + QuotaLimitReached is special-cased)
//   [COS]  the COS API error-code page, doc 436/7730 (XML, status and code)
//   [FG]   filegate's own: no platform source has the code; kept for behaviour the platform leaves open.
// SMH publishes no English messages, so the messages are filegate's (as they were before the catalog existed).
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "http/refusal.hpp"

namespace filegate::dialects::smh {

// Endpoint names, "smh.<resource>.<verb>" after the Java SDK's operations; register_routes uses the same constants.
namespace endpoint {
inline constexpr std::string_view token_create = "smh.token.create";  // getAccessToken, postCreateAccessToken
inline constexpr std::string_view token_renew = "smh.token.renew";    // extensionAccessToken
inline constexpr std::string_view token_delete = "smh.token.delete";  // deleteAccessToken
inline constexpr std::string_view space_create = "smh.space.create";  // createSpace
// PUT …/file/{path}: putFile, and moveFile ({"from"}) or copyFile ({"copyFrom"}) by its body (tree_routes.cpp).
inline constexpr std::string_view file_upload = "smh.file.upload";
inline constexpr std::string_view file_multipart = "smh.file.multipart";          // initiateMultipartUpload
inline constexpr std::string_view file_renew = "smh.file.renew";                  // putPartFileReNewal
inline constexpr std::string_view file_confirm = "smh.file.confirm";              // confirmPutFile
inline constexpr std::string_view file_form_upload = "smh.file.form_upload";      // POST …/file/{path}, no selector
inline constexpr std::string_view file_get = "smh.file.get";                      // downloadFile (302)
inline constexpr std::string_view file_info = "smh.file.info";                    // getFileInfo
inline constexpr std::string_view file_preview = "smh.file.preview";              // getFileThumbnail, ?preview
inline constexpr std::string_view file_upload_status = "smh.file.upload_status";  // getFileUploadStatus
inline constexpr std::string_view file_head = "smh.file.head";                    // doesFileExist
inline constexpr std::string_view file_delete = "smh.file.delete";                // deleteFile
inline constexpr std::string_view file_upload_cancel = "smh.file.upload_cancel";  // cancelUploadFile
// PUT …/directory/{path}: createDirectory, and moveDirectory ({"from"}) or copyDirectory ({"copyFrom"}).
inline constexpr std::string_view directory_create = "smh.directory.create";
inline constexpr std::string_view directory_list = "smh.directory.list";      // getDirectoryContents
inline constexpr std::string_view directory_info = "smh.directory.info";      // getDirectoryInfo
inline constexpr std::string_view directory_head = "smh.directory.head";      // doesDirectoryExist
inline constexpr std::string_view directory_delete = "smh.directory.delete";  // deleteDirectory
inline constexpr std::string_view history_list = "smh.history.list";          // history-list
// Versions by history id (Android SDK: restoreHistoryMedia, deleteHistoryMedia; OpenAPI: setHistoryLatest,
// deleteHistory).
inline constexpr std::string_view history_restore = "smh.history.restore";  // POST …/latest-version/{HistoryId}
inline constexpr std::string_view history_delete = "smh.history.delete";    // POST …/{space}/delete, body [ids]
inline constexpr std::string_view inode_info = "smh.inode.info";            // GET /api/v1/inode/{lib}/{space}/{inode}
inline constexpr std::string_view quota_get = "smh.quota.get";              // GET /api/v1/quota/{lib}/{space}
// The recycle bin, /api/v1/recycled/{lib}/{space}[/{id}] (Android SDK: listRecycled, restoreRecycledItem,
// deleteRecycledItem, clearRecycled).
inline constexpr std::string_view recycled_list = "smh.recycled.list";        // GET
inline constexpr std::string_view recycled_restore = "smh.recycled.restore";  // POST …/{id}?restore
inline constexpr std::string_view recycled_delete = "smh.recycled.delete";    // DELETE …/{id}
inline constexpr std::string_view recycled_empty = "smh.recycled.empty";      // DELETE …/{space}
// POST /api/v1/batch/{lib}/{space}?delete|copy|move, a JSON array of items (docs 1339/71259, 1283/75493, 1283/75362)
inline constexpr std::string_view batch_delete = "smh.batch.delete";
inline constexpr std::string_view batch_copy = "smh.batch.copy";
inline constexpr std::string_view batch_move = "smh.batch.move";
inline constexpr std::string_view task_get = "smh.task.get";            // GET /api/v1/task/{lib}/{space}/{taskIdList}
inline constexpr std::string_view cos_put = "smh.cos.put";              // PUT {domain}{path}: a simple upload's bytes
inline constexpr std::string_view cos_put_part = "smh.cos.put_part";    // uploadPart: ?uploadId=&partNumber=
inline constexpr std::string_view cos_form_post = "smh.cos.form_post";  // POST {domain}{path}: a form upload's form
inline constexpr std::string_view cos_get = "smh.cos.get";              // the Location of a download
inline constexpr std::string_view cos_head = "smh.cos.head";

// Groups of the above that share errors.
// Every route that checks an access token (SmhDialect::admit).
inline constexpr std::string_view admitted[] = {
    file_upload,      file_multipart,   file_renew,         file_confirm,   file_form_upload, file_get,
    file_info,        file_preview,     file_upload_status, file_head,      file_delete,      file_upload_cancel,
    directory_create, directory_list,   directory_info,     directory_head, directory_delete, history_list,
    recycled_list,    recycled_restore, recycled_delete,    recycled_empty, history_restore,  history_delete,
    quota_get,        inode_info,       batch_delete,       batch_copy,     batch_move,       task_get};
// Routes whose path names a file (request_path(…, true)).
inline constexpr std::string_view file_paths[] = {file_upload,  file_multipart, file_get,    file_info,
                                                  file_preview, file_head,      file_delete, history_list};
inline constexpr std::string_view directory_paths[] = {directory_create, directory_list, directory_info, directory_head,
                                                       directory_delete};
// Routes whose path is an upload's confirm key.
inline constexpr std::string_view confirm_keys[] = {file_confirm, file_renew, file_upload_status, file_upload_cancel};
inline constexpr std::string_view reads[] = {file_get,           file_info,      file_preview,   file_head,
                                             file_upload_status, directory_list, directory_info, directory_head,
                                             history_list,       quota_get,      inode_info,     task_get};
inline constexpr std::string_view writes[] = {
    file_upload,      file_multipart,  file_renew,     file_confirm, file_delete, file_upload_cancel, directory_create,
    directory_delete, history_restore, history_delete, batch_delete, batch_copy,  batch_move};
inline constexpr std::string_view starts[] = {file_upload, file_multipart};
inline constexpr std::string_view cos_puts[] = {cos_put, cos_put_part, cos_form_post};
inline constexpr std::string_view cos_gets[] = {cos_get, cos_head};
}  // namespace endpoint

namespace errors {

// Endpoint lists made of groups and single names.
inline std::vector<std::string_view> on(std::initializer_list<std::span<const std::string_view>> groups,
                                        std::initializer_list<std::string_view> more = {}) {
  std::vector<std::string_view> out;
  for (const auto& group : groups) out.insert(out.end(), group.begin(), group.end());
  out.insert(out.end(), more.begin(), more.end());
  return out;
}
inline std::vector<std::string_view> on(std::initializer_list<std::string_view> names) { return names; }

using http::ErrorEntry;
namespace ep = endpoint;

// ---- Business API (JSON) ----

// Token issue [T 400/404]; user and client id lengths [iOS; status: JS's 400 group].
inline const ErrorEntry empty_library_id_or_secret{"token.empty_library_id_or_secret", 400, "EmptyLibraryIdOrSecret",
                                                   "library_id and library_secret are required",
                                                   on({ep::token_create})};
inline const ErrorEntry empty_library_id{"token.empty_library_id", 400, "EmptyLibraryId", "library_id is required",
                                         on({ep::token_create})};
inline const ErrorEntry empty_library_secret{"token.empty_library_secret", 400, "EmptyLibrarySecret",
                                             "library_secret is required", on({ep::token_create})};
inline const ErrorEntry wrong_library_id_or_secret{"token.wrong_library_id_or_secret", 404, "WrongLibraryIdOrSecret",
                                                   "wrong library id or secret", on({ep::token_create})};
inline const ErrorEntry user_id_too_long{"token.user_id_too_long", 400, "UserIdLengthExceed", "user_id is too long",
                                         on({ep::token_create})};
inline const ErrorEntry client_id_too_long{"token.client_id_too_long", 400, "ClientIdLengthExceed",
                                           "client_id is too long", on({ep::token_create})};

// Library and space [T]; service expired, initializing, space id checks, banned space [JS].
inline const ErrorEntry library_not_found{"library.not_found", 404, "LibraryNotFound", "library not found",
                                          on({ep::admitted}, {ep::space_create})};
inline const ErrorEntry not_multi_space_library{"library.not_multi_space", 400, "NotMultiSpaceLibrary",
                                                "this library has only the space '-'",
                                                on({ep::admitted}, {ep::token_create, ep::space_create})};
inline const ErrorEntry library_service_expired{"library.service_expired", 403, "LibraryServiceExpired",
                                                "the library's service has expired"};
inline const ErrorEntry library_initializing{"library.initializing", 403, "LibraryInitializing",
                                             "the library is initializing"};
inline const ErrorEntry space_not_found{"space.not_found", 404, "SpaceNotFound", "space not found",
                                        on({ep::admitted}, {ep::token_create})};
inline const ErrorEntry empty_space_id{"space.empty_id", 400, "EmptySpaceId", "the space id is empty",
                                       on({ep::admitted})};
inline const ErrorEntry space_id_invalid{"space.id_invalid", 400, "SpaceIdInvalid", "the space id is invalid",
                                         on({ep::admitted}, {ep::token_create})};
inline const ErrorEntry space_banned{"space.banned", 403, "SpaceBanned", "the space is banned", on({ep::admitted})};

// Access tokens [T: a bad or expired token is 403 InvalidAccessToken, never 401]; library/version mismatch,
// read/write forbidden [JS 403].
inline const ErrorEntry empty_access_token{"auth.empty_access_token", 400, "EmptyAccessToken",
                                           "access token is required", on({ep::admitted}, {ep::space_create})};
inline const ErrorEntry invalid_access_token{"auth.invalid_access_token", 403, "InvalidAccessToken",
                                             "the access token is invalid, expired or not for this library",
                                             on({ep::admitted}, {ep::token_renew, ep::space_create})};
inline const ErrorEntry access_token_not_match_library{"auth.token_not_match_library", 403,
                                                       "AccessTokenNotMatchLibrary",
                                                       "the access token is not for this library", on({ep::admitted})};
inline const ErrorEntry access_token_not_match_space{"auth.token_not_match_space", 403, "AccessTokenNotMatchSpace",
                                                     "the access token is not for this space", on({ep::admitted})};
inline const ErrorEntry access_token_version_not_match{"auth.token_version_not_match", 403,
                                                       "AccessTokenVersionNotMatch",
                                                       "the access token's version does not match", on({ep::admitted})};
inline const ErrorEntry no_permission{"auth.no_permission", 403, "NoPermission", "the access token has no permission",
                                      on({ep::writes}, {ep::space_create, ep::file_form_upload})};
inline const ErrorEntry read_forbidden{"auth.read_forbidden", 403, "ReadForbidden", "reading is forbidden",
                                       on({ep::reads})};
inline const ErrorEntry write_forbidden{"auth.write_forbidden", 403, "WriteForbidden", "writing is forbidden",
                                        on({ep::writes})};

// Paths: names [T: 255 characters per level, extension included; JS: IllegalFileName], empty names [T], library
// rules (album libraries, extension and root rules) [T], and the not-found family [T; JS: PathNotFound,
// FileRemovedByQuota, CosObjectNonexistent].
inline const ErrorEntry illegal_file_name{"path.illegal_file_name", 400, "IllegalFileName",
                                          "the path contains an empty, '.' or '..' segment or a forbidden character",
                                          on({ep::file_paths, ep::directory_paths})};
inline const ErrorEntry file_name_too_long{"path.file_name_too_long", 400, "FileNameLengthExceed",
                                           "a name in the path is longer than 255 characters", on({ep::file_paths})};
inline const ErrorEntry directory_name_too_long{"path.directory_name_too_long", 400, "DirectoryNameLengthExceed",
                                                "a name in the path is longer than 255 characters",
                                                on({ep::file_paths, ep::directory_paths})};
inline const ErrorEntry empty_file_name{"path.empty_file_name", 400, "EmptyFileName", "the file path is empty",
                                        on({ep::file_paths})};
inline const ErrorEntry empty_path{"path.empty_path", 400, "EmptyPath", "the directory path is empty",
                                   on({ep::directory_create, ep::directory_delete})};
inline const ErrorEntry directory_level_exceed{"path.directory_level_exceed", 400, "DirectoryLevelExceed",
                                               "only one directory level is allowed in this library",
                                               on({ep::starts}, {ep::directory_create})};
inline const ErrorEntry directory_not_allowed{"path.directory_not_allowed", 400, "DirectoryNotAllowed",
                                              "directories are not allowed in this library",
                                              on({ep::directory_create})};
inline const ErrorEntry extname_not_allowed{"path.extname_not_allowed", 400, "ExtnameNotAllowed",
                                            "this file extension is not allowed", on({ep::starts}, {ep::file_confirm})};
inline const ErrorEntry upload_to_root_not_allowed{"path.upload_to_root_not_allowed", 400,
                                                   "UploadToRootDirectoryNotAllowed",
                                                   "uploading to the root directory is not allowed", on({ep::starts})};
// filegate answers PathNotFound for an inode that names nothing in the space.
inline const ErrorEntry path_not_found{"path.not_found", 404, "PathNotFound", "path not found", on({ep::admitted})};
inline const ErrorEntry file_not_found{
    "file.not_found", 404, "FileNotFound", "file not found",
    on({ep::file_get, ep::file_info, ep::file_preview, ep::file_head, ep::file_delete, ep::history_list,
        ep::history_restore, ep::history_delete})};
inline const ErrorEntry file_removed_by_quota{"file.removed_by_quota", 404, "FileRemovedByQuota",
                                              "the file was removed because the quota was exceeded",
                                              on({ep::file_get, ep::file_info, ep::file_head})};
inline const ErrorEntry cos_object_nonexistent{"file.cos_object_nonexistent", 404, "CosObjectNonexistent",
                                               "the stored object does not exist",
                                               on({ep::file_get, ep::file_info, ep::file_confirm})};
// The iOS and Flutter SDKs' code lists: 回收站中未查询到该文件（夹）. The status is not documented: 404, as the other
// *NotFound codes. An unknown id, another space's, or one deleted or restored already.
inline const ErrorEntry recycled_item_not_found{"recycled.not_found", 404, "RecycledItemNotFound",
                                                "the recycled item does not exist",
                                                on({ep::recycled_restore, ep::recycled_delete})};
inline const ErrorEntry directory_not_found{
    "directory.not_found", 404, "DirectoryNotFound", "directory not found",
    on({ep::starts},
       {ep::directory_list, ep::directory_info, ep::directory_head, ep::directory_delete, ep::file_confirm})};

// Moves and copies: PUT …/file or …/directory with a body naming the source (docs 1339/71141, 1283/75446,
// 1339/71148, 1339/71149) [T: 404 SourceFileNotFound / SourceDirectoryNotFound, 400 InvalidSourceFile /
// InvalidSourceDirectory]. The table gives no trigger; filegate answers them for a source that does not exist, and for
// a source path that is malformed, is the root, or (directories) contains the target.
inline const ErrorEntry source_file_not_found{"source.file_not_found", 404, "SourceFileNotFound",
                                              "the source file does not exist", on({ep::file_upload})};
inline const ErrorEntry source_directory_not_found{"source.directory_not_found", 404, "SourceDirectoryNotFound",
                                                   "the source directory does not exist", on({ep::directory_create})};
inline const ErrorEntry invalid_source_file{"source.invalid_file", 400, "InvalidSourceFile",
                                            "the source file path is invalid", on({ep::file_upload})};
inline const ErrorEntry invalid_source_directory{"source.invalid_directory", 400, "InvalidSourceDirectory",
                                                 "the source directory path is invalid or contains the target",
                                                 on({ep::directory_create})};

// Conflicts [T 409; JS 409: PathConflict, UploadComplete].
inline const ErrorEntry same_name_exists{"name.conflict", 409, "SameNameDirectoryOrFileExists",
                                         "a directory or file with the same name exists",
                                         on({ep::starts}, {ep::directory_create, ep::file_confirm})};
inline const ErrorEntry path_conflict{"name.path_conflict", 409, "PathConflict",
                                      "another operation on this path is in progress", on({ep::writes})};

// Parameters [JS, iOS 400].
inline const ErrorEntry param_invalid{
    "param.invalid", 400, "ParamInvalid", "a parameter is invalid",
    on({ep::starts}, {ep::token_create, ep::directory_create, ep::directory_list, ep::history_list, ep::file_renew,
                      ep::history_delete, ep::batch_delete, ep::batch_copy, ep::batch_move, ep::task_get})};
inline const ErrorEntry invalid_conflict_strategy{"param.conflict_strategy", 400, "InvalidConflictResolutionStrategy",
                                                  "invalid conflict_resolution_strategy",
                                                  on({ep::starts}, {ep::file_confirm, ep::directory_create})};
inline const ErrorEntry bad_request{"request.bad_request", 400, "BadRequest", "the request is malformed"};
inline const ErrorEntry incomplete_body{"request.incomplete_body", 400, "IncompleteBody",
                                        "the request body is incomplete"};

// Uploads [T: UploadNotFound, UploadIncomplete (404; JS lists it under 400), UploadNotBelongYou; C: BadCrc64;
// JS/iOS: ConfirmKeyNotFound, MultipartUploadIncomplete, MultipartUploadPartTooSmall, EmptyCosUploadId,
// UploadComplete].
inline const ErrorEntry upload_not_found{"upload.not_found", 404, "UploadNotFound", "no upload with this confirm key",
                                         on({ep::confirm_keys})};
inline const ErrorEntry confirm_key_not_found{"upload.confirm_key_not_found", 404, "ConfirmKeyNotFound",
                                              "confirm key not found", on({ep::confirm_keys})};
inline const ErrorEntry upload_incomplete{"upload.incomplete", 404, "UploadIncomplete",
                                          "the file content has not been uploaded", on({ep::file_confirm})};
inline const ErrorEntry multipart_upload_incomplete{"upload.multipart_incomplete", 400, "MultipartUploadIncomplete",
                                                    "the parts of this upload are incomplete", on({ep::file_confirm})};
inline const ErrorEntry multipart_part_too_small{"upload.part_too_small", 400, "MultipartUploadPartTooSmall",
                                                 "a part other than the last is too small", on({ep::file_confirm})};
inline const ErrorEntry empty_cos_upload_id{"upload.empty_cos_upload_id", 400, "EmptyCosUploadId",
                                            "the upload id is empty", on({ep::file_renew, ep::file_confirm})};
inline const ErrorEntry bad_crc64{"upload.bad_crc64", 400, "BadCrc64", "crc64 does not match the uploaded content",
                                  on({ep::file_confirm})};
inline const ErrorEntry upload_complete{"upload.complete", 409, "UploadComplete",
                                        "the parts of this upload have been joined", on({ep::file_renew})};
inline const ErrorEntry upload_not_belong_you{"upload.not_yours", 403, "UploadNotBelongYou",
                                              "this upload belongs to another user", on({ep::confirm_keys})};
// [FG] A second confirm while the first still joins the parts; SMH documents no code for it.
inline const ErrorEntry upload_confirming{"upload.confirming", 409, "UploadConfirming",
                                          "this upload is being confirmed by another request", on({ep::file_confirm})};
// [FG] Previews and thumbnails are documented (a 302 to a rendered page or image, doc 1283/75336) but not rendered.
inline const ErrorEntry preview_not_implemented{
    "file.preview_not_implemented", 501, "NotImplemented",
    "previews and thumbnails are not implemented by filegate; download the file instead", on({ep::file_preview})};

// [FG] Symbolic links are documented for the Android SDK (PUT …/file/… with {"linkTo": …}) but not made: a clear
// refusal rather than the empty upload the body would otherwise start.
inline const ErrorEntry symlink_not_implemented{
    "file.symlink_not_implemented", 501, "NotImplemented",
    "symbolic links (linkTo) are not implemented by filegate; copy the file instead", on({ep::file_upload})};

// Quota [AND special-cases 400 QuotaLimitReached; JS 404 NoQuota], content audit [T 451].
inline const ErrorEntry quota_limit_reached{"quota.limit_reached", 400, "QuotaLimitReached",
                                            "the storage quota is exhausted",
                                            on({ep::starts}, {ep::file_confirm, ep::history_restore})};
inline const ErrorEntry no_quota{"quota.none", 404, "NoQuota", "no quota is set for this space", on({ep::quota_get})};
inline const ErrorEntry sensitive_content{"content.sensitive", 451, "SensitiveContentRecognized",
                                          "sensitive content was recognized", on({ep::file_confirm, ep::file_get})};

// What any request may meet [JS: RouteNotFound 404, ReadRequestTimeout 408, RequestEntityTooLarge 413, URITooLong
// 414, RateLimitExceeded 429, HeaderFieldsTooLarge 431, InternalServerError 500, and ServerOverloaded /
// RequestTimeout in its "500/503" group, taken as 503]. No source documents extra headers for any of them.
inline const ErrorEntry route_not_found{"request.route_not_found", 404, "RouteNotFound", "route not found"};
inline const ErrorEntry read_request_timeout{"request.read_timeout", 408, "ReadRequestTimeout",
                                             "reading the request timed out"};
inline const ErrorEntry request_entity_too_large{"request.too_large", 413, "RequestEntityTooLarge",
                                                 "the request body is too large"};
inline const ErrorEntry uri_too_long{"request.uri_too_long", 414, "URITooLong", "the request URI is too long"};
inline const ErrorEntry rate_limit_exceeded{"request.rate_limited", 429, "RateLimitExceeded", "rate limit exceeded"};
inline const ErrorEntry header_fields_too_large{"request.headers_too_large", 431, "HeaderFieldsTooLarge",
                                                "the request header fields are too large"};
inline const ErrorEntry internal_server_error{"server.internal_error", 500, "InternalServerError",
                                              "internal server error; the request id names it in the server log"};
inline const ErrorEntry server_overloaded{"server.overloaded", 503, "ServerOverloaded", "the server is overloaded"};
inline const ErrorEntry request_timeout{"server.timeout", 503, "RequestTimeout", "processing the request timed out"};

inline const ErrorEntry* const api_errors[] = {&empty_library_id_or_secret,
                                               &empty_library_id,
                                               &empty_library_secret,
                                               &wrong_library_id_or_secret,
                                               &user_id_too_long,
                                               &client_id_too_long,
                                               &library_not_found,
                                               &not_multi_space_library,
                                               &library_service_expired,
                                               &library_initializing,
                                               &space_not_found,
                                               &empty_space_id,
                                               &space_id_invalid,
                                               &space_banned,
                                               &empty_access_token,
                                               &invalid_access_token,
                                               &access_token_not_match_library,
                                               &access_token_not_match_space,
                                               &access_token_version_not_match,
                                               &no_permission,
                                               &read_forbidden,
                                               &write_forbidden,
                                               &illegal_file_name,
                                               &file_name_too_long,
                                               &directory_name_too_long,
                                               &empty_file_name,
                                               &empty_path,
                                               &directory_level_exceed,
                                               &directory_not_allowed,
                                               &extname_not_allowed,
                                               &upload_to_root_not_allowed,
                                               &path_not_found,
                                               &file_not_found,
                                               &recycled_item_not_found,
                                               &file_removed_by_quota,
                                               &cos_object_nonexistent,
                                               &directory_not_found,
                                               &source_file_not_found,
                                               &source_directory_not_found,
                                               &invalid_source_file,
                                               &invalid_source_directory,
                                               &same_name_exists,
                                               &path_conflict,
                                               &param_invalid,
                                               &invalid_conflict_strategy,
                                               &bad_request,
                                               &incomplete_body,
                                               &upload_not_found,
                                               &confirm_key_not_found,
                                               &upload_incomplete,
                                               &multipart_upload_incomplete,
                                               &multipart_part_too_small,
                                               &empty_cos_upload_id,
                                               &bad_crc64,
                                               &upload_complete,
                                               &upload_not_belong_you,
                                               &upload_confirming,
                                               &preview_not_implemented,
                                               &symlink_not_implemented,
                                               &quota_limit_reached,
                                               &no_quota,
                                               &sensitive_content,
                                               &route_not_found,
                                               &read_request_timeout,
                                               &request_entity_too_large,
                                               &uri_too_long,
                                               &rate_limit_exceeded,
                                               &header_fields_too_large,
                                               &internal_server_error,
                                               &server_overloaded,
                                               &request_timeout};

// ---- COS byte host (XML) [COS 436/7730; messages are filegate's where it had one, else S3-style wording] ----

inline const ErrorEntry cos_authorization_required{"cos.authorization_required", 403, "AccessDenied",
                                                   "Authorization is required", on({ep::cos_puts})};
inline const ErrorEntry cos_url_not_signed{"cos.url_not_signed", 403, "AccessDenied", "The URL is not signed",
                                           on({ep::cos_gets})};
// The JS SDK recognises an expired URL by this message text.
inline const ErrorEntry cos_request_expired{"cos.request_expired", 403, "AccessDenied", "Request has expired",
                                            on({ep::cos_puts, ep::cos_gets})};
inline const ErrorEntry cos_signature_mismatch{"cos.signature_mismatch", 403, "SignatureDoesNotMatch",
                                               "The request signature does not match",
                                               on({ep::cos_puts, ep::cos_gets})};
inline const ErrorEntry cos_invalid_part_number{"cos.invalid_part_number", 400, "InvalidArgument",
                                                "Part number must be an integer between 1 and 10000",
                                                on({ep::cos_put_part})};
inline const ErrorEntry cos_no_such_upload{"cos.no_such_upload", 404, "NoSuchUpload",
                                           "The upload does not exist or has expired", on({ep::cos_puts})};
inline const ErrorEntry cos_no_such_key{"cos.no_such_key", 404, "NoSuchKey", "The specified key does not exist",
                                        on({ep::cos_gets})};
inline const ErrorEntry cos_entity_too_large{"cos.entity_too_large", 400, "EntityTooLarge",
                                             "Your proposed upload exceeds the maximum size", on({ep::cos_puts})};
// A form upload's form (COS POST Object): not multipart/form-data, or without its one `file` field as the last field.
inline const ErrorEntry cos_malformed_post{"cos.malformed_post", 400, "MalformedPOSTRequest",
                                           "The body of your POST request is not well-formed multipart/form-data.",
                                           on({ep::cos_form_post})};
inline const ErrorEntry cos_form_file_field{"cos.form_file_field", 400, "InvalidArgument",
                                            "POST requires exactly one file upload per request, as the last field",
                                            on({ep::cos_form_post})};
inline const ErrorEntry cos_invalid_range{"cos.invalid_range", 416, "InvalidRange",
                                          "The requested range is not satisfiable", on({ep::cos_get})};
inline const ErrorEntry cos_invalid_request{"cos.invalid_request", 400, "InvalidRequest", "The request is malformed"};
inline const ErrorEntry cos_missing_content_length{"cos.missing_content_length", 411, "MissingContentLength",
                                                   "You must provide the Content-Length HTTP header",
                                                   on({ep::cos_puts})};
inline const ErrorEntry cos_request_timeout{
    "cos.request_timeout", 400, "RequestTimeout",
    "Your socket connection to the server was not read from or written to within the timeout period",
    on({ep::cos_puts})};
inline const ErrorEntry cos_method_not_allowed{"cos.method_not_allowed", 405, "MethodNotAllowed",
                                               "The specified method is not allowed against this resource"};
inline const ErrorEntry cos_internal_error{"cos.internal_error", 500, "InternalError",
                                           "We encountered an internal error. Please try again."};
inline const ErrorEntry cos_service_unavailable{"cos.service_unavailable", 503, "ServiceUnavailable",
                                                "Please reduce your request rate."};
inline const ErrorEntry cos_slow_down{"cos.slow_down", 503, "SlowDown", "Please reduce your request rate."};

inline const ErrorEntry* const cos_errors[] = {
    &cos_authorization_required, &cos_url_not_signed,  &cos_request_expired,    &cos_signature_mismatch,
    &cos_invalid_part_number,    &cos_no_such_upload,  &cos_no_such_key,        &cos_entity_too_large,
    &cos_malformed_post,         &cos_form_file_field, &cos_invalid_range,      &cos_invalid_request,
    &cos_missing_content_length, &cos_request_timeout, &cos_method_not_allowed, &cos_internal_error,
    &cos_service_unavailable,    &cos_slow_down};

}  // namespace errors
}  // namespace filegate::dialects::smh
