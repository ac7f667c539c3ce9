#include "dialects/coze/coze_dialect.hpp"

#include <fmt/format.h>

#include <cctype>

#include "dialects/coze/envelope.hpp"

namespace filegate::dialects::coze {
namespace {

constexpr std::string_view kBearer = "bearer ";

// The bearer token, or "" when the header is missing or not a bearer credential. The scheme is case-insensitive
// (RFC 7235); the SDKs send "Bearer".
std::string bearer_token(std::string_view authorization) {
  if (authorization.size() <= kBearer.size()) return {};
  for (std::size_t i = 0; i < kBearer.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kBearer[i]) return {};
  }
  return std::string(authorization.substr(kBearer.size()));
}

}  // namespace

void CozeDialect::register_routes(http::Router& http_router) {
  auto router = http_router.scope(http::filegate_envelope(), {});  // TRANSITIONAL
  using bhttp::verb;
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  // 512 MB of file plus 1 MiB for the form's framing. A file a little over 512 MB is read and dropped so it still
  // gets a proper 4000; a body over the route limit is refused by the HTTP layer.
  router.add(verb::post, "/v1/files/upload", bind(&CozeDialect::upload_file),
             http::RouteOptions{kMaxFileBytes + (1ull << 20)});
  router.add(verb::get, "/v1/files/retrieve", bind(&CozeDialect::retrieve_file), {64 * 1024});
}

std::string CozeDialect::dev_credentials() {
  const Pat pat = model_.default_pat();
  return fmt::format(
      "  Coze         token={}\n"
      "               SDK: new CozeAPI({{token, baseURL: '{}'}})",
      pat.token, services_.public_base_url);
}

http::awaitable<std::optional<Pat>> CozeDialect::authenticate(http::Exchange& exchange) {
  const std::string token = bearer_token(exchange.request().header(bhttp::field::authorization));
  std::optional<Pat> pat = token.empty() ? std::nullopt : model_.pat_by_token(token);
  if (!pat) {
    // Missing and wrong tokens get the same answer, as on the platform: HTTP 401, code 4100.
    auto response = failure(exchange, kAuthenticationInvalid, "authentication is invalid");
    co_await exchange.respond(std::move(response));
    co_return std::nullopt;
  }
  co_return pat;
}

}  // namespace filegate::dialects::coze
