// Drive media uploads: in one request (POST /drive/v1/medias/upload_all, ≤ 20 MiB) or in 4 MiB blocks
// (upload_prepare → upload_part in any order, re-sendable → upload_finish). Parts are kept by core::UploadParts
// between requests; finishing assembles them into one object, reading each part once.
#include "core/mime_types.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "dialects/feishu/drive_bodies.hpp"
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blocking_work.hpp"
#include "http/form_upload.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

namespace json = boost::json;

[[noreturn]] void refuse(const http::ErrorEntry& entry) { throw http::Refusal(entry); }

// Response bodies are built outside the coroutines: g++ 12 miscompiles brace-initialised JSON objects inside them.
http::Exchange::StringResponse file_token_body(const DriveMedia& media) {
  return success({{"file_token", media.file_token}});
}

http::Exchange::StringResponse prepared_body(const core::UploadSession& session) {
  return success({{"upload_id", session.id},
                  {"block_size", session.block_size},
                  {"block_num", core::block_count(session.total_size, session.block_size)}});
}

http::Exchange::StringResponse empty_success() { return success(json::object()); }

// A field that must be a non-negative decimal; "size" and "seq" come as text in forms.
std::optional<std::uint64_t> decimal_field(const http::FormUpload& form, const std::string& name) {
  const auto it = form.fields.find(name);
  return it == form.fields.end() ? std::nullopt : core::text::parse_u64(it->second);
}

// An optional Adler-32 "checksum": absent is fine, present must be a decimal that fits 32 bits.
std::optional<std::uint32_t> checksum_field(const http::FormUpload& form) {
  const auto it = form.fields.find("checksum");
  if (it == form.fields.end()) return std::nullopt;
  const auto value = core::text::parse_u64(it->second);
  if (!value || *value > 0xFFFFFFFFull) refuse(errors::drive_params_error);
  return static_cast<std::uint32_t>(*value);
}

std::optional<std::string> optional_field(const http::FormUpload& form, const std::string& name) {
  const auto it = form.fields.find(name);
  if (it == form.fields.end()) return std::nullopt;
  return it->second;
}

void check_upload_all(const DriveModel& drive, http::FormUpload& form, const std::string& app_id) {
  for (const char* required : {"file_name", "parent_type", "parent_node", "size"}) {
    if (!form.fields.contains(required)) refuse(errors::drive_params_error);
  }
  const auto size = decimal_field(form, "size");
  if (!size) refuse(errors::drive_params_error);
  const auto checksum = checksum_field(form);
  if (!form.file && !form.file_too_large) refuse(errors::drive_params_error);
  const UploadTarget target{form.fields["file_name"], form.fields["parent_type"], form.fields["parent_node"],
                            optional_field(form, "extra")};
  check_upload_target(drive, target, app_id);
  if (*size > kDriveMaxUploadAllBytes || form.file_too_large) refuse(errors::drive_file_too_large);
  if (form.file_size != *size) refuse(errors::drive_size_mismatch);
  if (checksum && form.file->seal().adler32 != *checksum) refuse(errors::drive_checksum_invalid);
}

DriveMedia commit_upload_all(DriveModel& drive, http::FormUpload& form, const std::string& app_id) {
  const std::string& file_name = form.fields["file_name"];
  const DriveMedia media{"", "", app_id, form.fields["parent_node"], form.fields["parent_type"]};
  return drive.commit_media(*form.file, media, file_name, core::mime_type_for(file_name));
}

// Frees the parts of abandoned uploads (at most hourly), then records the new one.
core::UploadSession begin_upload(core::UploadParts& uploads, const UploadTarget& target, std::uint64_t size,
                                 const std::string& app_id) {
  uploads.sweep_expired();
  const json::object attributes{
      {"file_name", target.file_name}, {"parent_type", target.parent_type}, {"parent_node", target.parent_node}};
  for (;;) {
    try {
      // Upload ids look like the platform's: 19 decimal digits.
      return uploads.begin(core::random_digits(19), app_id, size, kDriveBlockSize, kDriveUploadTtlMs, attributes);
    } catch (const core::RecordExists&) {
      // Taken: draw another.
    }
  }
}

// The chunked upload a request names, after its id, expiry and owner checks.
core::UploadSession owned_session(core::UploadParts& uploads, const std::string& upload_id, const std::string& app_id) {
  auto session = uploads.find(upload_id);
  if (!session) refuse(errors::drive_params_error);
  if (uploads.expired(*session)) refuse(errors::drive_upload_expired);
  if (session->owner != app_id) refuse(errors::drive_upload_user_mismatch);
  return *session;
}

// Returns the block's seq once the part is acceptable.
std::uint64_t check_part(const core::UploadSession& session, http::FormUpload& form) {
  const auto seq = decimal_field(form, "seq");
  const auto size = decimal_field(form, "size");
  if (!seq || !size) refuse(errors::drive_params_error);
  const auto checksum = checksum_field(form);
  if (*seq >= core::block_count(session.total_size, session.block_size)) refuse(errors::drive_block_out_of_bounds);
  if (!form.file && !form.file_too_large) refuse(errors::drive_params_error);
  // Blocks sit at fixed offsets, so each must be exactly its block's length (4 MiB, or the remainder for the last).
  if (form.file_too_large || form.file_size != *size ||
      form.file_size != core::block_length(session.total_size, session.block_size, *seq)) {
    refuse(errors::drive_size_mismatch);
  }
  if (checksum && form.file->seal().adler32 != *checksum) refuse(errors::drive_checksum_invalid);
  return *seq;
}

// What refuses a finish, in Drive's terms.
const http::ErrorEntry& finish_refusal(const core::UploadParts::Refused& refused) {
  using Reason = core::UploadParts::Refused::Reason;
  switch (refused.reason) {
    case Reason::busy:
      return errors::drive_can_retry;  // another request is assembling it right now
    case Reason::expired:
      return errors::drive_upload_expired;
    case Reason::no_parts:
    case Reason::missing_parts:
      return errors::drive_block_missing;
    case Reason::size_mismatch:
      return errors::drive_size_mismatch;
    case Reason::unknown:
      break;  // it finished while this request waited
  }
  return errors::drive_params_error;
}

DriveMedia finish_upload(DriveModel& drive, core::UploadParts& uploads, const core::UploadSession& session,
                         std::uint64_t block_num) {
  if (block_num != core::block_count(session.total_size, session.block_size)) {
    refuse(errors::drive_block_out_of_bounds);
  }
  const auto text = [&](std::string_view key) {
    const json::value* v = session.attributes.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string file_name = text("file_name");
  core::UploadParts::Assembly how;
  how.object = DriveModel::media_object(file_name, core::mime_type_for(file_name));
  // The media record and the end of the session commit together.
  const auto record_media = [&](const core::ObjectRecord& object, const std::vector<core::UploadedPart>&,
                                const core::UploadParts::Commit& commit) {
    DriveMedia media{"", "", session.owner, text("parent_node"), text("parent_type")};
    commit(drive.media_record(media, object));
    return media;
  };
  auto completed = uploads.complete(session.id, how, record_media);
  if (const auto* refused = std::get_if<core::UploadParts::Refused>(&completed)) refuse(finish_refusal(*refused));
  return std::get<DriveMedia>(std::move(completed));
}

// upload_all once the form has arrived: the checks (a checksum needs the sealed bytes), then the commit.
DriveMedia store_upload_all(DriveModel& drive, http::FormUpload& form, const std::string& app_id) {
  check_upload_all(drive, form, app_id);
  return commit_upload_all(drive, form, app_id);
}

// upload_part once the form has arrived: the checks, then the part is kept. Returns its seq.
std::uint64_t store_part(core::UploadParts& uploads, const core::UploadSession& session, http::FormUpload& form) {
  const std::uint64_t seq = check_part(session, form);
  uploads.put_part(session, seq, *form.file);
  return seq;
}

}  // namespace

http::awaitable<void> FeishuDialect::drive_upload_all(http::Exchange& exchange) {
  const Caller caller = admit_caller(exchange, drive_quotas(), true);
  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, kDriveMaxUploadAllBytes);
  if (!parsed) refuse(errors::drive_params_error);
  const DriveMedia media =
      co_await http::run_blocking([&] { return store_upload_all(drive_, *parsed, caller.principal); });
  auto response = file_token_body(media);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_upload_prepare(http::Exchange& exchange) {
  const Caller caller = admit_caller(exchange, drive_quotas(), true);
  const std::string body = co_await exchange.read_all(64 * 1024);
  std::uint64_t size = 0;
  const UploadTarget target = parse_upload_prepare(body, size);
  check_upload_target(drive_, target, caller.principal);
  const core::UploadSession session =
      co_await http::run_blocking([&] { return begin_upload(drive_uploads_, target, size, caller.principal); });
  auto response = prepared_body(session);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_upload_part(http::Exchange& exchange) {
  const Caller caller = admit_caller(exchange, drive_quotas(), true);
  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, kDriveBlockSize);
  if (!parsed || parsed->fields["upload_id"].empty()) refuse(errors::drive_params_error);
  http::FormUpload& form = *parsed;
  const core::UploadSession session = owned_session(drive_uploads_, form.fields["upload_id"], caller.principal);
  co_await http::run_blocking([&] { return store_part(drive_uploads_, session, form); });
  auto response = empty_success();
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_upload_finish(http::Exchange& exchange) {
  const Caller caller = admit_caller(exchange, drive_quotas(), true);
  const std::string body = co_await exchange.read_all(64 * 1024);
  std::uint64_t block_num = 0;
  const std::string upload_id = parse_upload_finish(body, block_num);
  const core::UploadSession session = owned_session(drive_uploads_, upload_id, caller.principal);
  // Assembly reads and writes the whole file, and the commit waits for the disk: off the event loop.
  const DriveMedia media =
      co_await http::run_blocking([&] { return finish_upload(drive_, drive_uploads_, session, block_num); });
  auto response = file_token_body(media);
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::feishu
