// The signed URLs: PUT bytes for an upload or one of its parts, GET (and HEAD) the bytes of a file version. They
// stand in for OSS, so they answer like OSS: ETag = quoted upper-case MD5, x-oss-hash-crc64ecma, XML errors, and a
// 403 whenever the slot's headers are missing, altered or expired. No Content-Type is needed on a PUT.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/envelope.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "http/blob_response.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kMaxPartNumber = 10'000;

std::string oss_etag(const core::Digests& digests) {
  std::string hex = digests.md5_hex;
  std::transform(hex.begin(), hex.end(), hex.begin(), [](unsigned char c) { return std::toupper(c); });
  return "\"" + hex + "\"";
}

http::Exchange::StringResponse put_accepted(const http::Exchange& exchange, const core::Digests& digests) {
  http::Exchange::StringResponse res{bhttp::status::ok, 11};
  res.set(bhttp::field::etag, oss_etag(digests));
  res.set("x-oss-hash-crc64ecma", std::to_string(digests.crc64));
  res.set("x-oss-request-id", exchange.log_id());
  return res;
}

http::BlobResponseOptions blob_options(const http::Exchange& exchange, const core::ObjectRecord& object) {
  http::BlobResponseOptions options;
  options.content_type = object.content_type.empty() ? "application/octet-stream" : object.content_type;
  options.extra_headers = {{"ETag", oss_etag(object.digests)},
                           {"x-oss-hash-crc64ecma", std::to_string(object.digests.crc64)},
                           {"x-oss-request-id", exchange.log_id()}};
  return options;
}

}  // namespace

http::awaitable<bool> DingTalkDialect::signed_request_ok(http::Exchange& exchange, std::string_view signed_method) {
  const auto& request = exchange.request();
  const SlotVerdict verdict = check_slot(services_.signer, signed_method, request.path(), request.query("Expires"),
                                         request.header(bhttp::field::authorization), request.header("x-oss-date"));
  switch (verdict) {
    case SlotVerdict::valid:
      co_return true;
    case SlotVerdict::unsigned_request:
      co_await oss_fail(exchange, 403, "AccessDenied",
                        "The request must carry the Authorization and x-oss-date headers it was issued with.");
      co_return false;
    case SlotVerdict::expired:
      co_await oss_fail(exchange, 403, "AccessDenied", "Request has expired.");
      co_return false;
    case SlotVerdict::forged:
      break;
  }
  co_await oss_fail(exchange, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
  co_return false;
}

http::awaitable<std::unique_ptr<core::StagedBlob>> DingTalkDialect::receive_body(http::Exchange& exchange) {
  auto staged = services_.store.stage(/*with_md5=*/true);
  co_await exchange.read_into(*staged);
  co_return staged;
}

http::awaitable<void> DingTalkDialect::put_upload(http::Exchange& exchange) {
  const bool signed_ok = co_await signed_request_ok(exchange, "PUT");
  if (!signed_ok) co_return;
  const auto upload = model_.upload(exchange.param("upload_key"));
  if (!upload) {
    co_await oss_fail(exchange, 404, "NoSuchUpload", "The upload does not exist or was already committed.");
    co_return;
  }
  if (upload->multipart) {
    co_await oss_fail(exchange, 400, "InvalidRequest", "This upload takes parts.");
    co_return;
  }
  auto staged = co_await receive_body(exchange);
  const core::ObjectRecord object = model_.store_upload_bytes(*staged, *upload);
  auto res = put_accepted(exchange, object.digests);
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> DingTalkDialect::put_part(http::Exchange& exchange) {
  const bool signed_ok = co_await signed_request_ok(exchange, "PUT");
  if (!signed_ok) co_return;
  const std::string& number_text = exchange.param("part_number");
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  const bool number_ok =
      ec == std::errc() && end == number_text.data() + number_text.size() && number >= 1 && number <= kMaxPartNumber;
  const auto upload = model_.upload(exchange.param("upload_key"));
  if (!upload || !upload->multipart || !number_ok) {
    co_await oss_fail(exchange, 404, "NoSuchUpload", "The upload does not exist or was already committed.");
    co_return;
  }
  auto staged = co_await receive_body(exchange);
  const auto part = model_.store_part(*staged, *upload, number);
  if (!part) {
    co_await oss_fail(exchange, 404, "NoSuchUpload", "The upload does not exist or has expired.");
    co_return;
  }
  auto res = put_accepted(exchange, part->digests);
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> DingTalkDialect::get_blob(http::Exchange& exchange) {
  const bool signed_ok = co_await signed_request_ok(exchange, "GET");
  if (!signed_ok) co_return;
  const auto object = services_.store.metadata().object(exchange.param("object_id"));
  if (!object) {
    co_await oss_fail(exchange, 404, "NoSuchKey", "The specified key does not exist.");
    co_return;
  }
  const core::BlobReader blob = services_.store.open(*object);
  const http::BlobResponseOptions options = blob_options(exchange, *object);
  co_await http::send_blob(exchange, blob, options);
}

http::awaitable<void> DingTalkDialect::refuse_put(http::Exchange& exchange) {
  // Checked as a PUT, which no download slot is signed for: always a 403 (AccessDenied or SignatureDoesNotMatch).
  const bool signed_ok = co_await signed_request_ok(exchange, "PUT");
  if (signed_ok) co_await oss_fail(exchange, 403, "AccessDenied", "Download URLs take GET only.");
}

}  // namespace filegate::dialects::dingtalk
