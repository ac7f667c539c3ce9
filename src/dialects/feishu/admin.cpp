// Feishu's accounts (apps) and admin commands: chats with messages that carry files, cloud documents that Drive
// media belong to, sharing them with other apps, and expiring a chunked upload so clients can test their handling.
#include <iostream>
#include <memory>

#include "core/mime_types.hpp"
#include "dialects/feishu/feishu_dialect.hpp"

namespace filegate::dialects::feishu {
namespace {

Account account_of(const App& app) { return {app.name, {{"app_id", app.app_id}, {"app_secret", app.app_secret}}}; }

void require_app(const Model& model, const std::string& app_id) {
  if (!model.app(app_id)) throw UsageError("no feishu app " + app_id);
}

void add_message_commands(CLI::App& root, AdminContext& context) {
  auto* message = root.add_subcommand("message", "Feishu chat messages that carry files")->require_subcommand(1);
  auto* create = message->add_subcommand("create", "Create a message in a chat and print its message_id");
  auto chat = std::make_shared<std::string>();
  auto sender = std::make_shared<std::string>();
  auto members = std::make_shared<std::vector<std::string>>();
  auto msg_type = std::make_shared<std::string>("file");
  auto file_keys = std::make_shared<std::vector<std::string>>();
  create->add_option("--chat", *chat, "Chat id (created if new)")->required();
  create->add_option("--sender", *sender, "App id of the sender (a chat member)")->required();
  create->add_option("--member", *members, "Another app id in the chat (repeatable)");
  create->add_option("--msg-type", *msg_type, "file, image, audio, media, interactive, merge_forward, ...");
  create->add_option("--file-key", *file_keys, "A file key the message carries (repeatable)");
  create->callback([=, &context] {
    Model model(context.store());
    for (const auto& id : *members) require_app(model, id);
    require_app(model, *sender);
    Message draft;
    draft.chat_id = *chat;
    draft.sender_app_id = *sender;
    draft.msg_type = *msg_type;
    draft.file_keys = *file_keys;
    std::cout << model.post_message(std::move(draft), *members).message_id << "\n";
  });
}

void add_document_commands(CLI::App& root, AdminContext& context) {
  auto* doc = root.add_subcommand("doc", "Feishu Drive cloud documents (parents of media)")->require_subcommand(1);
  auto* create = doc->add_subcommand("create", "Create a document owned by an app and print its token");
  auto app_id = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>("docx");
  auto advanced = std::make_shared<bool>(false);
  create->add_option("--app", *app_id, "The owning app id")->required();
  create->add_option("--type", *type, "docx, sheet, bitable or doc");
  create->add_flag("--advanced-permissions", *advanced, "Bitable only: media downloads then need ?extra=");
  create->callback([=, &context] {
    if (!DriveModel::is_document_type(*type))
      throw CLI::ValidationError("--type", "must be docx, sheet, bitable or doc");
    if (*advanced && *type != "bitable") {
      throw CLI::ValidationError("--advanced-permissions", "only Bitable documents have advanced permissions");
    }
    require_app(Model(context.store()), *app_id);
    std::cout << DriveModel(context.store()).create_document(*app_id, *type, *advanced).token << "\n";
  });

  auto* grant =
      root.add_subcommand("grant", "Share a Feishu document with an app or a user: it may upload and read its media");
  auto grant_app = std::make_shared<std::string>();
  auto grant_doc = std::make_shared<std::string>();
  grant->add_option("--app", *grant_app, "The app id (or user open_id) to grant")->required();
  grant->add_option("--doc", *grant_doc, "The document token")->required();
  grant->callback([=, &context] {
    if (!Users(context.store()).find(*grant_app)) require_app(Model(context.store()), *grant_app);
    DriveModel drive(context.store());
    if (!drive.document(*grant_doc)) throw std::runtime_error("no feishu document " + *grant_doc);
    drive.grant(*grant_doc, *grant_app);
  });
}

void add_upload_commands(CLI::App& root, AdminContext& context) {
  auto* upload = root.add_subcommand("upload", "Chunked uploads in progress")->require_subcommand(1);
  auto* expire = upload->add_subcommand("expire", "Make an upload id expire now (to test clients' expiry handling)");
  auto platform = std::make_shared<std::string>("feishu");
  auto upload_id = std::make_shared<std::string>();
  expire->add_option("--platform", *platform, "feishu (Drive media upload_prepare)");
  expire->add_option("upload_id", *upload_id, "The upload_id from upload_prepare")->required();
  expire->callback([=, &context] {
    if (*platform != "feishu") throw CLI::ValidationError("--platform", "only feishu uploads can be expired");
    core::UploadParts uploads(context.store(), std::string(kDriveUploadNamespace));
    const auto session = uploads.find(*upload_id);
    if (!session) throw std::runtime_error("no upload " + *upload_id);
    uploads.expire_now(*session);
  });
}

}  // namespace

void FeishuDialect::add_admin_commands(CLI::App& root, AdminContext& context) {
  add_message_commands(root, context);
  add_document_commands(root, context);
  add_upload_commands(root, context);
}

std::vector<Account> FeishuDialect::accounts() { return to_accounts(model_.apps(), account_of); }

Account FeishuDialect::create_account(const AccountRequest& request) {
  return account_of(model_.create_app(request.name));
}

// As if the app had been deleted on the open platform: its tokens stop working, and what it owns goes with it (its
// files, its messages, its Drive documents and uploads in progress), in one commit.
bool FeishuDialect::delete_account(std::string_view id) {
  const std::string app_id(id);
  if (!model_.app(app_id)) return false;
  core::WriteBatch writes = model_.app_erasure(app_id);
  writes.append(drive_.app_erasure(app_id));
  writes.append(EventSubscriptions::erasure(app_id));
  for (const char* kind : {kTenantTokenKind, kAppTokenKind}) {
    writes.append(services_.tokens.subject_revocation(kind, app_id));
  }
  drive_uploads_.commit_ending_sessions_of(app_id, std::move(writes));
  return true;
}

// An IM file, as `POST /open-apis/im/v1/files` would store it, or with option kind=image an image, as
// `POST /open-apis/im/v1/images` would; options: file_type (default "stream"), image_type (default "message"). The
// owner is an app, or a user (open_id) who then sends it in a message (POST feishu/messages).
std::string FeishuDialect::import_file(core::StagedBlob& staged, const ImportRequest& request) {
  if (!users_.find(request.owner) && !model_.app(request.owner)) {
    throw UsageError("no feishu app or user " + request.owner);
  }
  if (request.option("kind") == "image") {
    const std::string image_type = request.option("image_type");
    return model_.commit_image(staged, request.owner, image_type.empty() ? "message" : image_type, request.name)
        .image_key;
  }
  const std::string file_type = request.option("file_type");
  const std::string type = file_type.empty() ? "stream" : file_type;
  return model_.commit_im_file(staged, request.owner, type, request.name, core::mime_type_for(request.name)).file_key;
}

}  // namespace filegate::dialects::feishu
