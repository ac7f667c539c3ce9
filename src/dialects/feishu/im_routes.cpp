// IM files: upload (POST /im/v1/files), download by key (GET /im/v1/files/:file_key) and the resources of a message
// (GET /im/v1/messages/:message_id/resources/:file_key). Limits and codes are the documented ones.
#include <algorithm>
#include <array>
#include <cctype>

#include "core/mime_types.hpp"
#include "core/text.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blob_response.hpp"
#include "http/blocking_work.hpp"
#include "http/form_upload.hpp"

namespace filegate::dialects::feishu {
namespace {

// Documented quotas of the IM file endpoints: 50 per second and 1000 per minute, per app.
const std::vector<core::Quota> kImQuotas = {{50, 1'000}, {1000, 60'000}};

constexpr std::uint64_t kMaxUploadBytes = 30ull * 1024 * 1024;
constexpr std::uint64_t kMaxDownloadBytes = 100ull * 1024 * 1024;
constexpr std::array<std::string_view, 7> kFileTypes = {"opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"};
// Message kinds whose resources cannot be fetched (cards, forwarded bundles, stickers).
constexpr std::array<std::string_view, 3> kUnsupportedMessageTypes = {"interactive", "merge_forward", "sticker"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

// Keys the platform hands out are letters, digits, '_' and '-'; anything else is a malformed parameter (234001), not
// a missing file (234005).
bool is_well_formed_key(std::string_view key) {
  return !key.empty() && key.size() <= 256 && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '-';
  });
}

// Field checks in the platform's order: bad fields (234001), then the size limit (234006), then emptiness (234010).
void check_upload(const http::FormUpload& form) {
  const auto field = [&](const char* name) {
    const auto it = form.fields.find(name);
    return it == form.fields.end() ? std::string_view() : std::string_view(it->second);
  };
  const auto duration = form.fields.find("duration");
  if (!contains(kFileTypes, field("file_type")) || field("file_name").empty() ||
      (duration != form.fields.end() && !core::text::parse_i64(duration->second)) ||
      (!form.file && !form.file_too_large)) {
    throw http::Refusal(errors::im_invalid_param);
  }
  if (form.file_too_large) throw http::Refusal(errors::im_file_too_large);
  if (form.file_size == 0) throw http::Refusal(errors::im_empty_file);
}

// Outside the coroutine (src/README.md, coroutine rule 2).
http::Exchange::StringResponse uploaded(const ImFile& file) { return success({{"file_key", file.file_key}}); }

}  // namespace

http::awaitable<void> FeishuDialect::upload_im_file(http::Exchange& exchange) {
  const App app = admit(exchange, kImQuotas);
  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, kMaxUploadBytes);
  if (!parsed) throw http::Refusal(errors::im_invalid_param);
  http::FormUpload& form = *parsed;
  check_upload(form);
  const std::string& file_name = form.fields["file_name"];
  const ImFile file = co_await http::run_blocking([&] {
    return model_.commit_im_file(*form.file, app.app_id, form.fields["file_type"], file_name,
                                 core::mime_type_for(file_name));
  });
  http::Exchange::StringResponse response = uploaded(file);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::download_im_file(http::Exchange& exchange) {
  const App app = admit(exchange, kImQuotas);
  if (!is_well_formed_key(exchange.param("file_key"))) throw http::Refusal(errors::im_invalid_param);
  const auto file = model_.im_file(exchange.param("file_key"));
  if (!file) throw http::Refusal(errors::im_file_not_found);
  if (file->app_id != app.app_id) throw http::Refusal(errors::im_not_sender);
  co_await send_im_bytes(exchange, file->object_id);
}

http::awaitable<void> FeishuDialect::download_message_resource(http::Exchange& exchange) {
  const App app = admit(exchange, kImQuotas);
  const auto type = exchange.request().query("type");
  const auto message = model_.message(exchange.param("message_id"));
  if (!type || (*type != "file" && *type != "image") || !message) throw http::Refusal(errors::im_invalid_param);
  if (!model_.is_chat_member(message->chat_id, app.app_id)) throw http::Refusal(errors::im_app_not_in_chat);
  if (contains(kUnsupportedMessageTypes, message->msg_type)) {
    throw http::Refusal(errors::im_unsupported_message_type);
  }
  const std::string& key = exchange.param("file_key");
  if (!is_well_formed_key(key)) throw http::Refusal(errors::im_invalid_param);
  if (std::find(message->file_keys.begin(), message->file_keys.end(), key) == message->file_keys.end()) {
    throw http::Refusal(errors::im_file_not_in_message);
  }
  // Images (of image messages, post images, media covers) are asked for as type=image, everything else as file.
  std::string object_id;
  if (*type == "image") {
    if (const auto image = model_.image(key)) object_id = image->object_id;
  } else if (const auto file = model_.im_file(key)) {
    object_id = file->object_id;
  }
  if (object_id.empty()) throw http::Refusal(errors::im_file_not_in_message);
  co_await send_im_bytes(exchange, object_id);
}

http::awaitable<void> FeishuDialect::send_im_bytes(http::Exchange& exchange, const std::string& object_id) {
  const auto object = services_.store.metadata().object(object_id);
  if (!object) throw http::Refusal(errors::im_file_not_found);
  if (object->digests.size > kMaxDownloadBytes) throw http::Refusal(errors::im_download_too_large);
  http::BlobResponseOptions options;
  options.content_type = object->content_type.empty() ? "application/octet-stream" : object->content_type;
  options.range_refusal = &errors::im_range_not_satisfiable;
  // Documented: Content-Disposition only comes back when the request says Content-Type: application/json.
  if (exchange.request().header(bhttp::field::content_type).starts_with("application/json")) {
    options.attachment_filename = object->name;
  }
  const core::BlobReader blob = co_await http::open_blob(services_.store, *object);
  co_await http::send_blob(exchange, blob, options);
}

}  // namespace filegate::dialects::feishu
