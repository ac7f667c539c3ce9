// The signed URLs: PUT bytes for an upload or one of its parts, GET (and HEAD) the bytes of a file version. They
// stand in for OSS, so they answer like OSS: ETag = quoted upper-case MD5, x-oss-hash-crc64ecma, XML errors, and a
// 403 whenever the slot's headers are missing, altered or expired. No Content-Type is needed on a PUT.
#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "http/blob_response.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kMaxPartNumber = 10'000;

std::string oss_etag(const core::Digests& digests) {
  std::string hex = digests.md5_hex;
  std::transform(hex.begin(), hex.end(), hex.begin(), [](unsigned char c) { return std::toupper(c); });
  return "\"" + hex + "\"";
}

// x-oss-request-id is added to every response of the byte host by its envelope.
http::Exchange::StringResponse put_accepted(const core::Digests& digests) {
  http::Exchange::StringResponse res{bhttp::status::ok, 11};
  res.set(bhttp::field::etag, oss_etag(digests));
  res.set("x-oss-hash-crc64ecma", std::to_string(digests.crc64));
  return res;
}

http::BlobResponseOptions blob_options(const core::ObjectRecord& object) {
  http::BlobResponseOptions options;
  options.content_type = object.content_type.empty() ? "application/octet-stream" : object.content_type;
  options.extra_headers = {{"ETag", oss_etag(object.digests)},
                           {"x-oss-hash-crc64ecma", std::to_string(object.digests.crc64)}};
  return options;
}

// A part number of the URL, 1 to 10,000; nullopt for anything else.
std::optional<std::int64_t> part_number(const std::string& text) {
  const auto number = core::text::parse_i64(text);
  if (!number || *number < 1 || *number > kMaxPartNumber) return std::nullopt;
  return number;
}

}  // namespace

void DingTalkDialect::check_signature(const http::Exchange& exchange, std::string_view signed_method) const {
  const auto& request = exchange.request();
  const SlotVerdict verdict = check_slot(services_.signer, signed_method, request.path(), request.query("Expires"),
                                         request.header(bhttp::field::authorization), request.header("x-oss-date"));
  switch (verdict) {
    case SlotVerdict::valid:
      return;
    case SlotVerdict::unsigned_request:
      throw http::Refusal(errors::oss_access_denied,
                          "The request must carry the Authorization and x-oss-date headers it was issued with.");
    case SlotVerdict::expired:
      throw http::Refusal(errors::oss_request_expired);
    case SlotVerdict::forged:
      break;
  }
  throw http::Refusal(errors::oss_signature_mismatch);
}

http::awaitable<std::unique_ptr<core::StagedBlob>> DingTalkDialect::receive_body(http::Exchange& exchange) {
  auto staged = services_.store.stage(/*with_md5=*/true);
  co_await exchange.read_into(*staged);
  co_return staged;
}

http::awaitable<void> DingTalkDialect::put_upload(http::Exchange& exchange) {
  check_signature(exchange, "PUT");
  const auto upload = model_.upload(exchange.param("upload_key"));
  if (!upload) throw http::Refusal(errors::oss_no_such_upload);
  if (upload->multipart) throw http::Refusal(errors::oss_invalid_request);
  auto staged = co_await receive_body(exchange);
  const core::ObjectRecord object =
      co_await http::run_blocking([&] { return model_.store_upload_bytes(*staged, *upload); });
  auto res = put_accepted(object.digests);
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> DingTalkDialect::put_part(http::Exchange& exchange) {
  check_signature(exchange, "PUT");
  const auto number = part_number(exchange.param("part_number"));
  const auto upload = model_.upload(exchange.param("upload_key"));
  // A part number outside 1..10,000 names no part slot that was ever handed out.
  if (!upload || !upload->multipart || !number) throw http::Refusal(errors::oss_no_such_upload);
  auto staged = co_await receive_body(exchange);
  const auto part = co_await http::run_blocking([&] { return model_.store_part(*staged, *upload, *number); });
  if (!part) throw http::Refusal(errors::oss_no_such_upload, "The upload does not exist or has expired.");
  auto res = put_accepted(part->digests);
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> DingTalkDialect::get_blob(http::Exchange& exchange) {
  check_signature(exchange, "GET");
  // Only while the file still holds the bytes the URL was issued for: not after a delete, nor once other bytes took
  // their place under the same dentry id.
  const std::string& object_id = exchange.param("object_id");
  const auto object =
      model_.holds(exchange.param("dentry_id"), object_id) ? services_.store.metadata().object(object_id) : nullptr;
  if (!object) throw http::Refusal(errors::oss_no_such_key);
  const core::BlobReader blob = co_await http::open_blob(services_.store, *object);
  const http::BlobResponseOptions options = blob_options(*object);
  co_await http::send_blob(exchange, blob, options);
}

http::awaitable<void> DingTalkDialect::refuse_put(http::Exchange& exchange) {
  // Checked as a PUT, which no download slot is signed for: always a 403 (AccessDenied or SignatureDoesNotMatch).
  check_signature(exchange, "PUT");
  throw http::Refusal(errors::oss_access_denied, "Download URLs take GET only.");
  co_return;  // NOLINT: unreachable, makes this a coroutine
}

}  // namespace filegate::dialects::dingtalk
