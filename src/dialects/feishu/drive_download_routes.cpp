// Drive media downloads: by token with a bearer token (GET /drive/v1/medias/:file_token/download), and by temporary
// link (batch_get_tmp_download_url hands out signed filegate URLs, valid 24 h, that need no token). Both honour Range.
// A link names the token and the stored object it was issued for, so it serves those bytes or nothing.
#include <fmt/format.h>

#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/feishu/tmp_urls.hpp"
#include "http/blob_response.hpp"

namespace filegate::dialects::feishu {
namespace {

namespace json = boost::json;

// The documented headers: Content-Type is the medium's MIME type, Content-Disposition carries its name.
http::BlobResponseOptions media_response_options(const core::ObjectRecord& object, const http::ErrorEntry& bad_range) {
  http::BlobResponseOptions options;
  options.range_refusal = &bad_range;
  options.content_type = object.content_type.empty() ? "application/octet-stream" : object.content_type;
  options.attachment_filename = object.name;
  return options;
}

// `gone` is the surface's refusal for a medium whose object record has disappeared.
http::awaitable<void> send_media(core::Store& store, http::Exchange& exchange, const DriveMedia& media,
                                 const http::ErrorEntry& gone, const http::ErrorEntry& bad_range) {
  const auto object = store.metadata().object(media.object_id);
  if (!object) throw http::Refusal(gone);
  const http::BlobResponseOptions options = media_response_options(*object, bad_range);
  const core::BlobReader blob = co_await http::open_blob(store, *object);
  co_await http::send_blob(exchange, blob, options);
}

std::string tmp_url(core::Store& store, const core::UrlSigner& signer, std::string_view base_url,
                    const DriveMedia& media, const std::string& token, std::int64_t expires) {
  if (auto url = http::presigned_download_url(store, media.object_id, expires, true)) return *url;
  const std::string path = tmp_url_path(token, media.object_id);
  const std::string signature = signer.sign("GET", path, media.object_id, expires);
  return fmt::format("{}{}?expires={}&signature={}", base_url, path, expires, signature);
}

// Every token must be readable by the app; then each gets a link signed over (GET, path, object id, expiry), so a
// link stops working when altered or when it expires, and finds nothing once the token no longer holds its bytes.
// Over an S3 store that presigns downloads, the link is the bucket's own (the object store refuses it once altered
// or expired; it serves the bytes until then, or until they are collected, even after the medium is deleted).
http::Exchange::StringResponse tmp_urls_response(const http::Exchange& exchange, const DriveModel& drive,
                                                 core::Store& store, const core::UrlSigner& signer,
                                                 std::string_view base_url, const std::string& app_id) {
  const std::vector<std::string> tokens = exchange.request().query_all("file_tokens");
  const auto extra = exchange.request().query("extra");
  if (tokens.empty() || tokens.size() > kDriveMaxTmpUrlTokens) throw http::Refusal(errors::drive_params_error);
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  const std::int64_t expires = signer.clock().now_s() + kDriveTmpUrlTtlSeconds;
  json::array urls;
  for (const std::string& token : tokens) {
    const DriveMedia media = readable_media(drive, token, app_id, extra);
    urls.push_back(json::object{{"file_token", token},
                                {"tmp_download_url", tmp_url(store, signer, base_url, media, token, expires)}});
  }
  return success({{"tmp_download_urls", std::move(urls)}});
}

// The medium a temporary link was issued for. An unsigned, altered or expired link is refused (403); a valid one whose
// medium has since been deleted, or replaced under the same token, finds nothing (404).
DriveMedia verify_tmp_url(const http::Exchange& exchange, const DriveModel& drive, const core::UrlSigner& signer) {
  const std::string& token = exchange.param("file_token");
  const std::string& object_id = exchange.param("object_id");
  const auto expires = exchange.request().query("expires");
  const auto signature = exchange.request().query("signature");
  if (!tmp_url_signature_valid(signer, token, object_id, expires, signature)) {
    throw http::Refusal(errors::tmp_url_refused);
  }
  auto media = drive.media(token);
  if (!media || media->object_id != object_id) throw http::Refusal(errors::tmp_url_not_found);
  return *media;
}

}  // namespace

http::awaitable<void> FeishuDialect::drive_download(http::Exchange& exchange) {
  const Caller caller = admit_caller(exchange, drive_quotas(), true);
  const DriveMedia media =
      readable_media(drive_, exchange.param("file_token"), caller.principal, exchange.request().query("extra"));
  co_await send_media(services_.store, exchange, media, errors::drive_not_found, errors::drive_range_not_satisfiable);
}

http::awaitable<void> FeishuDialect::drive_batch_tmp_download_urls(http::Exchange& exchange) {
  const Caller caller = admit_caller(exchange, drive_quotas(), true);
  auto response = tmp_urls_response(exchange, drive_, services_.store, services_.signer, services_.base_url(exchange),
                                    caller.principal);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_tmp_download(http::Exchange& exchange) {
  const DriveMedia media = verify_tmp_url(exchange, drive_, services_.signer);
  co_await send_media(services_.store, exchange, media, errors::tmp_url_not_found,
                      errors::tmp_url_range_not_satisfiable);
}

}  // namespace filegate::dialects::feishu
