#pragma once
// filegate's own HTTP API for tests and tools, under /_filegate/api/v1/ (docs/admin-api.md): accounts, stored files
// with their handles, import, delete, fixtures and reset. Every call needs the admin token
// (`Authorization: Bearer <token>`); JSON in and out; errors are {"error":{"code","message"}}.
#include <string>
#include <vector>

#include "dialects/dialect.hpp"
#include "http/router.hpp"

namespace filegate::control {

class AdminApi {
 public:
  AdminApi(dialects::Services& services, std::vector<dialects::Dialect*> dialects, std::string admin_token);

  void register_routes(http::Router& router);

 private:
  using StringResponse = http::Exchange::StringResponse;
  // A call that reads at most a small JSON or TOML body and then works on the store (off the event loop).
  using Call = StringResponse (AdminApi::*)(http::Exchange& exchange, const std::string& body);
  http::awaitable<void> run(http::Exchange& exchange, Call call);
  void authorize(const http::Exchange& exchange) const;

  StringResponse list_apps(http::Exchange& exchange, const std::string& body);
  StringResponse create_app(http::Exchange& exchange, const std::string& body);
  StringResponse list_objects(http::Exchange& exchange, const std::string& body);
  StringResponse get_object(http::Exchange& exchange, const std::string& body);
  StringResponse delete_file(http::Exchange& exchange, const std::string& body);
  StringResponse apply_fixtures(http::Exchange& exchange, const std::string& body);
  StringResponse reset(http::Exchange& exchange, const std::string& body);
  // Streaming both ways: the bytes of an object (with Range), and bytes imported into a dialect.
  http::awaitable<void> object_content(http::Exchange& exchange);
  http::awaitable<void> import_file(http::Exchange& exchange);

  dialects::Services& services_;
  std::vector<dialects::Dialect*> dialects_;
  std::string admin_token_;
};

}  // namespace filegate::control
