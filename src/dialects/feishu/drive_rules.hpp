#pragma once
// The documented rules of the Drive media endpoints, shared by the upload and download routes: limits, quotas, the
// parent_type enum and the access checks. Checks throw the platform's refusal (errors.hpp, drive.*).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rate_limiter.hpp"
#include "dialects/feishu/drive_model.hpp"

namespace filegate::dialects::feishu {

inline constexpr std::uint64_t kDriveMaxUploadAllBytes = 20'971'520;  // upload_all; larger files go chunked
inline constexpr std::uint64_t kDriveBlockSize = 4'194'304;           // chunked uploads: always 4 MiB blocks
inline constexpr std::int64_t kDriveUploadTtlMs = 24 * 3'600'000LL;   // upload_id and its progress
inline constexpr std::int64_t kDriveTmpUrlTtlSeconds = 24 * 3600;     // batch_get_tmp_download_url links
inline constexpr std::size_t kDriveMaxTmpUrlTokens = 5;
inline constexpr std::size_t kDriveMaxFileNameChars = 250;
// Where temporary download links point: served without a bearer token, authorised by their signature.
inline constexpr std::string_view kDriveTmpUrlPrefix = "/_filegate/feishu/media/";

// 5 QPS and 10 000 calls per day (a calendar day: all back at midnight), per app and endpoint.
const std::vector<core::Quota>& drive_quotas();

bool is_parent_type(std::string_view parent_type);
// 1..250 characters of well-formed UTF-8 without control characters.
bool is_valid_file_name(std::string_view name);

// The target of an upload, as upload_all and upload_prepare receive it.
struct UploadTarget {
  std::string file_name;
  std::string parent_type;
  std::string parent_node;
  std::optional<std::string> extra;  // JSON text, e.g. {"drive_route_token":"<doc token>"}
};

// Checks name, parent type, extra and that `app_id` may upload into the parent document, in the platform's order;
// throws the first refusal.
void check_upload_target(const DriveModel& drive, const UploadTarget& target, const std::string& app_id);

// For advanced-permission Bitables: `extra` must be a JSON object carrying a "bitablePerm" object that names the
// table ("tableId": "tbl…").
bool is_bitable_extra(const std::optional<std::string>& extra);
// The medium `file_token` names if `app_id` may read it given this request's `extra`; throws the refusal otherwise.
DriveMedia readable_media(const DriveModel& drive, const std::string& file_token, const std::string& app_id,
                          const std::optional<std::string>& extra);

}  // namespace filegate::dialects::feishu
