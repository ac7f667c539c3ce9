#pragma once
// Faults on demand, as the server carries them out. Which request fails and how is decided elsewhere (the control
// plane's rules, src/control/faults.hpp); here is only what a decision can do in HTTP terms: answer a catalog error
// through the route's own envelope, answer raw bytes, delay, throttle or cut the response, or break the connection.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/refusal.hpp"

namespace filegate::http {

class Exchange;

// How the response that does go out is sent: after a delay, at a bandwidth, cut after some body bytes.
struct ResponseShaping {
  std::chrono::milliseconds delay{0};
  std::uint64_t bytes_per_second = 0;           // 0: as fast as the socket takes it
  std::optional<std::uint64_t> truncate_after;  // body bytes sent before the connection is closed

  bool paces_body() const { return bytes_per_second > 0 || truncate_after.has_value(); }
};

struct InjectedFault {
  enum class Kind {
    shape,   // the request is served as usual; only `shaping` applies
    refuse,  // `error`, rendered by the route's envelope (status, body, headers as the platform sends them)
    raw,     // `status`, `body` and `headers` exactly as given
    drop,    // the connection is closed without a response
    reset,   // the connection is reset (RST)
    hang,    // nothing is sent until the client goes away or `hang_for` passes; then the connection is closed
  };
  std::string rule_id;  // for the request journal
  Kind kind = Kind::shape;
  const ErrorEntry* error = nullptr;
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds hang_for{0};
  ResponseShaping shaping;
};

// Consulted by the server for every routed request: once before its handler runs, and once when the dialect learns
// who calls (Exchange::note_caller), for rules that match on the caller. Called on worker threads and, for the
// caller, possibly on the blocking pool: implementations are thread-safe.
class FaultHook {
 public:
  virtual ~FaultHook() = default;
  virtual std::optional<InjectedFault> before_handler(const Exchange& exchange) = 0;
  virtual std::optional<InjectedFault> on_caller(const Exchange& exchange) = 0;
};

// Thrown out of a handler when a fault takes over the request: the server answers it (or breaks the connection)
// instead of the handler. Deliberately not a std::exception: a handler's catch-all for its own errors must not
// swallow it.
struct FaultTakesOver {  // NOLINT(cert-err60-cpp): thrown by value, caught by reference, copied at most once
  InjectedFault fault;
};

}  // namespace filegate::http
