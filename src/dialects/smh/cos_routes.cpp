// The byte host that stands in for COS: PUT /smh-cos/upload/{confirmKey} receives an upload's bytes, and with
// ?uploadId=&partNumber=N one part of a multipart upload (streamed into a staged blob, never held in memory; a part is
// then kept by core::UploadParts), and answers like COS (200, ETag, x-cos-hash-crc64ecma); POST /smh-cos/ receives a
// form upload's multipart/form-data form (its signed fields checked before the last field, `file`, is streamed in;
// 204 like COS's POST Object); GET/HEAD
// /smh-cos/blob/{library}/{space}/{fileUid}/{historyId}/{objectId} serves the bytes behind a download's 302, with
// Range. Both refuse unsigned, altered or expired requests with 403 and COS's XML error body (CosEnvelope).
#include "core/mime_types.hpp"
#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/wire.hpp"
#include "http/blob_response.hpp"
#include "http/blocking_work.hpp"
#include "http/form_upload.hpp"

namespace filegate::dialects::smh {
namespace {

using Verdict = core::UrlSigner::Verdict;

// A form's file may be as large as a simple PUT's body (COS's POST Object takes up to 5 GB).
constexpr std::uint64_t kMaxFormFileBytes = 5ull << 30;

// Refuses a signature check that failed the way COS does.
void require_valid(Verdict verdict) {
  switch (verdict) {
    case Verdict::forged:
      throw http::Refusal(errors::cos_signature_mismatch);
    case Verdict::expired:
      throw http::Refusal(errors::cos_request_expired);
    case Verdict::valid:
      break;
  }
}

std::string_view required_authorization(const http::Exchange& exchange) {
  const std::string_view authorization = exchange.request().header(bhttp::field::authorization);
  if (authorization.empty()) throw http::Refusal(errors::cos_authorization_required);
  return authorization;
}

// The upload a simple PUT may fill, checked before its body is read.
Upload admit_upload(const http::Exchange& exchange, const Model& model, const core::UrlSigner& signer) {
  const std::string& confirm_key = exchange.param("key");
  require_valid(check_upload_authorization(signer, confirm_key, required_authorization(exchange)));
  auto upload = model.upload(confirm_key);
  if (!upload) throw http::Refusal(errors::cos_no_such_upload);
  return *upload;
}

struct PartTarget {
  Upload upload;
  std::uint64_t number;
};

// The same for a part: its own Authorization (signed over uploadId and partNumber), a number from 1 to 10000, and a
// multipart upload with that uploadId.
PartTarget admit_part(const http::Exchange& exchange, const Model& model, const core::UrlSigner& signer) {
  const std::string& confirm_key = exchange.param("key");
  const std::string upload_id = exchange.request().query("uploadId").value_or("");
  const std::string number_text = exchange.request().query("partNumber").value_or("");
  const std::string_view authorization = required_authorization(exchange);
  require_valid(check_part_authorization(signer, confirm_key, upload_id, number_text, authorization));
  const auto number = core::text::parse_u64(number_text);
  if (!number || *number < 1 || *number > kMaxPartNumber) throw http::Refusal(errors::cos_invalid_part_number);
  auto upload = model.upload(confirm_key);
  if (!upload || !upload->multipart || upload->upload_id != upload_id || !upload->object_id.empty()) {
    throw http::Refusal(errors::cos_no_such_upload);
  }
  return {*upload, *number};
}

// COS's answer to a stored object or part: 200 with the MD5 ETag and the CRC-64.
Response stored(const core::Digests& digests) {
  Response res{bhttp::status::ok, 11};
  res.set(bhttp::field::etag, "\"" + digests.md5_hex + "\"");
  res.set("x-cos-hash-crc64ecma", crc64_text(digests.crc64));
  return res;
}

// The signature first, then whether the version it names still exists and still is the bytes the URL was issued for:
// a URL issued before a delete stops serving, and never serves a later version that reuses its history id.
std::shared_ptr<const core::ObjectRecord> admit_download(const http::Exchange& exchange, const Model& model,
                                                         core::MetadataStore& metadata, const core::UrlSigner& signer) {
  const auto history_id = core::text::parse_i64(exchange.param("history_id"));
  const Scope scope{exchange.param("lib"), exchange.param("space")};
  const std::string& file_uid = exchange.param("file_uid");
  const std::string& object_id = exchange.param("object_id");
  const std::string key = download_key(scope.library_id, scope.space_id, file_uid, history_id.value_or(-1), object_id);
  const auto expires = exchange.request().query("q-expires");
  const auto signature = exchange.request().query("q-signature");
  if (!expires || !signature) throw http::Refusal(errors::cos_url_not_signed);
  const bool attachment = exchange.request().query("response-content-disposition").value_or("") == "attachment";
  require_valid(check_download(signer, key, *expires, *signature, attachment));
  const auto version = history_id ? model.version(scope, file_uid, *history_id) : std::nullopt;
  auto object = version && version->object_id == object_id ? metadata.object(object_id) : nullptr;
  if (!object) throw http::Refusal(errors::cos_no_such_key);
  return object;
}

http::BlobResponseOptions blob_options(const http::Exchange& exchange, const core::ObjectRecord& object) {
  http::BlobResponseOptions options;
  // A signed URL of a content_disposition=attachment download (the signature was checked with the parameter).
  if (exchange.request().query("response-content-disposition").value_or("") == "attachment") {
    options.attachment_filename = object.name;
  }
  options.content_type = object.content_type.empty() ? "application/octet-stream" : object.content_type;
  options.range_refusal = &errors::cos_invalid_range;  // COS's XML 416, not a bare one
  options.extra_headers = {{"ETag", "\"" + object.digests.md5_hex + "\""},
                           {"x-cos-hash-crc64ecma", crc64_text(object.digests.crc64)}};
  return options;
}

}  // namespace

http::awaitable<void> SmhDialect::cos_put(http::Exchange& exchange) {
  // Part routes take ?partNumber and ?uploadId; here only a value that turned the selector off ("0", "false").
  if (exchange.request().has_query("partNumber") || exchange.request().has_query("uploadId")) {
    throw http::Refusal(errors::cos_invalid_part_number);
  }
  const Upload upload = admit_upload(exchange, model_, services_.signer);
  auto staged = services_.store.stage(/*with_md5=*/true);  // COS's ETag of a simple upload is the MD5
  co_await exchange.read_into(*staged);
  const core::ObjectRecord object = co_await http::run_blocking(
      [&] { return model_.attach_bytes(*staged, upload, core::mime_type_for(upload.path.back())); });
  Response response = stored(object.digests);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> SmhDialect::cos_put_part(http::Exchange& exchange) {
  const PartTarget target = admit_part(exchange, model_, services_.signer);
  auto staged = services_.store.stage(/*with_md5=*/true);
  co_await exchange.read_into(*staged);
  const std::optional<core::UploadedPart> part =
      co_await http::run_blocking([&] { return model_.store_part(*staged, target.upload, target.number); });
  if (!part) throw http::Refusal(errors::cos_no_such_upload);  // cancelled or joined while the bytes arrived
  Response response = stored(part->digests);
  co_await exchange.respond(std::move(response));
}

// A form's fields, checked when its file begins: the signature over them, then the upload their key names.
Upload admit_form(const std::map<std::string, std::string>& fields, const Model& model, const core::UrlSigner& signer) {
  // Every field comes before the file: a file without its key first is a file out of place.
  if (!fields.contains("key")) {
    throw http::Refusal(errors::cos_form_file_field, "The file must be the last field of the form");
  }
  if (!fields.contains("q-signature")) throw http::Refusal(errors::cos_authorization_required);
  const FormVerdict checked = check_form_fields(signer, fields);
  require_valid(checked.verdict);
  auto upload = model.upload(checked.confirm_key);
  if (!upload || upload->multipart) throw http::Refusal(errors::cos_no_such_upload);
  return *upload;
}

http::awaitable<void> SmhDialect::cos_form_post(http::Exchange& exchange) {
  std::optional<Upload> upload;
  http::FormLimits limits;
  limits.max_file_bytes = kMaxFormFileBytes;
  limits.with_md5 = true;  // the ETag, as for a simple PUT
  limits.before_file = [&](const std::map<std::string, std::string>& fields) {
    upload = admit_form(fields, model_, services_.signer);
  };
  std::optional<http::FormUpload> form;
  try {
    form = co_await http::read_form_upload(exchange, services_.store, limits);
  } catch (const http::FormError&) {
    throw http::Refusal(errors::cos_malformed_post);
  }
  if (!form->file && !form->file_too_large) throw http::Refusal(errors::cos_form_file_field);
  if (form->field_after_file) {
    throw http::Refusal(errors::cos_form_file_field, "The file must be the last field of the form");
  }
  if (form->file_too_large) throw http::Refusal(errors::cos_entity_too_large);
  const core::ObjectRecord object = co_await http::run_blocking(
      [&] { return model_.attach_bytes(*form->file, *upload, core::mime_type_for(upload->path.back())); });
  Response response = stored(object.digests);
  response.result(bhttp::status::no_content);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> SmhDialect::cos_get(http::Exchange& exchange) {
  const auto object = admit_download(exchange, model_, services_.store.metadata(), services_.signer);
  const core::BlobReader blob = co_await http::open_blob(services_.store, *object);
  const http::BlobResponseOptions options = blob_options(exchange, *object);
  co_await http::send_blob(exchange, blob, options);
}

}  // namespace filegate::dialects::smh
