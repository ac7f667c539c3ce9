// SMH's accounts: media libraries. A multi-space library (options {"multi_space": true}) has its spaces created over
// the API (POST /api/v1/space/{lib}); any other has the one space "-".
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

}  // namespace filegate::dialects::smh
