#include "control/dialect_admin_api.hpp"

#include "control/admin_common.hpp"
#include "http/blocking_work.hpp"
#include "http/envelope.hpp"
#include "http/json_response.hpp"

namespace filegate::control {
namespace {

constexpr std::uint64_t kMaxBody = 1 << 20;

// Outside the coroutine (src/README.md, coroutine rule 2).
http::Exchange::StringResponse respond_with(const dialects::AdminRoute::Result& result) {
  return http::json_response(result.status, result.body);
}

}  // namespace

void DialectAdminApi::register_routes(http::Router& router) {
  auto scope = router.scope(http::filegate_envelope(), {});  // AdminApi answers unknown paths below the base
  for (dialects::Dialect* dialect : dialects_) {
    const std::string prefix = std::string(kAdminApiBase) + std::string(dialect->name()) + "/";
    for (dialects::AdminRoute& route : dialect->admin_routes()) {
      const dialects::AdminRoute& kept = routes_.emplace_back(std::move(route));
      scope.add(
          kept.verb, prefix + kept.path, kept.endpoint, [this, &kept](http::Exchange& e) { return run(e, kept); },
          http::RouteOptions{kMaxBody});
    }
  }
}

http::awaitable<void> DialectAdminApi::run(http::Exchange& exchange, const dialects::AdminRoute& route) const {
  require_admin_token(exchange, admin_token_);
  const std::string body = co_await exchange.read_all(kMaxBody);
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    const boost::json::object request = parse_admin_body(body);
    try {
      return respond_with(route.run(exchange, request));
    } catch (const dialects::UsageError& e) {
      throw http::Refusal(kAdminBadRequest, e.what());
    }
  });
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::control
