// Nodes by inode: one lookup in the space's inode index (tree_index.hpp), or, in a space no change has indexed yet
// (last written by an older filegate), a scan of its tree.
#include "core/record_fields.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_index.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {

std::optional<Node> Model::node_by_inode(const Scope& scope, const std::string& inode) const {
  if (inode.empty()) return std::nullopt;
  auto& metadata = store_.metadata();
  if (tree_index::built(metadata, scope)) {
    // The index and the node are two reads: a move committed between them is seen by reading the index again.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const auto path = tree_index::path_of_inode(metadata, scope, inode);
      if (!path) return std::nullopt;
      auto found = node(scope, *path);
      if (found && found->file_uid == inode) return found;
    }
    return std::nullopt;
  }
  for (auto it = metadata.scan(tree::kNodes, tree::scope_prefix(scope)); it.valid(); it.next()) {
    if (core::record_fields::str(it.value(), "file_uid") != inode) continue;
    return tree::node_from(tree::split_node_key(it.key()).second, it.value());
  }
  return std::nullopt;
}

}  // namespace filegate::dialects::smh
