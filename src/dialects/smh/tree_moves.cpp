// Moving and copying inside one space's tree (Model's members, declared in model.hpp). Each is one commit (with its
// index writes, tree_index.hpp) in the model's tree_exclusive() section. A move re-keys the node and, for a directory,
// every node below it: files keep their uid, so their history and the download URLs issued for them follow them (as
// COS's presigned URLs name an object, not a path). A copy writes new nodes whose versions name the same stored
// objects: no byte is copied, and the garbage collector keeps an object while any version names it.
#include <algorithm>
#include <optional>

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {
namespace {

using tree::kHistory;
using tree::kNodes;
using tree::node_key;
using tree::node_record;

// True when `path` is `dir` or lies below it.
bool is_within(const std::vector<std::string>& path, const std::vector<std::string>& dir) {
  return path.size() >= dir.size() && std::equal(dir.begin(), dir.end(), path.begin());
}

// `path` (at or below `from`) as it is once `from` has become `to`.
std::vector<std::string> rebased(const std::vector<std::string>& path, const std::vector<std::string>& from,
                                 const std::vector<std::string>& to) {
  std::vector<std::string> out = to;
  out.insert(out.end(), path.begin() + static_cast<std::ptrdiff_t>(from.size()), path.end());
  return out;
}

http::Refusal conflict() { return http::Refusal(errors::same_name_exists); }

// The source directory of a move or copy to `to`: it exists, is not the root, and does not contain `to`.
void check_source_directory(const std::optional<Node>& dir, const std::vector<std::string>& from,
                            const std::vector<std::string>& to) {
  if (from.empty()) throw http::Refusal(errors::invalid_source_directory, "the library root cannot be moved or copied");
  if (!dir || !dir->is_dir) throw http::Refusal(errors::source_directory_not_found);
  if (is_within(to, from)) {
    throw http::Refusal(errors::invalid_source_directory, "a directory cannot be moved or copied into itself");
  }
}

}  // namespace

Model::FileTarget Model::file_target(const Scope& scope, const std::vector<std::string>& to,
                                     const std::string& strategy) const {
  // Documented for file moves and copies: parent directories are not created.
  if (!is_directory(scope, tree::parent_of(to))) {
    throw http::Refusal(errors::directory_not_found, "the target's parent directory does not exist");
  }
  auto existing = node(scope, to);
  if (!existing) return {to, std::nullopt};
  if (strategy == "rename") return {free_name(scope, to), std::nullopt};
  if (strategy != "overwrite" || existing->is_dir) throw conflict();  // overwrite never replaces a directory
  return {to, std::move(existing)};
}

std::vector<std::string> Model::directory_target(const Scope& scope, const std::vector<std::string>& to, bool rename,
                                                 std::int64_t now_ms, core::WriteBatch& writes) const {
  std::vector<std::string> prefix;
  for (std::size_t i = 0; i + 1 < to.size(); ++i) {
    prefix.push_back(to[i]);
    auto existing = node(scope, prefix);
    if (existing && !existing->is_dir) throw conflict();  // a file in the way, whatever the strategy
    if (!existing)
      writes.create(kNodes, node_key(scope, prefix),
                    node_record(Node{prefix, true, now_ms, now_ms, core::random_hex(12), {}, {}}));
  }
  auto existing = node(scope, to);
  if (!existing) return to;
  if (!existing->is_dir || !rename) throw conflict();
  return free_name(scope, to);
}

std::vector<std::string> Model::move_file(const Scope& scope, const std::vector<std::string>& from,
                                          const std::vector<std::string>& to, const std::string& strategy) {
  const auto exclusive = tree_exclusive();
  auto file = node(scope, from);
  if (!file || file->is_dir) throw http::Refusal(errors::source_file_not_found);
  if (from == to) return to;  // nothing moves
  const FileTarget target = file_target(scope, to, strategy);
  core::WriteBatch writes;
  // Overwrite replaces the file in the way, versions and all: the moved file keeps its own history.
  if (target.replaced) erase_node(scope, *target.replaced, writes);
  writes.erase(kNodes, node_key(scope, from));
  file->path = target.path;
  file->current.name = target.path.back();  // the type a client sees follows the new name
  writes.put(kNodes, node_key(scope, target.path), node_record(*file));
  commit_tree(scope, std::move(writes));
  return target.path;
}

std::vector<std::string> Model::copy_file(const Scope& scope, const std::vector<std::string>& from,
                                          const std::vector<std::string>& to, const std::string& strategy,
                                          const std::string& user_id) {
  const auto exclusive = tree_exclusive();
  const auto source = node(scope, from);
  if (!source || source->is_dir) throw http::Refusal(errors::source_file_not_found);
  const FileTarget target = file_target(scope, to, strategy);
  if (target.replaced && target.replaced->file_uid == source->file_uid) return target.path;  // onto itself
  const std::int64_t now = store_.clock().now_ms();
  Node copy = *source;
  copy.path = target.path;
  copy.modification_ms = now;
  Version v = source->current;  // the same stored object, size, CRC and ETag
  v.id = next_id("history");
  v.name = target.path.back();
  v.created_ms = now;
  v.created_by = user_id;
  // Overwrite makes the copy a new version of the file in the way, as an upload's overwrite does.
  start_or_continue(copy, v, target.replaced, now);
  copy.current = v;
  commit_tree(scope, core::WriteBatch()
                         .put(kNodes, node_key(scope, copy.path), node_record(copy))
                         .create(kHistory, tree::history_key(scope, copy.file_uid, v.id), core::to_record(v)));
  return target.path;
}

std::vector<std::string> Model::move_directory(const Scope& scope, const std::vector<std::string>& from,
                                               const std::vector<std::string>& to, bool rename) {
  const auto exclusive = tree_exclusive();
  check_source_directory(node(scope, from), from, to);
  core::WriteBatch writes;
  std::vector<std::string> target = directory_target(scope, to, rename, store_.clock().now_ms(), writes);
  // The whole subtree in this one commit: a reader sees it either here or there, never split.
  for (Node n : subtree(scope, from)) {
    writes.erase(kNodes, node_key(scope, n.path));
    n.path = rebased(n.path, from, target);
    writes.put(kNodes, node_key(scope, n.path), node_record(n));
  }
  commit_tree(scope, std::move(writes));
  return target;
}

std::vector<std::string> Model::copy_directory(const Scope& scope, const std::vector<std::string>& from,
                                               const std::vector<std::string>& to, bool rename,
                                               const std::string& user_id) {
  const auto exclusive = tree_exclusive();
  check_source_directory(node(scope, from), from, to);
  const std::int64_t now = store_.clock().now_ms();
  core::WriteBatch writes;
  std::vector<std::string> target = directory_target(scope, to, rename, now, writes);
  for (Node n : subtree(scope, from)) {
    n.path = rebased(n.path, from, target);
    n.creation_ms = n.modification_ms = now;
    n.file_uid = core::random_hex(12);  // a copy is a new node: a new inode
    if (!n.is_dir) {
      // A new file with one version: the source's current bytes, under a history id of its own.
      Version v = n.current;
      v.id = next_id("history");
      v.version = 1;
      v.creation_way = 0;
      v.created_ms = now;
      v.created_by = user_id;
      n.current = v;
      writes.create(kHistory, tree::history_key(scope, n.file_uid, v.id), core::to_record(v));
    }
    writes.create(kNodes, node_key(scope, n.path), node_record(n));
  }
  commit_tree(scope, std::move(writes));
  return target;
}

}  // namespace filegate::dialects::smh
