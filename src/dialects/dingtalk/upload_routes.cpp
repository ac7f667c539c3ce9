// Upload, API side: ask for a signed slot (uploadInfos/query, or multiPartUploadInfos/init + .../query for parts),
// then commit the PUT bytes as a file (files/commit) under one of the four conflict strategies. The PUTs themselves
// land on the signed URLs (blob_routes.cpp).
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

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

boost::json::object part_infos_body(const core::UrlSigner& signer, const std::string& base_url, const Upload& upload,
                                    const std::vector<std::int64_t>& numbers, std::int64_t ttl) {
  boost::json::array infos;
  for (std::int64_t n : numbers) {
    const SignedSlot slot = sign_slot(signer, "PUT", base_url, part_path(upload.key, n), ttl);
    boost::json::object info;
    info["partNumber"] = n;
    info["headerSignatureInfo"] = header_signature_info(slot, ttl);
    infos.push_back(std::move(info));
  }
  boost::json::object o;
  o["multipartHeaderSignatureInfos"] = std::move(infos);
  return o;
}

// What a commit asks for, checked as far as it can be before the bytes are looked at.
struct CommitRequest {
  Upload upload;
  std::string name;
  std::string parent_id;
  std::string overwrite_id;
  ConflictStrategy strategy = ConflictStrategy::auto_rename;
  std::optional<std::int64_t> declared_size;
};

CommitRequest commit_request(const Model& model, const std::string& space_id, const std::string& app_key,
                             const boost::json::object& body) {
  const auto* option = object_field(body, "option");
  const std::string upload_key = string_field(&body, "uploadKey");
  if (upload_key.empty()) throw http::Refusal(errors::param_invalid, "uploadKey is required");
  auto upload = model.upload(upload_key);
  if (!upload || upload->space_id != space_id || upload->app_key != app_key) {
    throw http::Refusal(errors::param_invalid, "uploadKey is invalid or already committed");
  }
  CommitRequest request;
  request.upload = std::move(*upload);
  request.name = string_field(&body, "name");
  request.parent_id = body.contains("parentId") ? string_field(&body, "parentId") : std::string(kRootId);
  request.overwrite_id = string_field(&body, "overwriteDentryId");
  const auto strategy = parse_conflict_strategy(string_field(option, "conflictStrategy"));
  if (!strategy) throw http::Refusal(errors::param_invalid, "option.conflictStrategy is invalid");
  request.strategy = *strategy;
  bool size_valid = true;
  request.declared_size = integer_field(option, "size", size_valid);
  if (!size_valid) throw http::Refusal(errors::param_invalid, "option.size is invalid");
  if (request.overwrite_id.empty() && !is_valid_name(request.name)) {
    throw http::Refusal(errors::param_invalid, "name is invalid");
  }
  return request;
}

http::Refusal nothing_uploaded() {
  return http::Refusal(errors::param_invalid, "nothing has been uploaded with this uploadKey");
}

http::Refusal size_differs(std::int64_t declared_size, std::uint64_t uploaded) {
  return http::Refusal(errors::param_invalid, "option.size " + std::to_string(declared_size) + " does not match the " +
                                                  std::to_string(uploaded) + " bytes uploaded");
}

// The uploaded bytes must exist and, when option.size says how many there are, be that many.
void check_uploaded(const core::ObjectRecord* object, std::optional<std::int64_t> declared_size) {
  if (!object) throw nothing_uploaded();
  if (declared_size && *declared_size != static_cast<std::int64_t>(object->digests.size)) {
    throw size_differs(*declared_size, object->digests.size);
  }
}

// Why a multipart upload's parts could not be committed, in DingTalk's terms: as check_uploaded words it.
http::Refusal multipart_refusal(const core::UploadParts::Refused& refused, const CommitRequest& request) {
  using Reason = core::UploadParts::Refused::Reason;
  switch (refused.reason) {
    case Reason::busy:
      return http::Refusal(errors::param_invalid, "this upload is already being committed");
    case Reason::expired:
      return http::Refusal(errors::param_invalid, "uploadKey has expired");
    case Reason::size_mismatch:
      return size_differs(request.declared_size.value_or(0), refused.actual_size);
    case Reason::unknown:
    case Reason::no_parts:
    case Reason::missing_parts:
      break;
  }
  return nothing_uploaded();
}

// The file overwriteDentryId names, in the space.
Dentry overwrite_target(const Model& model, const std::string& space_id, const std::string& dentry_id) {
  auto target = model.dentry(dentry_id);
  if (!target || target->space_id != space_id) {
    throw http::Refusal(errors::dentry_not_found, "overwriteDentryId does not exist");
  }
  if (target->folder) {
    throw http::Refusal(errors::operation_not_supported, "a folder cannot be overwritten by a file");
  }
  return std::move(*target);
}

const Dentry& placed_dentry(const Placement& placed) {
  switch (placed.outcome) {
    case Placement::Outcome::name_taken:
      throw http::Refusal(errors::name_conflict);
    case Placement::Outcome::folder_in_the_way:
      throw http::Refusal(errors::name_conflict, "a folder with this name already exists");
    default:
      return placed.dentry;
  }
}

// Where the request puts the uploaded bytes: a new version of overwriteDentryId, or a dentry under the parent
// (`parent` resolves parentId). `commit` records it.
Dentry place_upload(Model& model, const CommitRequest& request, const std::string& space_id,
                    const std::string& union_id, const core::ObjectRecord& object,
                    const std::function<std::optional<Dentry>()>& parent, const Model::Commit& commit) {
  if (!request.overwrite_id.empty()) {
    const Dentry target = overwrite_target(model, space_id, request.overwrite_id);
    return model.commit_version(request.upload, target, object, union_id, commit);
  }
  const std::optional<Dentry> folder = parent();
  const Placement placed = model.commit_file(request.upload, object, folder ? &*folder : nullptr, request.name,
                                             union_id, request.strategy, commit);
  return placed_dentry(placed);
}

// A checked commit request carried out: a multipart upload's parts joined into one object, then the bytes placed.
Dentry commit_upload(Model& model, const CommitRequest& request, const std::string& space_id,
                     const std::string& union_id, const std::function<std::optional<Dentry>()>& parent) {
  const Upload& upload = request.upload;
  if (!upload.multipart) {
    const auto object = upload.object_id.empty() ? nullptr : model.store().metadata().object(upload.object_id);
    check_uploaded(object.get(), request.declared_size);
    return place_upload(model, request, space_id, union_id, *object, parent, {});
  }
  std::optional<std::uint64_t> declared_size;  // a negative one is refused by check_uploaded once the parts are joined
  if (request.declared_size && *request.declared_size >= 0) declared_size = *request.declared_size;
  const auto place = [&](const core::ObjectRecord& object, const Model::Commit& commit) {
    check_uploaded(&object, request.declared_size);
    return place_upload(model, request, space_id, union_id, object, parent, commit);
  };
  auto committed = model.complete_multipart(upload, declared_size, place);
  if (const auto* refused = std::get_if<core::UploadParts::Refused>(&committed)) {
    throw multipart_refusal(*refused, request);
  }
  return std::get<Dentry>(std::move(committed));
}

}  // namespace

Upload DingTalkDialect::upload_request(const Caller& caller, const boost::json::object* option,
                                       const boost::json::object* precheck) const {
  check_precheck(option, precheck);
  if (const std::string parent_id = string_field(precheck, "parentId"); !parent_id.empty()) {
    resolve_parent(caller, parent_id);
  }
  Upload request;
  request.app_key = caller.app.app_key;
  request.space_id = caller.space->id;
  request.union_id = caller.union_id;
  request.name = string_field(precheck, "name");
  return request;
}

http::awaitable<void> DingTalkDialect::upload_info(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  check_upload_info_request(body);
  const auto* option = object_field(body, "option");
  const auto* precheck = option ? object_field(*option, "preCheckParam") : nullptr;
  const Upload request = upload_request(caller, option, precheck);
  const Upload upload = co_await http::run_blocking([&] { return model_.create_upload(request); });
  const SignedSlot slot =
      sign_slot(services_.signer, "PUT", services_.base_url(exchange), upload_path(upload.key), url_ttl_seconds_);
  boost::json::object reply_body = upload_info_body(upload, slot, url_ttl_seconds_);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::init_multipart_upload(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const auto* option = object_field(body, "option");
  const auto* precheck = option ? object_field(*option, "preCheckParam") : nullptr;
  Upload request = upload_request(caller, option, precheck);
  request.multipart = true;
  bool size_valid = true;
  const auto declared_size = integer_field(precheck, "size", size_valid);
  const auto size = static_cast<std::uint64_t>(declared_size.value_or(0));
  const Upload upload = co_await http::run_blocking([&] { return model_.create_upload(request, size); });
  boost::json::object reply_body = init_body(upload);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::multipart_upload_infos(http::Exchange& exchange) {
  const Caller caller = admit(exchange, /*in_space=*/false);
  const boost::json::object body = co_await read_json(exchange);
  const auto upload = model_.upload(string_field(&body, "uploadKey"));
  if (!upload || !upload->multipart || upload->app_key != caller.app.app_key) {
    throw http::Refusal(errors::param_invalid, "uploadKey is invalid");
  }
  const auto space = model_.space(upload->space_id);
  if (!space || !space->has_member(caller.union_id)) throw http::Refusal(errors::permission_denied);
  const std::vector<std::int64_t> numbers = part_numbers(body);
  boost::json::object reply_body =
      part_infos_body(services_.signer, services_.base_url(exchange), *upload, numbers, url_ttl_seconds_);
  co_await reply(exchange, std::move(reply_body));
}

http::awaitable<void> DingTalkDialect::commit_file(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  const CommitRequest request = commit_request(model_, caller.space->id, caller.app.app_key, body);
  const auto parent = [&] { return resolve_parent(caller, request.parent_id); };
  // Joining parts reads and writes the whole file, and every commit waits for the disk: off the event loop.
  const Dentry dentry = co_await http::run_blocking(
      [&] { return commit_upload(model_, request, caller.space->id, caller.union_id, parent); });
  boost::json::object reply_body = dentry_body(dentry);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
