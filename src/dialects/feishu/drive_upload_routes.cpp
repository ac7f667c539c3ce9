// Drive media uploads: in one request (POST /drive/v1/medias/upload_all, ≤ 20 MiB) or in 4 MiB blocks
// (upload_prepare → upload_part in any order, re-sendable → upload_finish). Parts are kept by core::UploadParts
// between requests; finishing assembles them into one object, reading each part once.
#include "core/mime_types.hpp"
#include "core/random_ids.hpp"
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/envelope.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blocking_work.hpp"
#include "http/form_upload.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

namespace json = boost::json;
using namespace drive_errors;

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
  return it == form.fields.end() ? std::nullopt : parse_decimal(it->second);
}

// An optional Adler-32 "checksum": absent is fine, present must be a decimal that fits 32 bits.
bool checksum_field(const http::FormUpload& form, std::optional<std::uint32_t>& checksum) {
  const auto it = form.fields.find("checksum");
  if (it == form.fields.end()) return true;
  const auto value = parse_decimal(it->second);
  if (!value || *value > 0xFFFFFFFFull) return false;
  checksum = static_cast<std::uint32_t>(*value);
  return true;
}

std::optional<std::string> optional_field(const http::FormUpload& form, const std::string& name) {
  const auto it = form.fields.find(name);
  if (it == form.fields.end()) return std::nullopt;
  return it->second;
}

std::optional<DriveError> check_upload_all(const DriveModel& drive, http::FormUpload& form, const std::string& app_id) {
  for (const char* required : {"file_name", "parent_type", "parent_node", "size"}) {
    if (!form.fields.contains(required)) return kParams;
  }
  const auto size = decimal_field(form, "size");
  std::optional<std::uint32_t> checksum;
  if (!size || !checksum_field(form, checksum) || (!form.file && !form.file_too_large)) return kParams;
  const UploadTarget target{form.fields["file_name"], form.fields["parent_type"], form.fields["parent_node"],
                            optional_field(form, "extra")};
  if (auto refused = check_upload_target(drive, target, app_id)) return refused;
  if (*size > kDriveMaxUploadAllBytes || form.file_too_large) return kTooLarge;
  if (form.file_size != *size) return kSizeMismatch;
  if (checksum && form.file->seal().adler32 != *checksum) return kChecksum;
  return std::nullopt;
}

DriveMedia commit_upload_all(DriveModel& drive, http::FormUpload& form, const std::string& app_id) {
  const std::string& file_name = form.fields["file_name"];
  const DriveMedia media{"", "", app_id, form.fields["parent_node"], form.fields["parent_type"]};
  return drive.commit_media(*form.file, media, file_name, core::mime_type_for(file_name));
}

// upload_prepare's JSON: {file_name, parent_type, parent_node, size, extra?}.
std::optional<DriveError> parse_prepare(const std::string& body, UploadTarget& target, std::uint64_t& size) {
  const auto json = http::parse_json_object(body);
  if (!json) return kParams;
  auto text = [&](std::string_view key, std::string& out) {
    const json::value* v = json->if_contains(key);
    if (!v || !v->is_string()) return false;
    out = std::string(v->as_string());
    return true;
  };
  const json::value* size_value = json->if_contains("size");
  boost::system::error_code ec;
  const std::int64_t declared = size_value && !size_value->is_double() ? size_value->to_number<std::int64_t>(ec) : -1;
  if (!size_value || ec || declared < 0) return kParams;
  size = static_cast<std::uint64_t>(declared);
  if (!text("file_name", target.file_name) || !text("parent_type", target.parent_type) ||
      !text("parent_node", target.parent_node)) {
    return kParams;
  }
  if (const json::value* extra = json->if_contains("extra"); extra && !extra->is_null()) {
    if (!extra->is_string()) return kParams;
    target.extra = std::string(extra->as_string());
  }
  return std::nullopt;
}

core::UploadSession begin_upload(core::UploadParts& uploads, const UploadTarget& target, std::uint64_t size,
                                 const std::string& app_id) {
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

std::optional<DriveError> check_part(const core::UploadSession& session, http::FormUpload& form) {
  const auto seq = decimal_field(form, "seq");
  const auto size = decimal_field(form, "size");
  std::optional<std::uint32_t> checksum;
  if (!seq || !size || !checksum_field(form, checksum)) return kParams;
  if (*seq >= core::block_count(session.total_size, session.block_size)) return kBlockOutOfBounds;
  if (!form.file && !form.file_too_large) return kParams;
  // Blocks sit at fixed offsets, so each must be exactly its block's length (4 MiB, or the remainder for the last).
  if (form.file_too_large || form.file_size != *size ||
      form.file_size != core::block_length(session.total_size, session.block_size, *seq)) {
    return kSizeMismatch;
  }
  if (checksum && form.file->seal().adler32 != *checksum) return kChecksum;
  return std::nullopt;
}

// upload_finish's JSON: {upload_id, block_num}.
bool parse_finish(const std::string& body, std::string& upload_id, std::uint64_t& block_num) {
  const auto json = http::parse_json_object(body);
  if (!json) return false;
  const json::value* id = json->if_contains("upload_id");
  const json::value* num = json->if_contains("block_num");
  if (!id || !id->is_string() || id->as_string().empty() || !num || num->is_double()) return false;
  boost::system::error_code ec;
  const std::int64_t n = num->to_number<std::int64_t>(ec);
  if (ec || n < 0) return false;
  upload_id = std::string(id->as_string());
  block_num = static_cast<std::uint64_t>(n);
  return true;
}

struct FinishOutcome {
  std::optional<DriveError> error;
  DriveMedia media;
};

FinishOutcome finish_upload(DriveModel& drive, core::UploadParts& uploads, const core::UploadSession& session,
                            std::uint64_t block_num) {
  const std::uint64_t expected = core::block_count(session.total_size, session.block_size);
  if (block_num != expected) return {kBlockOutOfBounds, {}};
  const auto guard = uploads.claim_finish(session.id);
  if (!guard) return {kRetry, {}};                      // another request is assembling this upload right now
  if (!uploads.find(session.id)) return {kParams, {}};  // it finished while this request waited
  const auto parts = uploads.parts(session);
  std::vector<std::uint64_t> present;
  for (const auto& part : parts) present.push_back(part.seq);
  if (!core::missing_blocks(expected, present).empty()) return {kBlockMissing, {}};

  const auto staged = uploads.assemble(session, parts);
  if (staged->size_so_far() != session.total_size) return {kSizeMismatch, {}};
  const auto text = [&](std::string_view key) {
    const json::value* v = session.attributes.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string file_name = text("file_name");
  const DriveMedia media{"", "", session.owner, text("parent_node"), text("parent_type")};
  // The media record and the end of the session commit together; the part files go once that has happened.
  FinishOutcome outcome{std::nullopt, drive.commit_media(*staged, media, file_name, core::mime_type_for(file_name),
                                                         uploads.completion_writes(session))};
  uploads.discard_parts(session);
  return outcome;
}

}  // namespace

http::awaitable<void> FeishuDialect::drive_upload_all(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "drive.media.upload_all", drive_quotas());
  if (!app) co_return;
  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, kDriveMaxUploadAllBytes);
  if (!parsed) {
    co_await respond_drive_error(exchange, kParams);
    co_return;
  }
  http::FormUpload& form = *parsed;
  if (const auto refused = check_upload_all(drive_, form, app->app_id)) {
    co_await respond_drive_error(exchange, *refused);
    co_return;
  }
  const DriveMedia media = commit_upload_all(drive_, form, app->app_id);
  auto response = file_token_body(media);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_upload_prepare(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "drive.media.upload_prepare", drive_quotas());
  if (!app) co_return;
  const std::string body = co_await exchange.read_all(64 * 1024);
  UploadTarget target;
  std::uint64_t size = 0;
  auto refused = parse_prepare(body, target, size);
  if (!refused) refused = check_upload_target(drive_, target, app->app_id);
  if (refused) {
    co_await respond_drive_error(exchange, *refused);
    co_return;
  }
  drive_uploads_.sweep_expired();  // at most hourly: frees the parts of abandoned uploads
  const core::UploadSession session = begin_upload(drive_uploads_, target, size, app->app_id);
  auto response = prepared_body(session);
  co_await exchange.respond(std::move(response));
}

http::awaitable<std::optional<core::UploadSession>> FeishuDialect::drive_upload_session(http::Exchange& exchange,
                                                                                        const std::string& upload_id,
                                                                                        const std::string& app_id) {
  auto session = drive_uploads_.find(upload_id);
  std::optional<DriveError> refused;
  if (!session) {
    refused = kParams;
  } else if (drive_uploads_.expired(*session)) {
    refused = kUploadExpired;
  } else if (session->owner != app_id) {
    refused = kUserMismatch;
  }
  if (refused) {
    co_await respond_drive_error(exchange, *refused);
    co_return std::nullopt;
  }
  co_return session;
}

http::awaitable<void> FeishuDialect::drive_upload_part(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "drive.media.upload_part", drive_quotas());
  if (!app) co_return;
  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, kDriveBlockSize);
  if (!parsed || parsed->fields["upload_id"].empty()) {
    co_await respond_drive_error(exchange, kParams);
    co_return;
  }
  http::FormUpload& form = *parsed;
  const std::string& upload_id = form.fields["upload_id"];
  const auto session = co_await drive_upload_session(exchange, upload_id, app->app_id);
  if (!session) co_return;
  if (const auto refused = check_part(*session, form)) {
    co_await respond_drive_error(exchange, *refused);
    co_return;
  }
  drive_uploads_.put_part(*session, *decimal_field(form, "seq"), *form.file);
  auto response = empty_success();
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_upload_finish(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "drive.media.upload_finish", drive_quotas());
  if (!app) co_return;
  const std::string body = co_await exchange.read_all(64 * 1024);
  std::string upload_id;
  std::uint64_t block_num = 0;
  if (!parse_finish(body, upload_id, block_num)) {
    co_await respond_drive_error(exchange, kParams);
    co_return;
  }
  const auto session = co_await drive_upload_session(exchange, upload_id, app->app_id);
  if (!session) co_return;
  // Assembly reads and writes the whole file: off the event loop.
  const FinishOutcome outcome =
      co_await http::run_blocking([&] { return finish_upload(drive_, drive_uploads_, *session, block_num); });
  if (outcome.error) {
    co_await respond_drive_error(exchange, *outcome.error);
    co_return;
  }
  auto response = file_token_body(outcome.media);
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::feishu
