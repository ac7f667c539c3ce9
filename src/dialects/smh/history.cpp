// Versions by history id: find one in a space, make one the latest again, delete some. The history list and
// history_id downloads are in model.cpp and file_routes.cpp.
#include <fmt/format.h>

#include "core/record_fields.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_index.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {

using tree::history_key;
using tree::kHistory;
using tree::kNodes;

// History keys are "<scope>\n<file uid>\n<12-digit id>": the space's history-id index names the file uid of an id,
// and its inode index the file (tree_index.hpp). A space no change has indexed yet (last written by an older filegate)
// is scanned instead: its history for the id, then its nodes for the file.
std::optional<VersionOf> Model::find_version(const Scope& scope, std::int64_t history_id) const {
  auto& metadata = store_.metadata();
  if (tree_index::built(metadata, scope)) {
    const auto file_uid = tree_index::file_of_version(metadata, scope, history_id);
    if (!file_uid) return std::nullopt;
    auto v = version(scope, *file_uid, history_id);
    auto file = v ? node_by_inode(scope, *file_uid) : std::nullopt;
    if (!file) return std::nullopt;
    return VersionOf{std::move(*file), std::move(*v)};
  }
  const std::string prefix = tree::scope_prefix(scope);
  const std::string id_suffix = "\n" + fmt::format("{:012}", history_id);
  for (auto it = metadata.scan(kHistory, prefix); it.valid(); it.next()) {
    const std::string& key = it.key();
    if (!key.ends_with(id_suffix)) continue;
    const std::string file_uid = key.substr(prefix.size(), key.size() - prefix.size() - id_suffix.size());
    for (auto node = metadata.scan(kNodes, prefix); node.valid(); node.next()) {
      if (core::record_fields::str(node.value(), "file_uid") != file_uid) continue;
      return VersionOf{tree::node_from(tree::split_node_key(node.key()).second, node.value()),
                       core::from_record<Version>(it.value())};
    }
  }
  return std::nullopt;
}

Node Model::restore_version(const Scope& scope, std::int64_t history_id, const std::string& user_id) {
  const auto exclusive = tree_exclusive();
  auto found = find_version(scope, history_id);
  if (!found) throw http::Refusal(errors::file_not_found, "no such history version");
  require_quota(scope, found->version.size);
  Node file = std::move(found->file);
  const std::int64_t now = store_.clock().now_ms();
  Version v = found->version;  // the same stored object, so the same size, crc64, ETag and content type
  v.id = next_id("history");
  v.version = file.current.version + 1;
  v.name = file.path.back();
  v.creation_way = 2;  // documented: 2 = restored
  v.created_ms = now;
  v.created_by = user_id;
  file.current = v;
  file.modification_ms = now;
  commit_tree(scope, core::WriteBatch()
                         .put(kNodes, tree::node_key(scope, file.path), tree::node_record(file))
                         .create(kHistory, history_key(scope, file.file_uid, v.id), core::to_record(v)));
  return file;
}

void Model::delete_versions(const Scope& scope, const std::vector<std::int64_t>& history_ids) {
  const auto exclusive = tree_exclusive();
  core::WriteBatch writes;
  for (const std::int64_t id : history_ids) {
    auto found = find_version(scope, id);
    if (!found) throw http::Refusal(errors::file_not_found, "no such history version: " + std::to_string(id));
    if (found->file.current.id == id) {
      throw http::Refusal(errors::param_invalid,
                          "version " + std::to_string(id) + " is the file's latest; delete the file instead");
    }
    writes.erase(kHistory, history_key(scope, found->file.file_uid, id));
  }
  commit_tree(scope, std::move(writes));
}

}  // namespace filegate::dialects::smh
