// The dentry tree: get one (POST .../dentries/{id}/query) or several (POST .../dentries/query), one by its uuid
// (GET /v2.0/doc/dentries/{uuid}/queryDentryId), list a folder page by page (GET .../dentries) or the whole space
// (POST .../dentries/listAll, by modification time: listing_order.hpp), list a file's versions
// (GET .../dentries/{id}/versions), delete (DELETE .../dentries/{id}, into the recycle bin with toRecycleBin=true) and
// add a folder (POST .../dentries/{parentId}/folders).
#include <algorithm>

#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/listing_order.hpp"
#include "http/blocking_work.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "core/text.hpp"

namespace filegate::dialects::dingtalk {
namespace {

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

// toRecycleBin as the SDK sends it (a query "true"/"false"); the platform's default is to delete for good.
bool to_recycle_bin(const std::optional<std::string>& text) { return text && *text == "true"; }

boost::json::object get_item(const std::string& space_id, const std::string& id, const std::optional<Dentry>& found) {
  boost::json::object o;
  o["dentryId"] = id;
  o["spaceId"] = space_id;
  o["success"] = found.has_value();
  if (found) {
    o["dentry"] = dentry_json(*found);
  } else {
    o["errorCode"] = errors::dentry_not_found.code;
  }
  return o;
}

boost::json::object items_body(std::string_view key, boost::json::array items) {
  boost::json::object o;
  o[key] = std::move(items);
  return o;
}

boost::json::object list_all_body(const std::vector<std::pair<std::string, Dentry>>& page, std::size_t limit) {
  boost::json::array items;
  for (std::size_t i = 0; i < page.size() && i < limit; ++i) items.push_back(dentry_json(page[i].second));
  boost::json::object o;
  o["dentries"] = std::move(items);
  if (page.size() > limit) o["nextToken"] = encode_page_token(page[limit - 1].first);
  return o;
}

std::vector<Dentry> dentries_of(std::vector<std::pair<std::string, Dentry>> listed) {
  std::vector<Dentry> out;
  out.reserve(listed.size());
  for (auto& entry : listed) out.push_back(std::move(entry.second));
  return out;
}

boost::json::object uuid_body(const Dentry& dentry) {
  boost::json::object o;
  o["dentryId"] = dentry.id;
  o["dentryUuid"] = dentry.uuid;
  o["spaceId"] = dentry.space_id;
  return o;
}

}  // namespace

http::awaitable<void> DingTalkDialect::get_dentry(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  [[maybe_unused]] const boost::json::object body = co_await read_json(exchange);  // read, not used: like the platform
  const Dentry dentry = path_dentry(exchange, caller);
  boost::json::object reply_body = dentry_reply(dentry);
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
  // Either way the dentry leaves the tree, and the download URLs of its files stop serving.
  if (to_recycle_bin(exchange.request().query("toRecycleBin"))) {
    co_await http::run_blocking([&] { model_.recycle(dentry, caller.union_id); });
  } else {
    co_await http::run_blocking([&] { model_.remove(dentry); });
  }
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
  boost::json::object reply_body = dentry_reply(placed.dentry);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::get_dentries(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "dentryIds");
  // One result per id, in the order asked: a malformed or unknown id (or one of another space) is dentryNotExist.
  boost::json::array items;
  for (const std::string& id : ids) {
    auto found = is_numeric_id(id) ? model_.dentry(id) : std::nullopt;
    if (found && found->space_id != caller.space->id) found.reset();
    items.push_back(get_item(caller.space->id, id, found));
  }
  boost::json::object reply_body = items_body("resultItems", std::move(items));
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_all_dentries(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const auto* option = object_field(body, "option");
  const std::string max_results = string_field(option, "maxResults");
  const std::size_t limit = page_size(max_results.empty() ? std::nullopt : std::optional<std::string>(max_results));
  const std::string token = string_field(option, "nextToken");
  const auto after = token.empty() ? std::optional<std::string>("") : decode_page_token(token);
  if (!after) throw http::Refusal(errors::param_invalid, "option.nextToken is invalid");
  const std::string order = string_field(option, "order");
  if (!order.empty() && order != "ASC" && order != "DESC") {
    throw http::Refusal(errors::param_invalid, "option.order must be ASC or DESC");
  }
  const auto page = co_await http::run_blocking([&] {
    return modified_order_page(dentries_of(model_.space_dentries(caller.space->id, {}, SIZE_MAX)), order == "DESC",
                               *after, limit + 1);
  });
  boost::json::object reply_body = list_all_body(page, limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::dentry_id_by_uuid(http::Exchange& exchange) {
  // The document API names its acting user operatorId (a unionId).
  const Caller caller = admit(exchange, /*in_space=*/false, "operatorId");
  const std::string& uuid = exchange.param("dentry_uuid");
  const auto found = co_await http::run_blocking([&] { return model_.dentry_by_uuid(uuid); });
  const auto space = found ? model_.space(found->space_id) : std::nullopt;
  // Another organisation's dentry is as unknown as a missing one.
  if (!space || space->app_key != caller.app.app_key) throw http::Refusal(errors::dentry_not_found);
  if (!space->has_member(caller.union_id)) throw http::Refusal(errors::permission_denied);
  boost::json::object reply_body = uuid_body(*found);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
