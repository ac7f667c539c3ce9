// Nodes by inode. Nothing indexes nodes by inode, so a lookup scans the space's tree (a rare call).
#include "core/record_fields.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {

std::optional<Node> Model::node_by_inode(const Scope& scope, const std::string& inode) const {
  if (inode.empty()) return std::nullopt;
  for (auto it = store_.metadata().scan(tree::kNodes, tree::scope_prefix(scope)); it.valid(); it.next()) {
    if (core::record_fields::str(it.value(), "file_uid") != inode) continue;
    return tree::node_from(tree::split_node_key(it.key()).second, it.value());
  }
  return std::nullopt;
}

}  // namespace filegate::dialects::smh
