#pragma once
// The HTTP/1.1 server: accepts connections and runs each as a coroutine that reads a request head, routes it,
// lets the handler pull the body and respond, then loops for keep-alive. One io_context is run by a pool of threads.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

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
  Server(asio::io_context& io, const Router& router, ServerLimits limits, AccessLog access_log);

  // Binds and listens; returns the bound endpoint (port 0 picks a free port).
  tcp::endpoint listen(const std::string& address, unsigned short port);
  void start();
  void stop();

 private:
  awaitable<void> accept_loop();
  awaitable<void> run_session(tcp::socket socket);

  asio::io_context& io_;
  const Router& router_;
  ServerLimits limits_;
  AccessLog access_log_;
  tcp::acceptor acceptor_;
};

// "YYYYMMDDhhmmss" + 20 upper-case hex digits: the shape Feishu and Coze use for X-Tt-Logid.
std::string make_log_id();

}  // namespace filegate::http
