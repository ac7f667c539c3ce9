// SMH's part of a fixtures document ([smh], docs/fixtures.md): media libraries with fixed credentials, the spaces of
// multi-space ones, directories, files placed by path (parents made on the way), spaces' quotas and users'
// per-directory grants. Also the files the
// admin API lists and deletes, named "<library>/<space>/<path>" (file_handles.hpp).
#include "dialects/smh/file_handles.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate::dialects::smh {
namespace {

void apply_library(Model& model, FixtureTable& entry) {
  Library library{entry.string("library_id"), entry.string("library_secret"), entry.string_or("name", "fixture"),
                  entry.boolean_or("multi_space", false)};
  entry.finish();
  if (const auto existing = model.library(library.library_id);
      !existing || existing->library_secret != library.library_secret || existing->name != library.name ||
      existing->multi_space != library.multi_space) {
    model.put_library(library);
  }
}

void apply_space(Model& model, FixtureTable& entry) {
  const std::string library_id = entry.string("library_id");
  const auto library = model.library(library_id);
  if (!library) entry.fail("library_id", "names no library in smh.libraries: " + library_id);
  if (!library->multi_space) entry.fail("library_id", "is not a multi_space library: its one space is \"-\"");
  const std::string space_id = entry.string("space_id");
  entry.finish();
  if (!model.space_exists(*library, space_id)) model.create_space(library_id, space_id);
}

// The scope of an entry's library_id and space ("-" unless given).
Scope entry_scope(const Model& model, FixtureTable& entry) {
  const std::string library_id = entry.string("library_id");
  if (!model.library(library_id)) entry.fail("library_id", "names no library in smh.libraries: " + library_id);
  const std::string space = entry.string_or("space", "-");
  return at_fixture_key(entry, "space", [&] { return scope_of(model, library_id, space); });
}

void apply_directory(Model& model, FixtureTable& entry) {
  const Scope scope = entry_scope(model, entry);
  const auto path = at_fixture_key(entry, "dir_path", [&] { return plain_path(entry.string("dir_path"), false); });
  entry.finish();
  at_fixture_key(entry, "dir_path", [&] { place_directory(model, scope, path); });
}

void apply_file(Model& model, FixtureTable& entry) {
  const Scope scope = entry_scope(model, entry);
  const auto path = at_fixture_key(entry, "file_path", [&] { return plain_path(entry.string("file_path"), true); });
  auto staged = entry.content(model.store());
  entry.finish();
  if (const auto existing = model.node(scope, path)) {
    if (existing->is_dir) entry.fail("file_path", "is a directory");
    if (holds_same_content(model.store(), existing->current.object_id, *staged, path.back())) return;
  }
  // Replaced as a client replaces a file: a new version of it.
  at_fixture_key(entry, "file_path", [&] { place_file(model, *staged, scope, path, "overwrite"); });
}

// A space's byte capacity (GET /api/v1/quota/…; uploads past it answer 400 QuotaLimitReached).
void apply_quota(Model& model, FixtureTable& entry) {
  const Scope scope = entry_scope(model, entry);
  const std::int64_t capacity = entry.integer_or("capacity", -1);
  if (capacity < 0) entry.fail("capacity", "is required: the space's capacity in bytes (0 or more)");
  entry.finish();
  model.set_quota(scope, static_cast<std::uint64_t>(capacity));
}

// What a user may do under a directory (directory_grants.hpp).
void apply_directory_grant(Model& model, FixtureTable& entry) {
  const Scope scope = entry_scope(model, entry);
  const std::string user_id = entry.string("user_id");
  if (user_id.empty()) entry.fail("user_id", "must name a user");
  const auto dir = at_fixture_key(entry, "dir_path", [&] { return plain_path(entry.string("dir_path"), false); });
  const std::string access = entry.string("access");
  Model::DirectoryAccess level = Model::DirectoryAccess::full;
  if (access == "read_only") {
    level = Model::DirectoryAccess::read_only;
  } else if (access == "none") {
    level = Model::DirectoryAccess::none;
  } else if (access != "full") {
    entry.fail("access", "must be \"read_only\", \"none\" or \"full\"");
  }
  entry.finish();
  model.set_directory_access(scope, user_id, dir, level);
}

}  // namespace

void SmhDialect::apply_fixtures(FixtureTable& fixtures) {
  // In dependency order: spaces name libraries, directories and files name both.
  for (auto& entry : fixtures.tables("libraries")) apply_library(model_, entry);
  for (auto& entry : fixtures.tables("spaces")) apply_space(model_, entry);
  for (auto& entry : fixtures.tables("directories")) apply_directory(model_, entry);
  for (auto& entry : fixtures.tables("files")) apply_file(model_, entry);
  for (auto& entry : fixtures.tables("quotas")) apply_quota(model_, entry);
  for (auto& entry : fixtures.tables("directory_grants")) apply_directory_grant(model_, entry);
  fixtures.finish();
}

std::vector<FileHandle> SmhDialect::files() {
  std::vector<FileHandle> all;
  for (const ScopedNode& file : model_.files()) {
    all.push_back(
        {"path", file_handle(file.scope, file.node.path), file.scope.library_id, file.node.current.object_id});
  }
  return all;
}

// As DELETE /api/v1/file/{library}/{space}/{path} does without ?permanent: the file goes to the recycle bin.
bool SmhDialect::delete_file(std::string_view handle) {
  const auto file = parse_file_handle(handle);
  if (!file) return false;
  const auto& [scope, path] = *file;
  const auto node = model_.node(scope, path);
  if (!node || node->is_dir) return false;
  model_.remove(scope, path, /*permanent=*/false);
  return true;
}

}  // namespace filegate::dialects::smh
