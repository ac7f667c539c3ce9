#pragma once
// DingTalk storage (钉盘 / Knowledge Base): the access token, upload (uploadInfos -> signed PUT -> commit, also in
// parts), the dentry tree with versions (rename, move, copy, batches and their tasks, revert), the recycle bin,
// spaces, and signed download info, shaped so @alicloud/dingtalk works as is.
// Handlers return their response or throw an http::Refusal naming an entry of errors.hpp.
#include <optional>
#include <string>

#include "dialects/dialect.hpp"
#include "dialects/dingtalk/envelope.hpp"
#include "dialects/dingtalk/model.hpp"

namespace filegate::dialects::dingtalk {

// The core::TokenService kind of an app's accessToken.
inline constexpr std::string_view kTokenKind = "dingtalk.app";

// How long signed upload/download URLs live: 900 s like the platform, or FILEGATE_DINGTALK_URL_TTL_SECONDS.
std::int64_t url_ttl_from_environment();
// How long an archived file takes to become readable after its first download attempt, unless its space sets its
// own: 60 s, or FILEGATE_DINGTALK_UNARCHIVE_SECONDS.
std::int64_t unarchive_seconds_from_environment();
// How many dentries an asynchronous task reports done per GetTask: 100, or FILEGATE_DINGTALK_TASK_STEP. A task of
// more answers IN_PROGRESS until polled enough.
std::int64_t task_step_from_environment();

class DingTalkDialect final : public Dialect {
 public:
  explicit DingTalkDialect(Services& services)
      : services_(services),
        model_(services.store),
        url_ttl_seconds_(url_ttl_from_environment()),
        unarchive_seconds_(unarchive_seconds_from_environment()),
        task_step_(task_step_from_environment()) {}
  void register_routes(http::Router& router) override;
  std::string dev_credentials() override;
  static constexpr std::string_view kName = "dingtalk";
  std::string_view name() const override { return kName; }

  // Registry hooks (dialect.hpp): known before any store is open.
  static std::vector<const http::Envelope*> envelopes() { return {&api_envelope_, &oss_envelope_}; }
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
  // Who is calling: the app behind the token, the acting user (unionId) and the space the path names.
  struct Caller {
    App app;
    std::string union_id;
    std::optional<Space> space;
  };

  http::awaitable<void> access_token(http::Exchange& exchange);

  http::awaitable<void> upload_info(http::Exchange& exchange);
  http::awaitable<void> init_multipart_upload(http::Exchange& exchange);
  http::awaitable<void> multipart_upload_infos(http::Exchange& exchange);
  http::awaitable<void> put_upload(http::Exchange& exchange);
  http::awaitable<void> put_part(http::Exchange& exchange);
  http::awaitable<void> commit_file(http::Exchange& exchange);

  http::awaitable<void> get_dentry(http::Exchange& exchange);
  http::awaitable<void> list_dentries(http::Exchange& exchange);
  http::awaitable<void> list_versions(http::Exchange& exchange);
  http::awaitable<void> delete_dentry(http::Exchange& exchange);
  http::awaitable<void> add_folder(http::Exchange& exchange);
  http::awaitable<void> get_dentries(http::Exchange& exchange);
  http::awaitable<void> list_all_dentries(http::Exchange& exchange);
  http::awaitable<void> dentry_id_by_uuid(http::Exchange& exchange);

  // move_routes.cpp
  http::awaitable<void> rename_dentry(http::Exchange& exchange);
  // A move or (copy = true) a copy, of one dentry or of a batch: the same request but for the verb.
  http::awaitable<void> relocate_dentry(http::Exchange& exchange, bool copy);
  http::awaitable<void> relocate_dentries(http::Exchange& exchange, bool copy);
  http::awaitable<void> delete_dentries(http::Exchange& exchange);
  http::awaitable<void> revert_version(http::Exchange& exchange);
  http::awaitable<void> get_task(http::Exchange& exchange);

  // recycle_routes.cpp
  http::awaitable<void> get_recycle_bin(http::Exchange& exchange);
  http::awaitable<void> list_recycle_items(http::Exchange& exchange);
  http::awaitable<void> get_recycle_item(http::Exchange& exchange);
  http::awaitable<void> restore_recycle_item(http::Exchange& exchange);
  http::awaitable<void> restore_recycle_items(http::Exchange& exchange);
  http::awaitable<void> delete_recycle_item(http::Exchange& exchange);
  http::awaitable<void> delete_recycle_items(http::Exchange& exchange);
  http::awaitable<void> clear_recycle_bin(http::Exchange& exchange);

  // space_routes.cpp
  http::awaitable<void> get_space(http::Exchange& exchange);
  http::awaitable<void> add_space(http::Exchange& exchange);

  http::awaitable<void> download_info(http::Exchange& exchange);
  http::awaitable<void> get_blob(http::Exchange& exchange);
  http::awaitable<void> refuse_put(http::Exchange& exchange);

  // The access token, the app's permission for the route, the unionId (`union_param`: the query parameter naming
  // the acting user) and, when `in_space`, the :space_id the path names and the user's membership.
  Caller admit(const http::Exchange& exchange, bool in_space = true, std::string_view union_param = "unionId") const;
  // A space of the caller's app that the caller is a member of (moves and copies to another space).
  Space member_space(const Caller& caller, const std::string& space_id) const;
  // The recycle bin the path's :recycle_bin_id names: a space's (its id; the caller's space, checked like a space), or
  // the organisation's (the app's corpId, naming.hpp; the caller's space stays empty: recycle_routes.cpp checks each
  // item's space).
  Caller admit_recycle_bin(const http::Exchange& exchange) const;
  // The JSON body ({} when empty); paramError when it is not a JSON object.
  http::awaitable<boost::json::object> read_json(http::Exchange& exchange);
  // The dentry the path's :dentry_id names, in the caller's space; otherwise dentryNotExist.
  Dentry path_dentry(const http::Exchange& exchange, const Caller& caller) const;
  // A parentId resolved to a folder of the caller's space; nullopt for "0", the root.
  std::optional<Dentry> resolve_parent(const Caller& caller, const std::string& parent_id) const;
  // The upload both kinds of upload start describe (preCheckParam checked, parent folder resolved).
  Upload upload_request(const Caller& caller, const boost::json::object* option,
                        const boost::json::object* precheck) const;
  // Streams the PUT body into a staged blob with MD5 (OSS ETags are the MD5).
  http::awaitable<std::unique_ptr<core::StagedBlob>> receive_body(http::Exchange& exchange);
  // The slot signature of a blob request, checked for `signed_method`; an OSS-style 403 when it does not hold.
  void check_signature(const http::Exchange& exchange, std::string_view signed_method) const;

  http::awaitable<void> reply(http::Exchange& exchange, boost::json::object body);

  Services& services_;
  Model model_;
  std::int64_t url_ttl_seconds_;
  std::int64_t unarchive_seconds_;
  std::int64_t task_step_;
  static inline const ApiEnvelope api_envelope_;
  static inline const OssEnvelope oss_envelope_;
};

}  // namespace filegate::dialects::dingtalk
