// DingTalk's part of a fixtures document ([dingtalk], docs/fixtures.md): apps with fixed credentials, storage spaces
// with fixed ids and their members, and files placed by path (folders made on the way) under fixed dentry ids. Also
// the files the admin API lists and deletes.
#include <map>
#include <set>

#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/folder_paths.hpp"
#include "dialects/dingtalk/naming.hpp"

namespace filegate::dialects::dingtalk {
namespace {

// A fixed id must look like the platform's, or the API refuses it before it looks it up.
std::string numeric_id(FixtureTable& entry, std::string_view key, std::string_view what) {
  std::string id = entry.string(key);
  if (!is_numeric_id(id)) entry.fail(key, "must be decimal digits, like DingTalk's " + std::string(what) + " ids");
  return id;
}

void apply_app(Model& model, FixtureTable& entry) {
  App app;
  app.app_key = entry.string("app_key");
  app.app_secret = entry.string("app_secret");
  app.name = entry.string_or("name", "fixture");
  // Absent: every API permission; present (even empty): only those.
  app.scopes_limited = entry.has("scopes");
  app.scopes = entry.strings("scopes");
  app.org_authenticated = entry.boolean_or("org_authenticated", true);
  entry.finish();
  if (const auto existing = model.app(app.app_key);
      !existing || existing->app_secret != app.app_secret || existing->name != app.name ||
      existing->scopes_limited != app.scopes_limited || existing->scopes != app.scopes ||
      existing->org_authenticated != app.org_authenticated) {
    model.put_app(app);
  }
}

void apply_space(Model& model, FixtureTable& entry) {
  const std::string space_id = numeric_id(entry, "space_id", "space");
  const std::string app_key = entry.string("app_key");
  if (!model.app(app_key)) entry.fail("app_key", "names no app in dingtalk.apps: " + app_key);
  const std::string name = entry.string_or("name", "fixture");
  const std::vector<std::string> members = entry.strings("members");
  const std::vector<std::string> protocols = entry.strings("download_protocols");
  const std::int64_t unarchive_seconds = entry.integer_or("unarchive_seconds", -1);
  if (unarchive_seconds < -1) entry.fail("unarchive_seconds", "must be 0 or more seconds");
  entry.finish();
  using Members = std::set<std::string, std::less<>>;
  if (const auto existing = model.space(space_id);
      existing && existing->app_key == app_key && existing->name == name &&
      Members(existing->members.begin(), existing->members.end()) == Members(members.begin(), members.end()) &&
      existing->download_protocols == protocols && existing->unarchive_seconds == unarchive_seconds) {
    return;
  }
  Space space = model.create_space(app_key, name, members, space_id);
  space.download_protocols = protocols;
  space.unarchive_seconds = unarchive_seconds;
  model.update_space(space);
}

void apply_file(Model& model, FixtureTable& entry) {
  const std::string space_id = entry.string("space_id");
  const auto space = model.space(space_id);
  if (!space) entry.fail("space_id", "names no space in dingtalk.spaces: " + space_id);
  std::vector<std::string> folders =
      at_fixture_key(entry, "file_path", [&] { return split_path(entry.string("file_path")); });
  const std::string union_id = entry.string("union_id");
  if (!space->has_member(union_id)) entry.fail("union_id", "is not a member of space " + space_id);
  const std::string dentry_id = entry.has("dentry_id") ? numeric_id(entry, "dentry_id", "dentry") : std::string();
  const bool archived = entry.boolean_or("archived", false);
  auto staged = entry.content(model.store());
  entry.finish();

  const std::string name = folders.back();
  folders.pop_back();
  const auto folder =
      at_fixture_key(entry, "file_path", [&] { return ensure_folders(model, *space, folders, union_id); });
  const auto at_path = model.child(space_id, folder ? folder->id : std::string(kRootId), name);
  if (at_path && at_path->folder) entry.fail("file_path", "is a folder: " + at_path->path);
  // A fixed id may name a dentry in the recycle bin: it is replaced like any other.
  const auto by_id = dentry_id.empty() ? at_path : model.stored_dentry(dentry_id);
  if (by_id && by_id->folder) entry.fail("dentry_id", "is a folder: " + by_id->path);
  if (by_id && at_path && by_id->id == at_path->id && by_id->creator_id == union_id &&
      holds_same_content(model.store(), by_id->object_id, *staged, name)) {
    if (by_id->archived != archived) model.set_archived(by_id->id, archived);
    return;
  }
  // Replaced: whatever the id or the path held goes (as a client's delete would), and the file is placed anew under
  // the fixed id, or else the id the path's file had, so a handle stays valid while the entry names that path.
  if (by_id) model.remove(*by_id);
  if (at_path && (!by_id || at_path->id != by_id->id)) model.remove(*at_path);
  const std::string id = !dentry_id.empty() ? dentry_id : at_path ? at_path->id : std::string();
  const Placement placed =
      model.import_file(*staged, *space, folder ? &*folder : nullptr, name, union_id, ConflictStrategy::fail, id);
  if (archived) model.set_archived(placed.dentry.id, true);
}

}  // namespace

void DingTalkDialect::apply_fixtures(FixtureTable& fixtures) {
  // In dependency order: spaces name apps, files name spaces.
  for (auto& entry : fixtures.tables("apps")) apply_app(model_, entry);
  for (auto& entry : fixtures.tables("spaces")) apply_space(model_, entry);
  for (auto& entry : fixtures.tables("files")) apply_file(model_, entry);
  fixtures.finish();
}

// A dentry id alone does not say where the file is, so each handle also carries "<space id>/<path>".
std::vector<FileHandle> DingTalkDialect::files() {
  std::map<std::string, std::string, std::less<>> owners;  // space id -> app key
  std::vector<FileHandle> all;
  for (const Dentry& file : model_.files()) {
    auto owner = owners.find(file.space_id);
    if (owner == owners.end()) {
      const auto space = model_.space(file.space_id);
      owner = owners.emplace(file.space_id, space ? space->app_key : std::string()).first;
    }
    all.push_back({"dentry_id", file.id, owner->second, file.object_id, file.space_id + file.path});
  }
  return all;
}

// As DELETE …/dentries/{dentryId} does; folders are not files, so they are not deleted here.
bool DingTalkDialect::delete_file(std::string_view handle) {
  const auto file = model_.dentry(std::string(handle));
  if (!file || file->folder) return false;
  model_.remove(*file);
  return true;
}

}  // namespace filegate::dialects::dingtalk
