#include "dialects/feishu/feishu_dialect.hpp"

#include <fmt/format.h>

#include "dialects/feishu/envelope.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kBearer = "Bearer ";

// Documented quotas of the IM file endpoints: 50 per second and 1000 per minute, per app.
const std::vector<core::Quota> kImQuotas = {{50, 1'000}, {1000, 60'000}};

}  // namespace

void FeishuDialect::register_routes(http::Router& http_router) {
  auto router = http_router.scope(http::filegate_envelope(), {});  // TRANSITIONAL
  using bhttp::verb;
  const http::RouteOptions small{64 * 1024};
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  router.add(verb::post, "/open-apis/auth/v3/tenant_access_token/internal", bind(&FeishuDialect::tenant_access_token),
             small);
  router.add(verb::post, "/open-apis/auth/v3/app_access_token/internal", bind(&FeishuDialect::app_access_token), small);
  // 30 MB of file plus form overhead; a little more is read and dropped so an oversized upload still gets 234006.
  router.add(verb::post, "/open-apis/im/v1/files", bind(&FeishuDialect::upload_im_file), {64ull << 20});
  router.add(verb::get, "/open-apis/im/v1/files/:file_key", bind(&FeishuDialect::download_im_file), small);
  router.add(verb::get, "/open-apis/im/v1/messages/:message_id/resources/:file_key",
             bind(&FeishuDialect::download_message_resource), small);
  register_drive_routes(router);
}

std::string FeishuDialect::dev_credentials() {
  const App app = model_.default_app();
  return fmt::format(
      "  Feishu/Lark  app_id={}  app_secret={}\n"
      "               SDK: new lark.Client({{appId, appSecret, domain: '{}'}})",
      app.app_id, app.app_secret, services_.public_base_url);
}

http::awaitable<std::optional<App>> FeishuDialect::admit(http::Exchange& exchange, std::string_view endpoint) {
  co_return co_await admit(exchange, endpoint, kImQuotas);
}

http::awaitable<std::optional<App>> FeishuDialect::admit(http::Exchange& exchange, std::string_view endpoint,
                                                         const std::vector<core::Quota>& quotas) {
  const std::string_view authorization = exchange.request().header(bhttp::field::authorization);
  if (authorization.size() <= kBearer.size() || authorization.substr(0, kBearer.size()) != kBearer) {
    co_await exchange.respond(failure(
        exchange, 400, 99991661, "Missing access token for authorization. Please make a request with token attached."));
    co_return std::nullopt;
  }
  const std::string token(authorization.substr(kBearer.size()));
  auto found = services_.tokens.find("feishu.tenant", token);
  std::optional<App> app = found ? model_.app(found->subject) : std::nullopt;
  if (!app) {
    co_await exchange.respond(failure(
        exchange, 400, 99991663, "Invalid access token for authorization. Please make a request with token attached."));
    co_return std::nullopt;
  }
  if (services_.rate_limits_enabled) {
    const core::RateDecision decision =
        services_.rate_limiter.admit("feishu:" + app->app_id + ":" + std::string(endpoint), quotas);
    if (!decision.allowed) {
      co_await exchange.respond(rate_limited(exchange, decision.limit, decision.reset_seconds));
      co_return std::nullopt;
    }
  }
  co_return app;
}

}  // namespace filegate::dialects::feishu
