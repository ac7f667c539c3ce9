#include "control/admin_common.hpp"

#include <openssl/crypto.h>

#include "core/text.hpp"
#include "http/json_response.hpp"

namespace filegate::control {

const http::ErrorEntry kAdminUnauthorized{"admin.unauthorized", 401, "Unauthorized",
                                          "the admin API needs Authorization: Bearer <admin token>"};
const http::ErrorEntry kAdminBadRequest{"admin.bad_request", 400, "BadRequest", "the request is not valid"};
const http::ErrorEntry kAdminNotFound{"admin.not_found", 404, "NotFound", "no such item"};

void require_admin_token(const http::Exchange& exchange, std::string_view admin_token) {
  const auto token = core::text::bearer_token(exchange.request().header(http::bhttp::field::authorization));
  const bool same = token && token->size() == admin_token.size() &&
                    CRYPTO_memcmp(token->data(), admin_token.data(), admin_token.size()) == 0;
  if (!same) throw http::Refusal(kAdminUnauthorized);
}

boost::json::object parse_admin_body(const std::string& body) {
  if (body.empty()) return {};
  auto parsed = http::parse_json_object(body);
  if (!parsed) throw http::Refusal(kAdminBadRequest, "the body must be a JSON object");
  return std::move(*parsed);
}

std::string string_field(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace filegate::control
