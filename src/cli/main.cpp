// filegate: one server that speaks the file APIs of Feishu/Lark, DingTalk, Tencent SMH and Coze over one store.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/admin_commands.hpp"
#include "cli/serve_options.hpp"
#include "control/health.hpp"
#include "core/metadata_store.hpp"

namespace {

int run(int argc, char** argv) {
  using filegate::cli::ServeOptions;
  CLI::App app{"filegate: Feishu/Lark, DingTalk, Tencent SMH and Coze file APIs on one port, over one store"};
  app.set_version_flag("--version", std::string(filegate::control::kVersion));
  app.require_subcommand(1);
  // Global options such as --data-dir may also follow the subcommand: `filegate serve --data-dir d`.
  app.fallthrough();
  // Precedence: command-line flags, then FILEGATE_* environment variables, then the TOML config file.
  app.set_config("--config", "filegate.toml", "TOML configuration file");
  ServeOptions options;
  app.add_option("--data-dir", options.data_dir, "Where metadata and blobs live")
      ->envname("FILEGATE_DATA_DIR")
      ->capture_default_str();

  auto* serve = app.add_subcommand("serve", "Run the server");
  serve->add_option("--listen", options.listen, "Address to listen on")
      ->envname("FILEGATE_LISTEN")
      ->capture_default_str();
  serve->add_option("--port", options.port, "Port (0 picks a free one)")
      ->envname("FILEGATE_PORT")
      ->capture_default_str();
  serve->add_option("--rate-limits", options.rate_limits, "Enforce the platforms' documented rate limits (on|off)")
      ->envname("FILEGATE_RATE_LIMITS")
      ->capture_default_str();
  serve->add_option("--access-log", options.access_log, "One line per request on stdout (on|off)")
      ->envname("FILEGATE_ACCESS_LOG")
      ->capture_default_str();
  serve->add_option("--threads", options.threads, "I/O threads (0: one per core)")->envname("FILEGATE_THREADS");
  serve->add_option("--public-url", options.public_url, "Base URL clients use to reach this server")
      ->envname("FILEGATE_PUBLIC_URL");
  serve->add_option("--fixtures", options.fixtures, "TOML file of the state to start from (docs/fixtures.md)")
      ->envname("FILEGATE_FIXTURES");
  serve->add_option("--admin-token", options.admin_token, "Token of the admin API (default: generated, shown)")
      ->envname("FILEGATE_ADMIN_TOKEN");

  filegate::cli::add_admin_commands(app, options.data_dir);

  try {
    app.parse(argc, argv);
    if (serve->parsed()) return filegate::cli::serve(options);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const filegate::core::StoreLocked& e) {
    std::cerr << "filegate: the data dir is locked by another process: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "filegate: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Setting up the command line can throw too (e.g. out of memory): nothing leaves main as an exception.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "filegate: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "filegate: unexpected failure\n";
  }
  return 1;
}
