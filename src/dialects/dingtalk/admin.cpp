// DingTalk's accounts (internal apps: appKey/appSecret), imports, and admin commands: storage spaces with their
// member users, and dentry states the API cannot set, such as archived.
#include <iostream>
#include <memory>

#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/folder_paths.hpp"
#include "dialects/dingtalk/naming.hpp"

namespace filegate::dialects::dingtalk {
namespace {

Account account_of(const App& app) { return {app.name, {{"app_key", app.app_key}, {"app_secret", app.app_secret}}}; }

void add_space_commands(CLI::App& root, AdminContext& context) {
  auto* space = root.add_subcommand("space", "DingTalk storage spaces")->require_subcommand(1);
  auto* create = space->add_subcommand("create", "Create a space owned by an app and print its space id");
  auto app_key = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("space");
  auto members = std::make_shared<std::vector<std::string>>();
  create->add_option("--app", *app_key, "The owning DingTalk app key")->required();
  create->add_option("--name", *name, "A label for the space");
  create->add_option("--member", *members, "The unionId of a user who may use the space (repeatable)");
  create->callback([=, &context] {
    Model model(context.store());
    if (!model.app(*app_key)) throw std::runtime_error("no dingtalk app " + *app_key);
    std::cout << model.create_space(*app_key, *name, *members).id << "\n";
  });

  auto* configure = space->add_subcommand("configure", "Set how a space's storage serves downloads");
  auto configured_id = std::make_shared<std::string>();
  auto protocols = std::make_shared<std::vector<std::string>>();
  auto unarchive = std::make_shared<std::int64_t>(-1);
  configure->add_option("--space", *configured_id, "The space id")->required();
  configure->add_option("--download-protocol", *protocols,
                        "A download protocol the space's storage supports (repeatable); without HEADER_SIGNATURE "
                        "downloads answer dentryDownloadProtocolNotSupport");
  configure
      ->add_option("--unarchive-seconds", *unarchive,
                   "Seconds from the first download attempt of an archived file until it is readable; -1: the "
                   "server's default")
      ->check(CLI::Range(std::int64_t{-1}, std::int64_t{7 * 24 * 3600}));
  configure->callback([=, &context] {
    Model model(context.store());
    auto found = model.space(*configured_id);
    if (!found) throw std::runtime_error("no dingtalk space " + *configured_id);
    found->download_protocols = *protocols;
    found->unarchive_seconds = *unarchive;
    model.update_space(*found);
  });
}

void add_dentry_commands(CLI::App& root, AdminContext& context) {
  auto* dentry = root.add_subcommand("dentry", "DingTalk storage files and folders")->require_subcommand(1);
  auto* archive = dentry->add_subcommand("archive", "Mark a file archived: its download info answers fileArchived");
  auto space_id = std::make_shared<std::string>();
  auto dentry_id = std::make_shared<std::string>();
  auto undo = std::make_shared<bool>(false);
  archive->add_option("--space", *space_id, "The space id")->required();
  archive->add_option("--dentry", *dentry_id, "The file's dentry id")->required();
  archive->add_flag("--unarchive", *undo, "Clear the mark instead");
  archive->callback([=, &context] {
    Model model(context.store());
    const auto d = model.dentry(*dentry_id);
    if (!d || d->space_id != *space_id) throw std::runtime_error("no dentry " + *dentry_id + " in space " + *space_id);
    if (!model.set_archived(*dentry_id, !*undo)) throw std::runtime_error("dentry " + *dentry_id + " is a folder");
  });
}

}  // namespace

void DingTalkDialect::add_admin_commands(CLI::App& root, AdminContext& context) {
  add_space_commands(root, context);
  add_dentry_commands(root, context);
}

std::vector<Account> DingTalkDialect::accounts() { return to_accounts(model_.apps(), account_of); }

Account DingTalkDialect::create_account(const AccountRequest& request) {
  return account_of(model_.create_app(request.name));
}

// As if the app had been deleted on the open platform: its access tokens stop working, and its spaces go with every
// file in them.
bool DingTalkDialect::delete_account(std::string_view id) {
  const std::string app_key(id);
  if (!model_.app(app_key)) return false;
  model_.delete_app(app_key, services_.tokens.subject_revocation(std::string(kTokenKind), app_key));
  return true;
}

// A file as uploadInfos, the signed PUT and commit would store it. Options: space_id (required, a space of the owner),
// folder ("reports/2024", made where missing; default the space's root), union_id (default the space's first
// member). A taken name is renamed, as the API's default AUTO_RENAME does.
std::string DingTalkDialect::import_file(core::StagedBlob& staged, const ImportRequest& request) {
  if (!model_.app(request.owner)) throw UsageError("no dingtalk app " + request.owner);
  const std::string space_id = request.option("space_id");
  if (space_id.empty()) throw UsageError("space_id is required: the space to import into");
  const auto space = model_.space(space_id);
  if (!space || space->app_key != request.owner) throw UsageError("app " + request.owner + " has no space " + space_id);
  std::string union_id = request.option("union_id");
  if (union_id.empty() && !space->members.empty()) union_id = space->members.front();
  if (!space->has_member(union_id)) throw UsageError("union_id " + union_id + " is not a member of space " + space_id);
  if (!is_valid_name(request.name)) throw UsageError("\"" + request.name + "\" is not a valid file name");
  const std::string folder_path = request.option("folder");
  const std::vector<std::string> folders = folder_path.empty() ? std::vector<std::string>() : split_path(folder_path);
  const auto folder = ensure_folders(model_, *space, folders, union_id);
  return model_
      .import_file(staged, *space, folder ? &*folder : nullptr, request.name, union_id, ConflictStrategy::auto_rename)
      .dentry.id;
}

}  // namespace filegate::dialects::dingtalk
