#include "dialects/dingtalk/dingtalk_dialect.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "dialects/dingtalk/envelope.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kDefaultUrlTtlSeconds = 900;  // what the platform quotes as expirationSeconds
constexpr std::int64_t kMaxUrlTtlSeconds = 7 * 24 * 3600;
constexpr std::string_view kTokenHeader = "x-acs-dingtalk-access-token";

bool is_numeric_id(std::string_view s) {
  return !s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::int64_t url_ttl_from_environment() {
  const char* text = std::getenv("FILEGATE_DINGTALK_URL_TTL_SECONDS");
  if (!text) return kDefaultUrlTtlSeconds;
  const std::string_view s(text);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 1 || value > kMaxUrlTtlSeconds) {
    return kDefaultUrlTtlSeconds;
  }
  return value;
}

void DingTalkDialect::register_routes(http::Router& http_router) {
  auto router = http_router.scope(http::filegate_envelope(), {});  // TRANSITIONAL
  using bhttp::verb;
  const http::RouteOptions small{64 * 1024};
  // OSS takes up to 5 GB in one PUT; parts are capped the same way. Above it, OSS's own answer.
  const http::RouteOptions blob{5ull << 30};
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  router.add(verb::post, "/v1.0/oauth2/accessToken", bind(&DingTalkDialect::access_token), small);

  const std::string spaces = "/v1.0/storage/spaces";
  router.add(verb::post, spaces + "/files/multiPartUploadInfos/query", bind(&DingTalkDialect::multipart_upload_infos),
             small);
  router.add(verb::post, spaces + "/:space_id/files/uploadInfos/query", bind(&DingTalkDialect::upload_info), small);
  router.add(verb::post, spaces + "/:space_id/files/multiPartUploadInfos/init",
             bind(&DingTalkDialect::init_multipart_upload), small);
  router.add(verb::post, spaces + "/:space_id/files/commit", bind(&DingTalkDialect::commit_file), small);
  router.add(verb::get, spaces + "/:space_id/dentries", bind(&DingTalkDialect::list_dentries), small);
  router.add(verb::post, spaces + "/:space_id/dentries/:dentry_id/query", bind(&DingTalkDialect::get_dentry), small);
  router.add(verb::get, spaces + "/:space_id/dentries/:dentry_id/versions", bind(&DingTalkDialect::list_versions),
             small);
  router.add(verb::delete_, spaces + "/:space_id/dentries/:dentry_id", bind(&DingTalkDialect::delete_dentry), small);
  router.add(verb::post, spaces + "/:space_id/dentries/:dentry_id/folders", bind(&DingTalkDialect::add_folder), small);
  router.add(verb::post, spaces + "/:space_id/dentries/:dentry_id/downloadInfos/query",
             bind(&DingTalkDialect::download_info), small);

  // The signed URLs handed out in headerSignatureInfo (OSS on the real platform).
  router.add(verb::put, "/_filegate/dingtalk/upload/:upload_key", bind(&DingTalkDialect::put_upload), blob);
  router.add(verb::put, "/_filegate/dingtalk/upload/:upload_key/parts/:part_number", bind(&DingTalkDialect::put_part),
             blob);
  router.add(verb::get, "/_filegate/dingtalk/download/:object_id", bind(&DingTalkDialect::get_blob), small);
  router.add(verb::head, "/_filegate/dingtalk/download/:object_id", bind(&DingTalkDialect::get_blob), small);
  // A download slot is signed for GET only: a PUT to it is refused like a bad signature, as OSS does.
  router.add(verb::put, "/_filegate/dingtalk/download/:object_id", bind(&DingTalkDialect::refuse_put), small);
}

std::string DingTalkDialect::dev_credentials() {
  const DefaultSetup setup = model_.default_setup();
  return fmt::format(
      "  DingTalk     app_key={}  app_secret={}  space_id={}  union_id={}\n"
      "               SDK: new Client(new $OpenApi.Config({{protocol: 'http', endpoint: '{}'}}))",
      setup.app.app_key, setup.app.app_secret, setup.space.id, setup.union_id,
      services_.public_base_url.substr(services_.public_base_url.find("://") + 3));
}

http::awaitable<void> DingTalkDialect::fail(http::Exchange& exchange, unsigned status, std::string_view code,
                                            std::string_view message) {
  auto res = failure(exchange, status, code, message);
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> DingTalkDialect::oss_fail(http::Exchange& exchange, unsigned status, std::string_view code,
                                                std::string_view message) {
  auto res = oss_failure(exchange, status, code, message);
  co_await exchange.respond(std::move(res));
}

http::awaitable<void> DingTalkDialect::reply(http::Exchange& exchange, boost::json::object body) {
  auto res = ok(body);
  res.set("x-acs-request-id", exchange.log_id());
  co_await exchange.respond(std::move(res));
}

http::awaitable<std::optional<DingTalkDialect::Caller>> DingTalkDialect::admit(http::Exchange& exchange,
                                                                               bool in_space) {
  const std::string_view token = exchange.request().header(kTokenHeader);
  if (token.empty()) {
    co_await fail(exchange, 400, "AuthenticationFailed.MissingParameter",
                  "Missing parameter: x-acs-dingtalk-access-token");
    co_return std::nullopt;
  }
  const std::string token_value(token);
  const auto found = services_.tokens.find("dingtalk.app", token_value);
  std::optional<App> app = found ? model_.app(found->subject) : std::nullopt;
  if (!app) {
    co_await fail(exchange, 400, "InvalidAuthentication", "不合法的access_token");
    co_return std::nullopt;
  }
  Caller caller{*app, exchange.request().query("unionId").value_or(""), std::nullopt};
  if (caller.union_id.empty()) {
    co_await fail(exchange, 400, "paramError", "unionId is required");
    co_return std::nullopt;
  }
  if (!in_space) co_return caller;

  const std::string& space_id = exchange.param("space_id");
  if (!is_numeric_id(space_id)) {
    co_await fail(exchange, 400, "paramError.spaceId", "spaceId is invalid");
    co_return std::nullopt;
  }
  caller.space = model_.space(space_id);
  // Another organisation's space is as invisible as a missing one.
  if (!caller.space || caller.space->app_key != app->app_key) {
    co_await fail(exchange, 404, "spaceNotExist", "space not exist");
    co_return std::nullopt;
  }
  if (!caller.space->has_member(caller.union_id)) {
    co_await fail(exchange, 403, "permissionDenied", "no permission to access the space");
    co_return std::nullopt;
  }
  co_return caller;
}

http::awaitable<std::optional<boost::json::object>> DingTalkDialect::read_json(http::Exchange& exchange) {
  const std::string body = co_await exchange.read_all(64 * 1024);
  if (body.empty()) co_return boost::json::object();
  auto parsed = http::parse_json_object(body);
  if (!parsed) {
    co_await fail(exchange, 400, "paramError", "the request body is not a JSON object");
    co_return std::nullopt;
  }
  co_return parsed;
}

http::awaitable<std::optional<Dentry>> DingTalkDialect::path_dentry(http::Exchange& exchange, const Caller& caller) {
  const std::string& dentry_id = exchange.param("dentry_id");
  if (!is_numeric_id(dentry_id)) {
    co_await fail(exchange, 400, "paramError.dentryId", "dentryId is invalid");
    co_return std::nullopt;
  }
  auto dentry = model_.dentry(dentry_id);
  if (!dentry || dentry->space_id != caller.space->id) {
    co_await fail(exchange, 404, "dentryNotExist", "dentry not exist");
    co_return std::nullopt;
  }
  co_return dentry;
}

http::awaitable<bool> DingTalkDialect::resolve_parent(http::Exchange& exchange, const Caller& caller,
                                                      const std::string& parent_id, std::optional<Dentry>& parent) {
  parent.reset();
  if (parent_id == kRootId) co_return true;
  if (!is_numeric_id(parent_id)) {
    co_await fail(exchange, 400, "paramError.parentId", "parentId is invalid");
    co_return false;
  }
  parent = model_.dentry(parent_id);
  if (!parent || parent->space_id != caller.space->id) {
    co_await fail(exchange, 404, "dentryNotExist", "parent dentry not exist");
    co_return false;
  }
  if (!parent->folder) {
    co_await fail(exchange, 400, "paramError.parentId", "parent dentry is not a folder");
    co_return false;
  }
  co_return true;
}

}  // namespace filegate::dialects::dingtalk
