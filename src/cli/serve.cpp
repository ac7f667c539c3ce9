#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "cli/data_dir_lock.hpp"
#include "cli/logging.hpp"
#include "cli/opened_store.hpp"
#include "cli/serve_options.hpp"
#include "cli/utc_offset.hpp"
#include "control/admin_api.hpp"
#include "control/cluster.hpp"
#include "control/console.hpp"
#include "control/dialect_admin_api.hpp"
#include "control/faults_api.hpp"
#include "control/fixtures.hpp"
#include "control/health.hpp"
#include "control/journal.hpp"
#include "control/journal_api.hpp"
#include "control/metrics.hpp"
#include "core/node_registry.hpp"
#include "core/postgres_db.hpp"
#include "core/postgres_metadata.hpp"
#include "core/random_ids.hpp"
#include "dialects/dialect.hpp"
#include "http/server.hpp"

namespace filegate::cli {
int serve(const ServeOptions& options) {
  const LogFormat log_format = parse_log_format(options.log_format);
  const auto log_level = spdlog::level::from_str(options.log_level);
  configure_logging(log_format, log_level);
  // sendfile() raises SIGPIPE when a client has gone away (socket writes use MSG_NOSIGNAL; sendfile cannot): the
  // error must come back as EPIPE on that one connection, not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  std::filesystem::create_directories(options.store.data_dir);
  const auto data_dir = std::filesystem::canonical(options.store.data_dir);
  DataDirLock lock(data_dir);

  OpenedStore opened({data_dir, options.store.metadata_url, options.store.blobs_url}, options.rate_limits,
                     *parse_utc_offset(options.quota_zone));
  if (std::size_t removed = opened.store().blobs().remove_orphaned_stages(); removed > 0) {
    spdlog::info("removed {} unfinished upload(s) left by an earlier run", removed);
  }

  const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<http::asio::io_context>> workers;
  std::vector<http::asio::io_context*> worker_pointers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<http::asio::io_context>(1));  // 1: each context is run by one thread
    worker_pointers.push_back(workers.back().get());
  }
  http::asio::io_context& io = *workers.front();
  http::Router router;
  // Every finished request is counted for /_filegate/metrics, and logged unless the access log is off.
  control::Metrics metrics;
  // …and kept in the request journal unless it is off (--journal-size 0).
  control::Journal journal(options.journal_size);
  const http::AccessLog access_log = options.access_log ? make_access_log(log_format, log_level) : http::AccessLog();
  const http::AccessLog record_request = [&metrics, &journal, access_log](const http::AccessLogEntry& request) {
    metrics.record(request);
    // Another node's fan-out of an admin call is that node's request, journaled there.
    if (journal.enabled() && control::Cluster::forwarded(request.request_fields) == control::Cluster::Forwarded::no)
      journal.record(request);
    if (access_log) access_log(request);
  };
  http::Server server(worker_pointers, router, http::ServerLimits{}, record_request);
  opened.services().record_outbound = record_request;  // event deliveries are recorded as requests are
  const auto endpoint = server.listen(options.listen, options.port);
  opened.services().public_url = options.public_url;
  // An IPv6 literal needs brackets in a URL: http://[::1]:8080.
  const bool ipv6_literal = options.listen.find(':') != std::string::npos;
  opened.services().listen_url =
      "http://" + (ipv6_literal ? "[" + options.listen + "]" : options.listen) + ":" + std::to_string(endpoint.port());
  control::Health health;
  health.register_routes(router);
  metrics.register_routes(router, opened.store().metadata(), [&server] { return server.in_flight(); });
  std::vector<std::unique_ptr<dialects::Dialect>> all_dialects;
  std::vector<dialects::Dialect*> dialect_list;
  for (const auto& entry : dialects::registered_dialects()) {
    all_dialects.push_back(entry.make(opened.services()));
    all_dialects.back()->register_routes(router);
    dialect_list.push_back(all_dialects.back().get());
  }
  // The fixtures are read before the server is up only for their admin token; they are applied once it serves, so
  // /_filegate/ready can say "starting" meanwhile.
  std::optional<control::FixturesDocument> fixtures;
  if (!options.fixtures.empty()) fixtures = control::FixturesDocument::from_file(options.fixtures);
  std::string admin_token = options.admin_token;
  const bool token_generated = admin_token.empty() && !(fixtures && fixtures->admin_token());
  if (admin_token.empty()) admin_token = token_generated ? core::random_alphanumeric(32) : *fixtures->admin_token();
  const auto state_dir = control::control_state_dir(data_dir);
  // Nodes sharing a PostgreSQL find each other in it; over SQLite a node is alone.
  const bool shared_metadata = core::is_postgres_url(options.store.metadata_url);
  control::Cluster cluster(shared_metadata ? core::open_postgres_node_registry(options.store.metadata_url) : nullptr,
                           core::random_hex(8),
                           options.node_url.empty() ? opened.services().listen_url : options.node_url, admin_token);
  control::AdminApi admin_api(opened.services(), dialect_list, cluster, admin_token, state_dir);
  admin_api.register_routes(router);
  control::DialectAdminApi dialect_admin_api(dialect_list, admin_token);
  dialect_admin_api.register_routes(router);
  // Fault rules index the dialects' endpoints, so they come after every dialect's routes.
  const std::uint64_t seed = options.seed ? *options.seed : core::random_u64();
  control::Faults faults(router.endpoints(), seed);
  control::FaultsApi faults_api(faults, cluster, admin_token);
  faults_api.register_routes(router);
  admin_api.set_faults(faults);
  server.set_fault_hook(&faults);
  control::JournalApi journal_api(journal, cluster, admin_token);
  journal_api.register_routes(router);
  control::Console console;
  console.register_routes(router);
  const auto gc_grace_ms = static_cast<std::int64_t>(options.gc_grace_s) * 1000;
  control::GarbageCollection garbage(opened.store(), dialect_list, control::reset_point_file(state_dir));
  admin_api.set_garbage_collection(garbage, gc_grace_ms);
  metrics.set_garbage_collection(garbage);
  std::optional<control::PeriodicGarbageCollection> periodic_garbage;
  if (options.gc_interval_s > 0)
    periodic_garbage.emplace(garbage, std::chrono::seconds(options.gc_interval_s), gc_grace_ms);

  // Start-up state, while the server already answers health checks: fixtures, default accounts, the reset point.
  int exit_code = 0;
  std::cout << "filegate listening on " << opened.services().listen_url << std::endl;
  std::thread start_up([&] {
    try {
      if (fixtures) fixtures->apply(dialect_list, &faults, true);
      std::cout << "  public url   "
                << (options.public_url.empty() ? "from each request's Host header" : options.public_url) << "\n"
                << "  data dir     " << data_dir.string() << "\n"
                << "  metadata     "
                << (options.store.metadata_url.empty() ? "SQLite in the data dir"
                                                       : core::postgres::redacted_url(options.store.metadata_url))
                << "\n"
                << "  blobs        " << (options.store.blobs_url.empty() ? "in the data dir" : options.store.blobs_url)
                << "\n"
                << "  node         " << cluster.node_id()
                << (shared_metadata ? " (finds the other nodes in the metadata store)" : " (alone)") << "\n"
                << "  rate limits  " << (options.rate_limits ? "on" : "off")
                << (options.rate_limits ? ", daily quotas from 00:00 UTC" + options.quota_zone : "") << "\n"
                << "  fixtures     " << (fixtures ? options.fixtures.string() : "none") << "\n"
                << "  fault seed   " << seed << " (--seed " << seed << " replays this run's faults)\n"
                << "  admin API    " << opened.services().default_base_url()
                << "/_filegate/api/v1/  token=" << (token_generated ? admin_token : "(as configured)") << "\n"
                << "  web console  " << opened.services().default_base_url() << "/_filegate/console/\n";
      for (auto* dialect : dialect_list) std::cout << dialect->dev_credentials() << "\n";
      admin_api.save_reset_point();
      cluster.join();
      health.set_ready();
      // The last banner line: scripts wait for it before they use the credentials above.
      std::cout << "filegate ready (Ctrl+C stops it)" << std::endl;
    } catch (const std::exception& e) {
      spdlog::error("{}", e.what());
      exit_code = 2;
      http::asio::post(io, [&] {
        server.stop();
        for (auto& worker : workers) worker->stop();
      });
    }
  });

  // SIGTERM/SIGINT: stop accepting and let the requests in flight finish for up to the grace period; a second
  // signal cuts them at once.
  const auto stop_workers = [&] {
    for (auto& worker : workers) worker->stop();
  };
  http::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    spdlog::info("stopping: waiting up to {} s for {} request(s) in flight", options.shutdown_grace_s,
                 server.in_flight());
    journal.close();  // its event streams would otherwise run until the grace period cuts them
    server.stop();
    server.drain(std::chrono::seconds(options.shutdown_grace_s), [&](std::size_t cut) {
      if (cut > 0) {
        spdlog::warn("the shutdown grace of {} s ended: cut {} request(s) still in flight", options.shutdown_grace_s,
                     cut);
      }
      stop_workers();
    });
    signals.async_wait([&](const boost::system::error_code& again, int) {
      if (again) return;
      spdlog::warn("second stop signal: cut {} request(s) still in flight", server.in_flight());
      stop_workers();
    });
  });
  server.start();
  // Idle workers must keep running until told to stop: they get connections only as the acceptor hands them over.
  std::vector<http::asio::executor_work_guard<http::asio::io_context::executor_type>> keep_running;
  keep_running.reserve(workers.size());
  for (auto& worker : workers) keep_running.push_back(http::asio::make_work_guard(*worker));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&worker = *workers[i]] { worker.run(); });
  io.run();
  start_up.join();
  for (auto& t : pool) t.join();
  return exit_code;
}

}  // namespace filegate::cli
