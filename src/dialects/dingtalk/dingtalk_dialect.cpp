#include "dialects/dingtalk/dingtalk_dialect.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "core/text.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/scopes.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kDefaultUrlTtlSeconds = 900;  // what the platform quotes as expirationSeconds
constexpr std::int64_t kMaxUrlTtlSeconds = 7 * 24 * 3600;
constexpr std::string_view kTokenHeader = "x-acs-dingtalk-access-token";
constexpr std::int64_t kDefaultUnarchiveSeconds = 60;  // about what an OSS archive object takes to restore
// Dentries a task reports done per poll: small folders finish at once, large ones are seen IN_PROGRESS first.
constexpr std::int64_t kDefaultTaskStep = 100;
constexpr std::int64_t kMaxTaskStep = 1'000'000;

// The environment variable `name` when it holds a whole number in [min, max]; `fallback` otherwise.
std::int64_t number_from_environment(const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const char* text = std::getenv(name);
  if (!text) return fallback;
  const auto value = core::text::parse_i64(text);
  return value && *value >= min && *value <= max ? *value : fallback;
}

}  // namespace

std::int64_t url_ttl_from_environment() {
  return number_from_environment("FILEGATE_DINGTALK_URL_TTL_SECONDS", kDefaultUrlTtlSeconds, 1, kMaxUrlTtlSeconds);
}

std::int64_t unarchive_seconds_from_environment() {
  return number_from_environment("FILEGATE_DINGTALK_UNARCHIVE_SECONDS", kDefaultUnarchiveSeconds, 0, kMaxUrlTtlSeconds);
}

std::int64_t task_step_from_environment() {
  return number_from_environment("FILEGATE_DINGTALK_TASK_STEP", kDefaultTaskStep, 1, kMaxTaskStep);
}

void DingTalkDialect::register_routes(http::Router& router) {
  using bhttp::verb;
  namespace ep = endpoints;
  const http::RouteOptions small{64 * 1024};
  // OSS takes up to 5 GB in one PUT; parts are capped the same way. Above it, OSS's own answer (the envelope's).
  const http::RouteOptions blob{5ull << 30};
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  auto relocate_one = [this](bool copy) {
    return [this, copy](http::Exchange& e) { return relocate_dentry(e, copy); };
  };
  auto relocate_many = [this](bool copy) {
    return [this, copy](http::Exchange& e) { return relocate_dentries(e, copy); };
  };

  // The gateway answers every unknown path under its API versions with InvalidAction.NotFound.
  const std::string spaces = "/v1.0/storage/spaces";
  const std::string bins = "/v1.0/storage/recycleBins/:recycle_bin_id";
  router.scope(api_envelope_, {"/v1.0/", "/v2.0/"})
      .add(verb::post, "/v1.0/oauth2/accessToken", ep::access_token, bind(&DingTalkDialect::access_token), small)
      .add(verb::post, spaces + "/files/multiPartUploadInfos/query", ep::multipart_infos,
           bind(&DingTalkDialect::multipart_upload_infos), small)
      .add(verb::post, spaces + "/:space_id/files/uploadInfos/query", ep::upload_info,
           bind(&DingTalkDialect::upload_info), small)
      .add(verb::post, spaces + "/:space_id/files/multiPartUploadInfos/init", ep::multipart_init,
           bind(&DingTalkDialect::init_multipart_upload), small)
      .add(verb::post, spaces + "/:space_id/files/commit", ep::commit, bind(&DingTalkDialect::commit_file), small)
      .add(verb::get, spaces + "/:space_id/dentries", ep::list_dentries, bind(&DingTalkDialect::list_dentries), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/query", ep::get_dentry,
           bind(&DingTalkDialect::get_dentry), small)
      .add(verb::get, spaces + "/:space_id/dentries/:dentry_id/versions", ep::list_versions,
           bind(&DingTalkDialect::list_versions), small)
      .add(verb::delete_, spaces + "/:space_id/dentries/:dentry_id", ep::delete_dentry,
           bind(&DingTalkDialect::delete_dentry), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/folders", ep::add_folder,
           bind(&DingTalkDialect::add_folder), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/downloadInfos/query", ep::download_info,
           bind(&DingTalkDialect::download_info), small)
      .add(verb::post, spaces + "/:space_id/dentries/query", ep::get_dentries, bind(&DingTalkDialect::get_dentries),
           small)
      .add(verb::post, spaces + "/:space_id/dentries/listAll", ep::list_all, bind(&DingTalkDialect::list_all_dentries),
           small)
      .add(verb::post, spaces + "/:space_id/dentries/batchMove", ep::move_dentries, relocate_many(false), small)
      .add(verb::post, spaces + "/:space_id/dentries/batchCopy", ep::copy_dentries, relocate_many(true), small)
      .add(verb::post, spaces + "/:space_id/dentries/batchRemove", ep::delete_dentries,
           bind(&DingTalkDialect::delete_dentries), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/rename", ep::rename_dentry,
           bind(&DingTalkDialect::rename_dentry), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/move", ep::move_dentry, relocate_one(false), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/copy", ep::copy_dentry, relocate_one(true), small)
      .add(verb::post, spaces + "/:space_id/dentries/:dentry_id/versions/:version/revert", ep::revert_version,
           bind(&DingTalkDialect::revert_version), small)
      .add(verb::get, spaces + "/:space_id", ep::get_space, bind(&DingTalkDialect::get_space), small)
      .add(verb::post, spaces, ep::add_space, bind(&DingTalkDialect::add_space), small)
      .add(verb::get, "/v1.0/storage/tasks/:task_id", ep::get_task, bind(&DingTalkDialect::get_task), small)
      .add(verb::get, "/v1.0/storage/recycleBins", ep::get_recycle_bin, bind(&DingTalkDialect::get_recycle_bin), small)
      .add(verb::get, bins + "/recycleItems", ep::list_recycle_items, bind(&DingTalkDialect::list_recycle_items), small)
      .add(verb::get, bins + "/recycleItems/:item_id", ep::get_recycle_item, bind(&DingTalkDialect::get_recycle_item),
           small)
      .add(verb::post, bins + "/recycleItems/:item_id/restore", ep::restore_recycle_item,
           bind(&DingTalkDialect::restore_recycle_item), small)
      .add(verb::post, bins + "/recycleItems/batchRestore", ep::restore_recycle_items,
           bind(&DingTalkDialect::restore_recycle_items), small)
      .add(verb::delete_, bins + "/recycleItems/:item_id", ep::delete_recycle_item,
           bind(&DingTalkDialect::delete_recycle_item), small)
      .add(verb::post, bins + "/recycleItems/batchRemove", ep::delete_recycle_items,
           bind(&DingTalkDialect::delete_recycle_items), small)
      .add(verb::post, bins + "/clear", ep::clear_recycle_bin, bind(&DingTalkDialect::clear_recycle_bin), small)
      .add(verb::get, "/v2.0/doc/dentries/:dentry_uuid/queryDentryId", ep::dentry_id_by_uuid,
           bind(&DingTalkDialect::dentry_id_by_uuid), small);

  // The signed URLs handed out in headerSignatureInfo (OSS on the real platform).
  router.scope(oss_envelope_, {"/_filegate/dingtalk/"})
      .add(verb::put, "/_filegate/dingtalk/upload/:upload_key", ep::oss_put, bind(&DingTalkDialect::put_upload), blob)
      .add(verb::put, "/_filegate/dingtalk/upload/:upload_key/parts/:part_number", ep::oss_put_part,
           bind(&DingTalkDialect::put_part), blob)
      .add(verb::get, "/_filegate/dingtalk/download/:dentry_id/:object_id", ep::oss_get,
           bind(&DingTalkDialect::get_blob), small)
      .add(verb::head, "/_filegate/dingtalk/download/:dentry_id/:object_id", ep::oss_head,
           bind(&DingTalkDialect::get_blob), small)
      // A download slot is signed for GET only: a PUT to it is refused like a bad signature, as OSS does.
      .add(verb::put, "/_filegate/dingtalk/download/:dentry_id/:object_id", ep::oss_put_download,
           bind(&DingTalkDialect::refuse_put), small);
}

std::string DingTalkDialect::dev_credentials() {
  const DefaultSetup setup = model_.default_setup();
  return fmt::format(
      "  DingTalk     app_key={}  app_secret={}  space_id={}  union_id={}\n"
      "               SDK: new Client(new $OpenApi.Config({{protocol: 'http', endpoint: '{}'}}))",
      setup.app.app_key, setup.app.app_secret, setup.space.id, setup.union_id,
      services_.default_base_url().substr(services_.default_base_url().find("://") + 3));
}

http::awaitable<void> DingTalkDialect::reply(http::Exchange& exchange, boost::json::object body) {
  auto res = ok(body);
  co_await exchange.respond(std::move(res));
}

DingTalkDialect::Caller DingTalkDialect::admit(const http::Exchange& exchange, bool in_space,
                                               std::string_view union_param) const {
  const std::string_view token = exchange.request().header(kTokenHeader);
  if (token.empty()) throw http::Refusal(errors::missing_token);
  const auto found = services_.tokens.find(std::string(kTokenKind), std::string(token));
  std::optional<App> app = found ? model_.app(found->subject) : std::nullopt;
  if (!app) throw http::Refusal(errors::invalid_token);
  exchange.note_caller(app->app_key);
  // The gateway checks the app's permission for the API before the API looks at its parameters.
  if (const std::string_view scope = required_scope(exchange.endpoint()); !scope.empty() && !app->has_scope(scope)) {
    throw http::Refusal(errors::api_permission_denied,
                        fmt::format("{} requiredScopes: [{}]", errors::api_permission_denied.message, scope));
  }
  Caller caller{*app, exchange.request().query(union_param).value_or(""), std::nullopt};
  if (caller.union_id.empty()) throw http::Refusal(errors::param_invalid, std::string(union_param) + " is required");
  if (!in_space) return caller;
  caller.space = member_space(caller, exchange.param("space_id"));
  return caller;
}

Space DingTalkDialect::member_space(const Caller& caller, const std::string& space_id) const {
  if (!is_numeric_id(space_id)) throw http::Refusal(errors::param_space_id);
  auto space = model_.space(space_id);
  // Another organisation's space is as invisible as a missing one.
  if (!space || space->app_key != caller.app.app_key) throw http::Refusal(errors::space_not_found);
  if (!space->has_member(caller.union_id)) throw http::Refusal(errors::permission_denied);
  return std::move(*space);
}

DingTalkDialect::Caller DingTalkDialect::admit_recycle_bin(const http::Exchange& exchange) const {
  Caller caller = admit(exchange, /*in_space=*/false);
  // A space's recycle bin has the space's id; the organisation's has its corpId.
  const std::string& bin_id = exchange.param("recycle_bin_id");
  if (bin_id == corp_id_of(caller.app.app_key)) return caller;
  caller.space = member_space(caller, bin_id);
  return caller;
}

http::awaitable<boost::json::object> DingTalkDialect::read_json(http::Exchange& exchange) {
  const std::string body = co_await exchange.read_all(64 * 1024);
  if (body.empty()) co_return boost::json::object();
  auto parsed = http::parse_json_object(body);
  if (!parsed) throw http::Refusal(errors::param_invalid, "the request body is not a JSON object");
  co_return std::move(*parsed);
}

Dentry DingTalkDialect::path_dentry(const http::Exchange& exchange, const Caller& caller) const {
  const std::string& dentry_id = exchange.param("dentry_id");
  if (!is_numeric_id(dentry_id)) throw http::Refusal(errors::param_dentry_id);
  auto dentry = model_.dentry(dentry_id);
  if (!dentry || dentry->space_id != caller.space->id) throw http::Refusal(errors::dentry_not_found);
  return std::move(*dentry);
}

std::optional<Dentry> DingTalkDialect::resolve_parent(const Caller& caller, const std::string& parent_id) const {
  if (parent_id == kRootId) return std::nullopt;
  if (!is_numeric_id(parent_id)) throw http::Refusal(errors::param_parent_id);
  auto parent = model_.dentry(parent_id);
  if (!parent || parent->space_id != caller.space->id) {
    throw http::Refusal(errors::dentry_not_found, "parent dentry not exist");
  }
  if (!parent->folder) throw http::Refusal(errors::param_parent_id, "parent dentry is not a folder");
  return parent;
}

}  // namespace filegate::dialects::dingtalk
