// Rename (POST .../dentries/{id}/rename), move and copy (POST .../dentries/{id}/move|copy, and batchMove /
// batchCopy for several), batch delete (POST .../dentries/batchRemove), version revert
// (POST .../dentries/{id}/versions/{version}/revert) and the status of asynchronous tasks (GET
// /v1.0/storage/tasks/{id}). A file moves or copies at once; a folder's copy, and a folder's move to another space,
// answer as the platform's asynchronous tasks do ({async: true, taskId}). filegate has done the work before it answers;
// the task reports SUCCESS from its first query when it is of at most one step of dentries (100, or
// FILEGATE_DINGTALK_TASK_STEP), and otherwise IN_PROGRESS, one step more done per query, until all are: a client's
// polling loop runs.
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

enum class Operation { move, copy };

// Where a move or copy goes: targetSpaceId (a space of the app the caller is a member of) and targetFolderId ("0":
// the root).
struct Target {
  Space space;
  std::optional<Dentry> folder;
};

// The answer to a move or copy that placed `placed` (or found a dentry under its name, for RETURN_DENTRY_IF_EXISTS).
struct Outcome {
  Dentry dentry;
  std::optional<Task> task;  // set when it answers as an asynchronous task
};

void refuse_unplaced(const Placement& placed) {
  if (placed.outcome == Placement::Outcome::name_taken) throw http::Refusal(errors::name_conflict);
  if (placed.outcome == Placement::Outcome::folder_in_the_way) {
    throw http::Refusal(errors::name_conflict, "a folder with this name is in the way");
  }
}

boost::json::object single_body(const Outcome& outcome) {
  boost::json::object o;
  o["async"] = outcome.task.has_value();
  if (outcome.task) {
    o["taskId"] = outcome.task->id;
  } else {
    o["dentry"] = dentry_json(outcome.dentry);
  }
  return o;
}

boost::json::object batch_item(const std::string& space_id, const std::string& id, const Outcome* outcome,
                               std::string_view error_code) {
  boost::json::object o;
  o["dentryId"] = id;
  o["spaceId"] = space_id;
  o["success"] = outcome != nullptr;
  o["async"] = outcome && outcome->task.has_value();
  if (outcome) {
    o["targetSpaceId"] = outcome->dentry.space_id;
    if (outcome->task) {
      o["taskId"] = outcome->task->id;
    } else {
      o["targetDentryId"] = outcome->dentry.id;
    }
  } else {
    o["errorCode"] = error_code;
  }
  return o;
}

boost::json::object batch_body(boost::json::array items) {
  boost::json::object o;
  o["resultItems"] = std::move(items);
  return o;
}

boost::json::object success_body() {
  boost::json::object o;
  o["success"] = true;
  return o;
}

boost::json::object task_body(const Task& task) {
  boost::json::object o;
  o["task"] = task_json(task);
  return o;
}

}  // namespace

namespace {

// Everything a move or copy needs past the caller: one plain function, so a batch can run each item and keep its
// refusal as the item's errorCode.
class Mover {
 public:
  Mover(Model& model, const std::string& app_key, const std::string& union_id, std::int64_t task_step)
      : model_(model), app_key_(app_key), union_id_(union_id), task_step_(task_step) {}

  Outcome run(Operation operation, const Dentry& dentry, const Target& target, ConflictStrategy strategy) const {
    const Dentry* folder = target.folder ? &*target.folder : nullptr;
    if (dentry.folder && folder && model_.within(dentry, folder->id)) {
      throw http::Refusal(errors::param_invalid, "a folder cannot be moved or copied into itself");
    }
    const std::int64_t began = model_.store().clock().now_ms();
    const Placement placed = operation == Operation::move
                                 ? model_.move(dentry, target.space, folder, dentry.name, strategy, union_id_)
                                 : model_.copy(dentry, target.space, folder, strategy, union_id_);
    refuse_unplaced(placed);
    Outcome outcome{placed.dentry, std::nullopt};
    const bool moved_here = placed.outcome == Placement::Outcome::created;
    const bool long_running = dentry.folder && (operation == Operation::copy || target.space.id != dentry.space_id);
    if (moved_here && long_running) {
      Task task;
      task.app_key = app_key_;
      task.total = static_cast<std::int64_t>(model_.subtree_size(placed.dentry));
      task.begin_ms = began;
      if (task.total > task_step_) {
        task.status = "IN_PROGRESS";  // Model::poll_task reports it done step by step
      } else {
        task.status = "SUCCESS";
        task.succeeded = task.total;
        task.end_ms = model_.store().clock().now_ms();
      }
      outcome.task = model_.record_task(task);
    }
    return outcome;
  }

 private:
  Model& model_;
  const std::string& app_key_;
  const std::string& union_id_;
  std::int64_t task_step_;
};

}  // namespace

namespace {

Target move_target(const Model& model, const boost::json::object& body,
                   const std::function<Space(const std::string&)>& member_space) {
  // Both are required by the SDK's models, even for a move within the same space.
  const std::string space_id = string_field(&body, "targetSpaceId");
  if (space_id.empty()) throw http::Refusal(errors::param_invalid, "targetSpaceId is required");
  Target target{member_space(space_id), std::nullopt};
  const std::string folder_id = string_field(&body, "targetFolderId");
  if (folder_id.empty()) throw http::Refusal(errors::param_parent_id, "targetFolderId is required");
  if (folder_id == kRootId) return target;
  if (!is_numeric_id(folder_id)) throw http::Refusal(errors::param_parent_id, "targetFolderId is invalid");
  target.folder = model.dentry(folder_id);
  if (!target.folder || target.folder->space_id != target.space.id) {
    throw http::Refusal(errors::dentry_not_found, "target folder not exist");
  }
  if (!target.folder->folder) throw http::Refusal(errors::param_parent_id, "targetFolderId is not a folder");
  return target;
}

}  // namespace

http::awaitable<void> DingTalkDialect::rename_dentry(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const Dentry dentry = path_dentry(exchange, caller);
  const std::string name = string_field(&body, "newName");
  if (!is_valid_name(name)) throw http::Refusal(errors::param_invalid, "newName is invalid");
  const auto parent = dentry.parent_id == kRootId ? std::nullopt : model_.dentry(dentry.parent_id);
  // A name taken in the folder is a conflict, never a silent "(1)".
  const Placement placed = co_await http::run_blocking([&] {
    return model_.move(dentry, *caller.space, parent ? &*parent : nullptr, name, ConflictStrategy::fail,
                       caller.union_id);
  });
  refuse_unplaced(placed);
  boost::json::object reply_body = dentry_reply(placed.dentry);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::relocate_dentry(http::Exchange& exchange, bool copy) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const Dentry dentry = path_dentry(exchange, caller);
  const ConflictStrategy strategy = conflict_strategy(object_field(body, "option"));
  const Target target = move_target(model_, body, [&](const std::string& id) { return member_space(caller, id); });
  const Mover mover(model_, caller.app.app_key, caller.union_id, task_step_);
  const Operation operation = copy ? Operation::copy : Operation::move;
  const Outcome outcome = co_await http::run_blocking([&] { return mover.run(operation, dentry, target, strategy); });
  boost::json::object reply_body = single_body(outcome);
  co_await reply(exchange, std::move(reply_body));
}

namespace {

// Each id of a batch moved or copied on its own; a refusal becomes that item's errorCode, the others go on.
boost::json::array run_batch(const Model& model, const Mover& mover, Operation operation, const std::string& space_id,
                             const std::vector<std::string>& ids, const Target& target, ConflictStrategy strategy) {
  boost::json::array items;
  for (const std::string& id : ids) {
    const auto dentry = is_numeric_id(id) ? model.dentry(id) : std::nullopt;
    if (!dentry || dentry->space_id != space_id) {
      items.push_back(batch_item(space_id, id, nullptr, errors::dentry_not_found.code));
      continue;
    }
    try {
      const Outcome outcome = mover.run(operation, *dentry, target, strategy);
      items.push_back(batch_item(space_id, id, &outcome, {}));
    } catch (const http::Refusal& refusal) {
      items.push_back(batch_item(space_id, id, nullptr, refusal.entry().code));
    }
  }
  return items;
}

}  // namespace

http::awaitable<void> DingTalkDialect::relocate_dentries(http::Exchange& exchange, bool copy) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "dentryIds");
  const ConflictStrategy strategy = conflict_strategy(object_field(body, "option"));
  const Target target = move_target(model_, body, [&](const std::string& id) { return member_space(caller, id); });
  const Mover mover(model_, caller.app.app_key, caller.union_id, task_step_);
  const Operation operation = copy ? Operation::copy : Operation::move;
  boost::json::array items = co_await http::run_blocking(
      [&] { return run_batch(model_, mover, operation, caller.space->id, ids, target, strategy); });
  boost::json::object reply_body = batch_body(std::move(items));
  co_await reply(exchange, std::move(reply_body));
}

namespace {

boost::json::array delete_batch(Model& model, const std::string& space_id, const std::vector<std::string>& ids,
                                bool to_recycle_bin, const std::string& union_id) {
  boost::json::array items;
  for (const std::string& id : ids) {
    const auto dentry = is_numeric_id(id) ? model.dentry(id) : std::nullopt;
    boost::json::object item;
    item["dentryId"] = id;
    item["spaceId"] = space_id;
    item["async"] = false;
    item["success"] = dentry && dentry->space_id == space_id;
    if (dentry && dentry->space_id == space_id) {
      if (to_recycle_bin) {
        model.recycle(*dentry, union_id);
      } else {
        model.remove(*dentry);
      }
    } else {
      item["errorCode"] = errors::dentry_not_found.code;
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

http::awaitable<void> DingTalkDialect::delete_dentries(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const std::vector<std::string> ids = id_list(body, "dentryIds");
  const bool to_recycle_bin = bool_field(object_field(body, "option"), "toRecycleBin");
  boost::json::array items = co_await http::run_blocking(
      [&] { return delete_batch(model_, caller.space->id, ids, to_recycle_bin, caller.union_id); });
  boost::json::object reply_body = batch_body(std::move(items));
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::revert_version(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  [[maybe_unused]] const boost::json::object body = co_await read_json(exchange);
  const Dentry dentry = path_dentry(exchange, caller);
  if (dentry.folder) throw http::Refusal(errors::operation_not_supported, "folders have no versions");
  const auto number = core::text::parse_i64(exchange.param("version"));
  const auto version = number ? model_.version(dentry.id, *number) : std::nullopt;
  if (!version) throw http::Refusal(errors::param_invalid, "version " + exchange.param("version") + " does not exist");
  co_await http::run_blocking([&] { return model_.revert(dentry, *version, caller.union_id); });
  boost::json::object reply_body = success_body();
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::get_task(http::Exchange& exchange) {
  const Caller caller = admit(exchange, /*in_space=*/false);
  const auto task = model_.task(exchange.param("task_id"));
  // Another app's task is as unknown as a missing one.
  if (!task || task->app_key != caller.app.app_key) throw http::Refusal(errors::task_not_found);
  const Task polled = co_await http::run_blocking([&] { return model_.poll_task(*task, task_step_); });
  boost::json::object reply_body = task_body(polled);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
