// The OAuth JWT flow (POST /api/permission/oauth2/token with "Authorization: Bearer <JWT>", grant type jwt-bearer):
// the app signs a JWT with its private key, filegate checks it against the app's public key and its claims, and
// answers a short-lived access token ("czs_…") that the files endpoints accept like a PAT. Sources: the "OAuth JWT
// 授权（开发者）" page (header alg RS256, typ, kid; claims iss = app id, aud = the API host, iat, exp, jti used once;
// duration_seconds default 900, at most 86399; expires_in is a Unix time) and @coze/api's getJWTToken.
#include <boost/json/value.hpp>

#include "core/text.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/errors.hpp"
#include "dialects/coze/jwt.hpp"
#include "http/blocking_work.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::coze {
namespace {

constexpr std::string_view kJwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
constexpr std::int64_t kDefaultLifetimeSeconds = 900;
constexpr std::int64_t kMaxLifetimeSeconds = 86399;
constexpr std::size_t kMaxTokenBody = 64 * 1024;
// The platform's API hosts, which a JWT names as its audience in production.
constexpr std::string_view kPlatformAudiences[] = {"api.coze.cn", "api.coze.com"};

[[noreturn]] void refuse_jwt(const std::string& why) {
  throw http::Refusal(errors::oauth_invalid_client, "invalid jwt: " + why);
}

[[noreturn]] void refuse_parameter(std::string_view parameter) {
  throw http::Refusal(errors::oauth_invalid_request, "invalid request: " + std::string(parameter));
}

std::optional<std::int64_t> integer_claim(const boost::json::object& claims, std::string_view name) {
  const boost::json::value* v = claims.if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  return std::nullopt;
}

std::string string_claim(const boost::json::object& object, std::string_view name) {
  const boost::json::value* v = object.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The lifetime the body asks for: duration_seconds, 1 to 86399 (default 900). Checks grant_type first.
std::int64_t requested_lifetime(std::string_view body) {
  const auto request = http::parse_json_object(body);
  if (!request) refuse_parameter("body");
  const boost::json::value* grant = request->if_contains("grant_type");
  if (!grant || !grant->is_string() || grant->as_string().empty()) refuse_parameter("grant_type");
  if (grant->as_string() != kJwtBearerGrant) {
    throw http::Refusal(errors::oauth_unsupported_grant_type,
                        "not supported grant type: " + std::string(grant->as_string()));
  }
  const boost::json::value* duration = request->if_contains("duration_seconds");
  if (!duration || duration->is_null()) return kDefaultLifetimeSeconds;
  const auto seconds = integer_claim(*request, "duration_seconds");
  if (!seconds || *seconds < 1 || *seconds > kMaxLifetimeSeconds) refuse_parameter("duration_seconds");
  return *seconds;
}

// The JWT's audience must be the API host: the platform's (as production code sends it) or the one this request was
// sent to (a client that names filegate itself).
bool audience_accepted(const boost::json::value* aud, std::string_view request_host) {
  const auto accepted = [&](std::string_view value) {
    if (value.empty()) return false;
    if (value == request_host) return true;
    for (std::string_view platform : kPlatformAudiences) {
      if (value == platform) return true;
    }
    return false;
  };
  if (!aud) return false;
  if (aud->is_string()) return accepted(aud->as_string());
  if (aud->is_array()) {  // RFC 7519 §4.1.3: one of several audiences
    for (const auto& one : aud->as_array()) {
      if (one.is_string() && accepted(one.as_string())) return true;
    }
  }
  return false;
}

}  // namespace

http::awaitable<void> CozeDialect::issue_app_token(http::Exchange& exchange) {
  const std::string body = co_await exchange.read_all(kMaxTokenBody);
  const AppToken token = co_await http::run_blocking([&] {
    const std::optional<std::string_view> compact =
        core::text::bearer_token(exchange.request().header(bhttp::field::authorization));
    if (!compact) refuse_jwt("missing Authorization: Bearer <JWT>");
    const std::int64_t lifetime = requested_lifetime(body);

    const std::optional<Jwt> jwt = parse_jwt(*compact);
    if (!jwt) refuse_jwt("malformed");
    if (string_claim(jwt->header, "alg") != "RS256") refuse_jwt("alg must be RS256");
    const std::string iss = string_claim(jwt->claims, "iss");
    const std::optional<OAuthApp> app = iss.empty() ? std::nullopt : model_.app(iss);
    if (!app) refuse_jwt("iss is not the id of an OAuth app");
    // coze-go#43's wire text for a key id the app does not have.
    if (string_claim(jwt->header, "kid") != app->key_id) refuse_jwt("kid not been registred");
    if (!verify_rs256(*jwt, app->public_key)) refuse_jwt("signature verification failed");
    exchange.note_caller(app->id);

    if (!audience_accepted(jwt->claims.if_contains("aud"), exchange.request().header(bhttp::field::host))) {
      refuse_jwt("aud must be the API host (api.coze.cn)");
    }
    const std::int64_t now_s = services_.clock.now_ms() / 1000;
    const auto exp = integer_claim(jwt->claims, "exp");
    const auto iat = integer_claim(jwt->claims, "iat");
    if (!exp || !iat) refuse_jwt("iat and exp are required");
    if (*exp <= *iat) refuse_jwt("exp must be later than iat");
    if (*exp <= now_s) refuse_jwt("token expired");
    const std::string jti = string_claim(jwt->claims, "jti");
    if (jti.empty()) refuse_jwt("jti is required");
    if (app->deactivated) {
      throw http::Refusal(errors::oauth_access_deny, "app: " + app->name + " is currently deactivated by the owner");
    }
    // Last, so that a JWT refused for another reason can be fixed and sent again with its jti.
    if (!model_.claim_jti(app->id, jti, *exp)) refuse_jwt("jti has been used");
    return model_.issue_app_token(*app, lifetime);
  });
  auto response = token_success(token.value, token.expires_at_ms / 1000);
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::coze
