// The two self-built-app token endpoints. Tokens last two hours; while more than 30 minutes remain the same token
// is handed out again, after that a fresh one, and both stay valid until they expire (as the platform documents).
// Failures answer HTTP 200 with a flat body (errors::auth_*): the SDK reads `code`/`msg` from it.
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blocking_work.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::int64_t kTokenLifetimeSeconds = 7200;
constexpr std::int64_t kRenewBelowSeconds = 30 * 60;

core::Token current_or_new(core::TokenService& tokens, const std::string& kind, const std::string& app_id,
                           const std::string& prefix) {
  if (auto latest = tokens.latest(kind, app_id); latest && tokens.remaining_seconds(*latest) >= kRenewBelowSeconds) {
    return *latest;
  }
  return tokens.issue(kind, app_id, kTokenLifetimeSeconds, prefix);
}

// Built outside the coroutines (src/README.md, coroutine rule 2).
http::Exchange::StringResponse tenant_token_body(const core::Token& token, std::int64_t expire) {
  return http::json_response(
      200, boost::json::object{{"code", 0}, {"msg", "ok"}, {"tenant_access_token", token.value}, {"expire", expire}});
}

http::Exchange::StringResponse app_token_body(const core::Token& app_token, const core::Token& tenant_token,
                                              std::int64_t expire) {
  return http::json_response(200, boost::json::object{{"code", 0},
                                                      {"msg", "ok"},
                                                      {"app_access_token", app_token.value},
                                                      {"tenant_access_token", tenant_token.value},
                                                      {"expire", expire}});
}

App check_credentials(const Model& model, const std::string& body) {
  const auto json = http::parse_json_object(body);
  const auto* app_id = json ? json->if_contains("app_id") : nullptr;
  const auto* app_secret = json ? json->if_contains("app_secret") : nullptr;
  if (!app_id || !app_id->is_string() || !app_secret || !app_secret->is_string()) {
    throw http::Refusal(errors::auth_invalid_param);
  }
  auto app = model.app(std::string(app_id->as_string()));
  if (!app) throw http::Refusal(errors::auth_invalid_param);
  if (app->app_secret != app_secret->as_string()) throw http::Refusal(errors::auth_app_secret_invalid);
  return *app;
}

}  // namespace

http::awaitable<App> FeishuDialect::app_from_credentials(http::Exchange& exchange) {
  const std::string body = co_await exchange.read_all(64 * 1024);
  co_return check_credentials(model_, body);
}

http::awaitable<void> FeishuDialect::tenant_access_token(http::Exchange& exchange) {
  const App app = co_await app_from_credentials(exchange);
  // Issuing or renewing a token commits: off the event loop.
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    const core::Token token = current_or_new(services_.tokens, kTenantTokenKind, app.app_id, "t-");
    return tenant_token_body(token, services_.tokens.remaining_seconds(token));
  });
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::app_access_token(http::Exchange& exchange) {
  const App app = co_await app_from_credentials(exchange);
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    const core::Token app_token = current_or_new(services_.tokens, kAppTokenKind, app.app_id, "a-");
    const core::Token tenant_token = current_or_new(services_.tokens, kTenantTokenKind, app.app_id, "t-");
    return app_token_body(app_token, tenant_token, services_.tokens.remaining_seconds(app_token));
  });
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::feishu
