// Drive media downloads: by token with a bearer token (GET /drive/v1/medias/:file_token/download), and by temporary
// link (batch_get_tmp_download_url hands out signed filegate URLs, valid 24 h, that need no token). Both honour Range.
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/envelope.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blob_response.hpp"

namespace filegate::dialects::feishu {
namespace {

namespace json = boost::json;
using namespace drive_errors;

constexpr DriveError kTmpUrlRefused{403, 1061004, "forbidden: the temporary download url is invalid or expired."};

// The documented headers: Content-Type is the medium's MIME type, Content-Disposition carries its name.
http::BlobResponseOptions media_response_options(const core::ObjectRecord& object) {
  http::BlobResponseOptions options;
  options.content_type = object.content_type.empty() ? "application/octet-stream" : object.content_type;
  options.attachment_filename = object.name;
  return options;
}

http::awaitable<void> send_media(core::Store& store, http::Exchange& exchange, const DriveMedia& media) {
  const auto object = store.metadata().object(media.object_id);
  if (!object) {
    co_await respond_drive_error(exchange, kNotFound);
    co_return;
  }
  const http::BlobResponseOptions options = media_response_options(*object);
  const core::BlobReader blob = store.open(*object);
  co_await http::send_blob(exchange, blob, options);
}

std::string tmp_url_path(std::string_view file_token) {
  return std::string(kDriveTmpUrlPrefix) + std::string(file_token);
}

// Every token must be readable by the app; then each gets a link signed over (GET, path, object id, expiry), so a
// link stops working when altered, when it expires, or when the token comes to name other bytes.
http::Exchange::StringResponse tmp_urls_response(const http::Exchange& exchange, const DriveModel& drive,
                                                 const core::UrlSigner& signer, std::string_view base_url,
                                                 const std::string& app_id) {
  const std::vector<std::string> tokens = exchange.request().query_all("file_tokens");
  const auto extra = exchange.request().query("extra");
  if (tokens.empty() || tokens.size() > kDriveMaxTmpUrlTokens) return drive_failure(exchange, kParams);
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  const std::int64_t expires = signer.clock().now_s() + kDriveTmpUrlTtlSeconds;
  json::array urls;
  for (const std::string& token : tokens) {
    const auto media = drive.media(token);
    if (const auto refused = check_media_read(drive, media, app_id, extra)) return drive_failure(exchange, *refused);
    const std::string path = tmp_url_path(token);
    const std::string signature = signer.sign("GET", path, media->object_id, expires);
    const std::string url =
        std::string(base_url) + path + "?expires=" + std::to_string(expires) + "&signature=" + signature;
    urls.push_back(json::object{{"file_token", token}, {"tmp_download_url", url}});
  }
  return success({{"tmp_download_urls", std::move(urls)}});
}

// The medium a temporary link names, if its signature holds and it has not expired. Fails closed: any doubt is 403.
std::optional<DriveMedia> verify_tmp_url(const http::Exchange& exchange, const DriveModel& drive,
                                         const core::UrlSigner& signer) {
  const std::string& token = exchange.param("file_token");
  const auto expires = exchange.request().query("expires");
  const auto signature = exchange.request().query("signature");
  const auto expires_s = expires ? parse_decimal(*expires) : std::nullopt;
  if (!expires_s || *expires_s > static_cast<std::uint64_t>(INT64_MAX) || !signature) return std::nullopt;
  auto media = drive.media(token);
  if (!media) return std::nullopt;
  const auto verdict =
      signer.check("GET", tmp_url_path(token), media->object_id, static_cast<std::int64_t>(*expires_s), *signature);
  if (verdict != core::UrlSigner::Verdict::valid) return std::nullopt;
  return media;
}

}  // namespace

http::awaitable<void> FeishuDialect::drive_download(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "drive.media.download", drive_quotas());
  if (!app) co_return;
  const auto media = drive_.media(exchange.param("file_token"));
  const auto extra = exchange.request().query("extra");
  if (const auto refused = check_media_read(drive_, media, app->app_id, extra)) {
    co_await respond_drive_error(exchange, *refused);
    co_return;
  }
  co_await send_media(services_.store, exchange, *media);
}

http::awaitable<void> FeishuDialect::drive_batch_tmp_download_urls(http::Exchange& exchange) {
  auto app = co_await admit(exchange, "drive.media.batch_get_tmp_download_url", drive_quotas());
  if (!app) co_return;
  auto response = tmp_urls_response(exchange, drive_, services_.signer, services_.public_base_url, app->app_id);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::drive_tmp_download(http::Exchange& exchange) {
  const auto media = verify_tmp_url(exchange, drive_, services_.signer);
  if (!media) {
    co_await respond_drive_error(exchange, kTmpUrlRefused);
    co_return;
  }
  co_await send_media(services_.store, exchange, *media);
}

}  // namespace filegate::dialects::feishu
