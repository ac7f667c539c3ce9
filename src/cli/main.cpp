// filegate: one server that speaks the file APIs of Feishu/Lark, DingTalk, Tencent SMH and Coze over one store.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <boost/system/system_error.hpp>

#include <iostream>

#include "cli/admin_commands.hpp"
#include "cli/blob_location.hpp"
#include "cli/api_command.hpp"
#include "cli/config_file.hpp"
#include "cli/fault_command.hpp"
#include "cli/logging.hpp"
#include "cli/migrate_command.hpp"
#include "cli/requests_command.hpp"
#include "cli/serve_options.hpp"
#include "cli/utc_offset.hpp"
#include "control/health.hpp"
#include "core/metadata_store.hpp"
#include "core/postgres_metadata.hpp"

namespace {

int run(int argc, char** argv) {
  using filegate::cli::ServeOptions;
  // Every command's warnings go to stderr, so an admin command's stdout stays its answer alone (`serve` configures
  // its own logging from its options).
  filegate::cli::configure_logging(filegate::cli::LogFormat::text, spdlog::level::info);
  CLI::App app{"filegate: Feishu/Lark, DingTalk, Tencent SMH and Coze file APIs on one port, over one store"};
  app.set_version_flag("--version", std::string(filegate::control::kVersion));
  app.require_subcommand(1);
  // Global options such as --data-dir may also follow the subcommand: `filegate serve --data-dir d`.
  app.fallthrough();
  ServeOptions options;
  app.add_option("--data-dir", options.store.data_dir, "Where metadata and blobs live")
      ->envname("FILEGATE_DATA_DIR")
      ->capture_default_str();
  app.add_option("--metadata", options.store.metadata_url,
                 "PostgreSQL URL of metadata shared by several nodes (default: SQLite in the data dir)")
      ->envname("FILEGATE_METADATA")
      ->check(CLI::Validator(
          [](const std::string& url) {
            return filegate::core::is_postgres_url(url) ? std::string() : "not a postgresql:// URL";
          },
          "URL"));
  app.add_option("--blobs", options.store.blobs_url,
                 "s3://bucket[/prefix]?endpoint=http://host:port&region=… of blobs shared by several nodes (default: "
                 "the data dir); credentials from FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY")
      ->envname("FILEGATE_BLOBS")
      ->check(CLI::Validator(
          [](const std::string& url) { return filegate::cli::is_s3_url(url) ? std::string() : "not an s3:// URL"; },
          "URL"));

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
  serve
      ->add_option("--quota-zone", options.quota_zone,
                   "UTC offset (+08:00) of the day daily quotas follow: they refill at its midnight")
      ->envname("FILEGATE_QUOTA_ZONE")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return filegate::cli::parse_utc_offset(text) ? std::string() : "not a UTC offset such as +08:00";
          },
          "OFFSET"))
      ->capture_default_str();
  serve->add_option("--access-log", options.access_log, "One line per request on stdout (on|off)")
      ->envname("FILEGATE_ACCESS_LOG")
      ->capture_default_str();
  serve->add_option("--threads", options.threads, "I/O threads (0: one per core)")->envname("FILEGATE_THREADS");
  serve
      ->add_option("--public-url", options.public_url,
                   "Base URL clients use to reach this server, a path prefix included (default: from each "
                   "request's Host header)")
      ->envname("FILEGATE_PUBLIC_URL");
  serve
      ->add_option("--node-url", options.node_url,
                   "URL the other nodes sharing --metadata reach this one at, for the admin API's fan-out (default: "
                   "http://<listen>:<port>; set it when listening on a wildcard address)")
      ->envname("FILEGATE_NODE_URL");
  serve
      ->add_option("--shutdown-grace", options.shutdown_grace_s,
                   "Seconds requests in flight may take to finish after SIGTERM/SIGINT")
      ->envname("FILEGATE_SHUTDOWN_GRACE")
      ->capture_default_str();
  serve->add_option("--log-format", options.log_format, "Log lines as text or json")
      ->envname("FILEGATE_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->add_option("--log-level", options.log_level, "Least severe level logged (access lines are info)")
      ->envname("FILEGATE_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  serve->add_option("--fixtures", options.fixtures, "TOML file of the state to start from (docs/fixtures.md)")
      ->envname("FILEGATE_FIXTURES");
  serve->add_option("--admin-token", options.admin_token, "Token of the admin API (default: generated, shown)")
      ->envname("FILEGATE_ADMIN_TOKEN");
  serve->add_option("--seed", options.seed, "Seed of the fault rules' random source: a run replays (default: random)")
      ->envname("FILEGATE_SEED");
  serve->add_option("--journal-size", options.journal_size, "Requests the request journal keeps (0: off)")
      ->envname("FILEGATE_JOURNAL_SIZE")
      ->capture_default_str();

  serve->add_option("--gc-interval", options.gc_interval_s, "Seconds between garbage collections (0: none)")
      ->envname("FILEGATE_GC_INTERVAL")
      ->capture_default_str();
  serve->add_option("--gc-grace", options.gc_grace_s, "Seconds anything must have been idle before it is collected")
      ->envname("FILEGATE_GC_GRACE")
      ->capture_default_str();

  filegate::cli::add_admin_commands(app, options.store);
  filegate::cli::add_requests_command(app);
  filegate::cli::add_fault_command(app);
  filegate::cli::add_api_command(app);
  filegate::cli::add_migrate_command(app);

  try {
    // Precedence: command-line flags, then FILEGATE_* environment variables, then the TOML config file.
    filegate::cli::add_config_file_option(app);
    app.parse(argc, argv);
    if (serve->parsed()) return filegate::cli::serve(options);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const filegate::core::StoreLocked& e) {
    std::cerr << "filegate: the data dir is locked by another process: " << e.what() << "\n";
    return 3;
  } catch (const boost::system::system_error& e) {
    // Boost's what() ends with the source file and function that threw; users get the message alone.
    std::cerr << "filegate: " << e.code().message() << "\n";
    return 1;
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
