#include "control/health.hpp"

#include <boost/json/object.hpp>

#include "http/envelope.hpp"
#include "http/exchange.hpp"
#include "http/json_response.hpp"

namespace filegate::control {
namespace {

// Plain functions: response bodies are not built inside coroutines (src/README.md, coroutine rule 2).
http::Exchange::StringResponse health_body() {
  return http::json_response(200, boost::json::object{{"status", "ok"}, {"version", kVersion}});
}

http::Exchange::StringResponse ready_body(bool ready) {
  return http::json_response(ready ? 200 : 503, boost::json::object{{"status", ready ? "ready" : "starting"}});
}

}  // namespace

void Health::register_routes(http::Router& router) {
  router.scope(http::filegate_envelope(), {"/_filegate/"})
      .add(http::bhttp::verb::get, "/_filegate/health", "filegate.health",
           [](http::Exchange& exchange) -> http::awaitable<void> {
             auto response = health_body();
             co_await exchange.respond(std::move(response));
           })
      .add(http::bhttp::verb::get, "/_filegate/ready", "filegate.ready",
           [this](http::Exchange& exchange) -> http::awaitable<void> {
             auto response = ready_body(ready_.load(std::memory_order_acquire));
             co_await exchange.respond(std::move(response));
           });
}

}  // namespace filegate::control
