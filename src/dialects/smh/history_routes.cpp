// Versions by history id (the history API's doc; Android SDK restoreHistoryMedia / deleteHistoryMedia):
//   POST /api/v1/directory-history/{lib}/{space}/latest-version/{HistoryId} → 200, the file with the restored
//        version as its latest (a new version, creationWay 2, sharing the old one's bytes);
//   POST /api/v1/directory-history/{lib}/{space}/delete with body [ids] → 204; the versions' download URLs then
//        answer COS's 404 NoSuchKey.
#include <boost/json/parse.hpp>

#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

std::int64_t history_id_param(const http::Exchange& exchange) {
  const auto id = core::text::parse_u64(decoded_param(exchange, "history_id"));
  if (!id || *id == 0) throw http::Refusal(errors::file_not_found, "no such history version");
  return static_cast<std::int64_t>(*id);
}

// The body [1, 2] (the Android SDK's List<Long>) or ["1", "2"] (the OpenAPI client's Array<string>).
std::vector<std::int64_t> history_ids(const std::string& body) {
  const http::Refusal invalid(errors::param_invalid, "the body must be a non-empty JSON array of history ids");
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_array() || parsed.as_array().empty()) throw invalid;
  std::vector<std::int64_t> ids;
  for (const json::value& item : parsed.as_array()) {
    std::optional<std::uint64_t> id;
    if (item.is_int64() && item.as_int64() > 0) id = static_cast<std::uint64_t>(item.as_int64());
    if (item.is_uint64()) id = item.as_uint64();
    if (item.is_string()) id = core::text::parse_u64(item.as_string());
    if (!id || *id == 0) throw invalid;
    ids.push_back(static_cast<std::int64_t>(*id));
  }
  return ids;
}

}  // namespace

Response SmhDialect::history_restore(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::set_history_latest);
  const Node file = model_.restore_version(access.scope, history_id_param(exchange), access.user_id);
  json::object body = listing_entry(file);
  body["path"] = path_json(file.path);
  return json_reply(200, body);
}

Response SmhDialect::history_delete(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::delete_history);
  model_.delete_versions(access.scope, history_ids(body));
  return empty_reply(204);
}

}  // namespace filegate::dialects::smh
