// Routes of the Drive media endpoints. Quotas: 5 QPS and 10 000 calls a day per app and endpoint (drive_rules.hpp).
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/feishu_dialect.hpp"

namespace filegate::dialects::feishu {

void FeishuDialect::register_drive_routes(http::Router::Scope& router) {
  using bhttp::verb;
  const http::RouteOptions small{64 * 1024};
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  const std::string medias = "/open-apis/drive/v1/medias/";
  // 20 MiB of file plus form overhead; a little more is read and dropped so an oversized file still gets 1061043.
  const http::ErrorEntry* too_large = nullptr;  // TRANSITIONAL
  router.add(verb::post, medias + "upload_all", bind(&FeishuDialect::drive_upload_all), {32ull << 20, too_large});
  router.add(verb::post, medias + "upload_prepare", bind(&FeishuDialect::drive_upload_prepare), small);
  // One 4 MiB block plus form overhead, with the same slack.
  router.add(verb::post, medias + "upload_part", bind(&FeishuDialect::drive_upload_part), {8ull << 20, too_large});
  router.add(verb::post, medias + "upload_finish", bind(&FeishuDialect::drive_upload_finish), small);
  router.add(verb::get, medias + ":file_token/download", bind(&FeishuDialect::drive_download), small);
  router.add(verb::get, medias + "batch_get_tmp_download_url", bind(&FeishuDialect::drive_batch_tmp_download_urls),
             small);
  router.add(verb::get, std::string(kDriveTmpUrlPrefix) + ":file_token", bind(&FeishuDialect::drive_tmp_download),
             small);
}

}  // namespace filegate::dialects::feishu
