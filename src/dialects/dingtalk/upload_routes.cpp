// Upload, API side: ask for a signed slot (uploadInfos/query, or multiPartUploadInfos/init + .../query for parts),
// then commit the PUT bytes as a file (files/commit) under one of the four conflict strategies. The PUTs themselves
// land on the signed URLs (blob_routes.cpp).
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kMaxPartNumber = 10'000;  // OSS's limit on parts per upload
constexpr std::size_t kMaxPartsPerQuery = 100;

std::string upload_path(const std::string& upload_key) { return "/_filegate/dingtalk/upload/" + upload_key; }
std::string part_path(const std::string& upload_key, std::int64_t number) {
  return upload_path(upload_key) + "/parts/" + std::to_string(number);
}

boost::json::object upload_info_body(const Upload& upload, const SignedSlot& slot, std::int64_t ttl) {
  boost::json::object o;
  o["uploadKey"] = upload.key;
  o["storageDriver"] = "DINGTALK";
  o["protocol"] = "HEADER_SIGNATURE";
  o["headerSignatureInfo"] = header_signature_info(slot, ttl);
  return o;
}

boost::json::object init_body(const Upload& upload) {
  boost::json::object o;
  o["uploadKey"] = upload.key;
  o["storageDriver"] = "DINGTALK";
  return o;
}

boost::json::object dentry_body(const Dentry& dentry) {
  boost::json::object o;
  o["dentry"] = dentry_json(dentry);
  return o;
}

// The checks uploadInfos and multipart init share on option.preCheckParam; "" when fine, else the message.
std::string precheck_problem(const boost::json::object* option, const boost::json::object* precheck) {
  const std::string driver = string_field(option, "storageDriver");
  if (!driver.empty() && driver != "DINGTALK") return "storageDriver " + driver + " is not supported";
  const std::string name = string_field(precheck, "name");
  if (precheck && precheck->contains("name") && !is_valid_name(name)) return "preCheckParam.name is invalid";
  bool valid = true;
  const auto size = integer_field(precheck, "size", valid);
  if (!valid || (size && *size < 0)) return "preCheckParam.size is invalid";
  return {};
}

}  // namespace

http::awaitable<std::optional<Upload>> DingTalkDialect::upload_request(http::Exchange& exchange, const Caller& caller,
                                                                       const boost::json::object* option,
                                                                       const boost::json::object* precheck) {
  const std::string problem = precheck_problem(option, precheck);
  if (!problem.empty()) {
    co_await fail(exchange, 400, "paramError", problem);
    co_return std::nullopt;
  }
  const std::string parent_id = string_field(precheck, "parentId");
  std::optional<Dentry> parent;
  if (!parent_id.empty()) {
    const bool parent_ok = co_await resolve_parent(exchange, caller, parent_id, parent);
    if (!parent_ok) co_return std::nullopt;
  }
  Upload request;
  request.app_key = caller.app.app_key;
  request.space_id = caller.space->id;
  request.union_id = caller.union_id;
  request.name = string_field(precheck, "name");
  co_return request;
}

http::awaitable<void> DingTalkDialect::upload_info(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  const std::string protocol = string_field(&*body, "protocol");
  if (protocol.empty()) {
    co_await fail(exchange, 400, "paramError", "protocol is required");
    co_return;
  }
  if (protocol != "HEADER_SIGNATURE") {
    co_await fail(exchange, 400, "dentryUploadProtocolNotSupport", "only HEADER_SIGNATURE is supported");
    co_return;
  }
  if (bool_field(&*body, "multipart")) {
    co_await fail(exchange, 400, "paramError",
                  "multipart uploads start with POST /v1.0/storage/spaces/{spaceId}/files/multiPartUploadInfos/init");
    co_return;
  }
  const auto* option = object_field(*body, "option");
  const auto* precheck = option ? object_field(*option, "preCheckParam") : nullptr;
  auto prepared = co_await upload_request(exchange, *caller, option, precheck);
  if (!prepared) co_return;
  Upload request = std::move(*prepared);
  const Upload upload = model_.create_upload(request);
  const SignedSlot slot =
      sign_slot(services_.signer, "PUT", services_.public_base_url, upload_path(upload.key), url_ttl_seconds_);
  boost::json::object reply_body = upload_info_body(upload, slot, url_ttl_seconds_);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::init_multipart_upload(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  const auto* option = object_field(*body, "option");
  const auto* precheck = option ? object_field(*option, "preCheckParam") : nullptr;
  auto prepared = co_await upload_request(exchange, *caller, option, precheck);
  if (!prepared) co_return;
  Upload request = std::move(*prepared);
  request.multipart = true;
  bool size_valid = true;
  const auto declared_size = integer_field(precheck, "size", size_valid);
  const Upload upload = model_.create_upload(request, static_cast<std::uint64_t>(declared_size.value_or(0)));
  boost::json::object reply_body = init_body(upload);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::multipart_upload_infos(http::Exchange& exchange) {
  auto caller = co_await admit(exchange, /*in_space=*/false);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  const auto upload = model_.upload(string_field(&*body, "uploadKey"));
  if (!upload || !upload->multipart || upload->app_key != caller->app.app_key) {
    co_await fail(exchange, 400, "paramError", "uploadKey is invalid");
    co_return;
  }
  const auto space = model_.space(upload->space_id);
  if (!space || !space->has_member(caller->union_id)) {
    co_await fail(exchange, 403, "permissionDenied", "no permission to access the space");
    co_return;
  }
  std::vector<std::int64_t> numbers;
  bool valid = true;
  if (const auto* list = body->if_contains("partNumbers"); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      if (!item.is_int64() || item.as_int64() < 1 || item.as_int64() > kMaxPartNumber)
        valid = false;
      else
        numbers.push_back(item.as_int64());
    }
  }
  if (!valid || numbers.empty() || numbers.size() > kMaxPartsPerQuery) {
    co_await fail(exchange, 400, "paramError", "partNumbers must list 1 to 100 numbers from 1 to 10000");
    co_return;
  }
  boost::json::array infos;
  for (std::int64_t n : numbers) {
    const SignedSlot slot =
        sign_slot(services_.signer, "PUT", services_.public_base_url, part_path(upload->key, n), url_ttl_seconds_);
    boost::json::object info;
    info["partNumber"] = n;
    info["headerSignatureInfo"] = header_signature_info(slot, url_ttl_seconds_);
    infos.push_back(std::move(info));
  }
  boost::json::object reply_body;
  reply_body["multipartHeaderSignatureInfos"] = std::move(infos);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::commit_file(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  const auto* option = object_field(*body, "option");
  const std::string upload_key = string_field(&*body, "uploadKey");
  const std::string name = string_field(&*body, "name");
  const std::string parent_id = body->contains("parentId") ? string_field(&*body, "parentId") : std::string(kRootId);
  const std::string overwrite_id = string_field(&*body, "overwriteDentryId");
  const auto strategy = parse_conflict_strategy(string_field(option, "conflictStrategy"));
  bool size_valid = true;
  const auto declared_size = integer_field(option, "size", size_valid);

  if (upload_key.empty()) {
    co_await fail(exchange, 400, "paramError", "uploadKey is required");
    co_return;
  }
  const auto upload = model_.upload(upload_key);
  if (!upload || upload->space_id != caller->space->id || upload->app_key != caller->app.app_key) {
    co_await fail(exchange, 400, "paramError", "uploadKey is invalid or already committed");
    co_return;
  }
  if (!strategy) {
    co_await fail(exchange, 400, "paramError", "option.conflictStrategy is invalid");
    co_return;
  }
  if (!size_valid) {
    co_await fail(exchange, 400, "paramError", "option.size is invalid");
    co_return;
  }
  if (overwrite_id.empty() && !is_valid_name(name)) {
    co_await fail(exchange, 400, "paramError", "name is invalid");
    co_return;
  }

  std::shared_ptr<const core::ObjectRecord> object;
  // Held until the commit is recorded: a concurrent commit of the same multipart upload must not join it twice.
  std::optional<core::UploadParts::FinishGuard> finishing;
  if (upload->multipart) {
    finishing.emplace(model_.claim_commit(*upload));
    if (!*finishing) {
      co_await fail(exchange, 400, "paramError", "this upload is already being committed");
      co_return;
    }
    // Joining reads and writes the whole file: off the event loop.
    auto joined = co_await http::run_blocking([&] { return model_.join_parts(*upload); });
    if (joined) object = std::make_shared<const core::ObjectRecord>(*joined);
  } else if (!upload->object_id.empty()) {
    object = services_.store.metadata().object(upload->object_id);
  }
  if (!object) {
    co_await fail(exchange, 400, "paramError", "nothing has been uploaded with this uploadKey");
    co_return;
  }
  if (declared_size && *declared_size != static_cast<std::int64_t>(object->digests.size)) {
    const std::string message = "option.size " + std::to_string(*declared_size) + " does not match the " +
                                std::to_string(object->digests.size) + " bytes uploaded";
    co_await fail(exchange, 400, "paramError", message);
    co_return;
  }

  if (!overwrite_id.empty()) {
    const auto target = model_.dentry(overwrite_id);
    if (!target || target->space_id != caller->space->id) {
      co_await fail(exchange, 404, "dentryNotExist", "overwriteDentryId does not exist");
      co_return;
    }
    if (target->folder) {
      co_await fail(exchange, 400, "operationNotSupported", "a folder cannot be overwritten by a file");
      co_return;
    }
    const Dentry updated = model_.commit_version(*upload, *target, *object, caller->union_id);
    boost::json::object reply_body = dentry_body(updated);
    co_await reply(exchange, std::move(reply_body));
    co_return;
  }

  std::optional<Dentry> parent;
  const bool parent_ok = co_await resolve_parent(exchange, *caller, parent_id, parent);
  if (!parent_ok) co_return;
  const Placement placed =
      model_.commit_file(*upload, *object, parent ? &*parent : nullptr, name, caller->union_id, *strategy);
  switch (placed.outcome) {
    case Placement::Outcome::name_taken:
      co_await fail(exchange, 400, "dentryNameConflict", "a file or folder with this name already exists");
      co_return;
    case Placement::Outcome::folder_in_the_way:
      co_await fail(exchange, 400, "dentryNameConflict", "a folder with this name already exists");
      co_return;
    default:
      break;
  }
  boost::json::object reply_body = dentry_body(placed.dentry);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
