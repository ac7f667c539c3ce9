#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "cli/data_dir_lock.hpp"
#include "cli/logging.hpp"
#include "cli/opened_store.hpp"
#include "cli/serve_options.hpp"
#include "control/health.hpp"
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
  std::filesystem::create_directories(options.data_dir);
  const auto data_dir = std::filesystem::canonical(options.data_dir);
  DataDirLock lock(data_dir);

  OpenedStore opened(data_dir, options.rate_limits);
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
  http::Server server(worker_pointers, router, http::ServerLimits{},
                      options.access_log ? make_access_log(log_format, log_level) : http::AccessLog());
  const auto endpoint = server.listen(options.listen, options.port);
  opened.services().public_url = options.public_url;
  // An IPv6 literal needs brackets in a URL: http://[::1]:8080.
  const bool ipv6_literal = options.listen.find(':') != std::string::npos;
  opened.services().listen_url =
      "http://" + (ipv6_literal ? "[" + options.listen + "]" : options.listen) + ":" + std::to_string(endpoint.port());
  control::Health health;
  health.register_routes(router);
  std::vector<std::unique_ptr<dialects::Dialect>> all_dialects;
  for (const auto& entry : dialects::registered_dialects()) {
    all_dialects.push_back(entry.make(opened.services()));
    all_dialects.back()->register_routes(router);
  }

  std::cout << "filegate listening on " << opened.services().listen_url << "\n"
            << "  public url   "
            << (options.public_url.empty() ? "from each request's Host header" : options.public_url) << "\n"
            << "  data dir     " << data_dir.string() << "\n"
            << "  rate limits  " << (options.rate_limits ? "on" : "off") << "\n";
  for (auto& dialect : all_dialects) std::cout << dialect->dev_credentials() << "\n";
  health.set_ready();
  // The last banner line: scripts wait for it before they use the credentials above.
  std::cout << "filegate ready (Ctrl+C stops it)" << std::endl;

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
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace filegate::cli
