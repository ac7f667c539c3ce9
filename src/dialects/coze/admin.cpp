// Coze has no apps: its account is a personal access token, and the token's id owns the files uploaded with it.
#include "dialects/coze/coze_dialect.hpp"

namespace filegate::dialects::coze {
namespace {

Account account_of(const Pat& pat) { return {pat.name, {{"token", pat.token}, {"id", pat.id}}}; }

}  // namespace

void CozeDialect::add_admin_commands(CLI::App&, AdminContext&) {}

std::vector<Account> CozeDialect::accounts() { return to_accounts(model_.pats(), account_of); }

Account CozeDialect::create_account(const AccountRequest& request) {
  return account_of(model_.create_pat(request.name));
}

}  // namespace filegate::dialects::coze
