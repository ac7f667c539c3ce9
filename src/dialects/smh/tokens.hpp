#pragma once
// SMH access tokens, kept by core::TokenService with the claims SMH attaches: the spaces, the user, the grant list
// and the period (lifetime in seconds, which every use renews and which a renewal cannot change).
#include <cstdint>
#include <string>
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

}  // namespace filegate::dialects::smh
