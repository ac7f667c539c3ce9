// Coze has no apps: its account is a personal access token, and the token's id owns the files uploaded with it.
// Also imports.
#include "core/mime_types.hpp"
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

// A file as POST /v1/files/upload with the owner's token would store it. The owner is the token's value (pat_…) or its
// id, as the account listing shows both; no options.
std::string CozeDialect::import_file(core::StagedBlob& staged, const ImportRequest& request) {
  auto owner = model_.pat_by_token(request.owner);
  if (!owner) owner = model_.pat(request.owner);
  if (!owner) throw UsageError("no coze token " + request.owner);
  return model_.commit_file(staged, owner->id, request.name, core::mime_type_for(request.name)).id;
}

}  // namespace filegate::dialects::coze
