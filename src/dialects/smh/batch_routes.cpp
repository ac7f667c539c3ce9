// Batch operations: POST /api/v1/batch/{lib}/{space}?delete|copy|move with a JSON array of up to 1000 items
// (docs 1339/71259 delete, 1283/75493 copy, 1283/75362 move; the iOS SDK's QCloudSMHBatch* requests and
// QCloudSMHTaskResult). Each item runs on its own, as the single-path operation it names would, with the token's grant
// checked per item (a file or a directory needs its own). The answer is 200 {"result": [...]} when every item
// succeeded and 207 with the same body when any failed; a failed item carries its status, code and message.
//   delete  {path, permanent}                                  → {status: 200, recycledItemId, path} | {status: 204,
//   path} copy    {copyFrom, to, conflictResolutionStrategy, copyFromSpaceId} → {status, copyFrom, to} move    {from,
//   to, conflictResolutionStrategy, moveAuthority}       → {status, from, to}
// A copy or move item answers 200 when renamed (conflictResolutionStrategy rename, the default for files) and 204
// otherwise, as the Java SDK's batch docs say; `to` is the final path.
// A batch of more than 100 items answers as the platform's large ones do: 202 {taskId}. filegate has done the work
// already and keeps the results for GET /api/v1/task/{lib}/{space}/{taskIdList} (comma-separated ids): its first
// poll of a task reports it running ({taskId, status: 202}), later ones {taskId, status: 200|207, result: [...]},
// so a client's polling loop runs. Unknown ids, or another space's, are left out of the answer.
#include <boost/json/parse.hpp>

#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "dialects/smh/directory_grants.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/path.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/tokens.hpp"
#include "dialects/smh/tree_keys.hpp"
#include "dialects/smh/views.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxBatchItems = 1000;  // "一次请求最多指定1000项"
constexpr std::size_t kSyncBatchItems = 100;  // more become a task ("当项目较多以异步方式…时，返回 HTTP 202")

// The body's items: a non-empty JSON array of objects, at most kMaxBatchItems.
std::vector<json::object> batch_items(const std::string& body) {
  const http::Refusal invalid(errors::param_invalid,
                              "the body must be a JSON array of 1 to 1000 objects, one per directory or file");
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_array() || parsed.as_array().empty() || parsed.as_array().size() > kMaxBatchItems) {
    throw invalid;
  }
  std::vector<json::object> items;
  for (const json::value& item : parsed.as_array()) {
    if (!item.is_object()) throw invalid;
    items.push_back(item.as_object());
  }
  return items;
}

std::string text_field(const json::object& item, std::string_view name) {
  const json::value* value = item.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// An item's path ("foo/bar"; a leading '/' tolerated), as the single-path routes decode theirs. `missing` when it is
// absent or names the root.
std::vector<std::string> item_path(const json::object& item, std::string_view field, const http::ErrorEntry& missing) {
  std::string_view text = item.if_contains(field) && item.at(field).is_string()
                              ? std::string_view(item.at(field).as_string())
                              : std::string_view();
  while (text.starts_with('/')) text.remove_prefix(1);
  if (text.empty()) throw http::Refusal(missing, "`" + std::string(field) + "` must name a directory or file");
  DecodedPath decoded = split_path(text, /*last_is_file=*/false);
  if (!decoded.ok()) {
    const http::ErrorEntry* entry = http::find_error(errors::api_errors, decoded.error);
    throw http::Refusal(entry ? *entry : errors::illegal_file_name);
  }
  return std::move(decoded.segments);
}

// An item's conflictResolutionStrategy: absent means `fallback`; directories take ask or rename, files also overwrite.
std::string item_strategy(const json::object& item, bool directory) {
  std::string value = text_field(item, "conflictResolutionStrategy");
  if (value.empty()) return directory ? "ask" : "rename";
  const auto& allowed = directory ? kDirectoryStrategies : kFileStrategies;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    throw http::Refusal(errors::invalid_conflict_strategy);
  }
  return value;
}

json::object failed_item(const http::Refusal& refusal) {
  json::object o;
  o["status"] = refusal.entry().status;
  o["code"] = refusal.entry().code;
  o["message"] = refusal.message();
  return o;
}

struct Outcome {
  unsigned status;  // 200 or 207
  json::array result;
};

// Runs `one` for each item; a refusal becomes that item's result, with `echo` (its paths as given) added.
template <typename One>
Outcome run_items(const std::vector<json::object>& items, One one,
                  const std::function<void(const json::object&, json::object&)>& echo) {
  json::array results;
  bool all_succeeded = true;
  for (const json::object& item : items) {
    json::object result;
    try {
      result = one(item);
    } catch (const http::Refusal& refusal) {
      all_succeeded = false;
      result = failed_item(refusal);
      echo(item, result);
    }
    results.push_back(std::move(result));
  }
  return {all_succeeded ? 200U : 207U, std::move(results)};
}

// The answer to a batch of `items`: its results, or for a large one 202 {taskId} with the results kept for the task
// API.
Response batch_reply(core::MetadataStore& metadata, const Scope& scope, std::size_t items, Outcome outcome) {
  json::object body;
  if (items <= kSyncBatchItems) {
    body["result"] = std::move(outcome.result);
    return json_reply(outcome.status, body);
  }
  const std::string id = core::random_digits(15);
  json::object task;
  task["status"] = outcome.status;
  task["result"] = std::move(outcome.result);
  task["polled"] = false;
  metadata.commit(core::WriteBatch().create(tree::kTasks, tree::scope_prefix(scope) + id, std::move(task)));
  body["taskId"] = std::stoll(id);
  return json_reply(202, body);
}

// The task ids of GET /api/v1/task/…/{taskIdList}: "10" or "10,12,13".
std::vector<std::string> task_ids(const std::string& list) {
  std::vector<std::string> ids;
  for (std::size_t start = 0;;) {
    const std::size_t comma = list.find(',', start);
    std::string id = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!core::text::parse_u64(id)) throw http::Refusal(errors::param_invalid, "task ids are numbers, comma-separated");
    ids.push_back(std::move(id));
    if (comma == std::string::npos) return ids;
    start = comma + 1;
  }
}

// One task as the task API reports it; its first poll says it is still running.
json::object task_entry(core::MetadataStore& metadata, const std::string& key, const std::string& id,
                        const json::object& record) {
  json::object entry;
  entry["taskId"] = std::stoll(id);
  const json::value* polled = record.if_contains("polled");
  if (!(polled && polled->is_bool() && polled->as_bool())) {
    json::object updated = record;
    updated["polled"] = true;
    metadata.commit(core::WriteBatch().put(tree::kTasks, key, std::move(updated)));
    entry["status"] = 202;
    return entry;
  }
  entry["status"] = record.at("status");
  entry["result"] = record.at("result");
  return entry;
}

// The path fields of an item as given, for a failed item's result: split on '/' when they are text.
void echo_paths(const json::object& item, json::object& result, std::initializer_list<std::string_view> fields) {
  for (std::string_view field : fields) {
    std::string text = text_field(item, field);
    while (text.starts_with('/')) text.erase(0, 1);
    if (text.empty()) continue;
    std::vector<std::string> segments;
    for (std::size_t start = 0;;) {
      const std::size_t slash = text.find('/', start);
      segments.push_back(text.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    result[field] = path_json(segments);
  }
}

enum class Transfer { copy, move };

// One item of a batch copy or move, as the single-path operation does it: the source must exist, the token's grant
// and the user's directory grants allow it, and it lands under the item's conflict strategy. 200 when renamed.
json::object transfer(Model& model, const Access& access, const std::string& grant, const json::object& item,
                      Transfer kind) {
  const bool copy = kind == Transfer::copy;
  const std::string_view from_field = copy ? "copyFrom" : "from";
  if (copy && item.contains("copyFromSpaceId") && text_field(item, "copyFromSpaceId") != access.scope.space_id) {
    throw http::Refusal(errors::param_invalid, "copying from another space (copyFromSpaceId) is not supported");
  }
  const std::vector<std::string> from = item_path(item, from_field, errors::invalid_source_file);
  const std::vector<std::string> to = item_path(item, "to", errors::empty_path);
  const auto source = model.node(access.scope, from);
  if (!source) throw http::Refusal(errors::source_file_not_found);
  const Need need = copy ? (source->is_dir ? Need::copy_directory : Need::copy_file)
                         : (source->is_dir ? Need::move_directory : Need::move_file);
  if (!grants_allow(grant, need)) throw http::Refusal(errors::no_permission);
  if (!access.user_id.empty()) require_directory_access(model, access.scope, access.user_id, from, /*write=*/!copy);
  const std::string strategy = item_strategy(item, source->is_dir);
  const bool rename = strategy == "rename";
  std::vector<std::string> placed;
  if (copy) {
    placed = source->is_dir ? model.copy_directory(access.scope, from, to, rename, access.user_id)
                            : model.copy_file(access.scope, from, to, strategy, access.user_id);
  } else {
    placed = source->is_dir ? model.move_directory(access.scope, from, to, rename)
                            : model.move_file(access.scope, from, to, strategy);
  }
  json::object result;
  result["status"] = rename ? 200 : 204;
  result[from_field] = path_json(from);
  result["to"] = path_json(placed);
  return result;
}

// A batch of copies or moves, each item as transfer() does it, echoing its paths.
Response batch_transfer(Model& model, core::MetadataStore& metadata, const Access& access, const std::string& body,
                        Transfer kind) {
  const std::vector<json::object> items = batch_items(body);
  const std::string grant = claims_of(access.token).grant;
  const std::initializer_list<std::string_view> paths = {kind == Transfer::copy ? "copyFrom" : "from", "to"};
  Outcome outcome = run_items(
      items, [&](const json::object& item) { return transfer(model, access, grant, item, kind); },
      [&](const json::object& item, json::object& r) { echo_paths(item, r, paths); });
  return batch_reply(metadata, access.scope, items.size(), std::move(outcome));
}

}  // namespace

Response SmhDialect::batch_delete(http::Exchange& exchange, const std::string& body) {
  const Access access = admit(exchange, Need::read);  // the grant is checked per item
  const std::vector<json::object> items = batch_items(body);
  const std::string grant = claims_of(access.token).grant;
  auto one = [&](const json::object& item) {
    const std::vector<std::string> path = item_path(item, "path", errors::empty_path);
    if (!grants_allow(grant, Need::remove)) throw http::Refusal(errors::no_permission);
    const auto node = model_.node(access.scope, path);
    if (!node) throw http::Refusal(errors::file_not_found);
    if (!access.user_id.empty()) require_directory_access(model_, access.scope, access.user_id, path, /*write=*/true);
    const json::value* permanent = item.if_contains("permanent");
    const auto recycled = model_.remove(access.scope, path, permanent && permanent->is_bool() && permanent->as_bool());
    json::object result;
    result["status"] = recycled ? 200 : 204;
    if (recycled) result["recycledItemId"] = *recycled;
    result["path"] = path_json(path);
    return result;
  };
  Outcome outcome =
      run_items(items, one, [](const json::object& item, json::object& r) { echo_paths(item, r, {"path"}); });
  return batch_reply(services_.store.metadata(), access.scope, items.size(), std::move(outcome));
}

Response SmhDialect::batch_copy(http::Exchange& exchange, const std::string& body) {
  return batch_transfer(model_, services_.store.metadata(), admit(exchange, Need::read), body, Transfer::copy);
}

Response SmhDialect::batch_move(http::Exchange& exchange, const std::string& body) {
  return batch_transfer(model_, services_.store.metadata(), admit(exchange, Need::read), body, Transfer::move);
}

Response SmhDialect::task_get(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  core::MetadataStore& metadata = services_.store.metadata();
  json::array tasks;
  for (const std::string& id : task_ids(decoded_param(exchange, "task_ids"))) {
    const std::string key = tree::scope_prefix(access.scope) + id;
    const auto record = metadata.record(tree::kTasks, key);
    if (record) tasks.push_back(task_entry(metadata, key, id, *record));
  }
  return json_reply(200, tasks);
}

}  // namespace filegate::dialects::smh
