#include "dialects/dingtalk/folder_paths.hpp"

#include "dialects/dialect.hpp"
#include "dialects/dingtalk/naming.hpp"

namespace filegate::dialects::dingtalk {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> names;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view name = path.substr(0, slash);
    if (!is_valid_name(name)) throw UsageError("\"" + std::string(name) + "\" is not a valid file or folder name");
    names.emplace_back(name);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  if (names.empty()) throw UsageError("the path is empty");
  return names;
}

std::optional<Dentry> ensure_folders(Model& model, const Space& space, std::span<const std::string> names,
                                     const std::string& union_id) {
  std::optional<Dentry> folder;
  for (const std::string& name : names) {
    const Placement placed =
        model.add_folder(space, folder ? &*folder : nullptr, name, union_id, ConflictStrategy::return_existing);
    if (!placed.dentry.folder) throw UsageError("a file is in the way: " + placed.dentry.path);
    folder = placed.dentry;
  }
  return folder;
}

}  // namespace filegate::dialects::dingtalk
