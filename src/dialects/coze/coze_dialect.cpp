#include "dialects/coze/coze_dialect.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "dialects/coze/errors.hpp"

namespace filegate::dialects::coze {

void CozeDialect::register_routes(http::Router& router) {
  using bhttp::verb;
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  // 512 MB of file plus 1 MiB for the form's framing. A file a little over 512 MB is read and dropped so it still
  // gets a proper 4000; a larger body is refused by the HTTP layer with the same entry (the envelope's too_large).
  router.scope(envelope_, {"/v1/"})
      .add(verb::post, "/v1/files/upload", kUploadEndpoint, bind(&CozeDialect::upload_file),
           {kMaxFileBytes + (1ull << 20), &errors::body_too_large})
      .add(verb::get, "/v1/files/retrieve", kRetrieveEndpoint, bind(&CozeDialect::retrieve_file), {64 * 1024});
  // The JWT flow: the personal/team path and the enterprise one with an organisation id (served alike).
  router.scope(oauth_envelope_, {"/api/permission/"})
      .add(verb::post, "/api/permission/oauth2/token", kTokenEndpoint, bind(&CozeDialect::issue_app_token), {64 * 1024})
      .add(verb::post, "/api/permission/oauth2/account/:account_id/token", kTokenEndpoint,
           bind(&CozeDialect::issue_app_token), {64 * 1024});
}

std::string CozeDialect::dev_credentials() {
  const Pat pat = model_.default_pat();
  return fmt::format(
      "  Coze         token={}\n"
      "               SDK: new CozeAPI({{token, baseURL: '{}'}})",
      pat.token, services_.default_base_url());
}

Caller CozeDialect::authorize(const http::Exchange& exchange, std::string_view permission) const {
  const std::optional<std::string_view> token =
      core::text::bearer_token(exchange.request().header(bhttp::field::authorization));
  // Missing and wrong tokens get the same answer, as on the platform: HTTP 401, code 4100. An app token past its
  // expiry is a wrong token.
  std::optional<Caller> caller = token ? model_.caller_by_token(std::string(*token)) : std::nullopt;
  if (!caller) throw http::Refusal(errors::authentication_invalid);
  exchange.note_caller(caller->owner);
  if (!permits(caller->permissions, permission)) throw http::Refusal(errors::no_permission);
  if (services_.rate_limits_enabled && exchange.endpoint() == kUploadEndpoint) {
    // The upload page's 10 QPS (personal and pro editions) per account.
    static const std::vector<core::Quota> kUploadQuota{{10, 1000}};
    const core::RateDecision decision =
        services_.rate_limiter.admit("coze:" + caller->owner + ":" + std::string(exchange.endpoint()), kUploadQuota);
    if (!decision.allowed) throw http::Refusal(errors::rate_limited);
  }
  return std::move(*caller);
}

}  // namespace filegate::dialects::coze
