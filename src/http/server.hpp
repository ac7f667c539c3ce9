#pragma once
// The HTTP/1.1 server: accepts connections and runs each as a coroutine that reads a request head, routes it,
// lets the handler pull the body and respond, then loops for keep-alive. Each worker thread runs its own io_context
// and owns the connections handed to it round-robin: measured, this beats one io_context shared by the threads
// (whose scheduler lock and wake-ups cost about a third of small-file throughput).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "http/beast.hpp"
#include "http/fault_hook.hpp"
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

// Everything known of one request once it has ended: the one record the access log, and later metrics or a request
// journal, receive. Views into the connection's state: valid only during the observer's call.
struct AccessLogEntry {
  std::string_view remote;  // "address:port"
  std::string_view method;
  std::string_view target;    // with secrets redacted (http/redact.hpp)
  std::string_view protocol;  // "HTTP/1.1"
  std::string_view dialect;   // "feishu", … from the endpoint name; "" when no route matched
  std::string_view endpoint;  // the route's endpoint name, e.g. "feishu.im.file.get"; "" when none matched
  std::string_view caller;    // the app, library or token id the dialect authenticated; "" when none
  std::string_view user_agent;
  unsigned status;                 // 0 when no response went out (the client vanished)
  std::string_view platform_code;  // the code of the platform error answered; "" for a success
  std::uint64_t bytes_received;    // request body bytes read
  std::uint64_t bytes_sent;        // response body bytes written
  double duration_ms;
  std::string_view log_id;
  std::string_view fault_id;  // the fault rule that fired on this request; "" when none
  // For the request journal: the request's header fields, and the head of the response as sent (status line and
  // fields; "" when none went out). Secrets are still in both: whoever keeps them redacts them first.
  const bhttp::fields* request_fields = nullptr;
  std::string_view response_head;
};
// Called once at the end of every request, on the connection's worker thread.
using AccessLog = std::function<void(const AccessLogEntry&)>;

class Server {
 public:
  // `workers`: one io_context per thread; the first also runs the acceptor.
  Server(std::vector<asio::io_context*> workers, const Router& router, ServerLimits limits, AccessLog access_log);

  // Binds and listens; returns the bound endpoint (port 0 picks a free port).
  // `address` may be a host name ("localhost"): it is resolved once, here, and the first address is used.
  tcp::endpoint listen(const std::string& address, unsigned short port);
  void start();
  // Faults on demand: consulted for every routed request (null: none). Must outlive the server.
  void set_fault_hook(FaultHook* hook) { fault_hook_ = hook; }
  // Graceful stop, first half: stops accepting and closes the connections that wait for their next request. Requests
  // in flight go on; each connection closes once its request has been answered. Call on the first worker.
  void stop();
  // Second half: calls `done(cut)` on the first worker once no request is in flight or `grace` has passed, whichever
  // is first; `cut` counts the requests still running then (the caller ends them by stopping the workers).
  void drain(std::chrono::milliseconds grace, std::function<void(std::size_t cut)> done);
  // Requests between their head being read and their response being finished.
  std::size_t in_flight() const { return in_flight_->load(); }

 private:
  awaitable<void> accept_loop();
  awaitable<void> run_session(tcp::socket socket, std::size_t worker);
  awaitable<void> wait_drained(std::chrono::steady_clock::time_point deadline, std::function<void(std::size_t)> done);

  std::vector<asio::io_context*> workers_;
  // Per worker, the streams of its connections that wait for a request head: only touched on that worker's thread.
  std::vector<std::unordered_set<beast::tcp_stream*>> waiting_;
  std::atomic<bool> stopping_{false};
  // Shared with each request's counter: the frames of requests cut at shutdown are destroyed with the io_contexts,
  // after the server.
  std::shared_ptr<std::atomic<std::size_t>> in_flight_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::size_t next_worker_ = 0;
  const Router& router_;
  ServerLimits limits_;
  AccessLog access_log_;
  FaultHook* fault_hook_ = nullptr;
  tcp::acceptor acceptor_;
};

// "YYYYMMDDhhmmss" + 20 upper-case hex digits: the shape Feishu and Coze use for X-Tt-Logid.
std::string make_log_id();

}  // namespace filegate::http
