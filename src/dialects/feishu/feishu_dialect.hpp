#pragma once
// Feishu/Lark Open Platform: tenant/app tokens, the IM file APIs and Drive media, shaped so @larksuiteoapi/node-sdk
// works as is.
#include <optional>
#include <vector>

#include "core/upload_parts.hpp"
#include "dialects/dialect.hpp"
#include "dialects/feishu/drive_model.hpp"
#include "dialects/feishu/model.hpp"

namespace filegate::dialects::feishu {

class FeishuDialect final : public Dialect {
 public:
  explicit FeishuDialect(Services& services)
      : services_(services),
        model_(services.store),
        drive_(services.store),
        drive_uploads_(services.store, std::string(kDriveUploadNamespace)) {}
  void register_routes(http::Router& router) override;
  std::string dev_credentials() override;
  std::string_view name() const override { return "feishu"; }
  std::vector<const http::Envelope*> envelopes() const override {
    return {&http::filegate_envelope()};
  }  // TRANSITIONAL

 private:
  http::awaitable<void> tenant_access_token(http::Exchange& exchange);
  http::awaitable<void> app_access_token(http::Exchange& exchange);
  http::awaitable<void> upload_im_file(http::Exchange& exchange);
  http::awaitable<void> download_im_file(http::Exchange& exchange);
  http::awaitable<void> download_message_resource(http::Exchange& exchange);

  // Drive media (drive_upload_routes.cpp, drive_download_routes.cpp).
  void register_drive_routes(http::Router::Scope& router);
  http::awaitable<void> drive_upload_all(http::Exchange& exchange);
  http::awaitable<void> drive_upload_prepare(http::Exchange& exchange);
  http::awaitable<void> drive_upload_part(http::Exchange& exchange);
  http::awaitable<void> drive_upload_finish(http::Exchange& exchange);
  http::awaitable<void> drive_download(http::Exchange& exchange);
  http::awaitable<void> drive_batch_tmp_download_urls(http::Exchange& exchange);
  http::awaitable<void> drive_tmp_download(http::Exchange& exchange);
  // The chunked-upload session named by a request, after its id, expiry and owner checks; nullopt once refused.
  http::awaitable<std::optional<core::UploadSession>> drive_upload_session(http::Exchange& exchange,
                                                                           const std::string& upload_id,
                                                                           const std::string& app_id);

  // Checks the bearer token and the endpoint's quota. On refusal it has already responded and returns nullopt.
  http::awaitable<std::optional<App>> admit(http::Exchange& exchange, std::string_view endpoint);
  // The same with the endpoint's own quotas (`quotas` must outlive the call).
  http::awaitable<std::optional<App>> admit(http::Exchange& exchange, std::string_view endpoint,
                                            const std::vector<core::Quota>& quotas);
  // Reads {app_id, app_secret}; on bad credentials it has already responded and returns nullopt.
  http::awaitable<std::optional<App>> app_from_credentials(http::Exchange& exchange);
  http::awaitable<void> send_im_bytes(http::Exchange& exchange, const ImFile& file);

  Services& services_;
  Model model_;
  DriveModel drive_;
  core::UploadParts drive_uploads_;
};

}  // namespace filegate::dialects::feishu
