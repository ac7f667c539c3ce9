#pragma once
// Users signing in to apps (OAuth 2 authorization code flow, as the open platform runs it): a code minted for a user
// and an app (by the authorize page or the admin API) is exchanged once for a user_access_token (u-…, 2 h) and a
// refresh token (ur-…, 30 days), which is exchanged in turn for fresh ones (and is then spent). User tokens speak for
// the user within the app: Drive media accept them, with the user's own access to the document.
#include <optional>
#include <string>
#include <vector>

#include "core/token_service.hpp"

namespace filegate::dialects::feishu {

inline constexpr const char* kUserTokenKind = "feishu.user";
inline constexpr const char* kRefreshTokenKind = "feishu.user_refresh";
inline constexpr const char* kOAuthCodeKind = "feishu.oauth_code";

// What a user token (or code, or refresh token) grants: the app it was issued to, the user, the scopes.
struct UserGrant {
  std::string app_id;
  std::string open_id;
  std::string scope;  // space-separated, as the token endpoints report it; "" when the app's own scopes apply

  std::vector<std::string> scopes() const;
  // The user let the app act while they are away: the OAuth 2 endpoint hands out a refresh token.
  bool allows_offline_access() const;
};

// A code or refresh token exchanged: the grant it carried, or why there is none.
struct Redemption {
  std::optional<UserGrant> grant;
  bool expired = false;  // it was issued but its time is up; false: unknown or already used
};

struct UserTokens {
  core::Token access;
  core::Token refresh;
};

class UserAuth {
 public:
  explicit UserAuth(core::TokenService& tokens) : tokens_(tokens) {}

  static constexpr std::int64_t kCodeLifetimeSeconds = 300;
  static constexpr std::int64_t kAccessLifetimeSeconds = 7200;
  static constexpr std::int64_t kRefreshLifetimeSeconds = 30 * 24 * 3600;      // authen v1
  static constexpr std::int64_t kOAuthRefreshLifetimeSeconds = 7 * 24 * 3600;  // the OAuth 2 endpoint (authen v2)

  core::Token mint_code(const UserGrant& grant, std::int64_t lifetime_seconds = kCodeLifetimeSeconds);
  // Spends the code (once, even when two requests race).
  Redemption redeem_code(const std::string& code);
  // Spends the refresh token (once, even when two requests race).
  Redemption redeem_refresh(const std::string& refresh_token);
  UserTokens issue(const UserGrant& grant, std::int64_t refresh_lifetime_seconds = kRefreshLifetimeSeconds);
  std::optional<UserGrant> find_access(const std::string& access_token) const;

 private:
  Redemption redeem(const char* kind, const std::string& value);

  core::TokenService& tokens_;
};

}  // namespace filegate::dialects::feishu
