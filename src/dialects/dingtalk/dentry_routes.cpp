// The dentry tree: get one (POST .../dentries/{id}/query), list a folder page by page (GET .../dentries), list a
// file's versions (GET .../dentries/{id}/versions), delete (DELETE .../dentries/{id}) and add a folder
// (POST .../dentries/{parentId}/folders).
#include <algorithm>
#include <charconv>

#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kDefaultPageSize = 50;
constexpr std::int64_t kMaxPageSize = 50;  // larger requests get 50 and a nextToken, which paging clients follow

// maxResults from the query: nullopt when it is not a positive integer.
std::optional<std::size_t> page_size(const std::optional<std::string>& text) {
  if (!text || text->empty()) return kDefaultPageSize;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n < 1) return std::nullopt;
  return static_cast<std::size_t>(std::min(n, kMaxPageSize));
}

boost::json::object dentry_body(const Dentry& dentry) {
  boost::json::object o;
  o["dentry"] = dentry_json(dentry);
  return o;
}

boost::json::object list_body(const std::vector<Dentry>& page, std::size_t limit) {
  boost::json::array items;
  for (std::size_t i = 0; i < page.size() && i < limit; ++i) items.push_back(dentry_json(page[i]));
  boost::json::object o;
  o["dentries"] = std::move(items);
  // One more than a page was read: only then is there a next page (no empty last page, no token on it).
  if (page.size() > limit) o["nextToken"] = encode_page_token(page[limit - 1].name);
  return o;
}

boost::json::object versions_body(const Dentry& file, const std::vector<Version>& newest_first, std::size_t from,
                                  std::size_t limit) {
  boost::json::array items;
  for (std::size_t i = from; i < newest_first.size() && i < from + limit; ++i) {
    items.push_back(dentry_json(file, &newest_first[i]));
  }
  boost::json::object o;
  o["dentries"] = std::move(items);
  if (from + limit < newest_first.size()) o["nextToken"] = std::to_string(newest_first[from + limit].version);
  return o;
}

boost::json::object delete_body() {
  boost::json::object o;
  o["async"] = false;
  return o;
}

}  // namespace

http::awaitable<void> DingTalkDialect::get_dentry(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  auto dentry = co_await path_dentry(exchange, *caller);
  if (!dentry) co_return;
  boost::json::object reply_body = dentry_body(*dentry);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_dentries(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  const auto& request = exchange.request();
  const std::string parent_id = request.query("parentId").value_or("");
  const auto limit = page_size(request.query("maxResults"));
  const std::string token = request.query("nextToken").value_or("");
  const auto after = token.empty() ? std::optional<std::string>("") : decode_page_token(token);
  if (parent_id.empty()) {
    co_await fail(exchange, 400, "paramError.parentId", "parentId is required");
    co_return;
  }
  if (!limit) {
    co_await fail(exchange, 400, "paramError", "maxResults must be a positive integer");
    co_return;
  }
  if (!after) {
    co_await fail(exchange, 400, "paramError", "nextToken is invalid");
    co_return;
  }
  std::optional<Dentry> parent;
  const bool parent_ok = co_await resolve_parent(exchange, *caller, parent_id, parent);
  if (!parent_ok) co_return;
  const std::vector<Dentry> page = model_.children(caller->space->id, parent_id, *after, *limit + 1);
  boost::json::object reply_body = list_body(page, *limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_versions(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto dentry = co_await path_dentry(exchange, *caller);
  if (!dentry) co_return;
  if (dentry->folder) {
    co_await fail(exchange, 400, "operationNotSupported", "folders have no versions");
    co_return;
  }
  const auto limit = page_size(exchange.request().query("maxResults"));
  if (!limit) {
    co_await fail(exchange, 400, "paramError", "maxResults must be a positive integer");
    co_return;
  }
  std::vector<Version> versions = model_.versions(dentry->id);
  std::reverse(versions.begin(), versions.end());
  // The token is the version to continue from; versions are listed newest first.
  std::size_t from = 0;
  if (const std::string token = exchange.request().query("nextToken").value_or(""); !token.empty()) {
    const auto at = std::find_if(versions.begin(), versions.end(),
                                 [&](const Version& v) { return std::to_string(v.version) == token; });
    if (at == versions.end()) {
      co_await fail(exchange, 400, "paramError", "nextToken is invalid");
      co_return;
    }
    from = static_cast<std::size_t>(at - versions.begin());
  }
  boost::json::object reply_body = versions_body(*dentry, versions, from, *limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::delete_dentry(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto dentry = co_await path_dentry(exchange, *caller);
  if (!dentry) co_return;
  // toRecycleBin is accepted; filegate has no recycle bin, so both ways the dentry is gone.
  model_.remove(*dentry);
  boost::json::object reply_body = delete_body();
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::add_folder(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  const std::string name = string_field(&*body, "name");
  const auto* option = object_field(*body, "option");
  const auto strategy = parse_conflict_strategy(string_field(option, "conflictStrategy"));
  if (!is_valid_name(name)) {
    co_await fail(exchange, 400, "paramError", "name is invalid");
    co_return;
  }
  if (!strategy || *strategy == ConflictStrategy::overwrite) {
    co_await fail(exchange, 400, "paramError", "option.conflictStrategy is invalid for a folder");
    co_return;
  }
  std::optional<Dentry> parent;
  const bool parent_ok = co_await resolve_parent(exchange, *caller, exchange.param("dentry_id"), parent);
  if (!parent_ok) co_return;
  const Placement placed =
      model_.add_folder(*caller->space, parent ? &*parent : nullptr, name, caller->union_id, *strategy);
  if (placed.outcome == Placement::Outcome::name_taken) {
    co_await fail(exchange, 400, "dentryNameConflict", "a file or folder with this name already exists");
    co_return;
  }
  boost::json::object reply_body = dentry_body(placed.dentry);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
