#pragma once
// Files that arrive without the API (fixtures, the admin API's import) are placed by a slash path such as
// "reports/2024/q1.pdf"; the folders on the way are made as a client would make them, one POST …/folders each.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/dingtalk/model.hpp"

namespace filegate::dialects::dingtalk {

// "reports/2024/q1.pdf" -> {"reports", "2024", "q1.pdf"}. Throws UsageError when the path is empty or a part is not a
// name DingTalk accepts.
std::vector<std::string> split_path(std::string_view path);

// The folder that `names` leads to from the space's root, each folder made where missing (as RETURN_DENTRY_IF_EXISTS
// would, by `union_id`); nullopt for the root itself. Throws UsageError when a file is in the way.
std::optional<Dentry> ensure_folders(Model& model, const Space& space, std::span<const std::string> names,
                                     const std::string& union_id);

}  // namespace filegate::dialects::dingtalk
