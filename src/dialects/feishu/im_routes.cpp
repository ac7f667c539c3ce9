// IM files: upload (POST /im/v1/files), download by key (GET /im/v1/files/:file_key) and the resources of a message
// (GET /im/v1/messages/:message_id/resources/:file_key). Limits and codes are the documented ones.
#include <algorithm>
#include <array>
#include <charconv>

#include "core/mime_types.hpp"
#include "dialects/feishu/envelope.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blob_response.hpp"
#include "http/form_upload.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::uint64_t kMaxUploadBytes = 30ull * 1024 * 1024;
constexpr std::uint64_t kMaxDownloadBytes = 100ull * 1024 * 1024;
constexpr std::array<std::string_view, 7> kFileTypes = {"opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"};
// Message kinds whose resources cannot be fetched (cards, forwarded bundles, stickers).
constexpr std::array<std::string_view, 3> kUnsupportedMessageTypes = {"interactive", "merge_forward", "sticker"};

constexpr std::string_view kInvalidParam = "Invalid request param.";

bool is_integer(std::string_view s) {
  long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size();
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

// Outside the coroutine: g++ 12 miscompiles brace-initialised JSON objects inside a coroutine body.
http::Exchange::StringResponse uploaded(const ImFile& file) { return success({{"file_key", file.file_key}}); }

}  // namespace

http::awaitable<void> FeishuDialect::upload_im_file(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "im.file.create");
  if (!app) co_return;

  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, kMaxUploadBytes);
  if (!parsed) {
    co_await exchange.respond(failure(exchange, 400, 234001, kInvalidParam));
    co_return;
  }
  http::FormUpload& form = *parsed;

  const std::string& file_type = form.fields["file_type"];
  const std::string& file_name = form.fields["file_name"];
  const auto duration = form.fields.find("duration");
  if (!contains(kFileTypes, file_type) || file_name.empty() ||
      (duration != form.fields.end() && !is_integer(duration->second)) || (!form.file && !form.file_too_large)) {
    co_await exchange.respond(failure(exchange, 400, 234001, kInvalidParam));
    co_return;
  }
  if (form.file_too_large) {
    co_await exchange.respond(failure(exchange, 400, 234006, "The file size exceed the max value."));
    co_return;
  }
  if (form.file_size == 0) {
    co_await exchange.respond(failure(exchange, 400, 234010, "File's size can't be 0."));
    co_return;
  }
  const ImFile file =
      model_.commit_im_file(*form.file, app->app_id, file_type, file_name, core::mime_type_for(file_name));
  co_await exchange.respond(uploaded(file));
}

http::awaitable<void> FeishuDialect::download_im_file(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "im.file.get");
  if (!app) co_return;
  const auto file = model_.im_file(exchange.param("file_key"));
  if (!file) {
    co_await exchange.respond(failure(exchange, 400, 234005, "Image has been deleted."));
    co_return;
  }
  if (file->app_id != app->app_id) {
    co_await exchange.respond(failure(exchange, 400, 234008, "The app is not the resource sender."));
    co_return;
  }
  co_await send_im_bytes(exchange, *file);
}

http::awaitable<void> FeishuDialect::download_message_resource(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "im.message_resource.get");
  if (!app) co_return;
  const auto type = exchange.request().query("type");
  const auto message = model_.message(exchange.param("message_id"));
  if (!type || (*type != "file" && *type != "image") || !message) {
    co_await exchange.respond(failure(exchange, 400, 234001, kInvalidParam));
    co_return;
  }
  if (!model_.is_chat_member(message->chat_id, app->app_id)) {
    co_await exchange.respond(failure(exchange, 400, 234004, "App not in chat."));
    co_return;
  }
  if (contains(kUnsupportedMessageTypes, message->msg_type)) {
    co_await exchange.respond(failure(exchange, 400, 234043, "Unsupported message type."));
    co_return;
  }
  const std::string& file_key = exchange.param("file_key");
  const auto file = model_.im_file(file_key);
  if (std::find(message->file_keys.begin(), message->file_keys.end(), file_key) == message->file_keys.end() || !file) {
    co_await exchange.respond(failure(exchange, 400, 234003, "File not in message."));
    co_return;
  }
  co_await send_im_bytes(exchange, *file);
}

http::awaitable<void> FeishuDialect::send_im_bytes(http::Exchange& exchange, const ImFile& file) {
  const auto object = services_.store.metadata().object(file.object_id);
  if (!object) {
    co_await exchange.respond(failure(exchange, 400, 234005, "Image has been deleted."));
    co_return;
  }
  if (object->digests.size > kMaxDownloadBytes) {
    co_await exchange.respond(failure(exchange, 400, 234037, "Downloaded file size exceeds limit."));
    co_return;
  }
  http::BlobResponseOptions options;
  options.content_type = object->content_type.empty() ? "application/octet-stream" : object->content_type;
  // Documented: Content-Disposition only comes back when the request says Content-Type: application/json.
  if (exchange.request().header(bhttp::field::content_type).starts_with("application/json")) {
    options.attachment_filename = object->name;
  }
  const core::BlobReader blob = services_.store.open(*object);
  co_await http::send_blob(exchange, blob, options);
}

}  // namespace filegate::dialects::feishu
