// Files: GET → 302 to a signed byte URL with the x-smh-* headers (the seed), HEAD → 200 with the same headers,
// GET ?info → JSON, GET ?preview → 501 NotImplemented, DELETE → 204 or 200 {recycledItemId}, and the history
// list. (GET and DELETE ?upload, on a confirm key, are in upload_routes.cpp.)
#include <algorithm>

#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"
#include "dialects/smh/wire.hpp"
#include "http/blob_response.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

constexpr std::int64_t kDownloadUrlSeconds = 2 * 60 * 60;  // documented: the Location is valid about two hours
constexpr std::uint64_t kDefaultPageSize = 20;

struct Resolved {
  Node file;
  Version version;
};

Resolved resolve_file(const Model& model, const Access& access, const http::Exchange& exchange) {
  const std::vector<std::string> path = request_path(exchange, true);
  if (path.empty()) throw http::Refusal(errors::empty_file_name);
  auto node = model.node(access.scope, path);
  if (!node || node->is_dir) throw http::Refusal(errors::file_not_found);
  const auto history_id = exchange.request().query("history_id");
  if (!history_id || history_id->empty()) return {*node, node->current};
  const auto id = core::text::parse_u64(*history_id);
  auto version = id ? model.version(access.scope, node->file_uid, static_cast<std::int64_t>(*id)) : std::nullopt;
  if (!version) throw http::Refusal(errors::file_not_found, "no such history version of the file");
  return {*node, *version};
}

// The signed COS-style URL of the version's bytes, valid about two hours; with content_disposition=attachment its
// bytes come as an attachment (inline, the default, leaves Content-Disposition out). Over an S3 store that presigns
// downloads it is the bucket's own URL, as SMH's is COS's.
std::string download_url_for(const Services& services, const http::Exchange& exchange, const Scope& scope,
                             const Resolved& r) {
  const std::int64_t expires_s = services.clock.now_s() + kDownloadUrlSeconds;
  const bool attachment = exchange.request().query("content_disposition").value_or("") == "attachment";
  if (auto url = http::presigned_download_url(services.store, r.version.object_id, expires_s, attachment)) {
    return *url;
  }
  const std::string key =
      download_key(scope.library_id, scope.space_id, r.file.file_uid, r.version.id, r.version.object_id);
  return download_url(services.signer, services.base_url(exchange), key, expires_s, attachment);
}

Response with_file_headers(Response res, const Resolved& r) {
  for (const auto& [name, value] : file_headers(r.file, r.version)) res.set(name, value);
  return res;
}

}  // namespace

Response SmhDialect::file_get(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const Resolved r = resolve_file(model_, access, exchange);
  Response res = with_file_headers(empty_reply(302), r);
  res.set(bhttp::field::location, download_url_for(services_, exchange, access.scope, r));
  return res;
}

Response SmhDialect::file_info(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const Resolved r = resolve_file(model_, access, exchange);
  const bool pre_check = selector(exchange, "pre_check");
  json::object body = smh::file_info(
      r.file, r.version,
      pre_check ? std::nullopt : std::optional<std::string>(download_url_for(services_, exchange, access.scope, r)));
  if (selector(exchange, "with_inode")) with_inode(body, r.file);
  return json_reply(200, body);
}

// Previews and thumbnails are documented as a 302 to a rendered page or image (doc 1283/75336; Android's getThumbnail
// reads the Location). filegate renders neither, and redirecting to the raw bytes would pass a whole file off as a
// thumbnail: so a clear 501, once the file has been found.
Response SmhDialect::file_preview(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  resolve_file(model_, access, exchange);
  throw http::Refusal(errors::preview_not_implemented);
}

Response SmhDialect::file_head(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const Resolved r = resolve_file(model_, access, exchange);
  return with_file_headers(empty_reply(200), r);
}

Response SmhDialect::file_delete(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::remove);
  const std::vector<std::string> path = request_path(exchange, true);
  if (path.empty()) throw http::Refusal(errors::empty_file_name);
  auto node = model_.node(access.scope, path);
  if (!node || node->is_dir) throw http::Refusal(errors::file_not_found);
  const auto recycled = model_.remove(access.scope, path, selector(exchange, "permanent"));
  if (!recycled) return empty_reply(204);
  return json_reply(200, json::object{{"recycledItemId", *recycled}});
}

Response SmhDialect::history_list(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const std::vector<std::string> path = request_path(exchange, true);
  if (path.empty()) throw http::Refusal(errors::empty_file_name);
  auto node = model_.node(access.scope, path);
  if (!node || node->is_dir) throw http::Refusal(errors::file_not_found);

  std::vector<Version> versions = model_.history(access.scope, node->file_uid);  // oldest first
  if (exchange.request().query("order_by_type").value_or("desc") != "asc")
    std::reverse(versions.begin(), versions.end());

  // Either page/page_size or marker/limit; the marker is the position of the next entry.
  const bool by_page = exchange.request().has_query("page");
  const std::uint64_t size =
      std::max<std::uint64_t>(1, number_param(exchange, by_page ? "page_size" : "limit", kDefaultPageSize));
  const std::uint64_t start = by_page ? (std::max<std::uint64_t>(1, number_param(exchange, "page", 1)) - 1) * size
                                      : number_param(exchange, "marker", 0);
  json::array contents;
  for (std::uint64_t i = start; i < versions.size() && i < start + size; ++i) {
    contents.push_back(history_entry(versions[i], node->current.id));
  }
  json::object body{{"totalNum", versions.size()}, {"contents", std::move(contents)}};
  if (!by_page && start + size < versions.size()) body["nextMarker"] = std::to_string(start + size);
  return json_reply(200, body);
}

}  // namespace filegate::dialects::smh
