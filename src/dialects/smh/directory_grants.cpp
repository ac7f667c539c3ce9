#include "dialects/smh/directory_grants.hpp"

#include "core/record_fields.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/path.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {
namespace {

std::string grant_key(const Scope& scope, const std::string& user_id, const std::vector<std::string>& dir) {
  return tree::scope_prefix(scope) + user_id + "\n" + join_path(dir);
}

constexpr std::string_view access_name(Model::DirectoryAccess access) {
  switch (access) {
    case Model::DirectoryAccess::read_only:
      return "read_only";
    case Model::DirectoryAccess::none:
      return "none";
    case Model::DirectoryAccess::full:
      break;
  }
  return "full";
}

}  // namespace

void Model::set_directory_access(const Scope& scope, const std::string& user_id, const std::vector<std::string>& dir,
                                 DirectoryAccess access) {
  // "full" is stored too: it lifts a restriction of a directory above.
  store_.metadata().commit(core::WriteBatch().put(tree::kGrants, grant_key(scope, user_id, dir),
                                                  {{"access", std::string(access_name(access))}}));
}

Model::DirectoryAccess Model::directory_access(const Scope& scope, const std::string& user_id,
                                               const std::vector<std::string>& path) const {
  if (user_id.empty()) return DirectoryAccess::full;
  std::vector<std::string> dir = path;
  for (;;) {
    if (auto o = store_.metadata().record(tree::kGrants, grant_key(scope, user_id, dir))) {
      const std::string access = core::record_fields::str(*o, "access");
      if (access == "read_only") return DirectoryAccess::read_only;
      if (access == "none") return DirectoryAccess::none;
      return DirectoryAccess::full;
    }
    if (dir.empty()) return DirectoryAccess::full;
    dir.pop_back();
  }
}

void require_directory_access(const Model& model, const Scope& scope, const std::string& user_id,
                              const std::vector<std::string>& path, bool write) {
  const Model::DirectoryAccess access = model.directory_access(scope, user_id, path);
  if (access == Model::DirectoryAccess::full) return;
  if (write) throw http::Refusal(errors::write_forbidden, "this user may not change anything here");
  if (access == Model::DirectoryAccess::none)
    throw http::Refusal(errors::read_forbidden, "this user may not read here");
}

}  // namespace filegate::dialects::smh
