#pragma once
// Feishu/Lark Open Platform: tenant/app tokens, the IM file, image and message APIs, events pushed to bots, and Drive
// media, shaped so @larksuiteoapi/node-sdk works as is. Handlers return a response or throw an http::Refusal naming
// an entry of errors.hpp.
#include <vector>

#include "core/upload_parts.hpp"
#include "dialects/dialect.hpp"
#include "dialects/feishu/drive_model.hpp"
#include "dialects/feishu/envelope.hpp"
#include "dialects/feishu/errors.hpp"
#include "dialects/feishu/event_delivery.hpp"
#include "dialects/feishu/event_subscriptions.hpp"
#include "dialects/feishu/model.hpp"
#include "dialects/feishu/user_auth.hpp"
#include "dialects/feishu/users.hpp"

namespace filegate::dialects::feishu {

// core::TokenService kinds: tenant_access_token (what the file APIs accept) and app_access_token.
inline constexpr const char* kTenantTokenKind = "feishu.tenant";
inline constexpr const char* kAppTokenKind = "feishu.app";

class FeishuDialect final : public Dialect {
 public:
  explicit FeishuDialect(Services& services)
      : services_(services),
        model_(services.store),
        drive_(services.store),
        drive_uploads_(services.store, std::string(kDriveUploadNamespace)),
        users_(services.store),
        subscriptions_(services.store),
        events_(services.record_outbound),
        user_auth_(services.tokens) {}
  static constexpr std::string_view kName = "feishu";
  std::string_view name() const override { return kName; }
  void register_routes(http::Router& router) override;
  std::string dev_credentials() override;

  // Registry hooks (dialect.hpp): known before any store is open. One envelope per surface: the Open API
  // (auth_api_, messages_api_ and drive_api_ share api_'s catalog), the temporary links, the OAuth 2 token endpoint.
  static std::vector<const http::Envelope*> envelopes() { return {&api_, &tmp_urls_, &oauth_api_}; }
  static void add_admin_commands(CLI::App& root, AdminContext& context);

  std::vector<Account> accounts() override;
  Account create_account(const AccountRequest& request) override;
  bool delete_account(std::string_view id) override;
  std::string import_file(core::StagedBlob& staged, const ImportRequest& request) override;
  // fixtures.cpp
  void apply_fixtures(FixtureTable& fixtures) override;
  std::vector<FileHandle> files() override;
  bool delete_file(std::string_view handle) override;
  std::size_t end_abandoned_uploads() override {
    return drive_uploads_.sweep_expired(core::UploadParts::kKeepExpiredMs, 0);
  }
  // admin_routes.cpp: users, apps' event subscriptions, and a user posting a message to a chat (which pushes the
  // event to the bots in it).
  std::vector<AdminRoute> admin_routes() override;

 private:
  http::awaitable<void> tenant_access_token(http::Exchange& exchange);
  http::awaitable<void> app_access_token(http::Exchange& exchange);
  http::awaitable<void> upload_im_file(http::Exchange& exchange);
  http::awaitable<void> download_im_file(http::Exchange& exchange);
  http::awaitable<void> download_message_resource(http::Exchange& exchange);
  // authen_routes.cpp: users signing in to apps.
  enum class TokenGrant { code, refresh };
  void register_authen_routes(http::Router& router);
  http::awaitable<void> authorize(http::Exchange& exchange);
  http::awaitable<void> user_token(http::Exchange& exchange, TokenGrant grant, bool with_user);
  http::awaitable<void> user_info(http::Exchange& exchange);
  http::awaitable<void> oauth_token(http::Exchange& exchange);
  // image_routes.cpp
  http::awaitable<void> upload_image(http::Exchange& exchange);
  http::awaitable<void> download_image(http::Exchange& exchange);
  // message_routes.cpp
  void register_message_routes(http::Router& router);
  http::awaitable<void> create_message(http::Exchange& exchange);
  http::awaitable<void> get_message(http::Exchange& exchange);
  http::awaitable<void> list_messages(http::Exchange& exchange);

  // Pushes im.message.receive_v1 for `message` (posted by `sender`) to every app in its chat subscribed to it;
  // returns the event ids.
  std::vector<std::string> announce(const Message& message, const User& sender);
  // POST /_filegate/api/v1/feishu/messages: a user posts a message (admin_routes.cpp).
  AdminRoute::Result send_as_user(const boost::json::object& body);

  // Drive media (drive_upload_routes.cpp, drive_download_routes.cpp).
  void register_drive_routes(http::Router& router);
  http::awaitable<void> drive_upload_all(http::Exchange& exchange);
  http::awaitable<void> drive_upload_prepare(http::Exchange& exchange);
  http::awaitable<void> drive_upload_part(http::Exchange& exchange);
  http::awaitable<void> drive_upload_finish(http::Exchange& exchange);
  http::awaitable<void> drive_download(http::Exchange& exchange);
  http::awaitable<void> drive_batch_tmp_download_urls(http::Exchange& exchange);
  http::awaitable<void> drive_tmp_download(http::Exchange& exchange);

  // Who calls: an app with its tenant token, or a user signed in to it (a user token, where the endpoint takes one).
  // `principal` is whose access to documents counts: the app's id, or the user's open_id.
  struct Caller {
    App app;
    std::string principal;
  };
  // The app whose bearer token the request carries, allowed the endpoint by its scopes and within the endpoint's
  // quota (`quotas` must outlive the call); throws the gateway's refusal otherwise.
  App admit(const http::Exchange& exchange, const std::vector<core::Quota>& quotas) {
    return admit_caller(exchange, quotas, false).app;
  }
  // The same for endpoints that also take user tokens (Drive media), with the user's granted scopes checked.
  Caller admit_caller(const http::Exchange& exchange, const std::vector<core::Quota>& quotas, bool user_tokens);
  // The app named by a token request's {app_id, app_secret}; throws the token endpoints' refusal otherwise.
  http::awaitable<App> app_from_credentials(http::Exchange& exchange);
  http::awaitable<void> send_im_bytes(http::Exchange& exchange, const std::string& object_id);

  Services& services_;
  Model model_;
  DriveModel drive_;
  core::UploadParts drive_uploads_;
  Users users_;
  EventSubscriptions subscriptions_;
  EventDelivery events_;
  UserAuth user_auth_;

  // The Open API under /open-apis/ (IM routes and unknown paths), then the same surface for the token and Drive routes,
  // which answer bad bodies and unexpected failures with their own codes; the temporary download links.
  static inline const FeishuEnvelope api_{errors::api_catalog,
                                          {&errors::not_found, &errors::im_invalid_param, &errors::im_invalid_param,
                                           &errors::im_internal_error, &errors::invalid_token}};
  static inline const FeishuEnvelope auth_api_{
      errors::api_catalog,
      {&errors::not_found, &errors::auth_body_too_large, &errors::auth_invalid_param, &errors::auth_internal_error}};
  static inline const FeishuEnvelope messages_api_{
      errors::api_catalog,
      {&errors::not_found, &errors::msg_invalid_param, &errors::msg_invalid_param, &errors::msg_internal_error,
       &errors::invalid_token}};
  static inline const FeishuEnvelope authen_api_{
      errors::api_catalog,
      {&errors::not_found, &errors::authen_invalid_request, &errors::authen_invalid_request,
       &errors::authen_internal_error, &errors::authen_user_token_invalid}};
  static inline const FeishuEnvelope drive_api_{
      errors::api_catalog,
      {&errors::not_found, &errors::drive_params_error, &errors::drive_params_error, &errors::drive_server_error,
       &errors::invalid_token}};
  static inline const FeishuEnvelope tmp_urls_{
      errors::tmp_url_catalog,
      {&errors::tmp_url_not_found, &errors::tmp_url_params_error, &errors::tmp_url_params_error,
       &errors::tmp_url_internal_error, &errors::tmp_url_refused}};
  static inline const FeishuEnvelope oauth_api_{errors::oauth_catalog,
                                                {&errors::oauth_not_found, &errors::oauth_invalid_request,
                                                 &errors::oauth_invalid_request, &errors::oauth_server_error}};
};

}  // namespace filegate::dialects::feishu
