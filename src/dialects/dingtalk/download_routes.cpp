// POST .../dentries/{dentryId}/downloadInfos/query: a signed GET slot for the file's current version, or for
// option.version. The slot names the version's stored object, so it keeps serving those bytes even after the
// file is overwritten, until it expires.
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "dialects/dingtalk/wire.hpp"

namespace filegate::dialects::dingtalk {
namespace {

boost::json::object download_info_body(const SignedSlot& slot, std::int64_t ttl) {
  boost::json::object o;
  o["protocol"] = "HEADER_SIGNATURE";
  o["headerSignatureInfo"] = header_signature_info(slot, ttl);
  return o;
}

}  // namespace

http::awaitable<void> DingTalkDialect::download_info(http::Exchange& exchange) {
  auto caller = co_await admit(exchange);
  if (!caller) co_return;
  auto body = co_await read_json(exchange);
  if (!body) co_return;
  auto dentry = co_await path_dentry(exchange, *caller);
  if (!dentry) co_return;
  const auto* option = object_field(*body, "option");
  bool version_valid = true;
  const auto requested = integer_field(option, "version", version_valid);
  const std::string protocol = string_field(option, "protocol");

  if (!version_valid || (requested && *requested < 1)) {
    co_await fail(exchange, 400, "paramError", "option.version is invalid");
    co_return;
  }
  if (!protocol.empty() && protocol != "HEADER_SIGNATURE") {
    co_await fail(exchange, 400, "dentryDownloadProtocolNotSupport", "only HEADER_SIGNATURE is supported");
    co_return;
  }
  if (dentry->folder) {
    co_await fail(exchange, 400, "operationNotSupported", "a folder cannot be downloaded");
    co_return;
  }
  if (dentry->archived) {
    co_await fail(exchange, 400, "fileArchived",
                  "the file is archived; unarchiving has been triggered, try again later");
    co_return;
  }
  std::string object_id = dentry->object_id;
  if (requested && *requested != dentry->version) {
    const auto version = model_.version(dentry->id, *requested);
    if (!version) {
      const std::string message = "version " + std::to_string(*requested) + " of the file does not exist";
      co_await fail(exchange, 400, "paramError", message);
      co_return;
    }
    object_id = version->object_id;
  }
  const std::string path = "/_filegate/dingtalk/download/" + object_id;
  const SignedSlot slot = sign_slot(services_.signer, "GET", services_.public_base_url, path, url_ttl_seconds_);
  boost::json::object reply_body = download_info_body(slot, url_ttl_seconds_);
  co_await reply(exchange, std::move(reply_body));
}

}  // namespace filegate::dialects::dingtalk
