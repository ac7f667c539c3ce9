#pragma once
// filegate's own HTTP API for tests and tools, under /_filegate/api/v1/ (docs/admin-api.md): accounts, stored files
// with their handles, import, delete, fixtures and reset. Every call needs the admin token
// (`Authorization: Bearer <token>`); JSON in and out; errors are {"error":{"code","message"}}.
#include <filesystem>
#include <string>
#include <vector>

#include "control/cluster.hpp"
#include "control/faults.hpp"
#include "control/garbage.hpp"
#include "dialects/dialect.hpp"
#include "http/router.hpp"

namespace filegate::control {

// Where the control plane keeps its own files in a data dir (the reset point, export scratch files).
inline std::filesystem::path control_state_dir(const std::filesystem::path& data_dir) { return data_dir / "control"; }
// The reset point in a state dir: a metadata copy of the store as the start-up fixtures left it.
inline std::filesystem::path reset_point_file(const std::filesystem::path& state_dir) {
  return state_dir / "reset-point.sqlite3";
}

class AdminApi {
 public:
  // `state_dir`: where the reset point and the scratch files of exports and imports are kept.
  // On a cluster, a reset is made by the oldest node (its reset point is the cluster's), which then resets what every
  // other node keeps in memory.
  AdminApi(dialects::Services& services, std::vector<dialects::Dialect*> dialects, Cluster& cluster,
           std::string admin_token, std::filesystem::path state_dir);

  void register_routes(http::Router& router);
  // Remembers the store as it is now as what POST reset returns to: called once the start-up fixtures are applied.
  void save_reset_point();
  // The fault rules that posted fixtures add to and that reset returns to the start-up fixtures' rules.
  void set_faults(Faults& faults) { faults_ = &faults; }
  // What POST gc runs, with `grace_ms` unless the request names another grace.
  void set_garbage_collection(GarbageCollection& gc, std::int64_t grace_ms) {
    gc_ = &gc;
    gc_grace_ms_ = grace_ms;
  }

 private:
  using StringResponse = http::Exchange::StringResponse;
  // A call that reads at most a small JSON or TOML body and then works on the store (off the event loop).
  using Call = StringResponse (AdminApi::*)(http::Exchange& exchange, const std::string& body);
  http::awaitable<void> run(http::Exchange& exchange, Call call);
  void authorize(const http::Exchange& exchange) const;

  StringResponse list_apps(http::Exchange& exchange, const std::string& body);
  StringResponse create_app(http::Exchange& exchange, const std::string& body);
  StringResponse delete_app(http::Exchange& exchange, const std::string& body);
  StringResponse list_objects(http::Exchange& exchange, const std::string& body);
  StringResponse get_object(http::Exchange& exchange, const std::string& body);
  StringResponse delete_file(http::Exchange& exchange, const std::string& body);
  http::awaitable<void> apply_fixtures(http::Exchange& exchange);
  http::awaitable<void> reset(http::Exchange& exchange);
  // What a reset does to what this node keeps in memory: the start-up fixtures' fault rules, full rate-limit windows.
  void reset_node_memory();
  StringResponse collect_garbage(http::Exchange& exchange, const std::string& body);
  // Streaming both ways: the bytes of an object (with Range), and bytes imported into a dialect.
  http::awaitable<void> object_content(http::Exchange& exchange);
  http::awaitable<void> import_file(http::Exchange& exchange);
  http::awaitable<void> export_state(http::Exchange& exchange);
  http::awaitable<void> import_state(http::Exchange& exchange);
  core::BlobReader write_export();
  std::filesystem::path reset_point() const { return reset_point_file(state_dir_); }

  dialects::Services& services_;
  std::vector<dialects::Dialect*> dialects_;
  Cluster& cluster_;
  std::string admin_token_;
  std::filesystem::path state_dir_;
  Faults* faults_ = nullptr;
  GarbageCollection* gc_ = nullptr;
  std::int64_t gc_grace_ms_ = 0;
};

}  // namespace filegate::control
