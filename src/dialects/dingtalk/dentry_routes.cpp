// The dentry tree: get one (POST .../dentries/{id}/query), list a folder page by page (GET .../dentries), list a
// file's versions (GET .../dentries/{id}/versions), delete (DELETE .../dentries/{id}) and add a folder
// (POST .../dentries/{parentId}/folders).
#include <algorithm>

#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "http/blocking_work.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "core/text.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kDefaultPageSize = 50;
constexpr std::int64_t kMaxPageSize = 50;  // larger requests get 50 and a nextToken, which paging clients follow

// maxResults from the query (default 50, at most 50); paramError when it is not a positive integer.
std::size_t page_size(const std::optional<std::string>& text) {
  if (!text || text->empty()) return kDefaultPageSize;
  const auto n = core::text::parse_i64(*text);
  if (!n || *n < 1) throw http::Refusal(errors::param_invalid, "maxResults must be a positive integer");
  return static_cast<std::size_t>(std::min(*n, kMaxPageSize));
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
  const Caller caller = admit(exchange);
  [[maybe_unused]] const boost::json::object body = co_await read_json(exchange);  // read, not used: like the platform
  const Dentry dentry = path_dentry(exchange, caller);
  boost::json::object reply_body = dentry_body(dentry);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_dentries(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const auto& request = exchange.request();
  const std::string parent_id = request.query("parentId").value_or("");
  if (parent_id.empty()) throw http::Refusal(errors::param_parent_id, "parentId is required");
  const std::size_t limit = page_size(request.query("maxResults"));
  const std::string token = request.query("nextToken").value_or("");
  const auto after = token.empty() ? std::optional<std::string>("") : decode_page_token(token);
  if (!after) throw http::Refusal(errors::param_invalid, "nextToken is invalid");
  resolve_parent(caller, parent_id);
  const std::vector<Dentry> page = model_.children(caller.space->id, parent_id, *after, limit + 1);
  boost::json::object reply_body = list_body(page, limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_versions(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const Dentry dentry = path_dentry(exchange, caller);
  if (dentry.folder) throw http::Refusal(errors::operation_not_supported, "folders have no versions");
  const std::size_t limit = page_size(exchange.request().query("maxResults"));
  std::vector<Version> versions = model_.versions(dentry.id);
  std::reverse(versions.begin(), versions.end());
  // The token is the version to continue from; versions are listed newest first.
  std::size_t from = 0;
  if (const std::string token = exchange.request().query("nextToken").value_or(""); !token.empty()) {
    const auto at = std::find_if(versions.begin(), versions.end(),
                                 [&](const Version& v) { return std::to_string(v.version) == token; });
    if (at == versions.end()) throw http::Refusal(errors::param_invalid, "nextToken is invalid");
    from = static_cast<std::size_t>(at - versions.begin());
  }
  boost::json::object reply_body = versions_body(dentry, versions, from, limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::delete_dentry(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const Dentry dentry = path_dentry(exchange, caller);
  // toRecycleBin is accepted; filegate has no recycle bin, so both ways the dentry is gone.
  co_await http::run_blocking([&] { model_.remove(dentry); });
  boost::json::object reply_body = delete_body();
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::add_folder(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const std::string name = string_field(&body, "name");
  const auto* option = object_field(body, "option");
  const auto strategy = parse_conflict_strategy(string_field(option, "conflictStrategy"));
  if (!is_valid_name(name)) throw http::Refusal(errors::param_invalid, "name is invalid");
  if (!strategy || *strategy == ConflictStrategy::overwrite) {
    throw http::Refusal(errors::param_invalid, "option.conflictStrategy is invalid for a folder");
  }
  const std::optional<Dentry> parent = resolve_parent(caller, exchange.param("dentry_id"));
  const Placement placed = co_await http::run_blocking(
      [&] { return model_.add_folder(*caller.space, parent ? &*parent : nullptr, name, caller.union_id, *strategy); });
  if (placed.outcome == Placement::Outcome::name_taken) throw http::Refusal(errors::name_conflict);
  boost::json::object reply_body = dentry_body(placed.dentry);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
