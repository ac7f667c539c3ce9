#pragma once
// SMH access tokens, kept by core::TokenService with the claims SMH attaches: the spaces, the user, the grant list
// and the period (lifetime in seconds, which every use renews and which a renewal cannot change).
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "core/token_service.hpp"

namespace filegate::dialects::smh {

constexpr std::string_view kTokenKind = "smh";
constexpr std::int64_t kDefaultPeriodSeconds = 86400;

struct TokenClaims {
  std::vector<std::string> space_ids;  // empty: any space of the library
  std::string user_id;
  std::string grant;  // comma list as given
  std::int64_t period_s = kDefaultPeriodSeconds;
};

boost::json::object claims_json(const TokenClaims& claims);
TokenClaims claims_of(const core::Token& token);

// When a used token's expiry should slide. Sliding writes the token's record, so a token in steady use is extended
// at most once a minute (once a tenth of its period when that is shorter, so a short-lived token still outlives its
// period while it is used); the cost is that it may expire that much earlier than "period after the last use".
class SlidingExpiry {
 public:
  // True when `token`, used now, should be extended; records the extension.
  bool due(const std::string& token, std::int64_t now_ms, std::int64_t period_s);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> extended_ms_;  // token → when it last slid
};

}  // namespace filegate::dialects::smh
