#include "dialects/smh/smh_dialect.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dialects/smh/tokens.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::smh {
namespace {

constexpr std::uint64_t kMaxJsonBody = 64 * 1024;
// COS accepts a single PUT of up to 5 GB; the byte host takes the same.
constexpr std::uint64_t kMaxObjectBytes = 5ull << 30;
constexpr std::string_view kBearer = "Bearer ";

std::string token_from(const http::Exchange& exchange) {
  if (auto q = exchange.request().query("access_token"); q && !q->empty()) return *q;
  const std::string_view authorization = exchange.request().header(bhttp::field::authorization);
  if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
    return std::string(authorization.substr(kBearer.size()));
  }
  return {};
}

Response body_too_large(const http::Exchange& exchange) {
  return error_reply(exchange, SmhError(413, "RequestEntityTooLarge", "the request body is too large"));
}

}  // namespace

void SmhDialect::register_routes(http::Router& http_router) {
  auto router = http_router.scope(http::filegate_envelope(), {});  // TRANSITIONAL
  using bhttp::verb;
  const http::RouteOptions small{kMaxJsonBody};
  auto sync = [this](SyncHandler handler) { return [this, handler](http::Exchange& e) { return run(e, handler); }; };
  // A confirm of a multipart upload joins its parts: gigabytes read and written, off the event loop.
  auto may_block = [this](SyncHandler handler) {
    return [this, handler](http::Exchange& e) { return run(e, handler, /*may_block=*/true); };
  };
  router.add(verb::get, "/api/v1/token", sync(&SmhDialect::issue_token), small);
  router.add(verb::post, "/api/v1/token", sync(&SmhDialect::issue_token), small);
  router.add(verb::post, "/api/v1/token/:lib/:token", sync(&SmhDialect::renew_token), small);
  router.add(verb::delete_, "/api/v1/token/:lib/:token", sync(&SmhDialect::delete_token), small);
  router.add(verb::post, "/api/v1/space/:lib", sync(&SmhDialect::create_space), small);

  constexpr std::string_view file = "/api/v1/file/:lib/:space/*path";
  router.add(verb::put, file, sync(&SmhDialect::begin_upload), small);
  router.add(verb::post, file, may_block(&SmhDialect::file_post), small);
  router.add(verb::get, file, sync(&SmhDialect::file_get), small);
  router.add(verb::head, file, sync(&SmhDialect::file_head), small);
  router.add(verb::delete_, file, sync(&SmhDialect::file_delete), small);

  constexpr std::string_view directory = "/api/v1/directory/:lib/:space/*path";
  router.add(verb::put, directory, sync(&SmhDialect::directory_put), small);
  router.add(verb::get, directory, sync(&SmhDialect::directory_get), small);
  router.add(verb::head, directory, sync(&SmhDialect::directory_head), small);
  router.add(verb::delete_, directory, sync(&SmhDialect::directory_delete), small);
  router.add(verb::get, "/api/v1/directory-history/:lib/:space/history-list/*path", sync(&SmhDialect::history_list),
             small);

  router.add(
      verb::put, "/smh-cos/upload/:key", [this](http::Exchange& e) { return cos_put(e); },
      http::RouteOptions{kMaxObjectBytes});
  router.add(
      verb::get, "/smh-cos/blob/:object_id", [this](http::Exchange& e) { return cos_get(e); }, small);
  router.add(
      verb::head, "/smh-cos/blob/:object_id", [this](http::Exchange& e) { return cos_get(e); }, small);
}

std::string SmhDialect::dev_credentials() {
  const Library library = model_.default_library();
  return fmt::format(
      "  Tencent SMH  library_id={}  library_secret={}  space=-\n"
      "               token: {}/api/v1/token?library_id={}&library_secret=…",
      library.library_id, library.library_secret, services_.public_base_url, library.library_id);
}

http::awaitable<void> SmhDialect::run(http::Exchange& exchange, SyncHandler handler, bool may_block) {
  std::string body;
  bool too_large = false;
  try {
    body = co_await exchange.read_all(kMaxJsonBody);
  } catch (const http::BodyError& e) {
    if (e.kind() != http::BodyError::Kind::too_large) throw;
    too_large = true;
  }
  Response res;
  if (too_large) {
    res = body_too_large(exchange);
  } else if (may_block) {
    res = co_await http::run_blocking([&] { return guarded(exchange, handler, body); });
  } else {
    res = guarded(exchange, handler, body);
  }
  co_await exchange.respond(std::move(res));
}

Response SmhDialect::guarded(http::Exchange& exchange, SyncHandler handler, const std::string& body) {
  try {
    return (this->*handler)(exchange, body);
  } catch (const SmhError& e) {
    return error_reply(exchange, e);
  } catch (const core::RecordExists&) {
    // Two requests raced to create the same name; the loser sees what it would have seen a moment later.
    return error_reply(exchange,
                       SmhError(409, "SameNameDirectoryOrFileExists", "a directory or file with the same name exists"));
  } catch (const std::exception& e) {
    spdlog::error("smh: {} {}: {}", exchange.request().method_string(), exchange.request().target(), e.what());
    return error_reply(exchange, SmhError(500, "InternalServerError", "internal server error"));
  }
}

Access SmhDialect::admit(const http::Exchange& exchange, Need need) {
  const std::string library_id = decoded_param(exchange, "lib");
  auto library = model_.library(library_id);
  if (!library) throw SmhError(404, "LibraryNotFound", "library not found");
  const std::string value = token_from(exchange);
  if (value.empty()) throw SmhError(400, "EmptyAccessToken", "access token is required");
  auto token = services_.tokens.find(std::string(kTokenKind), value);
  if (!token || token->subject != library_id) {
    throw SmhError(403, "InvalidAccessToken", "the access token is invalid, expired or not for this library");
  }
  const TokenClaims claims = claims_of(*token);
  const std::string space_id = decoded_param(exchange, "space");
  if (!claims.space_ids.empty() &&
      std::find(claims.space_ids.begin(), claims.space_ids.end(), space_id) == claims.space_ids.end()) {
    throw SmhError(403, "AccessTokenNotMatchSpace", "the access token is not for this space");
  }
  if (!model_.space_exists(*library, space_id)) {
    if (!library->multi_space) throw SmhError(400, "NotMultiSpaceLibrary", "this library has only the space '-'");
    throw SmhError(404, "SpaceNotFound", "space not found");
  }
  if (!grants_allow(claims.grant, need)) throw SmhError(403, "NoPermission", "the access token has no permission");
  // Tokens slide: every use renews them for their own period (documented; the period itself never changes).
  services_.tokens.extend(std::string(kTokenKind), value, claims.period_s);

  Access access{*library, Scope{library_id, space_id}, *token, claims.user_id};
  if (access.user_id.empty()) {
    if (auto as_user = exchange.request().query("user_id")) access.user_id = *as_user;
  }
  return access;
}

}  // namespace filegate::dialects::smh
