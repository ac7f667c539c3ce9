// The recycle bin: find a space's bin (GET /v1.0/storage/recycleBins?recycleBinScope=SPACE&scopeId=…), list its items
// page by page, get one, restore one or several (to the former folder, or the root when that is gone) and delete one,
// several or all for good. A space's bin has the space's id. Dentries in the bin are invisible to every other call,
// and the download URLs of their files stop serving until they are restored.
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

boost::json::object bin_body(const Space& space) {
  boost::json::object bin;
  bin["id"] = space.id;
  bin["scope"] = "SPACE";
  bin["scopeId"] = space.id;
  boost::json::object o;
  o["recycleBin"] = std::move(bin);
  return o;
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

boost::json::array restore_batch(Model& model, const Space& space, const std::vector<std::string>& ids,
                                 ConflictStrategy strategy, const std::string& union_id) {
  boost::json::array out;
  for (const std::string& id : ids) {
    boost::json::object item;
    item["recycleBinId"] = space.id;
    item["recycleItemId"] = id;
    item["async"] = false;
    const auto found = model.recycle_item(space.id, id);
    std::string_view error = errors::recycle_item_not_found.code;
    if (found) {
      try {
        const Dentry restored = restore_one(model, *found, strategy, union_id);
        item["dentryId"] = restored.id;
        item["spaceId"] = restored.space_id;
        error = {};
      } catch (const http::Refusal& refusal) {
        error = refusal.entry().code;
      }
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
  // Spaces have bins; an organisation-wide scope is not modelled.
  if (request.query("recycleBinScope").value_or("") != "SPACE") {
    throw http::Refusal(errors::param_invalid, "recycleBinScope must be SPACE");
  }
  const Space space = member_space(caller, request.query("scopeId").value_or(""));
  boost::json::object reply_body = bin_body(space);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::list_recycle_items(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const auto& request = exchange.request();
  const std::size_t limit = page_size(request.query("maxResults"));
  const std::string token = request.query("nextToken").value_or("");
  const auto after = token.empty() ? std::optional<std::string>("") : decode_page_token(token);
  if (!after) throw http::Refusal(errors::param_invalid, "nextToken is invalid");
  const std::vector<RecycleItem> page = model_.recycle_items(caller.space->id, *after, limit + 1);
  boost::json::array items = items_json(model_, page, limit);
  boost::json::object reply_body = list_body(std::move(items), page, limit);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::get_recycle_item(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const auto item = model_.recycle_item(caller.space->id, exchange.param("item_id"));
  const auto top = item ? model_.stored_dentry(item->dentry_id) : std::nullopt;
  if (!top) throw http::Refusal(errors::recycle_item_not_found);
  boost::json::object reply_body = item_body(*item, *top);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::restore_recycle_item(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const ConflictStrategy strategy = conflict_strategy(object_field(body, "option"));
  const auto item = model_.recycle_item(caller.space->id, exchange.param("item_id"));
  if (!item) throw http::Refusal(errors::recycle_item_not_found);
  const Dentry restored =
      co_await http::run_blocking([&] { return restore_one(model_, *item, strategy, caller.union_id); });
  boost::json::object reply_body = restored_body(restored);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::restore_recycle_items(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "recycleItemIds");
  const ConflictStrategy strategy = conflict_strategy(object_field(body, "option"));
  boost::json::array items =
      co_await http::run_blocking([&] { return restore_batch(model_, *caller.space, ids, strategy, caller.union_id); });
  boost::json::object reply_body;
  reply_body["resultItems"] = std::move(items);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::delete_recycle_item(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const auto item = model_.recycle_item(caller.space->id, exchange.param("item_id"));
  if (!item) throw http::Refusal(errors::recycle_item_not_found);
  co_await http::run_blocking([&] { return model_.purge(*item); });
  boost::json::object reply_body = success_body();
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::delete_recycle_items(http::Exchange& exchange) {
  const Caller caller = admit_recycle_bin(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "recycleItemIds");
  // All or none: an id that names no item of this bin refuses the call before anything is deleted.
  std::vector<RecycleItem> items;
  for (const std::string& id : ids) {
    auto item = model_.recycle_item(caller.space->id, id);
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
  [[maybe_unused]] const boost::json::object body = co_await read_json(exchange);
  co_await http::run_blocking([&] {
    // Page by page from the start: each page is deleted before the next is read.
    for (auto page = model_.recycle_items(caller.space->id, {}, 100); !page.empty();
         page = model_.recycle_items(caller.space->id, {}, 100)) {
      for (const RecycleItem& item : page) model_.purge(item);
    }
  });
  boost::json::object reply_body = success_body();
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
