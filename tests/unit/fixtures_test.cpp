// Fixtures documents: TOML parsed, applied to a dialect idempotently, errors naming file, line and key; and the
// store's reset point, which returns records, objects and blobs to what they were.
#include <gtest/gtest.h>

#include <fstream>

#include "dialect_fixtures.hpp"
#include "dialects/feishu/feishu_dialect.hpp"

namespace filegate {
namespace {

constexpr std::string_view kFeishuFixtures = R"toml(
admin_token = "admin-secret"

[[feishu.apps]]
app_id = "cli_fixture0001"
app_secret = "secret-0001"

[[feishu.apps]]
app_id = "cli_fixture0002"
app_secret = "secret-0002"
name = "second"

[[feishu.files]]
file_key = "file_v3_fixture_a"
app_id = "cli_fixture0001"
name = "a.txt"
text = "hello fixtures"

[[feishu.messages]]
message_id = "om_fixture1"
chat_id = "oc_fixture"
sender = "cli_fixture0001"
members = ["cli_fixture0002"]
file_keys = ["file_v3_fixture_a"]

[[feishu.documents]]
token = "doxFixture0000000000000000001"
owner = "cli_fixture0001"
grants = ["cli_fixture0002"]

[[feishu.media]]
file_token = "boxFixture0000000000000000001"
doc_token = "doxFixture0000000000000000001"
name = "m.bin"
text = "medium bytes"
)toml";

using FixturesTest = test_support::DialectFixturesTest<dialects::feishu::FeishuDialect>;

TEST_F(FixturesTest, AppliesAppsFilesMessagesDocumentsAndMedia) {
  const auto document = control::FixturesDocument::from_text(kFeishuFixtures, "doc.toml");
  document.apply(dialects());
  EXPECT_EQ(document.admin_token(), "admin-secret");

  dialects::feishu::Model model(*harness_.store);
  ASSERT_TRUE(model.app("cli_fixture0002"));
  EXPECT_EQ(model.app("cli_fixture0002")->app_secret, "secret-0002");
  EXPECT_EQ(model.app("cli_fixture0002")->name, "second");
  const auto file = model.im_file("file_v3_fixture_a");
  ASSERT_TRUE(file);
  EXPECT_EQ(harness_.store->metadata().object(file->object_id)->digests.size, 14u);
  const auto message = model.message("om_fixture1");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->file_keys, std::vector<std::string>{"file_v3_fixture_a"});
  EXPECT_TRUE(model.is_chat_member("oc_fixture", "cli_fixture0002"));

  dialects::feishu::DriveModel drive(*harness_.store);
  const auto doc = drive.document("doxFixture0000000000000000001");
  ASSERT_TRUE(doc);
  EXPECT_TRUE(drive.may_edit(*doc, "cli_fixture0002"));
  const auto medium = drive.media("boxFixture0000000000000000001");
  ASSERT_TRUE(medium);
  EXPECT_EQ(medium->app_id, "cli_fixture0001");  // the document's owner by default

  const auto files = dialect().files();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].kind, "file_key");
  EXPECT_EQ(files[1].kind, "file_token");
}

TEST_F(FixturesTest, ApplyingTwiceLeavesTheSameState) {
  const auto document = control::FixturesDocument::from_text(kFeishuFixtures, "doc.toml");
  document.apply(dialects());
  const auto first = control::list_objects(*harness_.store, dialects());
  document.apply(dialects());
  EXPECT_EQ(control::list_objects(*harness_.store, dialects()), first);
  EXPECT_EQ(object_count(), 2u);
}

TEST_F(FixturesTest, ChangedContentReplacesTheFile) {
  control::FixturesDocument::from_text(kFeishuFixtures, "doc.toml").apply(dialects());
  std::string changed(kFeishuFixtures);
  changed.replace(changed.find("hello fixtures"), 14, "other bytes");
  control::FixturesDocument::from_text(changed, "doc.toml").apply(dialects());
  const auto file = dialects::feishu::Model(*harness_.store).im_file("file_v3_fixture_a");
  EXPECT_EQ(harness_.store->metadata().object(file->object_id)->digests.size, 11u);
}

TEST_F(FixturesTest, ErrorsNameTheOriginLineAndKey) {
  EXPECT_EQ(apply_error("[[feishu.apps]]\napp_id = \"cli_x\"\n"), "doc.toml:1: feishu.apps[0].app_secret: is required");
  EXPECT_EQ(apply_error("[[feishu.apps]]\napp_id = \"cli_x\"\napp_secret = \"s\"\nsecert = 1\n"),
            "doc.toml:4: feishu.apps[0].secert: is not a known key here");
  EXPECT_EQ(apply_error("[feishu]\napp = 1\n"), "doc.toml:2: feishu.app: is not a known key here");
  EXPECT_EQ(apply_error("unknown = true\n"), "doc.toml:1: unknown: is not a known key here");
  EXPECT_EQ(apply_error("[[feishu.files]]\nfile_key = \"k\"\napp_id = \"cli_none\"\nname = \"n\"\ntext = \"t\"\n"),
            "doc.toml:3: feishu.files[0].app_id: names no app in feishu.apps or user in feishu.users: cli_none");
  EXPECT_TRUE(apply_error("[feishu\n").starts_with("doc.toml:1: ")) << "a TOML syntax error has its line";
}

TEST_F(FixturesTest, APostedDocumentMayNotReadFiles) {
  EXPECT_EQ(
      apply_error("[[feishu.apps]]\napp_id = \"cli_a\"\napp_secret = \"s\"\n"
                  "[[feishu.files]]\nfile_key = \"k\"\napp_id = \"cli_a\"\nname = \"n\"\npath = \"/etc/passwd\"\n"),
      "doc.toml:8: feishu.files[0].path: only a fixtures file may name files; use text here");
}

TEST_F(FixturesTest, AFileReadsContentRelativeToItself) {
  const std::filesystem::path dir = harness_.dir.path / "fixtures";
  std::filesystem::create_directories(dir / "files");
  std::ofstream(dir / "files" / "data.bin") << "0123456789";
  std::ofstream(dir / "f.toml")
      << "[[feishu.apps]]\napp_id = \"cli_a\"\napp_secret = \"s\"\n"
         "[[feishu.files]]\nfile_key = \"k\"\napp_id = \"cli_a\"\nname = \"d\"\npath = \"files/data.bin\"\n";
  control::FixturesDocument::from_file(dir / "f.toml").apply(dialects());
  const auto file = dialects::feishu::Model(*harness_.store).im_file("k");
  ASSERT_TRUE(file);
  EXPECT_EQ(harness_.store->metadata().object(file->object_id)->digests.size, 10u);
}

TEST_F(FixturesTest, ResetReturnsRecordsObjectsAndBlobsToTheResetPoint) {
  control::FixturesDocument::from_text(kFeishuFixtures, "doc.toml").apply(dialects());
  const std::filesystem::path reset_point = harness_.dir.path / "reset-point.sqlite3";
  harness_.store->metadata().save_copy(reset_point);
  const auto before = control::list_objects(*harness_.store, dialects());

  dialects::feishu::Model model(*harness_.store);
  auto staged = core::stage_bytes(*harness_.store, "uploaded after start");
  const auto uploaded = model.commit_im_file(*staged, "cli_fixture0001", "stream", "later.txt", "text/plain");
  const std::string later_sha = harness_.store->metadata().object(uploaded.object_id)->digests.sha256_hex;
  ASSERT_TRUE(dialect().delete_file("file_v3_fixture_a"));
  model.put_app({"cli_later", "s", "later"});

  control::restore_state(harness_.services, reset_point);
  EXPECT_EQ(control::list_objects(*harness_.store, dialects()), before);
  EXPECT_FALSE(model.app("cli_later"));
  EXPECT_FALSE(model.im_file(uploaded.file_key));
  EXPECT_TRUE(model.im_file("file_v3_fixture_a"));
  EXPECT_THROW(harness_.store->blobs().open(later_sha), std::exception);  // its blob is gone too
}

}  // namespace
}  // namespace filegate
