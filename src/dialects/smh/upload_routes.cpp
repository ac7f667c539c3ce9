// Upload, SMH style: PUT /api/v1/file/{lib}/{space}/{path} hands out where to send the bytes (201 {domain, path,
// headers, confirmKey, expiration}); the client PUTs them there (cos_routes.cpp); POST …/{confirmKey}?confirm turns
// them into a file, or a new version of one, and checks the client's crc64 on the way (400 BadCrc64).
#include "core/mime_types.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"
#include "dialects/smh/wire.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

constexpr std::int64_t kUploadLifetimeMs = 60 * 60 * 1000;  // the byte URL and the confirm key: one hour
const std::vector<std::string_view> kFileStrategies = {"ask", "rename", "overwrite"};

std::vector<std::string> parent_of(const std::vector<std::string>& path) { return {path.begin(), path.end() - 1}; }

json::object upload_parameters(const Upload& upload, const core::UrlSigner& signer, const std::string& base_url) {
  const std::int64_t expires_s = upload.expires_ms / 1000;
  json::object headers{{"Authorization", upload_authorization(signer, upload.confirm_key, expires_s)},
                       {"Content-Type", core::mime_type_for(upload.path.back())}};
  return {{"domain", host_of(base_url)},
          {"path", upload_path(upload.confirm_key)},
          {"headers", std::move(headers)},
          {"confirmKey", upload.confirm_key},
          {"expiration", iso8601_ms(upload.expires_ms)}};
}

// The optional JSON body of an upload start or confirm; a body that is not a JSON object counts as empty.
json::object body_object(const std::string& body) {
  if (body.empty()) return {};
  return http::parse_json_object(body).value_or(json::object{});
}

// `crc64` from a confirm body, as a string or (leniently) a number.
std::optional<std::string> crc64_field(const json::object& body) {
  const json::value* v = body.if_contains("crc64");
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return std::string("?");
}

}  // namespace

Response SmhDialect::begin_upload(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  const std::vector<std::string> path = request_path(exchange, true);
  if (path.empty()) throw SmhError(400, "EmptyFileName", "the file path is empty");
  const std::string strategy = conflict_strategy(exchange, "rename", kFileStrategies);

  std::optional<std::uint64_t> filesize;
  if (exchange.request().has_query("filesize")) filesize = number_param(exchange, "filesize", 0);
  const json::object options = body_object(body);
  if (const auto* size = options.if_contains("size"); !filesize && size && size->is_string()) {
    filesize = parse_u64(size->as_string());
  }

  // Parent directories are not created for uploads (documented); conflicts known now are refused now.
  if (!model_.is_directory(access.scope, parent_of(path))) {
    throw SmhError(404, "DirectoryNotFound", "the parent directory does not exist");
  }
  if (auto existing = model_.node(access.scope, path)) {
    if (strategy == "ask" || (existing->is_dir && strategy == "overwrite")) {
      throw SmhError(409, "SameNameDirectoryOrFileExists", "a directory or file with the same name exists");
    }
  }
  const Upload upload = model_.begin_upload(access.scope, path, strategy, filesize, meta_headers(exchange),
                                            access.user_id, kUploadLifetimeMs);
  return json_reply(201, upload_parameters(upload, services_.signer, services_.public_base_url));
}

Response SmhDialect::file_post(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::upload);
  if (selector(exchange, "confirm")) return confirm_upload(exchange, access, body);
  if (selector(exchange, "multipart") || selector(exchange, "renew")) {
    throw SmhError(501, "NotImplemented", "multipart upload is not implemented by filegate yet; use the simple upload");
  }
  throw SmhError(501, "NotImplemented", "form upload is not implemented by filegate yet; use the simple upload");
}

Response SmhDialect::confirm_upload(http::Exchange& exchange, const Access& access, const std::string& body) {
  const std::string confirm_key = decoded_param(exchange, "path");
  auto upload = model_.upload(confirm_key);
  if (!upload || upload->scope.library_id != access.scope.library_id ||
      upload->scope.space_id != access.scope.space_id) {
    throw SmhError(404, "UploadNotFound", "no upload with this confirm key");
  }
  if (upload->object_id.empty()) throw SmhError(404, "UploadIncomplete", "the file content has not been uploaded");
  if (const auto claimed = crc64_field(body_object(body))) {
    const auto value = parse_crc64(*claimed);
    if (!value || *value != upload->crc64) {
      throw SmhError(400, "BadCrc64", "crc64 does not match the uploaded content (" + crc64_text(upload->crc64) + ")");
    }
  }
  const std::string strategy = conflict_strategy(exchange, upload->strategy, kFileStrategies);
  return json_reply(200, confirmed_file(model_.confirm(*upload, strategy)));
}

Response SmhDialect::upload_status(http::Exchange& exchange, const Access& access) {
  const std::string confirm_key = decoded_param(exchange, "path");
  auto upload = model_.upload(confirm_key);
  if (!upload || upload->scope.library_id != access.scope.library_id ||
      upload->scope.space_id != access.scope.space_id) {
    throw SmhError(404, "UploadNotFound", "no upload with this confirm key");
  }
  json::array parts;
  if (!upload->object_id.empty()) {
    parts.push_back(json::object{{"PartNumber", 1}, {"ETag", upload->etag}, {"Size", upload->size}});
  }
  return json_reply(200, json::object{{"path", path_json(upload->path)},
                                      {"parts", std::move(parts)},
                                      {"confirmKey", upload->confirm_key},
                                      {"confirmed", false}});
}

}  // namespace filegate::dialects::smh
