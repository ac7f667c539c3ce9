#include "cli/config_file.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace filegate::cli {
namespace {

constexpr const char* kConfigEnv = "FILEGATE_CONFIG";

bool env_set(const std::string& name) {
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  return value != nullptr && *value != '\0';
}

// The option a config item sets, looked up as CLI11 does ("--name", "-n", then "name"), or null.
const CLI::Option* option_for(const CLI::App& root, const CLI::ConfigItem& item) {
  const CLI::App* app = &root;
  for (const std::string& parent : item.parents) {
    try {
      app = app->get_subcommand(parent);
    } catch (const CLI::OptionNotFound&) {
      return nullptr;
    }
  }
  const CLI::Option* option = app->get_option_no_throw("--" + item.name);
  if (option == nullptr && item.name.size() == 1) option = app->get_option_no_throw("-" + item.name);
  return option != nullptr ? option : app->get_option_no_throw(item.name);
}

class LayeredToml final : public CLI::ConfigTOML {
 public:
  explicit LayeredToml(const CLI::App& app) : app_(app) {}

  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::vector<CLI::ConfigItem> kept;
    for (CLI::ConfigItem& item : CLI::ConfigTOML::from_config(input)) {
      if (item.name == "++" || item.name == "--") {  // CLI11's own markers of a [section]
        kept.push_back(std::move(item));
        continue;
      }
      const CLI::Option* option = option_for(app_, item);
      if (option == nullptr || !option->get_configurable()) {
        throw CLI::ConfigError("unknown key '" + item.fullname() + "' in the config file " + file_name());
      }
      if (!env_set(option->get_envname())) kept.push_back(std::move(item));
    }
    return kept;
  }

 private:
  std::string file_name() const {
    const CLI::Option* config = app_.get_config_ptr();
    if (config == nullptr) return {};
    return config->results().empty() ? config->get_default_str() : config->results().front();
  }

  const CLI::App& app_;
};

}  // namespace

void add_config_file_option(CLI::App& app) {
  // CLI11 2.1 reads no environment variable for the config option itself: FILEGATE_CONFIG becomes its default.
  const char* from_env = std::getenv(kConfigEnv);
  const std::string env_file = from_env != nullptr ? from_env : "";
  if (!env_file.empty() && !std::filesystem::is_regular_file(env_file)) {
    throw CLI::FileError(std::string(kConfigEnv) + " names " + env_file + ", which is not a readable file");
  }
  app.set_config("--config", env_file, "TOML configuration file, read only when given (env: FILEGATE_CONFIG)");
  app.config_formatter(std::make_shared<LayeredToml>(app));
}

}  // namespace filegate::cli
