#pragma once
// The HTTP/1.1 server: accepts connections and runs each as a coroutine that reads a request head, routes it,
// lets the handler pull the body and respond, then loops for keep-alive. Each worker thread runs its own io_context
// and owns the connections handed to it round-robin: measured, this beats one io_context shared by the threads
// (whose scheduler lock and wake-ups cost about a third of small-file throughput).
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "http/beast.hpp"
#include "http/router.hpp"

namespace filegate::http {

struct ServerLimits {
  std::size_t max_header_bytes = 16 * 1024;
  // A client must deliver a whole request head in this time (slowloris), and keep a body moving at least this often.
  std::chrono::seconds head_timeout{30};
  std::chrono::seconds body_idle_timeout{60};
  std::chrono::seconds write_idle_timeout{60};
  std::chrono::seconds keep_alive_idle{75};
};

struct AccessLogEntry {
  std::string_view remote;
  std::string_view method;
  std::string_view target;
  unsigned status;
  std::uint64_t bytes_sent;
  double duration_ms;
  std::string_view log_id;
};
using AccessLog = std::function<void(const AccessLogEntry&)>;

class Server {
 public:
  // `workers`: one io_context per thread; the first also runs the acceptor.
  Server(std::vector<asio::io_context*> workers, const Router& router, ServerLimits limits, AccessLog access_log);

  // Binds and listens; returns the bound endpoint (port 0 picks a free port).
  tcp::endpoint listen(const std::string& address, unsigned short port);
  void start();
  void stop();

 private:
  awaitable<void> accept_loop();
  awaitable<void> run_session(tcp::socket socket);

  std::vector<asio::io_context*> workers_;
  std::size_t next_worker_ = 0;
  const Router& router_;
  ServerLimits limits_;
  AccessLog access_log_;
  tcp::acceptor acceptor_;
};

// "YYYYMMDDhhmmss" + 20 upper-case hex digits: the shape Feishu and Coze use for X-Tt-Logid.
std::string make_log_id();

}  // namespace filegate::http
