// Users signing in to apps (user_auth.hpp): the authorize page, which approves at once for the user it names (there
// is no one to click), and the authen-v1 token endpoints the SDK's `authen` client calls: oidc access and refresh
// tokens, their older twins, and user_info. Token endpoints take the app's tenant or app token, as the SDK sends the
// former and the documents ask for the latter; failures answer HTTP 200 with the code (errors::authen_*).
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "core/text.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/feishu/message_views.hpp"
#include "http/blocking_work.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

boost::json::object user_fields(const User& user) {
  return {{"name", user.name},       {"en_name", user.name}, {"avatar_url", ""},        {"avatar_thumb", ""},
          {"avatar_middle", ""},     {"avatar_big", ""},     {"open_id", user.open_id}, {"union_id", user.union_id},
          {"user_id", user.user_id}, {"email", ""},          {"enterprise_email", ""},  {"mobile", ""},
          {"tenant_key", kTenantKey}};
}

// The oidc endpoints' data; the older endpoints add the user's fields.
http::Exchange::StringResponse token_response(const UserTokens& tokens, const std::string& scope,
                                              std::int64_t expires_in, const std::optional<User>& user) {
  boost::json::object data{{"access_token", tokens.access.value},
                           {"refresh_token", tokens.refresh.value},
                           {"token_type", "Bearer"},
                           {"expires_in", expires_in},
                           {"refresh_expires_in", UserAuth::kRefreshLifetimeSeconds},
                           {"scope", scope}};
  if (user) {
    for (auto& [key, value] : user_fields(*user)) data[key] = value;
  }
  return success(std::move(data));
}

// Why a code or refresh token bought nothing: used up or never issued (20003 / 20026), or past its time (20004 /
// 20037).
const http::ErrorEntry& refusal_of_unredeemed(bool code, bool expired) {
  if (code) return expired ? errors::authen_code_expired : errors::authen_code_invalid;
  return expired ? errors::authen_refresh_expired : errors::authen_refresh_invalid;
}

// The same for the OAuth 2 endpoint, in its own codes.
const http::ErrorEntry& oauth_refusal_of_unredeemed(bool code, bool expired) {
  if (code) return expired ? errors::oauth_code_expired : errors::oauth_code_invalid;
  return expired ? errors::oauth_refresh_expired : errors::oauth_refresh_invalid;
}

// The OAuth 2 endpoint's answer: flat, as RFC 6749 §5.1; the refresh token only when the user granted
// offline_access, as the platform documents.
http::Exchange::StringResponse oauth_token_response(const UserTokens& tokens, const UserGrant& grant,
                                                    std::int64_t expires_in, std::int64_t refresh_expires_in) {
  boost::json::object body{{"code", 0},
                           {"access_token", tokens.access.value},
                           {"expires_in", expires_in},
                           {"token_type", "Bearer"},
                           {"scope", grant.scope}};
  if (grant.allows_offline_access()) {
    body["refresh_token"] = tokens.refresh.value;
    body["refresh_token_expires_in"] = refresh_expires_in;
  }
  return http::json_response(200, std::move(body));
}

http::Exchange::StringResponse redirect_response(const std::string& location) {
  http::Exchange::StringResponse response{bhttp::status::found, 11};
  response.set(bhttp::field::location, location);
  response.prepare_payload();
  return response;
}

std::string body_text(const boost::json::object* body, const char* key) {
  const auto* value = body ? body->if_contains(key) : nullptr;
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

void FeishuDialect::register_authen_routes(http::Router& router) {
  using bhttp::verb;
  namespace ep = endpoints;
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  const http::RouteOptions small{kMaxBodyBytes};
  auto token_route = [this](TokenGrant grant, bool with_user) {
    return [this, grant, with_user](http::Exchange& e) { return user_token(e, grant, with_user); };
  };
  router.scope(authen_api_, {"/open-apis/authen/"})
      .add(verb::get, "/open-apis/authen/v1/authorize", ep::authen_authorize, bind(&FeishuDialect::authorize), small)
      .add(verb::get, "/open-apis/authen/v1/index", ep::authen_authorize, bind(&FeishuDialect::authorize), small)
      .add(verb::post, "/open-apis/authen/v1/oidc/access_token", ep::authen_oidc_access_token,
           token_route(TokenGrant::code, false), small)
      .add(verb::post, "/open-apis/authen/v1/oidc/refresh_access_token", ep::authen_oidc_refresh_access_token,
           token_route(TokenGrant::refresh, false), small)
      .add(verb::post, "/open-apis/authen/v1/access_token", ep::authen_access_token,
           token_route(TokenGrant::code, true), small)
      .add(verb::post, "/open-apis/authen/v1/refresh_access_token", ep::authen_refresh_access_token,
           token_route(TokenGrant::refresh, true), small)
      .add(verb::get, "/open-apis/authen/v1/user_info", ep::authen_user_info, bind(&FeishuDialect::user_info), small);
  // The OAuth 2 endpoint, under the Open API and where the SDK's client.accessToken posts (oauthBaseUrl + /oauth/v3/).
  router.scope(oauth_api_, {"/oauth/"})
      .add(verb::post, "/open-apis/authen/v2/oauth/token", ep::oauth_token, bind(&FeishuDialect::oauth_token), small)
      .add(verb::post, "/oauth/v3/token", ep::oauth_token, bind(&FeishuDialect::oauth_token), small);
}

// GET …/authorize?app_id|client_id=&redirect_uri=&state=&scope=[&user=]: 302 to redirect_uri?code=…&state=…, as
// after the user approved. `user` (any of their ids) says who signs in; without it, the tenant's only user.
http::awaitable<void> FeishuDialect::authorize(http::Exchange& exchange) {
  const auto& request = exchange.request();
  const std::string app_id = request.query("client_id").value_or(request.query("app_id").value_or(""));
  const std::string redirect = request.query("redirect_uri").value_or("");
  auto target = boost::urls::parse_absolute_uri(redirect);
  if (app_id.empty() || !target || !model_.app(app_id)) throw http::Refusal(errors::authen_invalid_request);
  std::optional<User> user;
  if (const auto named = request.query("user")) {
    user = users_.find_by_any_id(*named);
  } else if (const auto all = users_.all(); all.size() == 1) {
    user = all.front();
  }
  if (!user) {
    throw http::Refusal(errors::authen_user_not_found,
                        "User not exist: name the user signing in with &user=<open_id> (filegate has no login page)");
  }
  const UserGrant grant{app_id, user->open_id, request.query("scope").value_or("")};
  const core::Token code = co_await http::run_blocking([&] { return user_auth_.mint_code(grant); });
  boost::urls::url location(*target);
  location.params().set("code", code.value);
  if (const auto state = request.query("state")) location.params().set("state", *state);
  http::Exchange::StringResponse response = redirect_response(std::string(location.buffer()));
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::user_token(http::Exchange& exchange, TokenGrant grant, bool with_user) {
  // The app: from its tenant or app token.
  const auto bearer = core::text::bearer_token(exchange.request().header(bhttp::field::authorization));
  std::optional<core::Token> app_token;
  if (bearer) {
    app_token = services_.tokens.find(kTenantTokenKind, std::string(*bearer));
    if (!app_token) app_token = services_.tokens.find(kAppTokenKind, std::string(*bearer));
  }
  if (!app_token || !model_.app(app_token->subject)) throw http::Refusal(errors::authen_tenant_token_invalid);
  exchange.note_caller(app_token->subject);
  const std::string body = co_await exchange.read_all(kMaxBodyBytes);
  const auto json = http::parse_json_object(body);
  const std::string grant_type = body_text(json ? &*json : nullptr, "grant_type");
  const bool by_code = grant == TokenGrant::code;
  if (grant_type.empty()) throw http::Refusal(errors::authen_invalid_request);
  if (grant_type != (by_code ? "authorization_code" : "refresh_token")) throw http::Refusal(errors::authen_grant_type);
  const std::string secret = body_text(json ? &*json : nullptr, by_code ? "code" : "refresh_token");
  if (secret.empty()) throw http::Refusal(errors::authen_invalid_request);
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    const Redemption redeemed = by_code ? user_auth_.redeem_code(secret) : user_auth_.redeem_refresh(secret);
    if (!redeemed.grant) throw http::Refusal(refusal_of_unredeemed(by_code, redeemed.expired));
    const UserGrant* granted = &*redeemed.grant;
    if (granted->app_id != app_token->subject) throw http::Refusal(errors::authen_app_mismatch);
    const auto user = users_.find(granted->open_id);
    if (!user) throw http::Refusal(errors::authen_user_not_found);
    const UserTokens tokens = user_auth_.issue(*granted);
    return token_response(tokens, granted->scope, services_.tokens.remaining_seconds(tokens.access),
                          with_user ? user : std::nullopt);
  });
  co_await exchange.respond(std::move(response));
}

// POST {"grant_type","client_id","client_secret","code"|"refresh_token",…}: the app authenticates with its own
// credentials in the body, not a bearer token. redirect_uri, code_verifier and scope are accepted and not checked
// (the authorize page records neither).
http::awaitable<void> FeishuDialect::oauth_token(http::Exchange& exchange) {
  const std::string body = co_await exchange.read_all(kMaxBodyBytes);
  const auto json = http::parse_json_object(body);
  const boost::json::object* fields = json ? &*json : nullptr;
  const std::string grant_type = body_text(fields, "grant_type");
  const std::string client_id = body_text(fields, "client_id");
  const std::string client_secret = body_text(fields, "client_secret");
  if (grant_type.empty() || client_id.empty() || client_secret.empty())
    throw http::Refusal(errors::oauth_invalid_request);
  if (grant_type != "authorization_code" && grant_type != "refresh_token")
    throw http::Refusal(errors::oauth_grant_type);
  const bool by_code = grant_type == "authorization_code";
  const std::string secret = body_text(fields, by_code ? "code" : "refresh_token");
  if (secret.empty()) throw http::Refusal(errors::oauth_invalid_request);
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    const auto app = model_.app(client_id);
    if (!app || app->app_secret != client_secret) throw http::Refusal(errors::oauth_invalid_client);
    exchange.note_caller(app->app_id);
    const Redemption redeemed = by_code ? user_auth_.redeem_code(secret) : user_auth_.redeem_refresh(secret);
    if (!redeemed.grant) throw http::Refusal(oauth_refusal_of_unredeemed(by_code, redeemed.expired));
    if (redeemed.grant->app_id != app->app_id) throw http::Refusal(errors::oauth_app_mismatch);
    if (!users_.find(redeemed.grant->open_id)) throw http::Refusal(errors::oauth_user_not_found);
    const UserTokens tokens = user_auth_.issue(*redeemed.grant, UserAuth::kOAuthRefreshLifetimeSeconds);
    return oauth_token_response(tokens, *redeemed.grant, services_.tokens.remaining_seconds(tokens.access),
                                services_.tokens.remaining_seconds(tokens.refresh));
  });
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::user_info(http::Exchange& exchange) {
  const auto bearer = core::text::bearer_token(exchange.request().header(bhttp::field::authorization));
  const auto grant = bearer ? user_auth_.find_access(std::string(*bearer)) : std::nullopt;
  const auto user = grant ? users_.find(grant->open_id) : std::nullopt;
  if (!user) throw http::Refusal(errors::authen_user_token_invalid);
  exchange.note_caller(grant->app_id);
  http::Exchange::StringResponse response = success(user_fields(*user));
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::feishu
