#pragma once
// Coze (扣子) OpenAPI: the files endpoints, shaped so the official @coze/api SDK (and coze-py, coze-go) work as is.
// Auth is a bearer token per request: a personal access token, or an OAuth app's access token from the JWT flow
// (POST /api/permission/oauth2/token, the one token endpoint served).
#include "dialects/coze/envelope.hpp"
#include "dialects/coze/model.hpp"
#include "dialects/dialect.hpp"

namespace filegate::dialects::coze {

class CozeDialect final : public Dialect {
 public:
  explicit CozeDialect(Services& services) : services_(services), model_(services.store) {}
  void register_routes(http::Router& router) override;
  std::string dev_credentials() override;
  static constexpr std::string_view kName = "coze";
  std::string_view name() const override { return kName; }

  // Registry hooks (dialect.hpp): known before any store is open.
  static std::vector<const http::Envelope*> envelopes() { return {&envelope_, &oauth_envelope_}; }
  static void add_admin_commands(CLI::App& root, AdminContext& context);

  std::vector<Account> accounts() override;
  Account create_account(const AccountRequest& request) override;
  bool delete_account(std::string_view id) override;
  std::string import_file(core::StagedBlob& staged, const ImportRequest& request) override;
  // fixtures.cpp
  void apply_fixtures(FixtureTable& fixtures) override;
  std::vector<FileHandle> files() override;
  bool delete_file(std::string_view handle) override;

 private:
  http::awaitable<void> upload_file(http::Exchange& exchange);
  http::awaitable<void> retrieve_file(http::Exchange& exchange);
  // oauth_routes.cpp
  http::awaitable<void> issue_app_token(http::Exchange& exchange);

  // The caller of "Authorization: Bearer pat_…|czs_…" if its token has `permission` and the endpoint's quota admits
  // it; throws errors::authentication_invalid, no_permission or rate_limited.
  Caller authorize(const http::Exchange& exchange, std::string_view permission) const;

  Services& services_;
  Model model_;
  static inline const ApiEnvelope envelope_;
  static inline const OAuthEnvelope oauth_envelope_;
};

}  // namespace filegate::dialects::coze
