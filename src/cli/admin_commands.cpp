#include "cli/admin_commands.hpp"

#include <boost/json/serialize.hpp>

#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>

#include "core/mime_types.hpp"
#include "core/store.hpp"
#include "dialects/coze/model.hpp"
#include "dialects/feishu/model.hpp"

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
  if (platform != "feishu") throw CLI::ValidationError("--platform", "unsupported platform '" + platform + "' (feishu)");
}

// Coze has no apps: `app create --platform coze` makes a personal access token, which is the account.
void create_coze_token(const std::filesystem::path& data_dir, const std::string& name, bool json);

std::string iso_time(std::int64_t ms) {
  std::time_t seconds = ms / 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

// Streams a local file into a staged blob, 1 MiB at a time.
std::unique_ptr<core::StagedBlob> stage_file(core::Store& store, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  auto staged = store.stage();
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0) staged->write(core::as_bytes({buffer.data(), static_cast<std::size_t>(in.gcount())}));
  }
  return staged;
}

void add_app_commands(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* app_cmd = root.add_subcommand("app", "Manage platform apps and their credentials")->require_subcommand(1);

  auto* create = app_cmd->add_subcommand("create", "Create an app and print its credentials");
  auto platform = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("app");
  auto json = std::make_shared<bool>(false);
  create->add_option("--platform", *platform, "feishu or coze")->required();
  create->add_option("--name", *name, "A label for the app");
  create->add_flag("--json", *json, "Print JSON");
  create->callback([=, &data_dir] {
    if (*platform == "coze") return create_coze_token(data_dir, *name, *json);
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
    for (const auto& p : dialects::coze::Model(*s->store).pats()) {
      std::cout << "coze    token=" << p.token << " id=" << p.id << " name=" << p.name << "\n";
    }
  });
}

void create_coze_token(const std::filesystem::path& data_dir, const std::string& name, bool json) {
  auto s = open_store(data_dir);
  const auto pat = dialects::coze::Model(*s->store).create_pat(name);
  if (json) {
    std::cout << boost::json::serialize(boost::json::object{{"token", pat.token}, {"id", pat.id}}) << "\n";
  } else {
    std::cout << "token=" << pat.token << "\n";
  }
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
}

void add_ls_command(CLI::App& root, const std::filesystem::path& data_dir) {
  auto* ls = root.add_subcommand("ls", "List stored objects");
  ls->callback([&data_dir] {
    auto s = open_store(data_dir);
    std::string after;
    for (;;) {
      auto page = s->store->metadata().objects(after, 500);
      for (const auto& o : page) {
        std::cout << o.id << "  " << o.digests.size << "  " << o.origin << "  " << iso_time(o.created_at_ms) << "  "
                  << o.name << "\n";
      }
      if (page.size() < 500) break;
      after = page.back().id;
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

}  // namespace

void add_admin_commands(CLI::App& app, const std::filesystem::path& data_dir) {
  add_app_commands(app, data_dir);
  add_import_command(app, data_dir);
  add_ls_command(app, data_dir);
  add_message_command(app, data_dir);
}

}  // namespace filegate::cli
