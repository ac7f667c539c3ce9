// POST /v1.0/oauth2/accessToken: an internal app's token from appKey/appSecret. Tokens last two hours; asking
// again while one is valid returns the same token with its lifetime renewed, as the platform documents.
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kTokenLifetimeSeconds = 7200;

core::Token current_or_new(core::TokenService& tokens, const std::string& app_key) {
  const std::string kind(kTokenKind);
  if (auto latest = tokens.latest(kind, app_key); latest && tokens.extend(kind, latest->value, kTokenLifetimeSeconds)) {
    return *latest;
  }
  return tokens.issue(kind, app_key, kTokenLifetimeSeconds, "");
}

std::string field(const boost::json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

boost::json::object token_body(const core::Token& token) {
  return boost::json::object{{"accessToken", token.value}, {"expireIn", kTokenLifetimeSeconds}};
}

}  // namespace

http::awaitable<void> DingTalkDialect::access_token(http::Exchange& exchange) {
  const boost::json::object body = co_await read_json(exchange);
  const std::string app_key = field(body, "appKey");
  const std::string app_secret = field(body, "appSecret");
  if (app_key.empty() || app_secret.empty()) {
    throw http::Refusal(errors::param_invalid, "appKey and appSecret are required");
  }
  const auto app = model_.app(app_key);
  if (!app || app->app_secret != app_secret) throw http::Refusal(errors::invalid_client);
  // Issuing or renewing a token commits: off the event loop.
  const core::Token token = co_await http::run_blocking([&] { return current_or_new(services_.tokens, app->app_key); });
  boost::json::object reply_body = token_body(token);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
