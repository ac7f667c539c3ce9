#pragma once
// The dialects' own admin API calls (dialects::AdminRoute), under /_filegate/api/v1/<dialect>/…: the control plane
// owns what every admin call shares (the admin token, the JSON body, the blocking pool, filegate's error envelope);
// the dialect owns what the call means.
#include <deque>
#include <string>
#include <vector>

#include "dialects/dialect.hpp"
#include "http/router.hpp"

namespace filegate::control {

class DialectAdminApi {
 public:
  DialectAdminApi(std::vector<dialects::Dialect*> dialects, std::string admin_token)
      : dialects_(std::move(dialects)), admin_token_(std::move(admin_token)) {}

  void register_routes(http::Router& router);

 private:
  http::awaitable<void> run(http::Exchange& exchange, const dialects::AdminRoute& route) const;

  std::vector<dialects::Dialect*> dialects_;
  std::string admin_token_;
  std::deque<dialects::AdminRoute> routes_;  // the router's handlers refer to them: a deque never moves them
};

}  // namespace filegate::control
