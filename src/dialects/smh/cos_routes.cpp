// The byte host that stands in for COS: PUT /smh-cos/upload/{confirmKey} receives an upload's bytes, and with
// ?uploadId=&partNumber=N one part of a multipart upload (streamed into a staged blob, never held in memory; a part is
// then kept by core::UploadParts), and answers like COS (200, ETag, x-cos-hash-crc64ecma); GET/HEAD
// /smh-cos/blob/{objectId} serves the bytes behind a download's 302, with Range. Both refuse unsigned, altered or
// expired requests with 403 and COS's XML error body.
#include "core/mime_types.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/wire.hpp"
#include "http/blob_response.hpp"

namespace filegate::dialects::smh {
namespace {

using Verdict = core::UrlSigner::Verdict;

// What COS answers when a signature check fails; nullopt when it passed.
std::optional<Response> signature_refusal(const http::Exchange& exchange, Verdict verdict) {
  switch (verdict) {
    case Verdict::forged:
      return cos_error_reply(exchange, 403, "SignatureDoesNotMatch", "The request signature does not match");
    case Verdict::expired:
      return cos_error_reply(exchange, 403, "AccessDenied", "Request has expired");
    case Verdict::valid:
      break;
  }
  return std::nullopt;
}

// Why an upload PUT is refused before its body is read, or nullopt when it may proceed.
std::optional<Response> refuse_upload(const http::Exchange& exchange, const Model& model, const core::UrlSigner& signer,
                                      std::optional<Upload>& upload) {
  const std::string& confirm_key = exchange.param("key");
  const std::string_view authorization = exchange.request().header(bhttp::field::authorization);
  if (authorization.empty()) return cos_error_reply(exchange, 403, "AccessDenied", "Authorization is required");
  const Verdict verdict = check_upload_authorization(signer, confirm_key, authorization);
  if (auto refusal = signature_refusal(exchange, verdict)) return refusal;
  upload = model.upload(confirm_key);
  if (!upload) return cos_error_reply(exchange, 404, "NoSuchUpload", "The upload does not exist or has expired");
  return std::nullopt;
}

// The same for a part: its own Authorization (signed over uploadId and partNumber), a number from 1 to 10000, and a
// multipart upload with that uploadId.
std::optional<Response> refuse_part(const http::Exchange& exchange, const Model& model, const core::UrlSigner& signer,
                                    std::optional<Upload>& upload, std::uint64_t& number) {
  const std::string& confirm_key = exchange.param("key");
  const std::string upload_id = exchange.request().query("uploadId").value_or("");
  const std::string number_text = exchange.request().query("partNumber").value_or("");
  const std::string_view authorization = exchange.request().header(bhttp::field::authorization);
  if (authorization.empty()) return cos_error_reply(exchange, 403, "AccessDenied", "Authorization is required");
  const Verdict verdict = check_part_authorization(signer, confirm_key, upload_id, number_text, authorization);
  if (auto refusal = signature_refusal(exchange, verdict)) return refusal;
  const auto parsed = parse_u64(number_text);
  if (!parsed || *parsed < 1 || *parsed > kMaxPartNumber) {
    return cos_error_reply(exchange, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000");
  }
  number = *parsed;
  upload = model.upload(confirm_key);
  if (!upload || !upload->multipart || upload->upload_id != upload_id || !upload->object_id.empty()) {
    return cos_error_reply(exchange, 404, "NoSuchUpload", "The upload does not exist or has expired");
  }
  return std::nullopt;
}

Response part_stored(const core::Digests& digests) {
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::etag, "\"" + digests.md5_hex + "\"");
  res.set("x-cos-hash-crc64ecma", crc64_text(digests.crc64));
  return res;
}

Response stored(const core::ObjectRecord& object, const std::string& etag) {
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::etag, etag);
  res.set("x-cos-hash-crc64ecma", crc64_text(object.digests.crc64));
  return res;
}

std::optional<Response> refuse_download(const http::Exchange& exchange, core::MetadataStore& metadata,
                                        const core::UrlSigner& signer,
                                        std::shared_ptr<const core::ObjectRecord>& object) {
  const std::string& object_id = exchange.param("object_id");
  const auto expires = exchange.request().query("q-expires");
  const auto signature = exchange.request().query("q-signature");
  if (!expires || !signature) return cos_error_reply(exchange, 403, "AccessDenied", "The URL is not signed");
  const Verdict verdict = check_download(signer, object_id, *expires, *signature);
  if (auto refusal = signature_refusal(exchange, verdict)) return refusal;
  object = metadata.object(object_id);
  if (!object) return cos_error_reply(exchange, 404, "NoSuchKey", "The specified key does not exist");
  return std::nullopt;
}

http::BlobResponseOptions blob_options(const core::ObjectRecord& object) {
  http::BlobResponseOptions options;
  options.content_type = object.content_type.empty() ? "application/octet-stream" : object.content_type;
  options.extra_headers = {{"ETag", "\"" + object.digests.md5_hex + "\""},
                           {"x-cos-hash-crc64ecma", crc64_text(object.digests.crc64)}};
  return options;
}

}  // namespace

http::awaitable<void> SmhDialect::cos_put(http::Exchange& exchange) {
  const bool is_part = exchange.request().has_query("partNumber") || exchange.request().has_query("uploadId");
  std::optional<Upload> upload;
  std::uint64_t part_number = 0;
  std::optional<Response> refusal = is_part ? refuse_part(exchange, model_, services_.signer, upload, part_number)
                                            : refuse_upload(exchange, model_, services_.signer, upload);
  if (refusal) {
    co_await exchange.respond(std::move(*refusal));
    co_return;
  }
  auto staged = services_.store.stage(/*with_md5=*/true);  // COS's ETag of a simple upload is the MD5
  bool too_large = false;
  try {
    co_await exchange.read_into(*staged);
  } catch (const http::BodyError& e) {
    if (e.kind() != http::BodyError::Kind::too_large) throw;  // the client is gone: nothing to answer
    too_large = true;
  }
  if (too_large) {
    Response res = entity_too_large(exchange);
    co_await exchange.respond(std::move(res));
    co_return;
  }
  if (is_part) {
    const std::optional<core::UploadedPart> part = model_.store_part(*staged, *upload, part_number);
    Response res = part ? part_stored(part->digests)
                        : cos_error_reply(exchange, 404, "NoSuchUpload", "The upload does not exist or has expired");
    co_await exchange.respond(std::move(res));
    co_return;
  }
  const core::ObjectRecord object = model_.attach_bytes(*staged, *upload, core::mime_type_for(upload->path.back()));
  Response res = stored(object, "\"" + object.digests.md5_hex + "\"");
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> SmhDialect::cos_get(http::Exchange& exchange) {
  std::shared_ptr<const core::ObjectRecord> object;
  std::optional<Response> refusal = refuse_download(exchange, services_.store.metadata(), services_.signer, object);
  if (refusal) {
    co_await exchange.respond(std::move(*refusal));
    co_return;
  }
  const http::BlobResponseOptions options = blob_options(*object);
  const core::BlobReader blob = services_.store.open(*object);
  co_await http::send_blob(exchange, blob, options);
}

}  // namespace filegate::dialects::smh
