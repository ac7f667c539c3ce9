#include "dialects/smh/smh_dialect.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/rate_limiter.hpp"
#include "core/text.hpp"
#include "dialects/smh/directory_grants.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/path.hpp"
#include "http/blocking_work.hpp"
#include "http/router.hpp"

namespace filegate::dialects::smh {
namespace {

constexpr std::uint64_t kMaxJsonBody = 64 * 1024;
// COS accepts a single PUT of up to 5 GB; the byte host takes the same.
constexpr std::uint64_t kMaxObjectBytes = 5ull << 30;
// SMH documents no request rate for its file API (only one call a minute for emptying a library's history, which
// filegate does not serve): filegate's choice is 100 requests a second per library over every call that checks a
// token, bursts up to 100 (RateLimitExceeded 429; off with --rate-limits=off).
const std::vector<core::Quota> kLibraryQuota{{100, 1000}};

std::string token_from(const http::Exchange& exchange) {
  if (auto q = exchange.request().query("access_token"); q && !q->empty()) return *q;
  if (auto bearer = core::text::bearer_token(exchange.request().header(bhttp::field::authorization))) {
    return std::string(*bearer);
  }
  return {};
}

}  // namespace

void SmhDialect::register_routes(http::Router& router) {
  using bhttp::verb;
  namespace ep = endpoint;
  const http::RouteOptions small{kMaxJsonBody};
  auto sync = [this](SyncHandler handler) { return [this, handler](http::Exchange& e) { return run(e, handler); }; };

  auto api = router.scope(api_envelope_, {"/api/v1/"});
  api.add(verb::get, "/api/v1/token", ep::token_create, sync(&SmhDialect::issue_token), small)
      .add(verb::post, "/api/v1/token", ep::token_create, sync(&SmhDialect::issue_token), small)
      .add(verb::post, "/api/v1/token/:lib/:token", ep::token_renew, sync(&SmhDialect::renew_token), small)
      .add(verb::delete_, "/api/v1/token/:lib/:token", ep::token_delete, sync(&SmhDialect::delete_token), small)
      .add(verb::post, "/api/v1/space/:lib", ep::space_create, sync(&SmhDialect::create_space), small);

  // Selector routes are tried before the plain ones, in the order added (a request naming two takes the first).
  const std::string file = "/api/v1/file/:lib/:space/*path";
  api.add(verb::put, file, ep::file_upload, sync(&SmhDialect::file_put), small)
      .add(verb::post, file + "?confirm", ep::file_confirm, sync(&SmhDialect::confirm_upload), small)
      .add(verb::post, file + "?renew", ep::file_renew, sync(&SmhDialect::renew_upload), small)
      .add(verb::post, file + "?multipart", ep::file_multipart, sync(&SmhDialect::begin_multipart), small)
      .add(verb::post, file, ep::file_form_upload, sync(&SmhDialect::form_upload), small)
      .add(verb::get, file + "?upload", ep::file_upload_status, sync(&SmhDialect::upload_status), small)
      .add(verb::get, file + "?info", ep::file_info, sync(&SmhDialect::file_info), small)
      .add(verb::get, file + "?preview", ep::file_preview, sync(&SmhDialect::file_preview), small)
      .add(verb::get, file, ep::file_get, sync(&SmhDialect::file_get), small)
      .add(verb::head, file, ep::file_head, sync(&SmhDialect::file_head), small)
      .add(verb::delete_, file + "?upload", ep::file_upload_cancel, sync(&SmhDialect::cancel_upload), small)
      .add(verb::delete_, file, ep::file_delete, sync(&SmhDialect::file_delete), small);

  const std::string directory = "/api/v1/directory/:lib/:space/*path";
  api.add(verb::put, directory, ep::directory_create, sync(&SmhDialect::directory_put), small)
      .add(verb::get, directory + "?info", ep::directory_info, sync(&SmhDialect::directory_info), small)
      .add(verb::get, directory, ep::directory_list, sync(&SmhDialect::directory_list), small)
      .add(verb::head, directory, ep::directory_head, sync(&SmhDialect::directory_head), small)
      .add(verb::delete_, directory, ep::directory_delete, sync(&SmhDialect::directory_delete), small)
      .add(verb::get, "/api/v1/directory-history/:lib/:space/history-list/*path", ep::history_list,
           sync(&SmhDialect::history_list), small)
      .add(verb::post, "/api/v1/directory-history/:lib/:space/latest-version/:history_id", ep::history_restore,
           sync(&SmhDialect::history_restore), small)
      .add(verb::post, "/api/v1/directory-history/:lib/:space/delete", ep::history_delete,
           sync(&SmhDialect::history_delete), small)
      .add(verb::get, "/api/v1/quota/:lib/:space", ep::quota_get, sync(&SmhDialect::quota_get), small)
      .add(verb::get, "/api/v1/inode/:lib/:space/:inode", ep::inode_info, sync(&SmhDialect::inode_info), small);

  const std::string recycled = "/api/v1/recycled/:lib/:space";
  api.add(verb::get, recycled, ep::recycled_list, sync(&SmhDialect::recycled_list), small)
      .add(verb::post, recycled + "/:id?restore", ep::recycled_restore, sync(&SmhDialect::recycled_restore), small)
      .add(verb::delete_, recycled + "/:id", ep::recycled_delete, sync(&SmhDialect::recycled_delete), small)
      .add(verb::delete_, recycled, ep::recycled_empty, sync(&SmhDialect::recycled_empty), small);

  const std::string batch = "/api/v1/batch/:lib/:space";
  api.add(verb::post, batch + "?delete", ep::batch_delete, sync(&SmhDialect::batch_delete), small)
      .add(verb::post, batch + "?copy", ep::batch_copy, sync(&SmhDialect::batch_copy), small)
      .add(verb::post, batch + "?move", ep::batch_move, sync(&SmhDialect::batch_move), small)
      .add(verb::get, "/api/v1/task/:lib/:space/:task_ids", ep::task_get, sync(&SmhDialect::task_get), small);

  auto cos = router.scope(cos_envelope_, {"/smh-cos/"});
  const http::RouteOptions object{kMaxObjectBytes, &errors::cos_entity_too_large};
  const std::string upload = "/smh-cos/upload/:key";
  cos.add(
         verb::put, upload + "?partNumber", ep::cos_put_part, [this](http::Exchange& e) { return cos_put_part(e); },
         object)
      .add(
          verb::put, upload + "?uploadId", ep::cos_put_part, [this](http::Exchange& e) { return cos_put_part(e); },
          object)
      .add(
          verb::put, upload, ep::cos_put, [this](http::Exchange& e) { return cos_put(e); }, object)
      // A form upload's form goes to the bucket root; its fields take a little more than the object itself.
      .add(verb::post, "/smh-cos", ep::cos_form_post, [this](http::Exchange& e) { return cos_form_post(e); },
           {kMaxObjectBytes + (1ull << 20), &errors::cos_entity_too_large})
      .add(
          verb::get, "/smh-cos/blob/:lib/:space/:file_uid/:history_id/:object_id", ep::cos_get,
          [this](http::Exchange& e) { return cos_get(e); }, small)
      .add(
          verb::head, "/smh-cos/blob/:lib/:space/:file_uid/:history_id/:object_id", ep::cos_head,
          [this](http::Exchange& e) { return cos_get(e); }, small);
}

std::string SmhDialect::dev_credentials() {
  const Library library = model_.default_library();
  return fmt::format(
      "  Tencent SMH  library_id={}  library_secret={}  space=-\n"
      "               token: {}/api/v1/token?library_id={}&library_secret=…",
      library.library_id, library.library_secret, services_.default_base_url(), library.library_id);
}

// Every SMH API call may wait for the disk (a confirm joins parts, a token renewal, a directory or a delete commits),
// so the whole handler runs on the blocking pool, once the body has been read on the event loop.
http::awaitable<void> SmhDialect::run(http::Exchange& exchange, SyncHandler handler) {
  const std::string body = co_await exchange.read_all(kMaxJsonBody);
  Response response = co_await http::run_blocking([&] { return call(exchange, handler, body); });
  co_await exchange.respond(std::move(response));
}

Response SmhDialect::call(http::Exchange& exchange, SyncHandler handler, const std::string& body) {
  try {
    return (this->*handler)(exchange, body);
  } catch (const core::RecordExists&) {
    // Two requests raced to create the same name; the loser sees what it would have seen a moment later.
    throw http::Refusal(errors::same_name_exists);
  }
}

Access SmhDialect::admit(const http::Exchange& exchange, Need need) {
  const std::string library_id = decoded_param(exchange, "lib");
  auto library = model_.library(library_id);
  if (!library) throw http::Refusal(errors::library_not_found);
  const std::string value = token_from(exchange);
  if (value.empty()) throw http::Refusal(errors::empty_access_token);
  auto token = services_.tokens.find(std::string(kTokenKind), value);
  if (!token || token->subject != library_id) throw http::Refusal(errors::invalid_access_token);
  exchange.note_caller(library_id);
  if (services_.rate_limits_enabled && !services_.rate_limiter.admit("smh:" + library_id, kLibraryQuota).allowed) {
    throw http::Refusal(errors::rate_limit_exceeded);
  }
  const TokenClaims claims = claims_of(*token);
  const std::string space_id = decoded_param(exchange, "space");
  if (!claims.space_ids.empty() &&
      std::find(claims.space_ids.begin(), claims.space_ids.end(), space_id) == claims.space_ids.end()) {
    throw http::Refusal(errors::access_token_not_match_space);
  }
  if (!model_.space_exists(*library, space_id)) {
    if (!library->multi_space) throw http::Refusal(errors::not_multi_space_library);
    throw http::Refusal(errors::space_not_found);
  }
  if (!grants_allow(claims.grant, need)) throw http::Refusal(errors::no_permission);
  // Tokens slide: every use renews them for their own period (documented; the period itself never changes). The
  // new expiry is written at most once a minute per token, not on every request.
  if (sliding_.due(value, services_.clock.now_ms(), claims.period_s)) {
    services_.tokens.extend(std::string(kTokenKind), value, claims.period_s);
  }

  Access access{*library, Scope{library_id, space_id}, *token, claims.user_id};
  if (access.user_id.empty()) {
    if (auto as_user = exchange.request().query("user_id")) access.user_id = *as_user;
  }
  // Per-directory grants, on the tree path a route names (a confirm key is none; a malformed path is refused later
  // by the handler, with its own code).
  const auto& params = exchange.params();
  const auto& keyed = endpoint::confirm_keys;
  if (const auto path = params.find("path");
      !access.user_id.empty() && path != params.end() &&
      std::find(std::begin(keyed), std::end(keyed), exchange.endpoint()) == std::end(keyed)) {
    if (const DecodedPath decoded = decode_path(path->second, true); decoded.ok()) {
      require_directory_access(model_, access.scope, access.user_id, decoded.segments, need != Need::read);
    }
  }
  return access;
}

}  // namespace filegate::dialects::smh
