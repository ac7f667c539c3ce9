#include "dialects/feishu/drive_rules.hpp"

#include <array>
#include <charconv>

#include "dialects/feishu/envelope.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

// The SDK's enum for parent_type (types/index.d.ts, drive.v1.media.uploadAll).
constexpr std::array<std::string_view, 23> kParentTypes = {"doc_image",
                                                           "docx_image",
                                                           "sheet_image",
                                                           "doc_file",
                                                           "docx_file",
                                                           "sheet_file",
                                                           "vc_virtual_background",
                                                           "bitable_image",
                                                           "bitable_file",
                                                           "moments",
                                                           "ccm_import_open",
                                                           "calendar",
                                                           "base_global",
                                                           "lark_ai_media_analysis",
                                                           "whiteboard",
                                                           "mindnote_image",
                                                           "comment_image",
                                                           "slide_img",
                                                           "slide_file",
                                                           "email",
                                                           "bitable_tmp_point",
                                                           "office_sheet_file",
                                                           "office_slide_file"};

// Counts UTF-8 code points; nullopt for malformed UTF-8 or control characters.
std::optional<std::size_t> utf8_chars(std::string_view s) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    if (len == 1 && (c < 0x20 || c == 0x7f)) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return std::nullopt;
    }
    i += len;
  }
  return chars;
}

}  // namespace

const std::vector<core::Quota>& drive_quotas() {
  static const std::vector<core::Quota> quotas = {{5, 1'000}, {10'000, 86'400'000}};
  return quotas;
}

http::Exchange::StringResponse drive_failure(const http::Exchange& exchange, const DriveError& error) {
  return failure(exchange, error.status, error.code, error.msg);
}

http::awaitable<void> respond_drive_error(http::Exchange& exchange, DriveError error) {
  auto response = drive_failure(exchange, error);
  co_await exchange.respond(std::move(response));
}

bool is_parent_type(std::string_view parent_type) {
  for (std::string_view t : kParentTypes) {
    if (t == parent_type) return true;
  }
  return false;
}

bool is_valid_file_name(std::string_view name) {
  const auto chars = utf8_chars(name);
  return chars && *chars >= 1 && *chars <= kDriveMaxFileNameChars;
}

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<DriveError> check_upload_target(const DriveModel& drive, const UploadTarget& target,
                                              const std::string& app_id) {
  using namespace drive_errors;
  if (target.parent_node.empty() || !is_parent_type(target.parent_type)) return kParams;
  if (target.extra && !target.extra->empty() && !http::parse_json_object(*target.extra)) return kParams;
  if (!is_valid_file_name(target.file_name)) return kFileName;
  const auto doc = drive.document(target.parent_node);
  if (!doc) return kParentMissing;
  if (!drive.may_edit(*doc, app_id)) return kForbidden;
  return std::nullopt;
}

bool is_bitable_extra(const std::optional<std::string>& extra) {
  if (!extra) return false;
  const auto json = http::parse_json_object(*extra);
  const boost::json::value* perm = json ? json->if_contains("bitablePerm") : nullptr;
  return perm && perm->is_object();
}

std::optional<DriveError> check_media_read(const DriveModel& drive, const std::optional<DriveMedia>& media,
                                           const std::string& app_id, const std::optional<std::string>& extra) {
  using namespace drive_errors;
  if (!media) return kNotFound;
  const auto doc = drive.document(media->doc_token);
  if (!doc) return kNotFound;  // the document is gone, and its media with it
  if (!drive.may_read(*media, *doc, app_id)) return kForbidden;
  if (doc->advanced_permissions && !is_bitable_extra(extra)) return kParams;
  return std::nullopt;
}

}  // namespace filegate::dialects::feishu
