#include "cli/admin_commands.hpp"

#include <boost/json/serialize.hpp>

#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>

#include "core/mime_types.hpp"
#include "core/store.hpp"
#include "dialects/coze/model.hpp"
#include "dialects/dingtalk/model.hpp"
#include "core/upload_parts.hpp"
#include "dialects/feishu/drive_model.hpp"
#include "dialects/feishu/model.hpp"
#include "dialects/smh/model.hpp"

namespace filegate::cli {
namespace {

struct OpenStore {
  core::SystemClock clock;
  std::unique_ptr<core::Store> store;
};

std::unique_ptr<OpenStore> open_store(const std::filesystem::path& data_dir) {
  auto s = std::make_unique<OpenStore>();
  s->store = core::Store::open_embedded(data_dir, s->clock);
  return s;
}

void require_platform(const std::string& platform) {
  if (platform != "feishu")
    throw CLI::ValidationError("--platform", "unsupported platform '" + platform + "' (feishu)");
}

// Coze has no apps: `app create --platform coze` makes a personal access token, which is the account.
void create_coze_token(const std::filesystem::path& data_dir, const std::string& name, bool json) {
  auto s = open_store(data_dir);
  const auto pat = dialects::coze::Model(*s->store).create_pat(name);
  if (json) {
    std::cout << boost::json::serialize(boost::json::object{{"token", pat.token}, {"id", pat.id}}) << "\n";
  } else {
    std::cout << "token=" << pat.token << "\n";
  }
}

// DingTalk: an internal app (appKey/appSecret); spaces and their members are made by `space create`.
void create_dingtalk_app(const std::filesystem::path& data_dir, const std::string& name, bool json) {
  auto s = open_store(data_dir);
  const auto a = dialects::dingtalk::Model(*s->store).create_app(name);
  if (json) {
    std::cout << boost::json::serialize(boost::json::object{{"app_key", a.app_key}, {"app_secret", a.app_secret}})
              << "\n";
  } else {
    std::cout << "app_key=" << a.app_key << " app_secret=" << a.app_secret << "\n";
  }
}

// Tencent SMH: a media library (library_id/library_secret); --multi-space makes one whose spaces are created over
// the API (POST /api/v1/space/{lib}), otherwise its only space is "-".
void create_smh_library(const std::filesystem::path& data_dir, const std::string& name, bool multi_space, bool json) {
  auto s = open_store(data_dir);
  const auto lib = dialects::smh::Model(*s->store).create_library(name, multi_space);
  if (json) {
    std::cout << boost::json::serialize(
                     boost::json::object{{"library_id", lib.library_id}, {"library_secret", lib.library_secret}})
              << "\n";
  } else {
    std::cout << "library_id=" << lib.library_id << " library_secret=" << lib.library_secret << "\n";
  }
}

std::string iso_time(std::int64_t ms) {
  std::time_t seconds = ms / 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

// Streams a local file into a staged blob, read straight into the blob's buffers.
std::unique_ptr<core::StagedBlob> stage_file(core::Store& store, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  auto staged = store.stage();
  while (in) {
    const std::span<std::byte> room = staged->next_buffer();
    in.read(reinterpret_cast<char*>(room.data()), static_cast<std::streamsize>(room.size()));
    staged->commit(static_cast<std::size_t>(in.gcount()));
  }
  return staged;
}

void add_app_commands(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* app_cmd = root.add_subcommand("app", "Manage platform apps and their credentials")->require_subcommand(1);

  auto* create = app_cmd->add_subcommand("create", "Create an app and print its credentials");
  auto platform = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("app");
  auto json = std::make_shared<bool>(false);
  create->add_option("--platform", *platform, "feishu, dingtalk, coze or smh")->required();
  create->add_option("--name", *name, "A label for the app");
  create->add_flag("--json", *json, "Print JSON");
  auto multi_space = std::make_shared<bool>(false);
  create->add_flag("--multi-space", *multi_space, "smh: a multi-tenant library (spaces made over the API)");
  create->callback([=, &data_dir] {
    if (*platform == "smh") return create_smh_library(data_dir, *name, *multi_space, *json);
    if (*platform == "coze") return create_coze_token(data_dir, *name, *json);
    if (*platform == "dingtalk") return create_dingtalk_app(data_dir, *name, *json);
    require_platform(*platform);
    auto s = open_store(data_dir);
    const auto a = dialects::feishu::Model(*s->store).create_app(*name);
    if (*json) {
      std::cout << boost::json::serialize(boost::json::object{{"app_id", a.app_id}, {"app_secret", a.app_secret}})
                << "\n";
    } else {
      std::cout << "app_id=" << a.app_id << " app_secret=" << a.app_secret << "\n";
    }
  });

  auto* list = app_cmd->add_subcommand("list", "List apps");
  list->callback([&data_dir] {
    auto s = open_store(data_dir);
    for (const auto& a : dialects::feishu::Model(*s->store).apps()) {
      std::cout << "feishu  app_id=" << a.app_id << " app_secret=" << a.app_secret << " name=" << a.name << "\n";
    }
    for (const auto& l : dialects::smh::Model(*s->store).libraries()) {
      std::cout << "smh     library_id=" << l.library_id << " library_secret=" << l.library_secret << " name=" << l.name
                << (l.multi_space ? " multi-space" : "") << "\n";
    }
    for (const auto& a : dialects::dingtalk::Model(*s->store).apps()) {
      std::cout << "dingtalk  app_key=" << a.app_key << " app_secret=" << a.app_secret << " name=" << a.name << "\n";
    }
    for (const auto& p : dialects::coze::Model(*s->store).pats()) {
      std::cout << "coze    token=" << p.token << " id=" << p.id << " name=" << p.name << "\n";
    }
  });
}

void add_import_command(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* import = root.add_subcommand("import", "Store a local file through a platform and print its key");
  auto platform = std::make_shared<std::string>();
  auto app_id = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto file_type = std::make_shared<std::string>("stream");
  auto file = std::make_shared<std::filesystem::path>();
  import->add_option("--platform", *platform, "feishu")->required();
  import->add_option("--app", *app_id, "The owning app id")->required();
  import->add_option("--name", *name, "File name to record (default: the file's own name)");
  import->add_option("--file-type", *file_type, "Feishu IM file_type");
  import->add_option("file", *file, "The local file")->required()->check(CLI::ExistingFile);
  import->callback([=, &data_dir] {
    require_platform(*platform);
  auto s = open_store(data_dir);
  dialects::feishu::Model model(*s->store);
  if (!model.app(*app_id)) throw std::runtime_error("no feishu app " + *app_id);
  const std::string file_name = name->empty() ? file->filename().string() : *name;
  auto staged = stage_file(*s->store, *file);
  const auto im_file = model.commit_im_file(*staged, *app_id, *file_type, file_name, core::mime_type_for(file_name));
  std::cout << im_file.file_key << "\n";
});
}  // namespace

void add_ls_command(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* ls = root.add_subcommand("ls", "List stored objects");
  ls->callback([&data_dir] {
    auto s = open_store(data_dir);
    for (auto it = s->store->metadata().scan_objects(); it.valid(); it.next()) {
      const core::ObjectRecord& o = it.value();
      std::cout << o.id << "  " << o.digests.size << "  " << o.origin << "  " << iso_time(o.created_at_ms) << "  "
                << o.name << "\n";
    }
  });
}

void add_message_command(CLI::App& root, const std::filesystem::path& data_dir) {
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
  create->callback([=, &data_dir] {
    auto s = open_store(data_dir);
    dialects::feishu::Model model(*s->store);
    for (const auto& id : *members) {
      if (!model.app(id)) throw std::runtime_error("no feishu app " + id);
    }
    if (!model.app(*sender)) throw std::runtime_error("no feishu app " + *sender);
    std::cout << model.create_message(*chat, *sender, *members, *msg_type, *file_keys).message_id << "\n";
  });
}

}  // namespace filegate::cli

// DingTalk storage spaces (with their member users) and dentry states the API cannot set, such as archived.
void add_dingtalk_commands(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* space = root.add_subcommand("space", "DingTalk storage spaces")->require_subcommand(1);
  auto* create = space->add_subcommand("create", "Create a space owned by an app and print its space id");
  auto app_key = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("space");
  auto members = std::make_shared<std::vector<std::string>>();
  create->add_option("--app", *app_key, "The owning DingTalk app key")->required();
  create->add_option("--name", *name, "A label for the space");
  create->add_option("--member", *members, "The unionId of a user who may use the space (repeatable)");
  create->callback([=, &data_dir] {
    auto s = open_store(data_dir);
    dialects::dingtalk::Model model(*s->store);
    if (!model.app(*app_key)) throw std::runtime_error("no dingtalk app " + *app_key);
    std::cout << model.create_space(*app_key, *name, *members).id << "\n";
  });

  auto* dentry = root.add_subcommand("dentry", "DingTalk storage files and folders")->require_subcommand(1);
  auto* archive = dentry->add_subcommand("archive", "Mark a file archived: its download info answers fileArchived");
  auto space_id = std::make_shared<std::string>();
  auto dentry_id = std::make_shared<std::string>();
  auto undo = std::make_shared<bool>(false);
  archive->add_option("--space", *space_id, "The space id")->required();
  archive->add_option("--dentry", *dentry_id, "The file's dentry id")->required();
  archive->add_flag("--unarchive", *undo, "Clear the mark instead");
  archive->callback([=, &data_dir] {
    auto s = open_store(data_dir);
    dialects::dingtalk::Model model(*s->store);
    const auto d = model.dentry(*dentry_id);
    if (!d || d->space_id != *space_id) throw std::runtime_error("no dentry " + *dentry_id + " in space " + *space_id);
    if (!model.set_archived(*dentry_id, !*undo)) throw std::runtime_error("dentry " + *dentry_id + " is a folder");
  });
}

// Feishu Drive: documents to upload media into, sharing them with other apps, and chunked-upload admin.
static void add_drive_commands(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* doc = root.add_subcommand("doc", "Feishu Drive cloud documents (parents of media)")->require_subcommand(1);
  auto* create = doc->add_subcommand("create", "Create a document owned by an app and print its token");
  auto app_id = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>("docx");
  auto advanced = std::make_shared<bool>(false);
  create->add_option("--app", *app_id, "The owning app id")->required();
  create->add_option("--type", *type, "docx, sheet, bitable or doc");
  create->add_flag("--advanced-permissions", *advanced, "Bitable only: media downloads then need ?extra=");
  create->callback([=, &data_dir] {
    if (!dialects::feishu::DriveModel::is_document_type(*type)) {
      throw CLI::ValidationError("--type", "must be docx, sheet, bitable or doc");
    }
    if (*advanced && *type != "bitable") {
      throw CLI::ValidationError("--advanced-permissions", "only Bitable documents have advanced permissions");
    }
    auto s = open_store(data_dir);
    if (!dialects::feishu::Model(*s->store).app(*app_id)) throw std::runtime_error("no feishu app " + *app_id);
    std::cout << dialects::feishu::DriveModel(*s->store).create_document(*app_id, *type, *advanced).token << "\n";
  });

  auto* grant = root.add_subcommand("grant", "Share a Feishu document with an app: it may upload and read its media");
  auto grant_app = std::make_shared<std::string>();
  auto grant_doc = std::make_shared<std::string>();
  grant->add_option("--app", *grant_app, "The app id to grant")->required();
  grant->add_option("--doc", *grant_doc, "The document token")->required();
  grant->callback([=, &data_dir] {
    auto s = open_store(data_dir);
    if (!dialects::feishu::Model(*s->store).app(*grant_app)) throw std::runtime_error("no feishu app " + *grant_app);
    dialects::feishu::DriveModel drive(*s->store);
    if (!drive.document(*grant_doc)) throw std::runtime_error("no feishu document " + *grant_doc);
    drive.grant(*grant_doc, *grant_app);
  });

  auto* upload = root.add_subcommand("upload", "Chunked uploads in progress")->require_subcommand(1);
  auto* expire = upload->add_subcommand("expire", "Make an upload id expire now (to test clients' expiry handling)");
  auto platform = std::make_shared<std::string>("feishu");
  auto upload_id = std::make_shared<std::string>();
  expire->add_option("--platform", *platform, "feishu (Drive media upload_prepare)");
  expire->add_option("upload_id", *upload_id, "The upload_id from upload_prepare")->required();
  expire->callback([=, &data_dir] {
    if (*platform != "feishu") throw CLI::ValidationError("--platform", "only feishu uploads can be expired");
    auto s = open_store(data_dir);
    core::UploadParts uploads(*s->store, std::string(dialects::feishu::kDriveUploadNamespace));
    const auto session = uploads.find(*upload_id);
    if (!session) throw std::runtime_error("no upload " + *upload_id);
    uploads.expire_now(*session);
  });
}

void add_admin_commands(CLI::App& app, const std::filesystem::path& data_dir) {
  add_app_commands(app, data_dir);
  add_import_command(app, data_dir);
  add_ls_command(app, data_dir);
  add_message_command(app, data_dir);
  add_drive_commands(app, data_dir);
  add_dingtalk_commands(app, data_dir);
}

}  // namespace filegate::cli
