// Spaces: get one (GET /v1.0/storage/spaces/{spaceId}) and add one (POST /v1.0/storage/spaces). A space made by the
// API belongs to the calling app; the calling user is its first member (and its owner, for ownerType USER).
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

boost::json::object space_body(const Space& space, std::int64_t used) {
  boost::json::object o;
  o["space"] = space_json(space, used, corp_id_of(space.app_key));
  return o;
}

// The space an addSpace body describes, for `app_key`, made by `union_id`; paramError for what the platform refuses.
Space requested_space(const boost::json::object& body, const std::string& app_key, const std::string& union_id) {
  const auto* option = object_field(body, "option");
  Space space;
  space.app_key = app_key;
  space.name = string_field(option, "name");
  if (space.name.empty()) space.name = "space";
  if (!is_valid_name(space.name)) throw http::Refusal(errors::param_invalid, "option.name is invalid");
  space.owner_type = string_field(option, "ownerType");
  if (space.owner_type.empty()) space.owner_type = "USER";
  if (space.owner_type != "USER" && space.owner_type != "APP") {
    throw http::Refusal(errors::param_invalid, "option.ownerType must be USER or APP");
  }
  space.owner_id = space.owner_type == "USER" ? union_id : app_key;
  space.creator_id = union_id;
  space.scene = string_field(option, "scene");
  space.scene_id = string_field(option, "sceneId");
  bool valid = true;
  space.quota = integer_field(option, "quota", valid).value_or(0);
  if (!valid || space.quota < 0) throw http::Refusal(errors::param_invalid, "option.quota is invalid");
  return space;
}

}  // namespace

http::awaitable<void> DingTalkDialect::get_space(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const std::int64_t used = co_await http::run_blocking([&] { return model_.used_bytes(caller.space->id); });
  boost::json::object reply_body = space_body(*caller.space, used);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::add_space(http::Exchange& exchange) {
  const Caller caller = admit(exchange, /*in_space=*/false);
  const boost::json::object body = co_await read_json(exchange);
  const Space wanted = requested_space(body, caller.app.app_key, caller.union_id);
  const Space made = co_await http::run_blocking([&] {
    Space space = model_.create_space(wanted.app_key, wanted.name, {caller.union_id});
    const std::string id = space.id;
    const std::int64_t created = space.created_ms;
    space = wanted;
    space.id = id;
    space.members = {caller.union_id};
    space.created_ms = created;
    model_.update_space(space);
    return space;
  });
  boost::json::object reply_body = space_body(made, 0);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
