// POST .../dentries/{dentryId}/downloadInfos/query: a signed GET slot for the file's current version, or for
// option.version. An archived file answers fileArchived until its space's unarchive delay has passed since the first
// attempt; a space whose storage lacks HEADER_SIGNATURE answers dentryDownloadProtocolNotSupport. The slot names the
// dentry and the stored object of that version, so it keeps serving those bytes after the file is overwritten, until it
// expires, and stops serving them once the file is deleted or replaced under the same id (a fixture applied again, a
// reset that rewinds its version numbers): it never serves other bytes.
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "dialects/dingtalk/wire.hpp"
#include "http/blob_response.hpp"
#include "http/blocking_work.hpp"

namespace filegate::dialects::dingtalk {
namespace {

boost::json::object download_info_body(const SignedSlot& slot, std::int64_t ttl) {
  boost::json::object o;
  o["protocol"] = "HEADER_SIGNATURE";
  o["headerSignatureInfo"] = header_signature_info(slot, ttl);
  return o;
}

std::string download_path(const std::string& dentry_id, const std::string& object_id) {
  return "/_filegate/dingtalk/download/" + dentry_id + "/" + object_id;
}

// Over an S3 store that presigns downloads, the bucket's own URL, which needs no headers (as DingTalk's OSS URLs are
// its bucket's); otherwise filegate's signed slot.
SignedSlot download_slot(const Services& services, const http::Exchange& exchange, const std::string& dentry_id,
                         const std::string& object_id, std::int64_t ttl_seconds) {
  const std::int64_t expires_at_s = services.clock.now_s() + ttl_seconds;
  if (auto url = http::presigned_download_url(services.store, object_id, expires_at_s, false)) {
    return SignedSlot{std::move(*url), "", "", expires_at_s};
  }
  return sign_slot(services.signer, "GET", services.base_url(exchange), download_path(dentry_id, object_id),
                   ttl_seconds);
}

// The stored object of the version the request's option names: the file's current version, or option.version.
std::string object_to_download(const Model& model, const Dentry& dentry, std::optional<std::int64_t> requested) {
  if (!requested || *requested == dentry.version) return dentry.object_id;
  const auto version = model.version(dentry.id, *requested);
  if (!version) {
    throw http::Refusal(errors::param_invalid, "version " + std::to_string(*requested) + " of the file does not exist");
  }
  return version->object_id;
}

}  // namespace

http::awaitable<void> DingTalkDialect::download_info(http::Exchange& exchange) {
  const Caller caller = admit(exchange);
  const boost::json::object body = co_await read_json(exchange);
  if (!caller.app.org_authenticated) throw http::Refusal(errors::org_auth_level_not_enough);
  const Dentry dentry = path_dentry(exchange, caller);
  const auto requested = requested_version(body);
  if (dentry.folder) throw http::Refusal(errors::operation_not_supported, "a folder cannot be downloaded");
  // The space's storage hands out HEADER_SIGNATURE slots, or cannot serve this download at all.
  if (!caller.space->serves_downloads()) throw http::Refusal(errors::download_protocol_not_supported);
  if (dentry.archived) {
    // The first attempt starts the unarchiving; once the space's delay has passed since, the file is readable.
    const std::int64_t seconds =
        caller.space->unarchive_seconds >= 0 ? caller.space->unarchive_seconds : unarchive_seconds_;
    const bool readable =
        co_await http::run_blocking([&] { return model_.attempt_archived_download(dentry.id, seconds * 1000); });
    if (!readable) throw http::Refusal(errors::file_archived);
  }
  const SignedSlot slot =
      download_slot(services_, exchange, dentry.id, object_to_download(model_, dentry, requested), url_ttl_seconds_);
  boost::json::object reply_body = download_info_body(slot, url_ttl_seconds_);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
