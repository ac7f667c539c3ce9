// Dialect::delete_account for every dialect: the account goes from accounts(), its files from files(), its tokens stop
// validating where the routes check them, what it owns goes with it, another account keeps everything, and a second
// delete finds nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "dialect_fixtures.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate {
namespace {

using Handles = std::set<std::string>;

// The handles files() lists, and the accounts' identifiers (the credential `key` of each) accounts() lists.
Handles handles_of(dialects::Dialect& dialect) {
  Handles handles;
  for (const auto& file : dialect.files()) handles.insert(file.handle);
  return handles;
}
Handles account_ids(dialects::Dialect& dialect, std::string_view key) {
  Handles ids;
  for (const auto& account : dialect.accounts()) ids.insert(std::string(account.credentials.at(key).as_string()));
  return ids;
}

// ---- Feishu ------------------------------------------------------------------------------------------------------

constexpr std::string_view kFeishuGone = "cli_deleteme000001";
constexpr std::string_view kFeishuKept = "cli_keepme00000001";

// App "gone" and app "kept" share a chat, and each owns a document shared with the other; each has uploaded into
// the other's document.
constexpr std::string_view kFeishuFixtures = R"toml(
[[feishu.apps]]
app_id = "cli_deleteme000001"
app_secret = "secret-gone"

[[feishu.apps]]
app_id = "cli_keepme00000001"
app_secret = "secret-kept"

[[feishu.files]]
file_key = "file_v3_gone"
app_id = "cli_deleteme000001"
name = "gone.txt"
text = "gone"

[[feishu.files]]
file_key = "file_v3_kept"
app_id = "cli_keepme00000001"
name = "kept.txt"
text = "kept"

[[feishu.messages]]
message_id = "om_from_gone"
chat_id = "oc_shared"
sender = "cli_deleteme000001"
members = ["cli_keepme00000001"]
file_keys = ["file_v3_gone"]

[[feishu.messages]]
message_id = "om_from_kept"
chat_id = "oc_shared"
sender = "cli_keepme00000001"
file_keys = ["file_v3_kept"]

[[feishu.messages]]
message_id = "om_alone"
chat_id = "oc_gone_only"
sender = "cli_deleteme000001"

[[feishu.documents]]
token = "docGone"
owner = "cli_deleteme000001"
grants = ["cli_keepme00000001"]

[[feishu.documents]]
token = "docKept"
owner = "cli_keepme00000001"
grants = ["cli_deleteme000001"]

[[feishu.media]]
file_token = "mediaByKeptInGone"
doc_token = "docGone"
app_id = "cli_keepme00000001"
name = "k.txt"
text = "by kept in gone's document"

[[feishu.media]]
file_token = "mediaByGoneInKept"
doc_token = "docKept"
app_id = "cli_deleteme000001"
name = "g.txt"
text = "by gone in kept's document"

[[feishu.media]]
file_token = "mediaByKept"
doc_token = "docKept"
name = "m.txt"
text = "kept's own medium"
)toml";

class FeishuDeleteTest : public test_support::DialectFixturesTest<dialects::feishu::FeishuDialect> {
 protected:
  void SetUp() override { apply(kFeishuFixtures); }
  dialects::feishu::Model model() { return dialects::feishu::Model(store()); }
  dialects::feishu::DriveModel drive() { return dialects::feishu::DriveModel(store()); }
  core::TokenService& tokens() { return harness_.tokens; }
  core::UploadParts uploads() { return {store(), std::string(dialects::feishu::kDriveUploadNamespace)}; }
};

TEST_F(FeishuDeleteTest, TheAppGoesWithItsTokensFilesMessagesAndDocuments) {
  using dialects::feishu::kAppTokenKind;
  using dialects::feishu::kTenantTokenKind;
  const std::string gone(kFeishuGone);
  const std::string kept(kFeishuKept);
  const core::Token tenant = tokens().issue(kTenantTokenKind, gone, 7200, "t-");
  const core::Token app = tokens().issue(kAppTokenKind, gone, 7200, "a-");
  const core::Token kept_tenant = tokens().issue(kTenantTokenKind, kept, 7200, "t-");
  uploads().begin("1000000000000000001", gone, 10, 4 << 20, 60'000);
  uploads().begin("1000000000000000002", kept, 10, 4 << 20, 60'000);

  ASSERT_TRUE(dialect().delete_account(gone));

  EXPECT_EQ(account_ids(dialect(), "app_id"), Handles{kept});
  EXPECT_EQ(handles_of(dialect()), (Handles{"file_v3_kept", "mediaByKept"}));
  EXPECT_EQ(content(model().im_file("file_v3_kept")->object_id), "kept");
  // The routes look a bearer token up by kind: the app's are gone, the other app's still works.
  EXPECT_FALSE(tokens().find(kTenantTokenKind, tenant.value));
  EXPECT_FALSE(tokens().find(kAppTokenKind, app.value));
  EXPECT_FALSE(tokens().latest(kTenantTokenKind, gone));
  EXPECT_TRUE(tokens().find(kTenantTokenKind, kept_tenant.value));

  EXPECT_FALSE(model().message("om_from_gone"));
  EXPECT_FALSE(model().message("om_alone"));
  EXPECT_TRUE(model().message("om_from_kept"));
  EXPECT_FALSE(model().is_chat_member("oc_shared", gone));
  EXPECT_TRUE(model().is_chat_member("oc_shared", kept));
  EXPECT_FALSE(store().metadata().record("feishu.chat", "oc_gone_only")) << "a chat left without members goes";

  EXPECT_FALSE(drive().document("docGone"));
  const auto kept_doc = drive().document("docKept");
  ASSERT_TRUE(kept_doc);
  EXPECT_FALSE(drive().may_edit(*kept_doc, gone)) << "the grant to the deleted app goes";
  EXPECT_FALSE(store().metadata().record("feishu.drive_grant", "docGone/" + kept));

  EXPECT_FALSE(uploads().find("1000000000000000001"));
  EXPECT_TRUE(uploads().find("1000000000000000002"));

  EXPECT_FALSE(dialect().delete_account(gone));
  EXPECT_FALSE(dialect().delete_account("cli_nobody"));
}

TEST_F(FeishuDeleteTest, DeletingTheDefaultAppMakesTheNextStartCreateAFreshOne) {
  const auto first = model().default_app();
  ASSERT_TRUE(dialect().delete_account(first.app_id));
  EXPECT_FALSE(store().metadata().record("feishu.default_app", "default"));
  const std::string banner = dialect().dev_credentials();
  EXPECT_EQ(banner.find(first.app_id), std::string::npos);
  EXPECT_NE(banner.find(model().default_app().app_id), std::string::npos);
}

// ---- DingTalk ----------------------------------------------------------------------------------------------------

constexpr std::string_view kDingTalkFixtures = R"toml(
[[dingtalk.apps]]
app_key = "dinggone000000000001"
app_secret = "secret-gone"

[[dingtalk.apps]]
app_key = "dingkept000000000001"
app_secret = "secret-kept"

[[dingtalk.spaces]]
space_id = "20000000001"
app_key = "dinggone000000000001"
members = ["union-alice"]

[[dingtalk.spaces]]
space_id = "20000000002"
app_key = "dingkept000000000001"
members = ["union-alice"]

[[dingtalk.files]]
space_id = "20000000001"
file_path = "reports/2024/q1.txt"
union_id = "union-alice"
dentry_id = "30000000001"
text = "gone"

[[dingtalk.files]]
space_id = "20000000002"
file_path = "reports/2024/q1.txt"
union_id = "union-alice"
dentry_id = "30000000002"
text = "kept"
)toml";

class DingTalkDeleteTest : public test_support::DialectFixturesTest<dialects::dingtalk::DingTalkDialect> {
 protected:
  void SetUp() override { apply(kDingTalkFixtures); }
  dialects::dingtalk::Model model() { return dialects::dingtalk::Model(store()); }
  core::TokenService& tokens() { return harness_.tokens; }
  // A multipart upload of `app_key` into `space_id`, with one part sent.
  std::string multipart_upload(const std::string& app_key, const std::string& space_id) {
    dialects::dingtalk::Upload upload;
    upload.app_key = app_key;
    upload.space_id = space_id;
    upload.union_id = "union-alice";
    upload.multipart = true;
    upload = model().create_upload(upload);
    auto part = core::stage_bytes(store(), "part one");
    EXPECT_TRUE(model().store_part(*part, upload, 1));
    return upload.key;
  }
};

TEST_F(DingTalkDeleteTest, TheAppGoesWithItsTokensSpacesTreesAndUploads) {
  using dialects::dingtalk::kTokenKind;
  const std::string kind(kTokenKind);
  const core::Token gone = tokens().issue(kind, "dinggone000000000001", 7200, "");
  const core::Token kept = tokens().issue(kind, "dingkept000000000001", 7200, "");
  const std::string gone_upload = multipart_upload("dinggone000000000001", "20000000001");
  const std::string kept_upload = multipart_upload("dingkept000000000001", "20000000002");
  const std::string folder_id = model().dentry("30000000001")->parent_id;

  ASSERT_TRUE(dialect().delete_account("dinggone000000000001"));

  EXPECT_EQ(account_ids(dialect(), "app_key"), Handles{"dingkept000000000001"});
  EXPECT_EQ(handles_of(dialect()), Handles{"30000000002"});
  EXPECT_EQ(content(model().dentry("30000000002")->object_id), "kept");
  EXPECT_FALSE(tokens().find(kind, gone.value));
  EXPECT_TRUE(tokens().find(kind, kept.value));

  EXPECT_FALSE(model().space("20000000001"));
  EXPECT_FALSE(model().dentry("30000000001"));
  EXPECT_FALSE(model().dentry(folder_id)) << "folders go with the space";
  EXPECT_TRUE(model().versions("30000000001").empty());
  EXPECT_FALSE(model().child("20000000001", "0", "reports"));
  EXPECT_TRUE(model().space("20000000002"));
  EXPECT_TRUE(model().child("20000000002", "0", "reports"));

  EXPECT_FALSE(model().upload(gone_upload));
  EXPECT_TRUE(model().upload(kept_upload));
  // The parts session ends with the upload: a late part finds none, while the other app's upload takes one.
  dialects::dingtalk::Upload ended;
  ended.key = gone_upload;
  auto late_part = core::stage_bytes(store(), "part two");
  EXPECT_FALSE(model().store_part(*late_part, ended, 2));
  EXPECT_TRUE(model().store_part(*late_part, *model().upload(kept_upload), 2));

  EXPECT_FALSE(dialect().delete_account("dinggone000000000001"));
}

TEST_F(DingTalkDeleteTest, DeletingTheDefaultAppForgetsItsDefaultSetup) {
  const auto first = model().default_setup();
  ASSERT_TRUE(dialect().delete_account(first.app.app_key));
  EXPECT_FALSE(store().metadata().record("dingtalk.default", "default"));
  EXPECT_FALSE(model().space(first.space.id));
  EXPECT_NE(model().default_setup().app.app_key, first.app.app_key);
}

// ---- SMH ---------------------------------------------------------------------------------------------------------

constexpr std::string_view kSmhFixtures = R"toml(
[[smh.libraries]]
library_id = "smhgone0000000001"
library_secret = "secret-gone"
multi_space = true

[[smh.spaces]]
library_id = "smhgone0000000001"
space_id = "spacegone01"

[[smh.libraries]]
library_id = "smhkept0000000001"
library_secret = "secret-kept"

[[smh.files]]
library_id = "smhgone0000000001"
space = "spacegone01"
file_path = "docs/a.txt"
text = "gone"

[[smh.files]]
library_id = "smhgone0000000001"
space = "spacegone01"
file_path = "docs/recycled.txt"
text = "gone to the bin"

[[smh.files]]
library_id = "smhkept0000000001"
file_path = "docs/a.txt"
text = "kept"
)toml";

class SmhDeleteTest : public test_support::DialectFixturesTest<dialects::smh::SmhDialect> {
 protected:
  void SetUp() override { apply(kSmhFixtures); }
  dialects::smh::Model& model() { return model_; }
  core::TokenService& tokens() { return harness_.tokens; }
  // A multipart upload into `scope`, with one part sent.
  dialects::smh::Upload multipart_upload(const dialects::smh::Scope& scope) {
    auto upload = model().begin_upload(scope, {"big.bin"}, "rename", std::nullopt, {}, "user", 60'000, true);
    auto part = core::stage_bytes(store(), "part one");
    EXPECT_TRUE(model().store_part(*part, upload, 1));
    return upload;
  }
  dialects::smh::Model model_{store()};
};

TEST_F(SmhDeleteTest, TheLibraryGoesWithItsTokensSpacesTreesHistoryBinAndUploads) {
  using dialects::smh::kTokenKind;
  const std::string kind(kTokenKind);
  const dialects::smh::Scope gone{"smhgone0000000001", "spacegone01"};
  const dialects::smh::Scope kept{"smhkept0000000001", "-"};
  const auto gone_file = model().node(gone, {"docs", "a.txt"});
  ASSERT_TRUE(gone_file);
  dialect().delete_file("smhgone0000000001/spacegone01/docs/recycled.txt");  // into the recycle bin
  const core::Token gone_token = tokens().issue(kind, gone.library_id, 3600, "acctk");
  const core::Token kept_token = tokens().issue(kind, kept.library_id, 3600, "acctk");
  const auto gone_upload = multipart_upload(gone);
  const auto kept_upload = multipart_upload(kept);

  ASSERT_TRUE(dialect().delete_account(gone.library_id));

  EXPECT_EQ(account_ids(dialect(), "library_id"), Handles{kept.library_id});
  EXPECT_EQ(handles_of(dialect()), Handles{"smhkept0000000001/-/docs/a.txt"});
  EXPECT_EQ(content(model().node(kept, {"docs", "a.txt"})->current.object_id), "kept");
  EXPECT_FALSE(tokens().find(kind, gone_token.value));
  EXPECT_TRUE(tokens().find(kind, kept_token.value));

  EXPECT_FALSE(model().node(gone, {"docs"}));
  EXPECT_TRUE(model().history(gone, gone_file->file_uid).empty());
  for (std::string_view ns : {"smh.space", "smh.recycled"}) {
    EXPECT_FALSE(store().metadata().scan(ns, gone.library_id + "\n").valid()) << ns;
  }
  EXPECT_FALSE(model().upload(gone_upload.confirm_key));
  EXPECT_TRUE(model().parts(gone_upload).empty()) << "the parts session ends too";
  EXPECT_TRUE(model().upload(kept_upload.confirm_key));
  EXPECT_EQ(model().parts(kept_upload).size(), 1u);

  EXPECT_FALSE(dialect().delete_account(gone.library_id));
}

TEST_F(SmhDeleteTest, DeletingTheDefaultLibraryMakesTheNextStartCreateAFreshOne) {
  const auto first = model().default_library();
  ASSERT_TRUE(dialect().delete_account(first.library_id));
  EXPECT_FALSE(store().metadata().record("smh.default_library", "default"));
  EXPECT_NE(model().default_library().library_id, first.library_id);
}

// ---- Coze --------------------------------------------------------------------------------------------------------

constexpr std::string_view kCozeFixtures = R"toml(
[[coze.tokens]]
token = "pat_gone000000000000000000000000000000000001"

[[coze.tokens]]
token = "pat_kept000000000000000000000000000000000001"

[[coze.files]]
file_id = "7400000000000000001"
token = "pat_gone000000000000000000000000000000000001"
name = "gone.txt"
text = "gone"

[[coze.files]]
file_id = "7400000000000000002"
token = "pat_kept000000000000000000000000000000000001"
name = "kept.txt"
text = "kept"
)toml";

class CozeDeleteTest : public test_support::DialectFixturesTest<dialects::coze::CozeDialect> {
 protected:
  void SetUp() override { apply(kCozeFixtures); }
  dialects::coze::Model& model() { return model_; }
  dialects::coze::Model model_{store()};
};

TEST_F(CozeDeleteTest, TheTokenGoesWithItsFilesByItsIdOrItsValue) {
  const std::string gone_token = "pat_gone000000000000000000000000000000000001";
  const auto gone = model().pat_by_token(gone_token);
  const auto kept = model().pat_by_token("pat_kept000000000000000000000000000000000001");
  ASSERT_TRUE(gone && kept);

  ASSERT_TRUE(dialect().delete_account(gone->id));

  EXPECT_EQ(account_ids(dialect(), "id"), Handles{kept->id});
  EXPECT_EQ(handles_of(dialect()), Handles{"7400000000000000002"});
  EXPECT_EQ(content(model().stored_file("7400000000000000002")->object_id), "kept");
  EXPECT_FALSE(model().pat_by_token(gone_token)) << "the token requests authenticate with stops working";
  EXPECT_TRUE(model().file("7400000000000000002", kept->id));
  EXPECT_FALSE(dialect().delete_account(gone->id));
  EXPECT_FALSE(dialect().delete_account(gone_token));

  // By the token's value, as import_file accepts it.
  ASSERT_TRUE(dialect().delete_account("pat_kept000000000000000000000000000000000001"));
  EXPECT_TRUE(dialect().accounts().empty());
  EXPECT_TRUE(dialect().files().empty());
}

TEST_F(CozeDeleteTest, DeletingTheDefaultTokenMakesTheNextStartCreateAFreshOne) {
  const auto first = model().default_pat();
  ASSERT_TRUE(dialect().delete_account(first.token));
  EXPECT_FALSE(store().metadata().record("coze.default_pat", "default"));
  EXPECT_NE(model().default_pat().token, first.token);
}

}  // namespace
}  // namespace filegate
