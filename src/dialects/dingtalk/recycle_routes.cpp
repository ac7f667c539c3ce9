// The recycle bin: find a bin (GET /v1.0/storage/recycleBins?recycleBinScope=SPACE|ORG&scopeId=…), list its items
// page by page, get one, restore one or several (to the former folder, or the root when that is gone) and delete one,
// several or all for good. A space's bin has the space's id and holds that space's items. The organisation's bin
// (scope ORG, scopeId the corpId: the app's, naming.hpp) has the corpId as its id and holds the items of every space of
// the organisation: lists and clears cover the spaces the caller is a member of; an item of another space answers
// permissionDenied (a batch restore reports it per item). Dentries in a bin are invisible to every other call, and the
// download URLs of their files stop serving until they are restored.
#include <algorithm>

#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

boost::json::object bin_body(const std::string& id, std::string_view scope) {
  boost::json::object bin;
  bin["id"] = id;
  bin["scope"] = scope;
  bin["scopeId"] = id;  // a space's bin has its space's id, the organisation's its corpId
  boost::json::object o;
  o["recycleBin"] = std::move(bin);
  return o;
}

// The bin a call names and the spaces whose items it holds: a space's bin its space (the caller is a member), the
// organisation's bin every space of the app (each item's space is checked as the item is reached).
struct Bin {
  std::string id;
  std::vector<Space> spaces;
};

Bin bin_of(const Model& model, const std::string& app_key, const std::optional<Space>& space) {
  if (space) return {space->id, {*space}};
  return {corp_id_of(app_key), model.spaces_of(app_key)};
}

// The ids of the bin's spaces `union_id` is a member of: what lists and clears cover.
std::vector<std::string> member_space_ids(const Bin& bin, const std::string& union_id) {
  std::vector<std::string> out;
  for (const Space& space : bin.spaces) {
    if (space.has_member(union_id)) out.push_back(space.id);
  }
  return out;
}

// The item of the bin with this id; permissionDenied when it came from a space `union_id` is not a member of.
std::optional<RecycleItem> find_item(const Model& model, const Bin& bin, const std::string& union_id,
                                     const std::string& item_id) {
  for (const Space& space : bin.spaces) {
    auto item = model.recycle_item(space.id, item_id);
    if (!item) continue;
    if (!space.has_member(union_id)) throw http::Refusal(errors::permission_denied);
    return item;
  }
  return std::nullopt;
}

// Up to `limit` items of these spaces in id order, strictly after `after_id`: each space's next items, merged.
std::vector<RecycleItem> items_of(const Model& model, const std::vector<std::string>& space_ids,
                                  const std::string& after_id, std::size_t limit) {
  std::vector<RecycleItem> out;
  for (const std::string& space_id : space_ids) {
    for (RecycleItem& item : model.recycle_items(space_id, after_id, limit)) out.push_back(std::move(item));
  }
  std::sort(out.begin(), out.end(), [](const RecycleItem& a, const RecycleItem& b) { return a.id < b.id; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

// Items with the dentries they hold; an item whose dentry vanished (a fixture replaced it) is left out.
boost::json::array items_json(const Model& model, const std::vector<RecycleItem>& items, std::size_t limit) {
  boost::json::array out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    if (const auto top = model.stored_dentry(items[i].dentry_id)) out.push_back(recycle_item_json(items[i], *top));
  }
  return out;
}

boost::json::object list_body(boost::json::array items, const std::vector<RecycleItem>& page, std::size_t limit) {
  boost::json::object o;
  o["recycleItems"] = std::move(items);
  if (page.size() > limit) o["nextToken"] = encode_page_token(page[limit - 1].id);
  return o;
}

boost::json::object item_body(const RecycleItem& item, const Dentry& top) {
  boost::json::object o;
  o["item"] = recycle_item_json(item, top);
  return o;
}

boost::json::object restored_body(const Dentry& dentry) {
  boost::json::object o;
  o["async"] = false;
  o["dentryId"] = dentry.id;
  o["spaceId"] = dentry.space_id;
  return o;
}

boost::json::object success_body() {
  boost::json::object o;
  o["success"] = true;
  return o;
}

// Restores one item; a refusal (a name taken under RETURN_ERROR_IF_EXISTS) is thrown.
Dentry restore_one(Model& model, const RecycleItem& item, ConflictStrategy strategy, const std::string& union_id) {
  const Placement placed = model.restore(item, strategy, union_id);
  if (placed.outcome == Placement::Outcome::name_taken || placed.outcome == Placement::Outcome::folder_in_the_way) {
    throw http::Refusal(errors::name_conflict);
  }
  return placed.dentry;
}

boost::json::array restore_batch(Model& model, const Bin& bin, const std::vector<std::string>& ids,
                                 ConflictStrategy strategy, const std::string& union_id) {
  boost::json::array out;
  for (const std::string& id : ids) {
    boost::json::object item;
    item["recycleBinId"] = bin.id;
    item["recycleItemId"] = id;
    item["async"] = false;
    std::string_view error = errors::recycle_item_not_found.code;
    try {
      if (const auto found = find_item(model, bin, union_id, id)) {
        const Dentry restored = restore_one(model, *found, strategy, union_id);
        item["dentryId"] = restored.id;
        item["spaceId"] = restored.space_id;
        error = {};
      }
    } catch (const http::Refusal& refusal) {
      error = refusal.entry().code;
    }
    item["success"] = error.empty();
    if (!error.empty()) item["errorCode"] = error;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

http::awaitable<void> DingTalkDialect::get_recycle_bin(http::Exchange& exchange) {
  const Caller caller = admit(exchange, /*in_space=*/false);
  const auto& request = exchange.request();
  const std::string scope = request.query("recycleBinScope").value_or("");
  const std::string scope_id = request.query("scopeId").value_or("");
  boost::json::object reply_body;
  if (scope == "SPACE") {
    reply_body = bin_body(member_space(caller, scope_id).id, scope);
  } else if (scope == "ORG") {
    if (scope_id.empty()) throw http::Refusal(errors::param_invalid, "scopeId is required");
    // Only the organisation the token belongs to.
    if (scope_id != corp_id_of(caller.app.app_key)) {
      throw http::Refusal(errors::permission_denied, "no permission to access the organization");
    }
    reply_body = bin_body(scope_id, scope);
  } else {
    throw http::Refusal(errors::param_invalid, "recycleBinScope must be SPACE or ORG");
  }
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_recycle_items(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  const auto& request = exchange.request();
  const std::size_t limit = page_size(request.query("maxResults"));
  const std::string token = request.query("nextToken").value_or("");
  const auto after = token.empty() ? std::optional<std::string>("") : decode_page_token(token);
  if (!after) throw http::Refusal(errors::param_invalid, "nextToken is invalid");
  const std::vector<RecycleItem> page = items_of(model_, member_space_ids(bin, caller.union_id), *after, limit + 1);
  boost::json::array items = items_json(model_, page, limit);
  boost::json::object reply_body = list_body(std::move(items), page, limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::get_recycle_item(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  const auto item = find_item(model_, bin, caller.union_id, exchange.param("item_id"));
  const auto top = item ? model_.stored_dentry(item->dentry_id) : std::nullopt;
  if (!top) throw http::Refusal(errors::recycle_item_not_found);
  boost::json::object reply_body = item_body(*item, *top);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::restore_recycle_item(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  const boost::json::object body = co_await read_json(exchange);
  const ConflictStrategy strategy = conflict_strategy(object_field(body, "option"));
  const auto item = find_item(model_, bin, caller.union_id, exchange.param("item_id"));
  if (!item) throw http::Refusal(errors::recycle_item_not_found);
  const Dentry restored =
      co_await http::run_blocking([&] { return restore_one(model_, *item, strategy, caller.union_id); });
  boost::json::object reply_body = restored_body(restored);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::restore_recycle_items(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "recycleItemIds");
  const ConflictStrategy strategy = conflict_strategy(object_field(body, "option"));
  boost::json::array items =
      co_await http::run_blocking([&] { return restore_batch(model_, bin, ids, strategy, caller.union_id); });
  boost::json::object reply_body;
  reply_body["resultItems"] = std::move(items);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::delete_recycle_item(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  const auto item = find_item(model_, bin, caller.union_id, exchange.param("item_id"));
  if (!item) throw http::Refusal(errors::recycle_item_not_found);
  co_await http::run_blocking([&] { return model_.purge(*item); });
  boost::json::object reply_body = success_body();
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::delete_recycle_items(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "recycleItemIds");
  // All or none: an id that names no item of this bin (or one of a space the caller is not a member of) refuses the
  // call before anything is deleted.
  std::vector<RecycleItem> items;
  for (const std::string& id : ids) {
    auto item = find_item(model_, bin, caller.union_id, id);
    if (!item) throw http::Refusal(errors::recycle_item_not_found, "recycle item " + id + " not exist");
    items.push_back(std::move(*item));
  }
  co_await http::run_blocking([&] {
    for (const RecycleItem& item : items) model_.purge(item);
  });
  boost::json::object reply_body = success_body();
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::clear_recycle_bin(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const Bin bin = bin_of(model_, caller.app.app_key, caller.space);
  [[maybe_unused]] const boost::json::object body = co_await read_json(exchange);
  co_await http::run_blocking([&] {
    // Each space the caller is a member of, page by page from the start: each page is deleted before the next is read.
    for (const std::string& space_id : member_space_ids(bin, caller.union_id)) {
      for (auto page = model_.recycle_items(space_id, {}, 100); !page.empty();
           page = model_.recycle_items(space_id, {}, 100)) {
        for (const RecycleItem& item : page) model_.purge(item);
      }
    }
  });
  boost::json::object reply_body = success_body();
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
