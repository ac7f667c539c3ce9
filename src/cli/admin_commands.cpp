#include "cli/admin_commands.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "cli/data_dir_lock.hpp"
#include "cli/opened_store.hpp"
#include "control/admin_api.hpp"
#include "control/garbage.hpp"
#include "core/store_verifier.hpp"
#include "core/text.hpp"
#include "dialects/dialect.hpp"

namespace filegate::cli {
namespace {

// Opens the data dir when the first command asks for it: after parsing, since --data-dir may follow the command.
class LazyAdminContext final : public dialects::AdminContext {
 public:
  explicit LazyAdminContext(const StoreLocation& location) : location_(location) {}

  core::Store& store() override { return opened().store(); }

  dialects::Dialect& dialect(std::string_view name) override {
    auto found = dialects_.find(name);
    if (found != dialects_.end()) return *found->second;
    for (const auto& entry : dialects::registered_dialects()) {
      if (entry.name == name) return *dialects_.emplace(entry.name, entry.make(opened().services())).first->second;
    }
    throw CLI::ValidationError("--platform", fmt::format("unknown platform '{}' ({})", name, platform_names()));
  }

  // `app create` may start a new data dir; every other command reads one, and a mistyped --data-dir must not
  // look like an empty store.
  void allow_new_data_dir() { allow_new_ = true; }

  static std::string platform_names() {
    std::string names;
    for (const auto& entry : dialects::registered_dialects())
      names += (names.empty() ? "" : ", ") + std::string(entry.name);
    return names;
  }

 private:
  OpenedStore& opened() {
    if (!opened_) {
      if (!allow_new_ && !std::filesystem::is_directory(location_.data_dir)) {
        throw std::runtime_error("the data dir " + location_.data_dir.string() +
                                 " does not exist (check --data-dir or FILEGATE_DATA_DIR; `filegate serve` or "
                                 "`filegate app create` makes a new one)");
      }
      opened_.emplace(location_);
    }
    return *opened_;
  }

  const StoreLocation& location_;
  bool allow_new_ = false;
  std::optional<OpenedStore> opened_;
  std::map<std::string_view, std::unique_ptr<dialects::Dialect>, std::less<>> dialects_;
};

// "k=v k=v" in the credentials' own order.
std::string key_values(const boost::json::object& fields) {
  std::string line;
  for (const auto& [key, value] : fields) {
    line += fmt::format("{}{}={}", line.empty() ? "" : " ", std::string_view(key),
                        value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value));
  }
  return line;
}

void add_app_commands(CLI::App& root, LazyAdminContext& context) {
  auto* app_cmd = root.add_subcommand("app", "Manage platform accounts and their credentials")->require_subcommand(1);

  auto* create =
      app_cmd->add_subcommand("create", "Create an account (app, library or token) and print its credentials");
  auto platform = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("app");
  auto json = std::make_shared<bool>(false);
  auto multi_space = std::make_shared<bool>(false);
  create->add_option("--platform", *platform, LazyAdminContext::platform_names())->required();
  create->add_option("--name", *name, "A label for the account");
  create->add_flag("--json", *json, "Print JSON");
  create->add_flag("--multi-space", *multi_space, "smh: a multi-tenant library (spaces made over the API)");
  create->callback([=, &context] {
    context.allow_new_data_dir();
    dialects::AccountRequest request{*name, {}};
    if (*multi_space) request.options["multi_space"] = true;
    const auto account = context.dialect(*platform).create_account(request);
    std::cout << (*json ? boost::json::serialize(account.credentials) : key_values(account.credentials)) << "\n";
  });

  auto* remove = app_cmd->add_subcommand(
      "delete", "Delete an account with its tokens, files and everything else it owns (as the platform would)");
  auto delete_platform = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  remove->add_option("--platform", *delete_platform, LazyAdminContext::platform_names())->required();
  remove->add_option("id", *id, "The account as `app list` shows it: app_id, app_key, library_id, or a token's id")
      ->required();
  remove->callback([=, &context] {
    if (!context.dialect(*delete_platform).delete_account(*id)) {
      throw std::runtime_error(fmt::format("no {} account {}", *delete_platform, *id));
    }
  });

  auto* list = app_cmd->add_subcommand("list", "List every platform's accounts");
  list->callback([&context] {
    for (const auto& entry : dialects::registered_dialects()) {
      for (const auto& account : context.dialect(entry.name).accounts()) {
        std::cout << fmt::format("{:<9} {} name={}\n", entry.name, key_values(account.credentials), account.name);
      }
    }
  });
}

// "\rimporting big.bin  45% (450 of 1000 MiB)" on stderr while `filegate import` reads the file.
class ImportProgress {
 public:
  ImportProgress(const std::filesystem::path& file, bool shown)
      : name_(file.filename().string()), total_(std::filesystem::file_size(file)), shown_(shown) {}
  core::StageProgress callback() const {
    if (!shown_) return {};
    return [this](std::uint64_t done) {
      const int percent = total_ == 0 ? 100 : static_cast<int>(done * 100 / total_);
      if (percent == last_percent_) return;
      last_percent_ = percent;
      std::cerr << fmt::format("\rimporting {}  {:3}% ({} of {} MiB)", name_, percent, done >> 20, total_ >> 20)
                << std::flush;
    };
  }
  void done() const {
    if (shown_ && last_percent_ >= 0) std::cerr << "\n";
  }

 private:
  std::string name_;
  std::uint64_t total_;
  bool shown_;
  mutable int last_percent_ = -1;
};

void add_import_command(CLI::App& root, dialects::AdminContext& context) {
  auto* import_command = root.add_subcommand("import", "Store a local file through a platform and print its handle");
  auto platform = std::make_shared<std::string>();
  auto owner = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto file_type = std::make_shared<std::string>("stream");
  auto file = std::make_shared<std::filesystem::path>();
  import_command->add_option("--platform", *platform, "feishu")->required();
  import_command->add_option("--app", *owner, "The owning account (app id …)")->required();
  import_command->add_option("--name", *name, "File name to record (default: the file's own name)");
  auto options = std::make_shared<std::vector<std::string>>();
  import_command->add_option("--file-type", *file_type, "Feishu IM file_type");
  import_command
      ->add_option("--option", *options, "KEY=VALUE: the platform's import option (repeatable; see the README)")
      ->allow_extra_args(false);  // one KEY=VALUE per --option, so the file is not swallowed
  import_command->add_option("file", *file, "The local file")->required()->check(CLI::ExistingFile);
  import_command->callback([=, &context] {
    dialects::Dialect& dialect = context.dialect(*platform);
    dialects::ImportRequest request{
        *owner, name->empty() ? file->filename().string() : *name, {{"file_type", *file_type}}};
    for (const std::string& option : *options) {
      const auto eq = option.find('=');
      if (eq == std::string::npos || eq == 0) throw CLI::ValidationError("--option", "must be KEY=VALUE: " + option);
      request.options[option.substr(0, eq)] = option.substr(eq + 1);
    }
    // A large file takes a while to hash and store: on a terminal, show how far it is.
    const ImportProgress progress(*file, ::isatty(STDERR_FILENO) != 0);
    auto staged = core::stage_local_file(context.store(), *file, progress.callback());
    progress.done();
    std::cout << dialect.import_file(*staged, request) << "\n";
  });
}

void add_ls_command(CLI::App& root, dialects::AdminContext& context) {
  auto* ls = root.add_subcommand("ls", "List stored objects");
  ls->callback([&context] {
    for (auto it = context.store().metadata().scan_objects(); it.valid(); it.next()) {
      const core::ObjectRecord& o = it.value();
      std::cout << o.id << "  " << o.digests.size << "  " << o.origin << "  "
                << core::text::iso8601_utc(o.created_at_ms, core::text::TimePrecision::seconds) << "  " << o.name
                << "\n";
    }
  });
}

void print_error(std::string_view dialect, const http::ErrorEntry& error, bool json) {
  if (json) {
    boost::json::array endpoints;
    for (std::string_view endpoint : error.endpoints) endpoints.emplace_back(endpoint);
    boost::json::object headers;
    for (const auto& header : error.headers) headers[header.name] = header.value;
    const boost::json::object line{{"dialect", dialect},           {"name", error.name},
                                   {"status", error.status},       {"code", error.code},
                                   {"message", error.message},     {"endpoints", std::move(endpoints)},
                                   {"headers", std::move(headers)}};
    std::cout << boost::json::serialize(line) << "\n";
    return;
  }
  std::string endpoints;
  for (std::string_view endpoint : error.endpoints) endpoints += (endpoints.empty() ? "" : ",") + std::string(endpoint);
  std::cout << fmt::format("{:<9} {:<40} {} {:<28} {}{}\n", dialect, error.name, error.status, error.code,
                           error.message, endpoints.empty() ? "" : "  [" + endpoints + "]");
}

// Every error each dialect can answer, from its catalogs: what fault rules and tests can name.
void add_errors_command(CLI::App& root) {
  auto* errors = root.add_subcommand("errors", "Print the platforms' error catalogs");
  auto only = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  errors->add_option("--dialect", *only, LazyAdminContext::platform_names());
  errors->add_flag("--json", *json, "Print JSON lines");
  errors->callback([=] {
    bool known = only->empty();
    for (const auto& entry : dialects::registered_dialects()) {
      if (!only->empty() && entry.name != *only) continue;
      known = true;
      for (const http::Envelope* envelope : entry.envelopes()) {
        for (const http::ErrorEntry* error : envelope->catalog()) print_error(entry.name, *error, *json);
      }
    }
    if (!known) {
      throw CLI::ValidationError("--dialect",
                                 fmt::format("unknown dialect '{}' ({})", *only, LazyAdminContext::platform_names()));
    }
  });
}

// The data dir locked as `serve` locks it; `hint` ends the error when a server has it.
DataDirLock lock_data_dir(const std::filesystem::path& data_dir, std::string_view hint) {
  try {
    return DataDirLock(data_dir);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string(e.what()) + ": " + std::string(hint));
  }
}

// Reading runs beside a server; quarantining needs the data dir to itself (a server may hold a damaged blob open).
void add_verify_command(CLI::App& root, LazyAdminContext& context, const std::filesystem::path& data_dir) {
  auto* verify = root.add_subcommand(
      "verify", "Re-hash every blob against its address and check every object's blob; exits 1 on any problem");
  auto repair = std::make_shared<bool>(false);
  verify->add_flag(
      "--repair", *repair,
      "Move damaged blobs into quarantine/, so their files answer an internal error instead of wrong bytes");
  verify->callback([&context, &data_dir, repair] {
    core::Store& store = context.store();
    std::optional<DataDirLock> lock;
    if (*repair) lock.emplace(lock_data_dir(data_dir, "stop the server before `verify --repair`"));
    const core::VerifyReport report = core::verify_store(store, [&](const core::StoreProblem& p) {
      if (p.object.empty()) {
        std::cout << "blob " << p.blob << ": " << p.problem << "\n";
        if (*repair && store.blobs().quarantine_blob(p.blob)) std::cout << "  quarantined\n";
      } else {
        std::cout << "object " << p.object << " (blob " << p.blob << "): " << p.problem << "\n";
      }
    });
    std::cout << fmt::format("verified {} blob(s) ({} bytes) and {} object(s): {} problem(s)\n", report.blobs,
                             report.bytes, report.objects, report.problems);
    if (report.problems > 0) throw std::runtime_error(fmt::format("verify found {} problem(s)", report.problems));
  });
}

// Offline: a running server owns the data dir (and collects its garbage itself).
void add_gc_command(CLI::App& root, LazyAdminContext& context, const std::filesystem::path& data_dir) {
  auto* gc = root.add_subcommand(
      "gc", "Remove what nothing refers to any more: abandoned uploads, the bytes of deleted files and versions");
  auto dry_run = std::make_shared<bool>(false);
  auto grace_s = std::make_shared<std::uint64_t>(control::kDefaultGcGraceSeconds);
  gc->add_flag("--dry-run", *dry_run, "Only report what would be removed");
  gc->add_option("--grace", *grace_s, "Seconds anything must have been idle before it is removed")
      ->capture_default_str();
  gc->callback([&context, &data_dir, dry_run, grace_s] {
    core::Store& store = context.store();  // first: a mistyped --data-dir is reported as such
    const DataDirLock lock = lock_data_dir(
        data_dir,
        "a running server collects garbage itself (serve --gc-interval); POST /_filegate/api/v1/gc runs it now");
    std::vector<dialects::Dialect*> all;
    for (const auto& entry : dialects::registered_dialects()) all.push_back(&context.dialect(entry.name));
    control::GarbageCollection collection(store, all, control::reset_point_file(control::control_state_dir(data_dir)));
    std::cout << control::describe(collection.run(static_cast<std::int64_t>(*grace_s) * 1000, *dry_run)) << "\n";
  });
}

}  // namespace

void add_admin_commands(CLI::App& app, const StoreLocation& location) {
  // Lives as long as the process: CLI11 runs the callbacks that refer to it during parse().
  static LazyAdminContext context(location);
  add_app_commands(app, context);
  add_import_command(app, context);
  add_ls_command(app, context);
  add_errors_command(app);
  add_gc_command(app, context, location.data_dir);
  add_verify_command(app, context, location.data_dir);
  for (const auto& entry : dialects::registered_dialects()) entry.add_admin_commands(app, context);
}

}  // namespace filegate::cli
