#pragma once
// Tencent Cloud SMH (Smart Media Hosting), business-level file API: access tokens, files (upload in three steps,
// 302 download, HEAD, info, delete), directories and history versions. No SMH client runs on Node; the wire follows
// the official docs and the Android/Java SDK sources (see shared/wire-notes/smh.md beside the repository).
//
// Two surfaces, each a router scope with its envelope: the JSON API under /api/v1/ and the COS stand-in under
// /smh-cos/. Most API handlers are plain functions from (exchange, small body) to a response, run by `run`, which
// reads the body and sends what they return; every handler refuses by throwing http::Refusal(errors::…). Only the
// byte routes stream and are coroutines.
#include <boost/json/object.hpp>
#include <string>

#include "core/token_service.hpp"
#include "dialects/dialect.hpp"
#include "dialects/smh/envelope.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/request_parts.hpp"
#include "dialects/smh/tokens.hpp"

namespace filegate::dialects::smh {

// What a request may touch once its token has been checked.
struct Access {
  Library library;
  Scope scope;
  core::Token token;
  std::string user_id;
};

class SmhDialect final : public Dialect {
 public:
  explicit SmhDialect(Services& services) : services_(services), model_(services.store) {}
  static constexpr std::string_view kName = "smh";
  std::string_view name() const override { return kName; }
  void register_routes(http::Router& router) override;
  std::string dev_credentials() override;

  // Registry hooks (dialect.hpp): known before any store is open.
  static std::vector<const http::Envelope*> envelopes() { return {&api_envelope_, &cos_envelope_}; }
  static void add_admin_commands(CLI::App& root, AdminContext& context);

  std::vector<Account> accounts() override;
  Account create_account(const AccountRequest& request) override;
  bool delete_account(std::string_view id) override;
  std::string import_file(core::StagedBlob& staged, const ImportRequest& request) override;
  // fixtures.cpp
  void apply_fixtures(FixtureTable& fixtures) override;
  std::vector<FileHandle> files() override;
  bool delete_file(std::string_view handle) override;
  std::size_t end_abandoned_uploads() override { return model_.end_abandoned_uploads(); }

 private:
  using SyncHandler = Response (SmhDialect::*)(http::Exchange&, const std::string& body);
  // Reads the JSON body, runs `handler` (on a blocking-work thread when it may take long) and sends its response.
  http::awaitable<void> run(http::Exchange& exchange, SyncHandler handler);
  Response call(http::Exchange& exchange, SyncHandler handler, const std::string& body);

  // Library, token (query access_token= or Authorization: Bearer), space and grant; throws a Refusal.
  Access admit(const http::Exchange& exchange, Need need);

  // token_routes.cpp
  Response issue_token(http::Exchange& exchange, const std::string& body);
  Response renew_token(http::Exchange& exchange, const std::string& body);
  Response delete_token(http::Exchange& exchange, const std::string& body);
  Response create_space(http::Exchange& exchange, const std::string& body);

  // upload_routes.cpp
  Response begin_upload(http::Exchange& exchange, const std::string& body);
  Response begin_multipart(http::Exchange& exchange, const std::string& body);  // ?multipart
  Response renew_upload(http::Exchange& exchange, const std::string& body);     // ?renew
  Response confirm_upload(http::Exchange& exchange, const std::string& body);   // ?confirm
  Response form_upload(http::Exchange& exchange, const std::string& body);      // POST, no selector
  Response upload_status(http::Exchange& exchange, const std::string& body);    // GET ?upload
  Response cancel_upload(http::Exchange& exchange, const std::string& body);    // DELETE ?upload

  // file_routes.cpp
  Response file_get(http::Exchange& exchange, const std::string& body);      // 302
  Response file_info(http::Exchange& exchange, const std::string& body);     // ?info
  Response file_preview(http::Exchange& exchange, const std::string& body);  // ?preview: 501
  Response file_head(http::Exchange& exchange, const std::string& body);
  Response file_delete(http::Exchange& exchange, const std::string& body);
  Response history_list(http::Exchange& exchange, const std::string& body);

  // history_routes.cpp
  Response history_restore(http::Exchange& exchange, const std::string& body);  // POST …/latest-version/{id}
  Response history_delete(http::Exchange& exchange, const std::string& body);   // POST …/delete, body [ids]

  // inode_routes.cpp
  Response inode_info(http::Exchange& exchange, const std::string& body);  // GET /api/v1/inode/{lib}/{space}/{inode}

  // quota_routes.cpp
  Response quota_get(http::Exchange& exchange, const std::string& body);  // GET /api/v1/quota/{lib}/{space}

  // tree_routes.cpp: a PUT's body tells a move ({"from"}) or a copy ({"copyFrom"}) from an upload or a creation
  Response file_put(http::Exchange& exchange, const std::string& body);
  Response directory_put(http::Exchange& exchange, const std::string& body);
  Response move_file(http::Exchange& exchange, const boost::json::object& body);
  Response copy_file(http::Exchange& exchange, const boost::json::object& body);
  Response move_directory(http::Exchange& exchange, const boost::json::object& body);
  Response copy_directory(http::Exchange& exchange, const boost::json::object& body);

  // batch_routes.cpp: POST /api/v1/batch/{lib}/{space}?delete|copy|move, each item on its own
  Response batch_delete(http::Exchange& exchange, const std::string& body);
  Response batch_copy(http::Exchange& exchange, const std::string& body);
  Response batch_move(http::Exchange& exchange, const std::string& body);
  Response task_get(http::Exchange& exchange, const std::string& body);  // GET /api/v1/task/{lib}/{space}/{ids}
  // directory_routes.cpp
  Response create_directory(http::Exchange& exchange, const std::string& body);
  Response directory_list(http::Exchange& exchange, const std::string& body);
  Response directory_info(http::Exchange& exchange, const std::string& body);  // ?info
  Response directory_head(http::Exchange& exchange, const std::string& body);
  Response directory_delete(http::Exchange& exchange, const std::string& body);

  // recycle_routes.cpp
  Response recycled_list(http::Exchange& exchange, const std::string& body);
  Response recycled_restore(http::Exchange& exchange, const std::string& body);  // POST …/{id}?restore
  Response recycled_delete(http::Exchange& exchange, const std::string& body);   // DELETE …/{id}
  Response recycled_empty(http::Exchange& exchange, const std::string& body);    // DELETE …/{space}

  // cos_routes.cpp: the byte host standing in for COS
  http::awaitable<void> cos_put(http::Exchange& exchange);
  http::awaitable<void> cos_put_part(http::Exchange& exchange);
  http::awaitable<void> cos_form_post(http::Exchange& exchange);  // a form upload's multipart POST
  http::awaitable<void> cos_get(http::Exchange& exchange);

  Services& services_;
  Model model_;
  SlidingExpiry sliding_;
  static inline const ApiEnvelope api_envelope_;
  static inline const CosEnvelope cos_envelope_;
};

}  // namespace filegate::dialects::smh
