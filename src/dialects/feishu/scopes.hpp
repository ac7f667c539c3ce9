#pragma once
// The permission scopes each endpoint needs, as its page's 权限要求 lists them: any one of them suffices. An app
// given no scopes has them all (the default, so that existing set-ups keep working); an app given a list has only
// those, and an endpoint none of them allows answers 99991672 naming what it needs, as the gateway does.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/feishu/errors.hpp"

namespace filegate::dialects::feishu {

// Sources: seeds/feishu-drive-media-download.md (the nine Drive scopes; batch_get_tmp_download_url's page lists the
// same); im-v1/image/create (im:resource, im:resource:upload), im-v1/file/create (the same), im-v1/message/create,
// get and list (docs/feishu-bot-wire.md §2.2); drive-v1/media/upload_all and the chunked upload pages. The token
// endpoints, im.file.get and message resources need none.
inline std::span<const std::string_view> required_scopes(std::string_view endpoint) {
  namespace ep = endpoints;
  static constexpr std::string_view kDriveRead[] = {
      "bitable:app",          "bitable:app:readonly",         "docs:doc",
      "docs:doc:readonly",    "docs:document.media:download", "drive:drive",
      "drive:drive:readonly", "sheets:spreadsheet",           "sheets:spreadsheet:readonly"};
  static constexpr std::string_view kDriveUpload[] = {"bitable:app", "docs:doc", "docs:document.media:upload",
                                                      "drive:drive", "sheets:spreadsheet"};
  static constexpr std::string_view kImResource[] = {"im:resource", "im:resource:upload"};
  static constexpr std::string_view kMessageRead[] = {"im:message", "im:message:readonly",
                                                      "im:message.history:readonly"};
  static constexpr std::string_view kMessageSend[] = {"im:message", "im:message:send", "im:message:send_as_bot"};
  if (endpoint == ep::media_download || endpoint == ep::media_tmp_urls) return kDriveRead;
  if (endpoint == ep::media_upload_all || endpoint == ep::media_upload_prepare || endpoint == ep::media_upload_part ||
      endpoint == ep::media_upload_finish) {
    return kDriveUpload;
  }
  if (endpoint == ep::im_file_create || endpoint == ep::im_image_create) return kImResource;
  if (endpoint == ep::im_message_get || endpoint == ep::im_message_list) return kMessageRead;
  if (endpoint == ep::im_message_create) return kMessageSend;
  return {};
}

// The gateway's message: "Access denied. One of the following scopes is required: [a, b]." "" when `granted`
// (empty: every scope) allows `endpoint`.
std::string missing_scope_message(std::string_view endpoint, const std::vector<std::string>& granted);

}  // namespace filegate::dialects::feishu
