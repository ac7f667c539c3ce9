// DingTalk fixtures: apps, spaces and files under fixed ids, placed by path with their folders; applied twice to the
// same state; errors naming the key; the admin API's listing, delete and import.
#include <gtest/gtest.h>

#include <algorithm>

#include "dialect_fixtures.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"

namespace filegate {
namespace {

using dialects::dingtalk::Model;

constexpr std::string_view kFixtures = R"toml(
[[dingtalk.apps]]
app_key = "dingfixture0000000001"
app_secret = "secret-dingtalk"

[[dingtalk.spaces]]
space_id = "20000000001"
app_key = "dingfixture0000000001"
name = "reports"
members = ["union-alice", "union-bob"]

[[dingtalk.files]]
space_id = "20000000001"
file_path = "reports/2024/q1.txt"
union_id = "union-alice"
dentry_id = "30000000001"
text = "first quarter"

[[dingtalk.files]]
space_id = "20000000001"
file_path = "top.txt"
union_id = "union-bob"
text = "at the root"
)toml";

class DingTalkFixturesTest : public test_support::DialectFixturesTest<dialects::dingtalk::DingTalkDialect> {
 protected:
  Model model() { return Model(store()); }
};

TEST_F(DingTalkFixturesTest, AppliesAppsSpacesAndFilesWithTheirFolders) {
  apply(kFixtures);
  ASSERT_TRUE(model().app("dingfixture0000000001"));
  EXPECT_EQ(model().app("dingfixture0000000001")->app_secret, "secret-dingtalk");
  const auto space = model().space("20000000001");
  ASSERT_TRUE(space);
  EXPECT_EQ(space->members, (std::vector<std::string>{"union-alice", "union-bob"}));

  const auto file = model().dentry("30000000001");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->path, "/reports/2024/q1.txt");
  EXPECT_EQ(file->creator_id, "union-alice");
  EXPECT_EQ(file->version, 1);
  EXPECT_EQ(content(file->object_id), "first quarter");
  const auto folder = model().dentry(file->parent_id);
  ASSERT_TRUE(folder);
  EXPECT_TRUE(folder->folder);
  EXPECT_EQ(folder->path, "/reports/2024");
  ASSERT_EQ(model().versions(file->id).size(), 1u);

  const auto files = dialect().files();
  ASSERT_EQ(files.size(), 2u);
  const auto q1 = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.handle == "30000000001"; });
  ASSERT_NE(q1, files.end());
  EXPECT_EQ(q1->kind, "dentry_id");
  EXPECT_EQ(q1->owner, "dingfixture0000000001");
  EXPECT_EQ(q1->path, "20000000001/reports/2024/q1.txt");
}

TEST_F(DingTalkFixturesTest, ApplyingTwiceLeavesTheSameState) {
  apply(kFixtures);
  const auto first = objects();
  const auto root = model().children("20000000001", "0", "", 10);
  apply(kFixtures);
  EXPECT_EQ(objects(), first);
  EXPECT_EQ(object_count(), 2u);
  const auto again = model().children("20000000001", "0", "", 10);
  ASSERT_EQ(again.size(), root.size());
  for (std::size_t i = 0; i < root.size(); ++i) EXPECT_EQ(again[i].id, root[i].id) << "a file without dentry_id too";
}

TEST_F(DingTalkFixturesTest, ChangedContentReplacesTheFileUnderItsId) {
  apply(kFixtures);
  std::string changed(kFixtures);
  changed.replace(changed.find("first quarter"), 13, "revised");
  apply(changed);
  const auto file = model().dentry("30000000001");
  ASSERT_TRUE(file);
  EXPECT_EQ(content(file->object_id), "revised");
  EXPECT_EQ(file->path, "/reports/2024/q1.txt");
  EXPECT_EQ(dialect().files().size(), 2u);

  const auto top = model().child("20000000001", "0", "top.txt");
  ASSERT_TRUE(top);
  changed.replace(changed.find("at the root"), 11, "new root");
  apply(changed);
  const auto replaced = model().child("20000000001", "0", "top.txt");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->id, top->id) << "without dentry_id the file keeps the id it had";
  EXPECT_EQ(content(replaced->object_id), "new root");
}

TEST_F(DingTalkFixturesTest, ErrorsNameTheKey) {
  EXPECT_EQ(apply_error("[[dingtalk.apps]]\napp_key = \"dingx\"\n"),
            "doc.toml:1: dingtalk.apps[0].app_secret: is required");
  EXPECT_EQ(apply_error("[[dingtalk.apps]]\napp_key = \"dingx\"\napp_secret = \"s\"\nsecret = \"t\"\n"),
            "doc.toml:4: dingtalk.apps[0].secret: is not a known key here");
  EXPECT_EQ(apply_error("[[dingtalk.spaces]]\nspace_id = \"1\"\napp_key = \"dingnone\"\n"),
            "doc.toml:3: dingtalk.spaces[0].app_key: names no app in dingtalk.apps: dingnone");
  EXPECT_EQ(apply_error("[[dingtalk.spaces]]\nspace_id = \"s1\"\napp_key = \"dingnone\"\n"),
            "doc.toml:2: dingtalk.spaces[0].space_id: must be decimal digits, like DingTalk's space ids");
  apply(kFixtures);
  EXPECT_EQ(apply_error("[[dingtalk.files]]\nspace_id = \"20000000001\"\nfile_path = \"a.txt\"\n"
                        "union_id = \"union-mallory\"\ntext = \"x\"\n"),
            "doc.toml:4: dingtalk.files[0].union_id: is not a member of space 20000000001");
  EXPECT_EQ(apply_error("[[dingtalk.files]]\nspace_id = \"20000000001\"\nfile_path = \"top.txt/b.txt\"\n"
                        "union_id = \"union-bob\"\ntext = \"x\"\n"),
            "doc.toml:3: dingtalk.files[0].file_path: a file is in the way: /top.txt");
  EXPECT_EQ(apply_error("[[dingtalk.files]]\nspace_id = \"20000000001\"\nfile_path = \"reports\"\n"
                        "union_id = \"union-bob\"\ntext = \"x\"\n"),
            "doc.toml:3: dingtalk.files[0].file_path: is a folder: /reports");
}

TEST_F(DingTalkFixturesTest, AppsSpacesAndFilesCarryPermissionsStorageAndArchiveSettings) {
  constexpr std::string_view kSettings = R"toml(
[[dingtalk.apps]]
app_key = "dinglimited000000001"
app_secret = "s"
scopes = ["Storage.File.Read"]
org_authenticated = false

[[dingtalk.spaces]]
space_id = "20000000009"
app_key = "dinglimited000000001"
members = ["union-carol"]
download_protocols = ["QUERY_SIGNATURE"]
unarchive_seconds = 5

[[dingtalk.files]]
space_id = "20000000009"
file_path = "cold.txt"
union_id = "union-carol"
dentry_id = "30000000009"
text = "cold"
archived = true
)toml";
  apply(kSettings);
  const auto app = model().app("dinglimited000000001");
  ASSERT_TRUE(app);
  EXPECT_TRUE(app->has_scope("Storage.File.Read"));
  EXPECT_FALSE(app->has_scope("Storage.DownloadInfo.Read"));
  EXPECT_FALSE(app->org_authenticated);
  const auto space = model().space("20000000009");
  ASSERT_TRUE(space);
  EXPECT_FALSE(space->serves_downloads());
  EXPECT_EQ(space->unarchive_seconds, 5);
  EXPECT_TRUE(model().dentry("30000000009")->archived);
  const auto first = objects();
  apply(kSettings);
  EXPECT_EQ(objects(), first);

  // Without the keys: every scope, HEADER_SIGNATURE, the server's delay, not archived (the file keeps its id).
  std::string plain(kSettings);
  for (const char* line :
       {"scopes = [\"Storage.File.Read\"]\n", "org_authenticated = false\n",
        "download_protocols = [\"QUERY_SIGNATURE\"]\n", "unarchive_seconds = 5\n", "archived = true\n"}) {
    plain.erase(plain.find(line), std::string_view(line).size());
  }
  apply(plain);
  EXPECT_TRUE(model().app("dinglimited000000001")->has_scope("Storage.DownloadInfo.Read"));
  EXPECT_TRUE(model().app("dinglimited000000001")->org_authenticated);
  EXPECT_TRUE(model().space("20000000009")->serves_downloads());
  EXPECT_EQ(model().space("20000000009")->unarchive_seconds, -1);
  EXPECT_FALSE(model().dentry("30000000009")->archived);
  EXPECT_EQ(apply_error("[[dingtalk.spaces]]\nspace_id = \"20000000009\"\napp_key = \"dinglimited000000001\"\n"
                        "unarchive_seconds = -5\n"),
            "doc.toml:4: dingtalk.spaces[0].unarchive_seconds: must be 0 or more seconds");
}

TEST_F(DingTalkFixturesTest, DeleteRemovesTheFileAsTheApiDoes) {
  apply(kFixtures);
  EXPECT_TRUE(dialect().delete_file("30000000001"));
  EXPECT_FALSE(model().dentry("30000000001"));
  EXPECT_TRUE(model().versions("30000000001").empty());
  EXPECT_FALSE(dialect().delete_file("30000000001"));
  const auto folder = model().child("20000000001", "0", "reports");
  ASSERT_TRUE(folder);
  EXPECT_FALSE(dialect().delete_file(folder->id)) << "a folder is not a file";
}

TEST_F(DingTalkFixturesTest, ImportPlacesAFileInAFolderOfTheOwnersSpace) {
  apply(kFixtures);
  auto staged = core::stage_bytes(store(), "imported");
  const std::string id = dialect().import_file(
      *staged, {"dingfixture0000000001", "q1.txt", {{"space_id", "20000000001"}, {"folder", "reports/2024"}}});
  const auto file = model().dentry(id);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->path, "/reports/2024/q1(1).txt") << "a taken name is renamed, as AUTO_RENAME does";
  EXPECT_EQ(file->creator_id, "union-alice") << "the space's first member";
  EXPECT_EQ(content(file->object_id), "imported");

  auto more = core::stage_bytes(store(), "x");
  EXPECT_THROW(dialect().import_file(*more, {"dingnone", "a.txt", {{"space_id", "20000000001"}}}),
               dialects::UsageError);
  EXPECT_THROW(dialect().import_file(*more, {"dingfixture0000000001", "a.txt", {}}), dialects::UsageError);
  EXPECT_THROW(
      dialect().import_file(
          *more, {"dingfixture0000000001", "a.txt", {{"space_id", "20000000001"}, {"union_id", "union-mallory"}}}),
      dialects::UsageError);
}

}  // namespace
}  // namespace filegate
