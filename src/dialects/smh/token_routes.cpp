// Access tokens: GET|POST /api/v1/token (library id + secret → {accessToken, expiresIn}), renewal
// POST /api/v1/token/{lib}/{token}, deletion DELETE /api/v1/token/{lib}/{token} (no secret needed, 204).
// Also POST /api/v1/space/{lib}, which makes a space in a multi-tenant library (admin token).
#include <algorithm>

#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/tokens.hpp"
#include "dialects/smh/wire.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

std::string query_or_empty(const http::Exchange& exchange, std::string_view name) {
  return exchange.request().query(name).value_or("");
}

std::vector<std::string> split_commas(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    if (auto item = list.substr(0, comma); !item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list = list.substr(comma + 1);
  }
  return out;
}

Response token_reply(const core::Token& token, std::int64_t expires_in) {
  return json_reply(200, json::object{{"accessToken", token.value}, {"expiresIn", expires_in}});
}

}  // namespace

boost::json::object claims_json(const TokenClaims& claims) {
  json::array spaces;
  for (const auto& s : claims.space_ids) spaces.emplace_back(s);
  return {{"space_ids", std::move(spaces)},
          {"user_id", claims.user_id},
          {"grant", claims.grant},
          {"period", claims.period_s}};
}

TokenClaims claims_of(const core::Token& token) {
  TokenClaims claims;
  const json::object& a = token.attributes;
  if (const auto* v = a.if_contains("space_ids"); v && v->is_array()) {
    for (const auto& s : v->as_array()) claims.space_ids.emplace_back(s.as_string());
  }
  if (const auto* v = a.if_contains("user_id"); v && v->is_string()) claims.user_id = v->as_string();
  if (const auto* v = a.if_contains("grant"); v && v->is_string()) claims.grant = v->as_string();
  if (const auto* v = a.if_contains("period"); v && v->is_number()) claims.period_s = v->to_number<std::int64_t>();
  return claims;
}

bool SlidingExpiry::due(const std::string& token, std::int64_t now_ms, std::int64_t period_s) {
  constexpr std::int64_t kMaxIntervalMs = 60'000;
  constexpr std::size_t kPruneAbove = 4096;
  const std::int64_t interval_ms = std::min(kMaxIntervalMs, period_s * 100);  // a tenth of the period
  std::lock_guard lock(mutex_);
  if (extended_ms_.size() > kPruneAbove) {  // tokens not seen for a full interval slide on their next use anyway
    std::erase_if(extended_ms_, [&](const auto& entry) { return now_ms - entry.second >= kMaxIntervalMs; });
  }
  auto [it, first_use] = extended_ms_.try_emplace(token, now_ms);
  if (first_use) return true;
  if (now_ms - it->second < interval_ms) return false;
  it->second = now_ms;
  return true;
}

Response SmhDialect::issue_token(http::Exchange& exchange, const std::string&) {
  const std::string library_id = query_or_empty(exchange, "library_id");
  const std::string secret = query_or_empty(exchange, "library_secret");
  if (library_id.empty() && secret.empty()) throw http::Refusal(errors::empty_library_id_or_secret);
  if (library_id.empty()) throw http::Refusal(errors::empty_library_id);
  if (secret.empty()) throw http::Refusal(errors::empty_library_secret);
  auto library = model_.library(library_id);
  if (!library || library->library_secret != secret) throw http::Refusal(errors::wrong_library_id_or_secret);

  TokenClaims claims;
  claims.user_id = query_or_empty(exchange, "user_id");
  claims.grant = query_or_empty(exchange, "grant");
  const std::string space_id = query_or_empty(exchange, "space_id");
  if (library->multi_space) {
    claims.space_ids = split_commas(space_id);
    for (const auto& s : claims.space_ids) {
      if (!model_.space_exists(*library, s)) throw http::Refusal(errors::space_not_found, "space not found: " + s);
    }
  } else if (!space_id.empty() && space_id != "-") {
    throw http::Refusal(errors::not_multi_space_library);
  }
  const std::uint64_t period = number_param(exchange, "period", kDefaultPeriodSeconds);
  if (period == 0 || period > 10ull * 365 * 86400) throw http::Refusal(errors::param_invalid, "period is out of range");
  claims.period_s = static_cast<std::int64_t>(period);

  const core::Token token =
      services_.tokens.issue(std::string(kTokenKind), library_id, claims.period_s, "acctk", claims_json(claims));
  return token_reply(token, claims.period_s);
}

Response SmhDialect::renew_token(http::Exchange& exchange, const std::string&) {
  const std::string library_id = decoded_param(exchange, "lib");
  const std::string value = decoded_param(exchange, "token");
  auto token = services_.tokens.find(std::string(kTokenKind), value);
  if (!token || token->subject != library_id) throw http::Refusal(errors::invalid_access_token);
  const TokenClaims claims = claims_of(*token);
  services_.tokens.extend(std::string(kTokenKind), value, claims.period_s);
  return token_reply(*token, claims.period_s);
}

Response SmhDialect::delete_token(http::Exchange& exchange, const std::string&) {
  const std::string library_id = decoded_param(exchange, "lib");
  const std::string value = decoded_param(exchange, "token");
  if (auto token = services_.tokens.find(std::string(kTokenKind), value); token && token->subject == library_id) {
    services_.tokens.revoke(std::string(kTokenKind), value);
  }
  return empty_reply(204);
}

Response SmhDialect::create_space(http::Exchange& exchange, const std::string&) {
  const std::string library_id = decoded_param(exchange, "lib");
  auto library = model_.library(library_id);
  if (!library) throw http::Refusal(errors::library_not_found);
  const std::string value = exchange.request().query("access_token").value_or("");
  if (value.empty()) throw http::Refusal(errors::empty_access_token);
  auto token = services_.tokens.find(std::string(kTokenKind), value);
  if (!token || token->subject != library_id) throw http::Refusal(errors::invalid_access_token);
  if (!library->multi_space) throw http::Refusal(errors::not_multi_space_library, "this library is single-tenant");
  const TokenClaims claims = claims_of(*token);
  if (claims.grant.find("admin") == std::string::npos) {
    throw http::Refusal(errors::no_permission, "an admin token is required");
  }
  const std::string space_id = model_.create_space(library_id);
  return json_reply(201, json::object{{"spaceId", space_id}});
}

}  // namespace filegate::dialects::smh
