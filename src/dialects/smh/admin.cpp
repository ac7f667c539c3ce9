// SMH's accounts: media libraries. A multi-space library (options {"multi_space": true}) has its spaces created over
// the API (POST /api/v1/space/{lib}); any other has the one space "-". Also imports.
#include "dialects/smh/file_handles.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate::dialects::smh {
namespace {

Account account_of(const Library& library) {
  Account account{library.name, {{"library_id", library.library_id}, {"library_secret", library.library_secret}}};
  if (library.multi_space) account.credentials["multi_space"] = true;
  return account;
}

}  // namespace

void SmhDialect::add_admin_commands(CLI::App&, AdminContext&) {}

std::vector<Account> SmhDialect::accounts() { return to_accounts(model_.libraries(), account_of); }

Account SmhDialect::create_account(const AccountRequest& request) {
  const auto* multi_space = request.options.if_contains("multi_space");
  return account_of(
      model_.create_library(request.name, multi_space && multi_space->is_bool() && multi_space->get_bool()));
}

// As if the library had been deleted in the console: its access tokens stop working, and its spaces go with every
// file, version and recycled item in them.
bool SmhDialect::delete_account(std::string_view id) {
  const std::string library_id(id);
  if (!model_.library(library_id)) return false;
  model_.delete_library(library_id, services_.tokens.subject_revocation(std::string(kTokenKind), library_id));
  return true;
}

// A file as an upload and its confirm would store it. Options: space (default "-"), folder ("docs/2024", made where
// missing; default the root), strategy ("rename", the API's default, or "overwrite"). Returns its handle,
// "<library>/<space>/<path>".
std::string SmhDialect::import_file(core::StagedBlob& staged, const ImportRequest& request) {
  const std::string space = request.option("space");
  const Scope scope = scope_of(model_, request.owner, space.empty() ? "-" : space);
  const std::string folder = request.option("folder");
  std::vector<std::string> path = folder.empty() ? std::vector<std::string>() : plain_path(folder, false);
  const std::vector<std::string> name = plain_path(request.name, true);
  if (name.size() != 1) throw UsageError("name is a file name, without '/': put folders in the folder option");
  path.push_back(name.front());
  const std::string strategy = request.option("strategy").empty() ? "rename" : request.option("strategy");
  if (strategy != "rename" && strategy != "overwrite") throw UsageError("strategy must be rename or overwrite");
  return file_handle(scope, place_file(model_, staged, scope, path, strategy).node.path);
}

}  // namespace filegate::dialects::smh
