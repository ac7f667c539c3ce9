// Coze has no apps: its account is a personal access token, and the token's id owns the files uploaded with it.
// Also imports.
#include "core/mime_types.hpp"
#include "dialects/coze/coze_dialect.hpp"

namespace filegate::dialects::coze {
namespace {

Account account_of(const Pat& pat) { return {pat.name, {{"token", pat.token}, {"id", pat.id}}}; }

// The account named by its token's value (pat_…) or its id, as the account listing shows both.
std::optional<Pat> pat_named(const Model& model, const std::string& token_or_id) {
  auto pat = model.pat_by_token(token_or_id);
  return pat ? pat : model.pat(token_or_id);
}

}  // namespace

void CozeDialect::add_admin_commands(CLI::App&, AdminContext&) {}

std::vector<Account> CozeDialect::accounts() { return to_accounts(model_.pats(), account_of); }

Account CozeDialect::create_account(const AccountRequest& request) {
  return account_of(model_.create_pat(request.name));
}

// As if the token had been deleted on the platform: it stops working, and the files uploaded with it go.
bool CozeDialect::delete_account(std::string_view id) {
  const auto pat = pat_named(model_, std::string(id));
  if (!pat) return false;
  model_.delete_pat(*pat);
  return true;
}

// A file as POST /v1/files/upload with the owner's token would store it. The owner is the token's value (pat_…) or its
// id; no options.
std::string CozeDialect::import_file(core::StagedBlob& staged, const ImportRequest& request) {
  const auto owner = pat_named(model_, request.owner);
  if (!owner) throw UsageError("no coze token " + request.owner);
  return model_.commit_file(staged, owner->id, request.name, core::mime_type_for(request.name)).id;
}

}  // namespace filegate::dialects::coze
