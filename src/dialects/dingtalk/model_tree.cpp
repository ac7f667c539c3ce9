// The DingTalk tree operations past upload and delete: rename and move (also across spaces), copy, version revert,
// the recycle bin, and the records of asynchronous tasks. Each is one commit, so a name is never taken twice and a
// half-done move never shows.
#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"
#include "dialects/dingtalk/model.hpp"
#include "dialects/dingtalk/model_records.hpp"
#include "dialects/dingtalk/naming.hpp"

namespace filegate::dialects::dingtalk {
namespace {

using namespace records;  // NOLINT(google-build-using-namespace): this file keeps records of the model
using core::record_fields::str;

std::string path_under(const Dentry* parent, const std::string& name) {
  return (parent ? parent->path : std::string()) + "/" + name;
}

// `d.path` with the old top's path prefix replaced by the new one.
std::string moved_path(const Dentry& d, const std::string& old_top, const std::string& new_top) {
  return new_top + d.path.substr(old_top.size());
}

}  // namespace

std::vector<Dentry> Model::subtree(const Dentry& top) const {
  std::vector<Dentry> out = {top};
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].folder) continue;
    const std::string prefix = child_prefix(out[i].space_id, out[i].id);
    for (auto it = store_.metadata().scan(kChildren, prefix); it.valid(); it.next()) {
      if (auto c = stored_dentry(str(it.value(), "dentry_id"))) out.push_back(std::move(*c));
    }
  }
  return out;
}

std::size_t Model::subtree_size(const Dentry& top) const { return subtree(top).size(); }

bool Model::within(const Dentry& top, const std::string& folder_id) const {
  std::string at = folder_id;
  // Up from the folder to the root: each step is a parent link, at most as many as the tree is deep.
  for (unsigned depth = 0; at != kRootId && depth < kMaxPlacementAttempts; ++depth) {
    if (at == top.id) return true;
    const auto d = stored_dentry(at);
    if (!d) return false;
    at = d->parent_id;
  }
  return false;
}

core::WriteBatch Model::remove_writes(const Dentry& top) const {
  core::WriteBatch writes;
  if (!top.recycle_item.empty()) writes.erase(kRecycle, recycle_key(top.space_id, top.recycle_item));
  for (const Dentry& d : subtree(top)) {
    writes.erase(kChildren, child_key(d.space_id, d.parent_id, d.name));
    writes.erase(kDentries, d.id);
    if (!d.folder) {
      for (const Version& v : versions(d.id)) writes.erase(kVersions, version_key(d.id, v.version));
    }
  }
  return writes;
}

Placement Model::settle(
    const Space& space, const Dentry* parent, const std::string& name, ConflictStrategy strategy,
    const std::string& moving_id,
    const std::function<std::pair<Dentry, core::WriteBatch>(const std::string&, const std::optional<Dentry>&)>& build) {
  const std::string parent_id = parent ? parent->id : std::string(kRootId);
  unsigned rename = 0;
  for (unsigned attempt = 0; attempt < kMaxPlacementAttempts; ++attempt) {
    const std::string candidate = rename == 0 ? name : auto_renamed(name, rename);
    std::optional<Dentry> replaced;
    if (auto existing = child(space.id, parent_id, candidate)) {
      if (existing->id == moving_id) return Placement{Placement::Outcome::existing, *existing};  // already there
      switch (strategy) {
        case ConflictStrategy::auto_rename:
          ++rename;
          continue;
        case ConflictStrategy::return_existing:
          return Placement{Placement::Outcome::existing, *existing};
        case ConflictStrategy::fail:
          return Placement{Placement::Outcome::name_taken, {}};
        case ConflictStrategy::overwrite:
          if (existing->folder) return Placement{Placement::Outcome::folder_in_the_way, {}};
          replaced = std::move(existing);
          break;
      }
    }
    auto [placed, writes] = build(candidate, replaced);
    try {
      store_.metadata().commit(writes);
      return Placement{replaced ? Placement::Outcome::new_version : Placement::Outcome::created, placed};
    } catch (const core::RecordExists&) {
      // Someone took the name meanwhile: look again.
    }
  }
  throw std::runtime_error("could not find a free name for " + name);
}

Placement Model::move(const Dentry& top, const Space& space, const Dentry* parent, const std::string& name,
                      ConflictStrategy strategy, const std::string& union_id) {
  const std::vector<Dentry> nodes = subtree(top);
  const std::string parent_id = parent ? parent->id : std::string(kRootId);
  const std::int64_t now = store_.clock().now_ms();
  auto build = [&](const std::string& candidate, const std::optional<Dentry>& replaced) {
    core::WriteBatch writes = replaced ? remove_writes(*replaced) : core::WriteBatch();
    if (top.recycle_item.empty()) {
      writes.erase(kChildren, child_key(top.space_id, top.parent_id, top.name));
    } else {
      writes.erase(kRecycle, recycle_key(top.space_id, top.recycle_item));
    }
    // After the erase of the displaced file's entry, so this create cannot collide with it.
    writes.create(kChildren, child_key(space.id, parent_id, candidate), {{"dentry_id", top.id}});
    const std::string new_path = path_under(parent, candidate);
    Dentry moved_top;
    for (const Dentry& n : nodes) {
      Dentry m = n;
      m.space_id = space.id;
      m.path = moved_path(n, top.path, new_path);
      m.recycle_item.clear();
      if (n.id == top.id) {
        m.parent_id = parent_id;
        m.name = candidate;
        m.modifier_id = union_id;
        m.modified_ms = now;
        moved_top = m;
      } else if (space.id != n.space_id) {
        // The child index is keyed by space: entries below the top move with it.
        writes.erase(kChildren, child_key(n.space_id, n.parent_id, n.name));
        writes.put(kChildren, child_key(space.id, n.parent_id, n.name), {{"dentry_id", n.id}});
      }
      writes.put(kDentries, m.id, core::to_record(m));
    }
    return std::make_pair(moved_top, std::move(writes));
  };
  return settle(space, parent, name, strategy, top.id, build);
}

Placement Model::copy(const Dentry& top, const Space& space, const Dentry* parent, ConflictStrategy strategy,
                      const std::string& union_id) {
  const std::vector<Dentry> nodes = subtree(top);
  const std::string parent_id = parent ? parent->id : std::string(kRootId);
  const std::int64_t now = store_.clock().now_ms();
  auto build = [&](const std::string& candidate, const std::optional<Dentry>& replaced) {
    core::WriteBatch writes = replaced ? remove_writes(*replaced) : core::WriteBatch();
    const std::string new_path = path_under(parent, candidate);
    std::map<std::string, std::string> new_ids;  // source id -> copy id
    Dentry copied_top;
    for (const Dentry& n : nodes) {
      Dentry c = n;
      c.id = core::random_digits(11);
      c.uuid = core::random_alphanumeric(32);
      new_ids[n.id] = c.id;
      c.space_id = space.id;
      c.parent_id = n.id == top.id ? parent_id : new_ids.at(n.parent_id);
      c.name = n.id == top.id ? candidate : n.name;
      c.path = moved_path(n, top.path, new_path);
      c.creator_id = c.modifier_id = union_id;
      c.created_ms = c.modified_ms = now;
      c.archived = false;
      c.unarchive_from_ms = 0;
      c.recycle_item.clear();
      if (!c.folder) {
        c.version = 1;
        writes.create(kVersions, version_key(c.id, 1),
                      core::to_record(Version{1, c.object_id, c.size, c.name, union_id, now}));
      }
      writes.create(kChildren, child_key(space.id, c.parent_id, c.name), {{"dentry_id", c.id}});
      writes.create(kDentries, c.id, core::to_record(c));
      if (n.id == top.id) copied_top = c;
    }
    return std::make_pair(copied_top, std::move(writes));
  };
  return settle(space, parent, top.name, strategy, {}, build);
}

Dentry Model::revert(const Dentry& file, const Version& version, const std::string& union_id) {
  const auto object = store_.metadata().object(version.object_id);
  if (!object) throw std::runtime_error("the bytes of version " + std::to_string(version.version) + " are gone");
  return commit_version(Upload{}, file, *object, union_id);
}

// ---- the recycle bin ----------------------------------------------------------------------------------------

RecycleItem Model::recycle(const Dentry& top, const std::string& union_id) {
  RecycleItem item{core::random_digits(11), top.space_id, top.id, union_id, store_.clock().now_ms()};
  core::WriteBatch writes;
  writes.create(kRecycle, recycle_key(item.space_id, item.id), core::to_record(item));
  // The top leaves the index (its name is free again); entries below it stay, for the restore.
  writes.erase(kChildren, child_key(top.space_id, top.parent_id, top.name));
  for (Dentry d : subtree(top)) {
    d.recycle_item = item.id;
    writes.put(kDentries, d.id, core::to_record(d));
  }
  store_.metadata().commit(writes);
  return item;
}

std::optional<RecycleItem> Model::recycle_item(const std::string& space_id, const std::string& item_id) const {
  auto o = store_.metadata().record(kRecycle, recycle_key(space_id, item_id));
  if (!o) return std::nullopt;
  return core::from_record(*o, &RecycleItem::id, item_id);
}

std::vector<RecycleItem> Model::recycle_items(const std::string& space_id, const std::string& after_id,
                                              std::size_t limit) const {
  const std::string prefix = space_id + "/";
  const std::string after = after_id.empty() ? std::string() : prefix + after_id;
  std::vector<RecycleItem> out;
  for (auto it = store_.metadata().scan(kRecycle, prefix, after, limit); out.size() < limit && it.valid(); it.next()) {
    out.push_back(core::from_record(it.value(), &RecycleItem::id, it.key().substr(prefix.size())));
  }
  return out;
}

Placement Model::restore(const RecycleItem& item, ConflictStrategy strategy, const std::string& union_id) {
  const auto top = stored_dentry(item.dentry_id);
  const auto space_now = space(item.space_id);
  if (!top || !space_now) throw std::runtime_error("recycle item " + item.id + " names nothing");
  auto parent = top->parent_id == kRootId ? std::nullopt : dentry(top->parent_id);
  // The former folder may since have gone, or moved to another space with the rest of its tree.
  if (parent && (!parent->folder || parent->space_id != item.space_id)) parent.reset();
  return move(*top, *space_now, parent ? &*parent : nullptr, top->name, strategy, union_id);
}

bool Model::purge(const RecycleItem& item) {
  const auto top = stored_dentry(item.dentry_id);
  if (!top || top->recycle_item != item.id) {
    // Its dentry went another way (a fixture replaced it): the item alone goes.
    store_.metadata().commit(core::WriteBatch().erase(kRecycle, recycle_key(item.space_id, item.id)));
    return false;
  }
  store_.metadata().commit(remove_writes(*top));
  return true;
}

// ---- tasks --------------------------------------------------------------------------------------------------

Task Model::record_task(Task task) {
  task.id = core::random_digits(16);
  store_.metadata().commit(core::WriteBatch().create(kTasks, task.id, core::to_record(task)));
  return task;
}

std::optional<Task> Model::task(const std::string& task_id) const {
  auto o = store_.metadata().record(kTasks, task_id);
  if (!o) return std::nullopt;
  return core::from_record(*o, &Task::id, task_id);
}

Task Model::poll_task(Task task, std::int64_t step) {
  if (task.status != "IN_PROGRESS") return task;
  task.succeeded = std::min(task.total, task.succeeded + step);
  if (task.succeeded == task.total) {
    task.status = "SUCCESS";
    task.end_ms = store_.clock().now_ms();
  }
  store_.metadata().commit(core::WriteBatch().put(kTasks, task.id, core::to_record(task)));
  return task;
}

}  // namespace filegate::dialects::dingtalk
