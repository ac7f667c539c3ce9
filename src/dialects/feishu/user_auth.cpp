#include "dialects/feishu/user_auth.hpp"

#include <algorithm>
#include <sstream>

#include "core/random_ids.hpp"

namespace filegate::dialects::feishu {
namespace {

boost::json::object attributes_of(const UserGrant& grant) {
  return {{"open_id", grant.open_id}, {"scope", grant.scope}};
}

UserGrant grant_of(const core::Token& token) {
  const auto text = [&](const char* key) {
    const auto* value = token.attributes.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  return UserGrant{token.subject, text("open_id"), text("scope")};
}

}  // namespace

std::vector<std::string> UserGrant::scopes() const {
  std::vector<std::string> out;
  std::istringstream words(scope);
  for (std::string word; words >> word;) out.push_back(word);
  return out;
}

bool UserGrant::allows_offline_access() const {
  const std::vector<std::string> granted = scopes();
  return std::find(granted.begin(), granted.end(), "offline_access") != granted.end();
}

core::Token UserAuth::mint_code(const UserGrant& grant, std::int64_t lifetime_seconds) {
  // Live codes are 64 characters and more: a random head before the service's 40 hex digits.
  return tokens_.issue(kOAuthCodeKind, grant.app_id, lifetime_seconds, core::random_alphanumeric(24),
                       attributes_of(grant));
}

Redemption UserAuth::redeem(const char* kind, const std::string& value) {
  const core::TokenService::Spent spent = tokens_.spend(kind, value);
  if (!spent.token) return {std::nullopt, spent.expired};
  return {grant_of(*spent.token), false};
}

Redemption UserAuth::redeem_code(const std::string& code) { return redeem(kOAuthCodeKind, code); }

Redemption UserAuth::redeem_refresh(const std::string& refresh_token) {
  return redeem(kRefreshTokenKind, refresh_token);
}

UserTokens UserAuth::issue(const UserGrant& grant, std::int64_t refresh_lifetime_seconds) {
  return {tokens_.issue(kUserTokenKind, grant.app_id, kAccessLifetimeSeconds, "u-", attributes_of(grant)),
          tokens_.issue(kRefreshTokenKind, grant.app_id, refresh_lifetime_seconds, "ur-", attributes_of(grant))};
}

std::optional<UserGrant> UserAuth::find_access(const std::string& access_token) const {
  const auto token = tokens_.find(kUserTokenKind, access_token);
  if (!token) return std::nullopt;
  return grant_of(*token);
}

}  // namespace filegate::dialects::feishu
