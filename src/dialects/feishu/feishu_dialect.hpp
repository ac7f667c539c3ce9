#pragma once
// Feishu/Lark Open Platform: tenant/app tokens and the IM file APIs, shaped so @larksuiteoapi/node-sdk works as is.
#include <optional>

#include "dialects/dialect.hpp"
#include "dialects/feishu/model.hpp"

namespace filegate::dialects::feishu {

class FeishuDialect final : public Dialect {
 public:
  explicit FeishuDialect(Services& services) : services_(services), model_(services.store) {}
  void register_routes(http::Router& router) override;
  std::string dev_credentials() override;

 private:
  http::awaitable<void> tenant_access_token(http::Exchange& exchange);
  http::awaitable<void> app_access_token(http::Exchange& exchange);
  http::awaitable<void> upload_im_file(http::Exchange& exchange);
  http::awaitable<void> download_im_file(http::Exchange& exchange);
  http::awaitable<void> download_message_resource(http::Exchange& exchange);

  // Checks the bearer token and the endpoint's quota. On refusal it has already responded and returns nullopt.
  http::awaitable<std::optional<App>> admit(http::Exchange& exchange, std::string_view endpoint);
  // Reads {app_id, app_secret}; on bad credentials it has already responded and returns nullopt.
  http::awaitable<std::optional<App>> app_from_credentials(http::Exchange& exchange);
  http::awaitable<void> send_im_bytes(http::Exchange& exchange, const ImFile& file);

  Services& services_;
  Model model_;
};

}  // namespace filegate::dialects::feishu
