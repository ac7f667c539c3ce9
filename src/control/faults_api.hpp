#pragma once
// The admin API's fault rules and error catalogs (docs/faults.md):
//   GET/POST/DELETE /_filegate/api/v1/faults, DELETE …/faults/{id}, GET …/errors[?dialect=…&endpoint=…].
#include <string>

#include "control/cluster.hpp"
#include "control/faults.hpp"
#include "http/router.hpp"

namespace filegate::control {

class FaultsApi {
 public:
  // On a cluster, every change is made on every node and a listing counts every node's matches.
  FaultsApi(Faults& faults, Cluster& cluster, std::string admin_token)
      : faults_(faults), cluster_(cluster), admin_token_(std::move(admin_token)) {}

  // Call once every dialect's routes are in `router`: the errors listing reads them.
  void register_routes(http::Router& router);

 private:
  using StringResponse = http::Exchange::StringResponse;
  using Call = StringResponse (FaultsApi::*)(const http::Exchange& exchange, const std::string& body);
  // What the other nodes of a cluster are sent: nothing, the same call, or (an added rule) the rule with its id.
  enum class Fan { none, same_call, added_rule, merged_counts };
  http::awaitable<void> run(http::Exchange& exchange, Call call, Fan fan);
  StringResponse list(const http::Exchange& exchange, const std::string& body);
  StringResponse add(const http::Exchange& exchange, const std::string& body);
  StringResponse remove(const http::Exchange& exchange, const std::string& body);
  StringResponse clear(const http::Exchange& exchange, const std::string& body);
  StringResponse errors(const http::Exchange& exchange, const std::string& body);

  Faults& faults_;
  Cluster& cluster_;
  std::string admin_token_;
  std::vector<http::Router::Endpoint> endpoints_;
};

// Every error the dialects' routes can answer, each with the endpoints that can answer it: the catalog entries, by
// dialect, filtered by `dialect` and `endpoint` when not empty.
boost::json::array error_catalog(const std::vector<http::Router::Endpoint>& endpoints, std::string_view dialect,
                                 std::string_view endpoint);

}  // namespace filegate::control
