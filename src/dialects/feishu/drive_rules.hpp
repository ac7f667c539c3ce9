#pragma once
// The documented rules of the Drive media endpoints, shared by the upload and download routes: limits, quotas, the
// parent_type enum, field parsing, and the error codes with the HTTP statuses the platform sends them with.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rate_limiter.hpp"
#include "dialects/feishu/drive_model.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::feishu {

inline constexpr std::uint64_t kDriveMaxUploadAllBytes = 20'971'520;  // upload_all; larger files go chunked
inline constexpr std::uint64_t kDriveBlockSize = 4'194'304;           // chunked uploads: always 4 MiB blocks
inline constexpr std::int64_t kDriveUploadTtlMs = 24 * 3'600'000LL;   // upload_id and its progress
inline constexpr std::int64_t kDriveTmpUrlTtlSeconds = 24 * 3600;     // batch_get_tmp_download_url links
inline constexpr std::size_t kDriveMaxTmpUrlTokens = 5;
inline constexpr std::size_t kDriveMaxFileNameChars = 250;
// Where temporary download links point: served without a bearer token, authorised by their signature.
inline constexpr std::string_view kDriveTmpUrlPrefix = "/_filegate/feishu/media/";

// 5 QPS and 10 000 calls per day, per app and endpoint.
const std::vector<core::Quota>& drive_quotas();

// A refusal in the media error table: HTTP status, code, message.
struct DriveError {
  unsigned status;
  std::int64_t code;
  std::string_view msg;
};

namespace drive_errors {
inline constexpr DriveError kParams{400, 1061002, "params error."};
inline constexpr DriveError kNotFound{404, 1061003, "not found."};
inline constexpr DriveError kForbidden{403, 1061004, "forbidden."};
inline constexpr DriveError kFileName{400, 1061008, "invalid file name."};
inline constexpr DriveError kUploadExpired{400, 1061021, "upload id expire."};
inline constexpr DriveError kTooLarge{400, 1061043, "file size beyond limit."};
inline constexpr DriveError kParentMissing{400, 1061044, "parent node not exist."};
inline constexpr DriveError kRetry{200, 1061045, "can retry."};
inline constexpr DriveError kUserMismatch{400, 1062007, "upload user not match."};
inline constexpr DriveError kChecksum{400, 1062008, "checksum param Invalid."};
inline constexpr DriveError kSizeMismatch{400, 1062009,
                                          "the actual size is inconsistent with the parameter declaration size."};
inline constexpr DriveError kBlockMissing{400, 1062010, "block missing, please upload all blocks."};
inline constexpr DriveError kBlockOutOfBounds{400, 1062011, "block num out of bounds."};
}  // namespace drive_errors

http::Exchange::StringResponse drive_failure(const http::Exchange& exchange, const DriveError& error);
// Responds with `error` in the Feishu envelope. (A coroutine taking the trivially destructible DriveError by value:
// callers never build a response temporary inside a co_await, which g++ 12 mishandles.)
http::awaitable<void> respond_drive_error(http::Exchange& exchange, DriveError error);

bool is_parent_type(std::string_view parent_type);
// 1..250 characters of valid UTF-8 without control characters.
bool is_valid_file_name(std::string_view name);
// A non-negative decimal integer, nothing else.
std::optional<std::uint64_t> parse_decimal(std::string_view text);

// The target of an upload, as upload_all and upload_prepare receive it.
struct UploadTarget {
  std::string file_name;
  std::string parent_type;
  std::string parent_node;
  std::optional<std::string> extra;  // JSON text, e.g. {"drive_route_token":"<doc token>"}
};

// Checks name, parent type, extra and that `app_id` may upload into the parent document, in the platform's order.
std::optional<DriveError> check_upload_target(const DriveModel& drive, const UploadTarget& target,
                                              const std::string& app_id);

// For advanced-permission Bitables: `extra` must be a JSON object carrying a "bitablePerm" object.
bool is_bitable_extra(const std::optional<std::string>& extra);
// Whether `app_id` may read `media` given this request's `extra`; the refusal to send otherwise.
std::optional<DriveError> check_media_read(const DriveModel& drive, const std::optional<DriveMedia>& media,
                                           const std::string& app_id, const std::optional<std::string>& extra);

}  // namespace filegate::dialects::feishu
