#pragma once
// The request journal over HTTP (docs/admin-api.md, "Request journal"), beside the rest of the admin API:
//   GET    /_filegate/api/v1/requests         matching entries, newest first
//   DELETE /_filegate/api/v1/requests         forgets them
//   GET    /_filegate/api/v1/requests/stream  new entries as server-sent events, buffered ones first if asked
// Every call needs the admin token. The journal's own calls are recorded like any other request.
#include <chrono>
#include <string>

#include "control/cluster.hpp"
#include "control/journal.hpp"
#include "http/router.hpp"

namespace filegate::control {

class JournalApi {
 public:
  // `keep_alive`: how long a stream may stay silent before it sends a comment line, which keeps proxies from timing
  // it out and finds clients that have gone.
  // On a cluster, a listing holds every node's entries (each names its node) and clearing clears every node's; a
  // stream carries the entries of the node it is opened on.
  JournalApi(Journal& journal, Cluster& cluster, std::string admin_token,
             std::chrono::steady_clock::duration keep_alive = std::chrono::seconds(15));

  void register_routes(http::Router& router);

 private:
  http::awaitable<void> list(http::Exchange& exchange);
  http::awaitable<void> clear(http::Exchange& exchange);
  http::awaitable<void> stream(http::Exchange& exchange);

  Journal& journal_;
  Cluster& cluster_;
  std::string admin_token_;
  std::chrono::steady_clock::duration keep_alive_;
};

}  // namespace filegate::control
