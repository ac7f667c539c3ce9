#include "dialects/feishu/feishu_dialect.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "dialects/feishu/scopes.hpp"

namespace filegate::dialects::feishu {
void FeishuDialect::register_routes(http::Router& router) {
  using bhttp::verb;
  namespace ep = endpoints;
  const http::RouteOptions small{64 * 1024};
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  router.scope(auth_api_, {"/open-apis/auth/"})
      .add(verb::post, "/open-apis/auth/v3/tenant_access_token/internal", ep::tenant_access_token,
           bind(&FeishuDialect::tenant_access_token), small)
      .add(verb::post, "/open-apis/auth/v3/app_access_token/internal", ep::app_access_token,
           bind(&FeishuDialect::app_access_token), small);
  // 30 MB of file plus form overhead; a little more is read and dropped so an oversized upload still gets 234006.
  router.scope(api_, {"/open-apis/"})
      .add(verb::post, "/open-apis/im/v1/files", ep::im_file_create, bind(&FeishuDialect::upload_im_file),
           {64ull << 20, &errors::im_file_too_large})
      .add(verb::get, "/open-apis/im/v1/files/:file_key", ep::im_file_get, bind(&FeishuDialect::download_im_file),
           small)
      .add(verb::get, "/open-apis/im/v1/messages/:message_id/resources/:file_key", ep::im_message_resource_get,
           bind(&FeishuDialect::download_message_resource), small)
      // 10 MB of image plus form overhead, read on so an oversized image still gets 234006.
      .add(verb::post, "/open-apis/im/v1/images", ep::im_image_create, bind(&FeishuDialect::upload_image),
           {32ull << 20, &errors::im_file_too_large})
      .add(verb::get, "/open-apis/im/v1/images/:image_key", ep::im_image_get, bind(&FeishuDialect::download_image),
           small);
  register_message_routes(router);
  register_authen_routes(router);
  register_drive_routes(router);
}

std::string FeishuDialect::dev_credentials() {
  const App app = model_.default_app();
  return fmt::format(
      "  Feishu/Lark  app_id={}  app_secret={}\n"
      "               SDK: new lark.Client({{appId, appSecret, domain: '{}'}})",
      app.app_id, app.app_secret, services_.default_base_url());
}

FeishuDialect::Caller FeishuDialect::admit_caller(const http::Exchange& exchange,
                                                  const std::vector<core::Quota>& quotas, bool user_tokens) {
  // No "Bearer " (any case) at all counts as no token, as on the live gateway.
  const auto token = core::text::bearer_token(exchange.request().header(bhttp::field::authorization));
  if (!token) throw http::Refusal(errors::missing_token);
  const std::string value(*token);
  Caller caller;
  if (user_tokens && value.starts_with("u-")) {
    const auto grant = user_auth_.find_access(value);
    std::optional<App> app = grant ? model_.app(grant->app_id) : std::nullopt;
    if (!app || !users_.find(grant->open_id)) throw http::Refusal(errors::invalid_user_token);
    exchange.note_caller(app->app_id);
    // A user grants what the sign-in asked for; a sign-in that named no scopes grants what the app has.
    const std::vector<std::string> scopes = grant->scope.empty() ? app->scopes : grant->scopes();
    if (const std::string missing = missing_scope_message(exchange.endpoint(), scopes); !missing.empty()) {
      throw http::Refusal(errors::missing_user_scope,
                          std::string(errors::missing_user_scope.message) +
                              " required one of these privileges: " + missing.substr(missing.find('[')));
    }
    caller = Caller{*app, grant->open_id};
  } else {
    const auto found = services_.tokens.find(kTenantTokenKind, value);
    std::optional<App> app = found ? model_.app(found->subject) : std::nullopt;
    if (!app) throw http::Refusal(errors::invalid_token);
    exchange.note_caller(app->app_id);
    if (const std::string missing = missing_scope_message(exchange.endpoint(), app->scopes); !missing.empty()) {
      throw http::Refusal(errors::missing_scope, missing);
    }
    caller = Caller{*app, app->app_id};
  }
  const App* app = &caller.app;
  if (services_.rate_limits_enabled) {
    const core::RateDecision decision =
        services_.rate_limiter.admit("feishu:" + app->app_id + ":" + std::string(exchange.endpoint()), quotas);
    if (!decision.allowed) {
      throw http::Refusal(errors::rate_limited)
          .with_header("x-ogw-ratelimit-limit", std::to_string(decision.limit))
          .with_header("x-ogw-ratelimit-reset", std::to_string(decision.reset_seconds));
    }
  }
  return caller;
}

}  // namespace filegate::dialects::feishu
