// SMH fixtures: libraries with fixed credentials, spaces of multi-space ones, directories and files placed by path;
// applied twice to the same state; errors naming the key; the admin API's listing, delete and import.
#include <gtest/gtest.h>

#include "dialect_fixtures.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate {
namespace {

using dialects::smh::Model;
using dialects::smh::Scope;
using Path = std::vector<std::string>;

constexpr std::string_view kFixtures = R"toml(
[[smh.libraries]]
library_id = "smhfixture0000001"
library_secret = "secret-smh-single"

[[smh.libraries]]
library_id = "smhfixture0000002"
library_secret = "secret-smh-multi"
multi_space = true
name = "tenants"

[[smh.spaces]]
library_id = "smhfixture0000002"
space_id = "spacefixture01"

[[smh.directories]]
library_id = "smhfixture0000001"
dir_path = "empty/inside"

[[smh.files]]
library_id = "smhfixture0000001"
file_path = "docs/a.txt"
text = "single space"

[[smh.files]]
library_id = "smhfixture0000002"
space = "spacefixture01"
file_path = "b.txt"
text = "tenant space"
)toml";

const Scope kSingle{"smhfixture0000001", "-"};
const Scope kTenant{"smhfixture0000002", "spacefixture01"};

class SmhFixturesTest : public test_support::DialectFixturesTest<dialects::smh::SmhDialect> {
 protected:
  Model& model() { return model_; }
  Model model_{store()};
};

TEST_F(SmhFixturesTest, AppliesLibrariesSpacesDirectoriesAndFiles) {
  apply(kFixtures);
  const auto multi = model().library("smhfixture0000002");
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->library_secret, "secret-smh-multi");
  EXPECT_TRUE(multi->multi_space);
  EXPECT_TRUE(model().space_exists(*multi, "spacefixture01"));
  EXPECT_TRUE(model().is_directory(kSingle, Path{"empty", "inside"}));
  EXPECT_TRUE(model().is_directory(kSingle, Path{"docs"}));

  const auto a = model().node(kSingle, Path{"docs", "a.txt"});
  ASSERT_TRUE(a);
  EXPECT_EQ(content(a->current.object_id), "single space");
  const auto b = model().node(kTenant, Path{"b.txt"});
  ASSERT_TRUE(b);
  EXPECT_EQ(content(b->current.object_id), "tenant space");

  const auto files = dialect().files();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].kind, "path");
  EXPECT_EQ(files[0].handle, "smhfixture0000001/-/docs/a.txt");
  EXPECT_EQ(files[0].owner, "smhfixture0000001");
  EXPECT_EQ(files[1].handle, "smhfixture0000002/spacefixture01/b.txt");
}

TEST_F(SmhFixturesTest, ApplyingTwiceLeavesTheSameState) {
  apply(kFixtures);
  const auto first = objects();
  apply(kFixtures);
  EXPECT_EQ(objects(), first);
  EXPECT_EQ(object_count(), 2u);
  const auto a = model().node(kSingle, Path{"docs", "a.txt"});
  EXPECT_EQ(model().history(kSingle, a->file_uid).size(), 1u);
}

TEST_F(SmhFixturesTest, ChangedContentBecomesANewVersion) {
  apply(kFixtures);
  std::string changed(kFixtures);
  changed.replace(changed.find("single space"), 12, "changed");
  apply(changed);
  const auto a = model().node(kSingle, Path{"docs", "a.txt"});
  EXPECT_EQ(content(a->current.object_id), "changed");
  EXPECT_EQ(a->current.version, 2);
}

TEST_F(SmhFixturesTest, ErrorsNameTheKey) {
  EXPECT_EQ(apply_error("[[smh.libraries]]\nlibrary_id = \"smhx\"\n"),
            "doc.toml:1: smh.libraries[0].library_secret: is required");
  EXPECT_EQ(apply_error("[[smh.libraries]]\nlibrary_id = \"smhx\"\nlibrary_secret = \"s\"\nspaces = 2\n"),
            "doc.toml:4: smh.libraries[0].spaces: is not a known key here");
  EXPECT_EQ(apply_error("[[smh.files]]\nlibrary_id = \"smhnone\"\nfile_path = \"a.txt\"\ntext = \"x\"\n"),
            "doc.toml:2: smh.files[0].library_id: names no library in smh.libraries: smhnone");
  apply(kFixtures);
  EXPECT_EQ(apply_error("[[smh.spaces]]\nlibrary_id = \"smhfixture0000001\"\nspace_id = \"s\"\n"),
            "doc.toml:2: smh.spaces[0].library_id: is not a multi_space library: its one space is \"-\"");
  EXPECT_EQ(apply_error("[[smh.files]]\nlibrary_id = \"smhfixture0000002\"\nspace = \"nospace\"\n"
                        "file_path = \"a.txt\"\ntext = \"x\"\n"),
            "doc.toml:3: smh.files[0].space: library smhfixture0000002 has no space nospace");
  EXPECT_EQ(apply_error("[[smh.files]]\nlibrary_id = \"smhfixture0000001\"\nfile_path = \"../a.txt\"\ntext = \"x\"\n"),
            "doc.toml:3: smh.files[0].file_path: ../a.txt is not a valid SMH path (IllegalFileName)");
  EXPECT_EQ(apply_error("[[smh.files]]\nlibrary_id = \"smhfixture0000001\"\nfile_path = \"docs/a.txt/c\"\n"
                        "text = \"x\"\n"),
            "doc.toml:3: smh.files[0].file_path: docs/a.txt/c: a directory or file with the same name exists");
}

TEST_F(SmhFixturesTest, DeleteRecyclesTheFileAsTheApiDoes) {
  apply(kFixtures);
  EXPECT_TRUE(dialect().delete_file("smhfixture0000001/-/docs/a.txt"));
  EXPECT_FALSE(model().node(kSingle, Path{"docs", "a.txt"}));
  EXPECT_TRUE(model().is_directory(kSingle, Path{"docs"}));
  EXPECT_FALSE(dialect().delete_file("smhfixture0000001/-/docs/a.txt"));
  EXPECT_FALSE(dialect().delete_file("smhfixture0000001/-/docs")) << "a directory is not a file";
  EXPECT_FALSE(dialect().delete_file("no-slashes"));
}

TEST_F(SmhFixturesTest, ImportStoresAFileInAFolderAndRenamesATakenName) {
  apply(kFixtures);
  auto staged = core::stage_bytes(store(), "imported");
  const std::string handle = dialect().import_file(*staged, {"smhfixture0000001", "a.txt", {{"folder", "docs"}}});
  EXPECT_EQ(handle, "smhfixture0000001/-/docs/a (1).txt");
  const auto file = model().node(kSingle, Path{"docs", "a (1).txt"});
  ASSERT_TRUE(file);
  EXPECT_EQ(content(file->current.object_id), "imported");

  auto more = core::stage_bytes(store(), "new tenant file");
  EXPECT_EQ(
      dialect().import_file(*more, {"smhfixture0000002", "n.txt", {{"space", "spacefixture01"}, {"folder", "x/y"}}}),
      "smhfixture0000002/spacefixture01/x/y/n.txt");
  EXPECT_THROW(dialect().import_file(*more, {"smhnone", "a.txt", {}}), dialects::UsageError);
  EXPECT_THROW(dialect().import_file(*more, {"smhfixture0000002", "a.txt", {}}), dialects::UsageError)
      << "a multi-space library has no space \"-\"";
}

}  // namespace
}  // namespace filegate
