// Routes of the Drive media endpoints. Quotas: 5 QPS and 10 000 calls a day per app and endpoint (drive_rules.hpp).
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/feishu_dialect.hpp"

namespace filegate::dialects::feishu {

void FeishuDialect::register_drive_routes(http::Router& router) {
  using bhttp::verb;
  namespace ep = endpoints;
  const http::RouteOptions small{64 * 1024};
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  const std::string medias = "/open-apis/drive/v1/medias/";
  // 20 MiB of file plus form overhead (one 4 MiB block plus overhead for upload_part); a little more is read and
  // dropped so an oversized file still gets 1061043.
  const http::ErrorEntry* too_large = &errors::drive_file_too_large;
  router.scope(drive_api_, {"/open-apis/drive/"})
      .add(verb::post, medias + "upload_all", ep::media_upload_all, bind(&FeishuDialect::drive_upload_all),
           {32ull << 20, too_large})
      .add(verb::post, medias + "upload_prepare", ep::media_upload_prepare, bind(&FeishuDialect::drive_upload_prepare),
           small)
      .add(verb::post, medias + "upload_part", ep::media_upload_part, bind(&FeishuDialect::drive_upload_part),
           {8ull << 20, too_large})
      .add(verb::post, medias + "upload_finish", ep::media_upload_finish, bind(&FeishuDialect::drive_upload_finish),
           small)
      .add(verb::get, medias + ":file_token/download", ep::media_download, bind(&FeishuDialect::drive_download), small)
      .add(verb::get, medias + "batch_get_tmp_download_url", ep::media_tmp_urls,
           bind(&FeishuDialect::drive_batch_tmp_download_urls), small);
  router.scope(tmp_urls_, {"/_filegate/feishu/"})
      .add(verb::get, std::string(kDriveTmpUrlPrefix) + ":file_token/:object_id", ep::media_tmp_download,
           bind(&FeishuDialect::drive_tmp_download), small);
}

}  // namespace filegate::dialects::feishu
