// Directories: PUT creates (with missing parents; a PUT naming a source moves or copies, tree_routes.cpp), GET lists
// (page/page_size or marker/limit) or answers ?info, HEAD tells whether one exists, DELETE removes it with everything
// below (204, or 200 {recycledItemId}).
#include <algorithm>

#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"
#include "dialects/smh/wire.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

constexpr std::uint64_t kDefaultPageSize = 20;
constexpr std::uint64_t kMaxPageSize = 1000;
constexpr std::size_t kSkipChunk = 1000;

Node require_directory(const Model& model, const Access& access, const std::vector<std::string>& path) {
  auto node = model.node(access.scope, path);
  if (!node || !node->is_dir) throw http::Refusal(errors::directory_not_found);
  return *node;
}

json::object created_body(const CreatedDirectory& created, bool renamed_strategy, bool with_inode) {
  json::object o{{"creationTime", iso8601_ms(created.creation_ms)}};
  if (with_inode) o["inode"] = created.inode;
  if (renamed_strategy) o["path"] = path_json(created.path);
  return o;
}

}  // namespace

Response SmhDialect::create_directory(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::create_directory);
  const std::vector<std::string> path = request_path(exchange, false);
  if (path.empty()) throw http::Refusal(errors::empty_path);
  const std::string strategy = conflict_strategy(exchange, "ask", kDirectoryStrategies);
  const CreatedDirectory created = model_.create_directory(access.scope, path, strategy == "rename");
  // Documented: an empty 201 for ask without with_inode, JSON otherwise.
  const bool with_inode = selector(exchange, "with_inode");
  if (strategy == "ask" && !with_inode) return empty_reply(201);
  return json_reply(201, created_body(created, strategy == "rename", with_inode));
}

Response SmhDialect::directory_info(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const Node dir = require_directory(model_, access, request_path(exchange, false));
  json::object body = smh::directory_info(dir);
  if (selector(exchange, "with_inode")) with_inode(body, dir);
  return json_reply(200, body);
}

Response SmhDialect::directory_list(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const std::vector<std::string> path = request_path(exchange, false);
  require_directory(model_, access, path);

  const Model::Counts counts = model_.count_children(access.scope, path);
  const bool by_page = exchange.request().has_query("page");
  const bool by_marker = exchange.request().has_query("marker") || exchange.request().has_query("limit");
  const std::uint64_t size = std::clamp<std::uint64_t>(
      number_param(exchange, by_page ? "page_size" : "limit", by_page || by_marker ? kDefaultPageSize : kMaxPageSize),
      1, kMaxPageSize);

  // The marker is the name of the last entry returned, so a page continues exactly after it.
  std::string after = by_page ? "" : exchange.request().query("marker").value_or("");
  if (by_page) {
    std::uint64_t skip = (std::max<std::uint64_t>(1, number_param(exchange, "page", 1)) - 1) * size;
    while (skip > 0) {
      const auto chunk = model_.children(access.scope, path, after, std::min<std::uint64_t>(skip, kSkipChunk));
      if (chunk.empty()) break;
      after = chunk.back().path.back();
      skip -= chunk.size();
    }
  }
  const std::vector<Node> page = model_.children(access.scope, path, after, size + 1);
  json::array contents;
  const bool inodes = selector(exchange, "with_inode");
  for (std::size_t i = 0; i < page.size() && i < size; ++i) {
    json::object entry = listing_entry(page[i]);
    if (inodes) with_inode(entry, page[i]);
    contents.push_back(std::move(entry));
  }

  json::object body;
  body["path"] = path_json(path);
  body["fileCount"] = counts.files;
  body["subDirCount"] = counts.dirs;
  body["totalNum"] = counts.files + counts.dirs;
  body["contents"] = std::move(contents);
  if (!by_page && page.size() > size) body["nextMarker"] = page[size - 1].path.back();
  return json_reply(200, body);
}

Response SmhDialect::directory_head(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  require_directory(model_, access, request_path(exchange, false));
  return empty_reply(200);
}

Response SmhDialect::directory_delete(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::remove);
  const std::vector<std::string> path = request_path(exchange, false);
  if (path.empty()) throw http::Refusal(errors::empty_path, "the library root cannot be deleted");
  require_directory(model_, access, path);
  const auto recycled = model_.remove(access.scope, path, selector(exchange, "permanent"));
  if (!recycled) return empty_reply(204);
  return json_reply(200, json::object{{"recycledItemId", *recycled}});
}

}  // namespace filegate::dialects::smh
