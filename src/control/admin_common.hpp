#pragma once
// What every part of the admin API (/_filegate/api/v1/) shares: the admin-token check, filegate's own errors and the
// small JSON body helpers. The parts (accounts and files, faults, the request journal) register their routes apart.
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "http/exchange.hpp"
#include "http/refusal.hpp"

namespace filegate::control {

inline constexpr std::string_view kAdminApiBase = "/_filegate/api/v1/";

// filegate's own errors, in its envelope: {"error":{"code","message","request_id"}}.
extern const http::ErrorEntry kAdminUnauthorized;
extern const http::ErrorEntry kAdminBadRequest;
extern const http::ErrorEntry kAdminNotFound;

// Throws kAdminUnauthorized unless the request carries `Authorization: Bearer <admin_token>` (compared in constant
// time).
void require_admin_token(const http::Exchange& exchange, std::string_view admin_token);

// The body as a JSON object ({} when empty); kAdminBadRequest when it is not one.
boost::json::object parse_admin_body(const std::string& body);
// The member `key` when it is a string; "" otherwise.
std::string string_field(const boost::json::object& body, std::string_view key);

}  // namespace filegate::control
