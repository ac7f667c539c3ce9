#pragma once
#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "cli/store_location.hpp"

namespace filegate::cli {

struct ServeOptions {
  StoreLocation store;
  std::string listen = "127.0.0.1";
  unsigned short port = 8080;
  bool rate_limits = true;
  // The zone whose midnight starts a new day for daily quotas (Feishu Drive's 10,000 a day): the platforms' own.
  std::string quota_zone = "+08:00";
  bool access_log = true;
  unsigned threads = 0;             // 0: one per core
  std::string public_url;           // empty: http://<the request's Host>, or http://<listen>:<port>
  std::string node_url;             // where the other nodes of a cluster reach this one; empty: http://<listen>:<port>
  unsigned shutdown_grace_s = 10;   // how long requests in flight may finish after SIGTERM/SIGINT
  std::string log_format = "text";  // text | json
  std::string log_level = "info";   // trace | debug | info | warn | error | off
  std::filesystem::path fixtures;   // empty: none
  std::string admin_token;          // empty: from the fixtures, else generated
  std::optional<std::uint64_t> seed;  // of the fault rules' random source; unset: random, shown in the banner
  // Requests the request journal keeps (GET /_filegate/api/v1/requests); 0 turns it off.
  std::size_t journal_size = 10000;
  std::uint64_t gc_interval_s = 3600;  // between garbage collections; 0 turns them off
  std::uint64_t gc_grace_s = 3600;     // how long anything must have been idle before garbage collection removes it
};

// Runs the server until SIGINT/SIGTERM; returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace filegate::cli
