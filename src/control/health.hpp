#pragma once
// Whether the process serves (health) and whether it is ready for clients (readiness): what CI jobs and container
// orchestrators wait on. Health answers as soon as the port is open; readiness only once the store is open and the
// start-up state (fixtures) is loaded, so a test never runs against a half-seeded server.
#include <atomic>
#include <string_view>

#include "http/router.hpp"

namespace filegate::control {

// filegate's version, as `--version` and /_filegate/health report it.
inline constexpr std::string_view kVersion = FILEGATE_VERSION;

class Health {
 public:
  // GET /_filegate/health and GET /_filegate/ready, in filegate's own envelope; no credentials needed.
  void register_routes(http::Router& router);
  // From now on /_filegate/ready answers 200.
  void set_ready() { ready_.store(true, std::memory_order_release); }

 private:
  std::atomic<bool> ready_{false};
};

}  // namespace filegate::control
