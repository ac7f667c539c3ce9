#include "dialects/feishu/drive_rules.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "dialects/feishu/errors.hpp"
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

}  // namespace

const std::vector<core::Quota>& drive_quotas() {
  static const std::vector<core::Quota> quotas = {{5, 1'000}, {10'000, 86'400'000, true}};
  return quotas;
}

bool is_parent_type(std::string_view parent_type) {
  for (std::string_view t : kParentTypes) {
    if (t == parent_type) return true;
  }
  return false;
}

bool is_valid_file_name(std::string_view name) {
  const auto chars = core::text::utf8_length(name);
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
  return chars && !control && *chars >= 1 && *chars <= kDriveMaxFileNameChars;
}

void check_upload_target(const DriveModel& drive, const UploadTarget& target, const std::string& app_id) {
  if (target.parent_node.empty() || !is_parent_type(target.parent_type))
    throw http::Refusal(errors::drive_params_error);
  if (target.extra && !target.extra->empty() && !http::parse_json_object(*target.extra)) {
    throw http::Refusal(errors::drive_params_error);
  }
  if (!is_valid_file_name(target.file_name)) throw http::Refusal(errors::drive_invalid_file_name);
  const auto doc = drive.document(target.parent_node);
  if (!doc) throw http::Refusal(errors::drive_parent_not_found);
  if (!drive.may_edit(*doc, app_id)) throw http::Refusal(errors::drive_forbidden);
}

bool is_bitable_extra(const std::optional<std::string>& extra) {
  if (!extra) return false;
  const auto json = http::parse_json_object(*extra);
  const boost::json::value* perm = json ? json->if_contains("bitablePerm") : nullptr;
  // The table the attachment sits in: Bitable table ids are "tbl…" (素材概述, extra 参数说明).
  const boost::json::value* table = perm && perm->is_object() ? perm->get_object().if_contains("tableId") : nullptr;
  return table && table->is_string() && table->get_string().starts_with("tbl") && table->get_string().size() > 3;
}

DriveMedia readable_media(const DriveModel& drive, const std::string& file_token, const std::string& app_id,
                          const std::optional<std::string>& extra) {
  const auto media = drive.media(file_token);
  if (!media) throw http::Refusal(errors::drive_not_found);
  const auto doc = drive.document(media->doc_token);
  if (!doc) throw http::Refusal(errors::drive_not_found);  // the document is gone, and its media with it
  if (!drive.may_read(*media, *doc, app_id)) throw http::Refusal(errors::drive_forbidden);
  if (doc->advanced_permissions && !is_bitable_extra(extra)) throw http::Refusal(errors::drive_params_error);
  return *media;
}

}  // namespace filegate::dialects::feishu
