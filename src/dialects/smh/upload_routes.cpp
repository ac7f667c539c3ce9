// Upload, SMH style: PUT /api/v1/file/{lib}/{space}/{path} hands out where to send the bytes (201 {domain, path,
// headers, confirmKey, expiration}); the client PUTs them there (cos_routes.cpp); POST …/{confirmKey}?confirm turns
// them into a file, or a new version of one, and checks the client's crc64 on the way (400 BadCrc64).
//
// Multipart: POST …/{path}?multipart hands out per-part headers for the numbers in partNumberRange (201 {domain,
// path, uploadId, confirmKey, parts: {"N": {headers}}, expiration}); parts are PUT to {path}?uploadId=&partNumber=N
// in any order, re-sendable; POST …/{confirmKey}?renew signs more (or the same) parts; GET …?upload lists what has
// arrived; DELETE …?upload cancels; ?confirm joins parts 1..N in number order (no ETag list) and then confirms like
// a simple upload. A gap, or parts that do not add up to the declared filesize, is 400 MultipartUploadIncomplete.
//
// Form: POST …/{path} (no selector) hands out a COS POST form (201 {domain, path, form: {key, acl, Content-Type,
// x-cos-security-token, policy, q-sign-algorithm, q-ak, q-key-time, q-signature}, confirmKey, expiration,
// availableDomainNum}); the client POSTs it as multipart/form-data with the file as the last field `file` (204,
// cos_routes.cpp), then confirms like a simple upload.
#include <algorithm>

#include "core/mime_types.hpp"
#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "dialects/smh/upload_bodies.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"
#include "dialects/smh/wire.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

constexpr std::int64_t kUploadLifetimeMs = 60 * 60 * 1000;  // the byte URL and the confirm key: one hour
// A multipart upload's confirm key lives a day; its part signatures an hour each (?renew issues fresh ones).
constexpr std::int64_t kMultipartLifetimeMs = 24 * 60 * 60 * 1000;
constexpr std::int64_t kPartUrlLifetimeMs = 60 * 60 * 1000;

std::vector<std::string> parent_of(const std::vector<std::string>& path) { return {path.begin(), path.end() - 1}; }

json::object upload_parameters(const Upload& upload, const core::UrlSigner& signer, const std::string& base_url) {
  const std::int64_t expires_s = upload.expires_ms / 1000;
  json::object headers{{"Authorization", upload_authorization(signer, upload.confirm_key, expires_s)},
                       {"Content-Type", core::mime_type_for(upload.path.back())}};
  return {{"domain", host_of(base_url)},
          {"path", path_of(base_url) + upload_path(upload.confirm_key)},
          {"headers", std::move(headers)},
          {"confirmKey", upload.confirm_key},
          {"expiration", iso8601_ms(upload.expires_ms)}};
}

// 201 body of a form upload's start: the form to POST, file last, to http://{domain}{path} (COS's bucket root).
json::object form_parameters(const Upload& upload, const core::UrlSigner& signer, const std::string& base_url) {
  json::object form;
  for (const FormField& field :
       form_fields(signer, upload.confirm_key, core::mime_type_for(upload.path.back()), upload.expires_ms / 1000)) {
    form[field.name] = field.value;
  }
  json::object o;
  o["domain"] = host_of(base_url);
  o["path"] = path_of(base_url) + form_path();
  o["form"] = std::move(form);
  o["confirmKey"] = upload.confirm_key;
  o["expiration"] = iso8601_ms(upload.expires_ms);
  o["availableDomainNum"] = 1;  // one byte host: filegate itself
  return o;
}

// 201/200 body of a multipart start or renew: one Authorization per requested part, each good for that part only.
json::object part_parameters(const Upload& upload, const std::vector<std::uint64_t>& numbers,
                             const core::UrlSigner& signer, const std::string& base_url, std::int64_t now_ms) {
  const std::int64_t expires_ms = std::min(upload.expires_ms, now_ms + kPartUrlLifetimeMs);
  const std::int64_t expires_s = expires_ms / 1000;
  json::object parts;
  for (const std::uint64_t n : numbers) {
    json::object headers;
    headers["Authorization"] = part_authorization(signer, upload.confirm_key, upload.upload_id, n, expires_s);
    json::object entry;
    entry["headers"] = std::move(headers);
    parts[std::to_string(n)] = std::move(entry);
  }
  json::object o;
  o["domain"] = host_of(base_url);
  o["path"] = path_of(base_url) + upload_path(upload.confirm_key);
  o["uploadId"] = upload.upload_id;
  o["confirmKey"] = upload.confirm_key;
  o["parts"] = std::move(parts);
  o["expiration"] = iso8601_ms(expires_ms);
  return o;
}

// The upload a confirm key names, if it belongs to the caller's library and space.
Upload upload_for(const Model& model, const Access& access, const std::string& confirm_key) {
  auto upload = model.upload(confirm_key);
  if (!upload || upload->scope.library_id != access.scope.library_id ||
      upload->scope.space_id != access.scope.space_id) {
    throw http::Refusal(errors::upload_not_found);
  }
  return *upload;
}

// Where an upload start goes, once checked.
struct Target {
  std::vector<std::string> path;
  std::string strategy;
  std::optional<std::uint64_t> filesize;
};

// What a simple and a multipart start share: the path, the strategy, the size, the parent, early conflicts and the
// quota (when the size is declared).
Target checked_target(const Model& model, const Access& access, http::Exchange& exchange, const json::object& options) {
  Target t{request_path(exchange, true), {}, {}};
  if (t.path.empty()) throw http::Refusal(errors::empty_file_name);
  t.strategy = conflict_strategy(exchange, "rename", kFileStrategies);
  if (exchange.request().has_query("filesize")) t.filesize = number_param(exchange, "filesize", 0);
  if (!t.filesize) t.filesize = size_field(options);

  // Parent directories are not created for uploads (documented); conflicts known now are refused now.
  if (!model.is_directory(access.scope, parent_of(t.path))) {
    throw http::Refusal(errors::directory_not_found, "the parent directory does not exist");
  }
  if (auto existing = model.node(access.scope, t.path)) {
    if (t.strategy == "ask" || (existing->is_dir && t.strategy == "overwrite")) {
      throw http::Refusal(errors::same_name_exists);
    }
  }
  model.require_quota(access.scope, t.filesize.value_or(0));
  return t;
}

Upload start_upload(Model& model, const Access& access, http::Exchange& exchange, const json::object& options,
                    bool multipart) {
  const Target t = checked_target(model, access, exchange, options);
  return model.begin_upload(access.scope, t.path, t.strategy, t.filesize, meta_headers(exchange), access.user_id,
                            multipart ? kMultipartLifetimeMs : kUploadLifetimeMs, multipart);
}

// A hash field of the upload start's body (lower-cased hex), empty when absent or not a string.
std::string hash_field(const json::object& options, std::string_view name) {
  const json::value* v = options.if_contains(name);
  std::string hash = v && v->is_string() ? std::string(v->as_string()) : std::string();
  std::transform(hash.begin(), hash.end(), hash.begin(), [](unsigned char c) { return std::tolower(c); });
  return hash;
}

}  // namespace

// Instant upload (documented for the simple start's body {size, beginningHash, fullHash}; hashes in
// content_hash.hpp): a fullHash some stored object of the space has makes the file at once from those bytes, 200 with
// the file as a confirm answers it; a beginningHash one has answers 202 (send the fullHash next); anything else starts
// an ordinary upload, 201.
Response SmhDialect::begin_upload(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  const json::object options = json_body(body);
  const std::string full_hash = hash_field(options, "fullHash");
  const std::string beginning_hash = hash_field(options, "beginningHash");
  if (!full_hash.empty() || !beginning_hash.empty()) {
    const Target t = checked_target(model_, access, exchange, options);
    const bool full = !full_hash.empty();
    if (const auto object =
            model_.object_with_hash(access.scope, t.filesize, full ? full_hash : beginning_hash, full)) {
      if (!full) return empty_reply(202);
      return json_reply(200, confirmed_file(model_.store_existing(access.scope, t.path, t.strategy,
                                                                  meta_headers(exchange), access.user_id, *object)));
    }
  }
  const Upload upload = start_upload(model_, access, exchange, options, /*multipart=*/false);
  return json_reply(201, upload_parameters(upload, services_.signer, services_.base_url(exchange)));
}

Response SmhDialect::begin_multipart(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  const json::object options = json_body(body);
  const std::vector<std::uint64_t> numbers = requested_parts(options);  // refused before anything is recorded
  const Upload upload = start_upload(model_, access, exchange, options, /*multipart=*/true);
  return json_reply(
      201, part_parameters(upload, numbers, services_.signer, services_.base_url(exchange), services_.clock.now_ms()));
}

Response SmhDialect::renew_upload(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  const std::vector<std::uint64_t> numbers = requested_parts(json_body(body));
  const Upload upload = upload_for(model_, access, decoded_param(exchange, "path"));
  if (!upload.multipart) throw http::Refusal(errors::param_invalid, "only a multipart upload can be renewed");
  if (!upload.object_id.empty()) throw http::Refusal(errors::upload_complete);
  return json_reply(
      200, part_parameters(upload, numbers, services_.signer, services_.base_url(exchange), services_.clock.now_ms()));
}

Response SmhDialect::form_upload(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  const Upload upload = start_upload(model_, access, exchange, json_body(body), /*multipart=*/false);
  return json_reply(201, form_parameters(upload, services_.signer, services_.base_url(exchange)));
}

Response SmhDialect::confirm_upload(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  const std::string confirm_key = decoded_param(exchange, "path");
  std::optional<Upload> upload = upload_for(model_, access, confirm_key);
  // A multipart confirm holds the join guard until the file exists: a second concurrent confirm is refused rather
  // than joining the parts twice or confirming the joined bytes twice.
  std::optional<core::UploadParts::FinishGuard> joining;
  if (upload->multipart) {
    joining.emplace(model_.claim_join(*upload));
    if (!*joining) throw http::Refusal(errors::upload_confirming);
    upload = model_.upload(confirm_key);  // as it is now that no one else is joining it
    if (!upload) throw http::Refusal(errors::upload_not_found);
    if (upload->object_id.empty()) upload = model_.join_parts(*joining, *upload);
  }
  if (upload->object_id.empty()) throw http::Refusal(errors::upload_incomplete);
  if (const auto claimed = crc64_field(json_body(body))) {
    const auto value = parse_crc64(*claimed);
    if (!value || *value != upload->crc64) {
      throw http::Refusal(errors::bad_crc64,
                          "crc64 does not match the uploaded content (" + crc64_text(upload->crc64) + ")");
    }
  }
  const std::string strategy = conflict_strategy(exchange, upload->strategy, kFileStrategies);
  const Confirmed confirmed = model_.confirm(*upload, strategy);
  json::object reply = confirmed_file(confirmed);
  if (selector(exchange, "with_inode")) with_inode(reply, confirmed.node);
  return json_reply(200, reply);
}

Response SmhDialect::upload_status(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const Upload upload = upload_for(model_, access, decoded_param(exchange, "path"));
  json::array parts;
  if (!selector(exchange, "no_upload_part_info")) {
    if (upload.multipart && upload.object_id.empty()) {
      for (const UploadPart& part : model_.parts(upload)) {
        json::object p;
        p["PartNumber"] = part.number;
        p["LastModified"] = iso8601_ms(part.modified_ms);
        p["ETag"] = part.etag;
        p["Size"] = part.size;
        parts.push_back(std::move(p));
      }
    } else if (!upload.object_id.empty()) {
      parts.push_back(json::object{{"PartNumber", 1}, {"ETag", upload.etag}, {"Size", upload.size}});
    }
  }
  json::object status;
  status["path"] = path_json(upload.path);
  status["parts"] = std::move(parts);
  status["confirmKey"] = upload.confirm_key;
  status["confirmed"] = false;
  return json_reply(200, status);
}

Response SmhDialect::cancel_upload(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::upload);
  const Upload upload = upload_for(model_, access, decoded_param(exchange, "path"));
  model_.cancel_upload(upload.confirm_key);  // a multipart upload's parts go with it
  return empty_reply(204);
}

}  // namespace filegate::dialects::smh
