// The recycle bin's routes, /api/v1/recycled/{lib}/{space}[/{recycledItemId}] as the Android SDK calls them: list
// (GET, page/page_size or marker/limit), restore (POST …/{id}?restore → {path}), delete an item (DELETE …/{id}) and
// empty the bin (DELETE …/{space}). Restoring, deleting and emptying need a grant that may delete.
#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"
#include "dialects/smh/wire.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

constexpr std::uint64_t kDefaultPageSize = 20;
// filegate keeps items until they are deleted or the bin is emptied; remainingTime counts down from the platform's
// usual 30 days and stays at 0 after.
constexpr std::int64_t kRetentionDays = 30;

std::int64_t item_id_param(const http::Exchange& exchange) {
  const auto id = core::text::parse_u64(decoded_param(exchange, "id"));
  if (!id || *id > static_cast<std::uint64_t>(INT64_MAX)) throw http::Refusal(errors::recycled_item_not_found);
  return static_cast<std::int64_t>(*id);
}

json::object recycled_entry(const RecycledItem& item, const std::string& space_id, std::int64_t now_ms) {
  constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
  const std::string& name = item.original_path.empty() ? std::string() : item.original_path.back();
  json::object o;
  o["recycledItemId"] = item.id;
  o["name"] = name;
  o["spaceId"] = space_id;
  o["remainingTime"] = std::max<std::int64_t>(0, kRetentionDays - (now_ms - item.removal_ms) / kDayMs);
  o["removalTime"] = iso8601_ms(item.removal_ms);
  o["originalPath"] = path_json(item.original_path);
  if (item.is_dir) {
    o["type"] = "dir";
  } else {
    const FileKind kind = file_kind(name);
    o["type"] = kind.type;
    o["fileType"] = kind.file_type;
    o["size"] = std::to_string(item.node.current.size);
    o["crc64"] = crc64_text(item.node.current.crc64);
  }
  o["creationTime"] = iso8601_ms(item.node.creation_ms);
  o["modificationTime"] = iso8601_ms(item.node.modification_ms);
  return o;
}

}  // namespace

Response SmhDialect::recycled_list(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const std::vector<RecycledItem> items = model_.recycled(access.scope);  // newest first
  // Either page/page_size or marker/limit; the marker is the position of the next entry (as the history list's).
  const bool by_page = exchange.request().has_query("page");
  const std::uint64_t size =
      std::max<std::uint64_t>(1, number_param(exchange, by_page ? "page_size" : "limit", kDefaultPageSize));
  const std::uint64_t start = by_page ? (std::max<std::uint64_t>(1, number_param(exchange, "page", 1)) - 1) * size
                                      : number_param(exchange, "marker", 0);
  const std::int64_t now_ms = services_.clock.now_ms();
  json::array contents;
  for (std::uint64_t i = start; i < items.size() && i < start + size; ++i) {
    contents.push_back(recycled_entry(items[i], access.scope.space_id, now_ms));
  }
  json::object body{{"totalNum", items.size()}, {"contents", std::move(contents)}};
  if (!by_page && start + size < items.size()) body["nextMarker"] = std::to_string(start + size);
  return json_reply(200, body);
}

Response SmhDialect::recycled_restore(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::remove);
  const std::vector<std::string> path = model_.restore(access.scope, item_id_param(exchange));
  return json_reply(200, json::object{{"path", path_json(path)}});
}

Response SmhDialect::recycled_delete(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::remove);
  model_.delete_recycled(access.scope, item_id_param(exchange));
  return empty_reply(204);
}

Response SmhDialect::recycled_empty(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::remove);
  model_.empty_recycled(access.scope);
  return empty_reply(204);
}

}  // namespace filegate::dialects::smh
