// Coze's accounts: personal access tokens (the token's id owns the files uploaded with it; `filegate app create
// --platform coze`) and OAuth apps of the JWT kind (the app id owns them; `filegate coze app create`). Also imports.
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/mime_types.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/jwt.hpp"

namespace filegate::dialects::coze {
namespace {

Account account_of(const Pat& pat) { return {pat.name, {{"token", pat.token}, {"id", pat.id}}}; }
Account app_account_of(const OAuthApp& app) { return {app.name, {{"app_id", app.id}, {"key_id", app.key_id}}}; }

// `filegate coze app create --public-key public_key.pem`: an OAuth app (JWT) holding that key, as the console makes
// one from a key pair; prints app_id=… key_id=… (the JWT's iss and kid).
void add_app_commands(CLI::App& root, AdminContext& context) {
  auto* coze = root.add_subcommand("coze", "Coze OAuth apps")->require_subcommand(1);
  auto* app = coze->add_subcommand("app", "Coze OAuth apps (the JWT flow)")->require_subcommand(1);
  auto* create = app->add_subcommand("create", "Create an OAuth app of the JWT kind; prints app_id=… key_id=…");
  auto key_file = std::make_shared<std::string>();
  auto request = std::make_shared<OAuthApp>();
  auto permissions = std::make_shared<std::vector<std::string>>();
  request->name = "app";
  create->add_option("--public-key", *key_file, "PEM file of the app's RSA public key (BEGIN PUBLIC KEY)")
      ->required()
      ->check(CLI::ExistingFile);
  create->add_option("--name", request->name, "The app's name");
  create->add_option("--app-id", request->id, "Decimal digits (default: a new id)");
  create->add_option("--key-id", request->key_id, "The JWT header's kid (default: the key's SHA-256 fingerprint)");
  create->add_option("--permission", *permissions, "uploadFile, retrieveFile (repeatable; default: all)");
  create->callback([=, &context] {
    std::ifstream in(*key_file);
    std::ostringstream pem;
    pem << in.rdbuf();
    OAuthApp app = *request;
    app.public_key = pem.str();
    const auto fingerprint = rsa_public_key_fingerprint(app.public_key);
    if (!fingerprint) throw std::runtime_error(*key_file + " is not an RSA public key in PEM (BEGIN PUBLIC KEY)");
    if (!app.id.empty() && !is_file_id(app.id)) throw std::runtime_error("--app-id must be decimal digits");
    if (app.key_id.empty()) app.key_id = *fingerprint;
    if (!permissions->empty()) app.permissions = *permissions;
    Model model(context.store());
    if (!app.id.empty() && model.app(app.id)) throw std::runtime_error("coze app " + app.id + " exists");
    const OAuthApp created = model.put_app(std::move(app));
    std::cout << "app_id=" << created.id << " key_id=" << created.key_id << "\n";
  });
}

// The account named by its token's value (pat_…) or its id, as the account listing shows both.
std::optional<Pat> pat_named(const Model& model, const std::string& token_or_id) {
  auto pat = model.pat_by_token(token_or_id);
  return pat ? pat : model.pat(token_or_id);
}

}  // namespace

void CozeDialect::add_admin_commands(CLI::App& root, AdminContext& context) { add_app_commands(root, context); }

std::vector<Account> CozeDialect::accounts() {
  std::vector<Account> all = to_accounts(model_.pats(), account_of);
  for (Account& app : to_accounts(model_.apps(), app_account_of)) all.push_back(std::move(app));
  return all;
}

Account CozeDialect::create_account(const AccountRequest& request) {
  return account_of(model_.create_pat(request.name));
}

// As if the token had been deleted on the platform: it stops working, and the files uploaded with it go.
bool CozeDialect::delete_account(std::string_view id) {
  if (const auto pat = pat_named(model_, std::string(id))) {
    model_.delete_pat(*pat);
    return true;
  }
  // An OAuth app: its access tokens stop working, and its files go.
  const auto app = model_.app(std::string(id));
  if (!app) return false;
  model_.delete_app(*app);
  return true;
}

// A file as POST /v1/files/upload with the owner's token would store it. The owner is the token's value (pat_…) or its
// id, or an OAuth app's id; no options.
std::string CozeDialect::import_file(core::StagedBlob& staged, const ImportRequest& request) {
  std::string owner_id;
  if (const auto pat = pat_named(model_, request.owner)) {
    owner_id = pat->id;
  } else if (const auto app = model_.app(request.owner)) {
    owner_id = app->id;
  } else {
    throw UsageError("no coze token or app " + request.owner);
  }
  return model_.commit_file(staged, owner_id, request.name, core::mime_type_for(request.name)).id;
}

}  // namespace filegate::dialects::coze
