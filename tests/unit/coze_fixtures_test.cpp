// Coze fixtures: personal access tokens with fixed values and files under fixed ids; applied twice to the same state;
// errors naming the key; the admin API's listing, delete and import.
#include <gtest/gtest.h>

#include "dialect_fixtures.hpp"
#include "dialects/coze/coze_dialect.hpp"

namespace filegate {
namespace {

using dialects::coze::Model;

constexpr std::string_view kFixtures = R"toml(
[[coze.tokens]]
token = "pat_fixture0000000000000000000000000000000001"
name = "fixture bot"

[[coze.files]]
file_id = "7400000000000000001"
token = "pat_fixture0000000000000000000000000000000001"
name = "notes.txt"
text = "coze fixture"
)toml";

constexpr std::string_view kToken = "pat_fixture0000000000000000000000000000000001";

class CozeFixturesTest : public test_support::DialectFixturesTest<dialects::coze::CozeDialect> {
 protected:
  Model& model() { return model_; }
  Model model_{store()};
};

TEST_F(CozeFixturesTest, AppliesTokensAndFiles) {
  apply(kFixtures);
  const auto pat = model().pat_by_token(std::string(kToken));
  ASSERT_TRUE(pat);
  EXPECT_EQ(pat->name, "fixture bot");
  const auto file = model().file("7400000000000000001", pat->id);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->file_name, "notes.txt");
  EXPECT_EQ(file->bytes, 12u);

  const auto files = dialect().files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].kind, "file_id");
  EXPECT_EQ(files[0].handle, "7400000000000000001");
  EXPECT_EQ(files[0].owner, pat->id);
}

TEST_F(CozeFixturesTest, ApplyingTwiceLeavesTheSameState) {
  apply(kFixtures);
  const auto first = objects();
  const auto pats = model().pats().size();
  apply(kFixtures);
  EXPECT_EQ(objects(), first);
  EXPECT_EQ(object_count(), 1u);
  EXPECT_EQ(model().pats().size(), pats);
}

TEST_F(CozeFixturesTest, ChangedContentReplacesTheFile) {
  apply(kFixtures);
  std::string changed(kFixtures);
  changed.replace(changed.find("coze fixture"), 12, "other");
  apply(changed);
  const auto stored = model().stored_file("7400000000000000001");
  ASSERT_TRUE(stored);
  EXPECT_EQ(content(stored->object_id), "other");
}

TEST_F(CozeFixturesTest, ErrorsNameTheKey) {
  EXPECT_EQ(apply_error("[[coze.tokens]]\nname = \"x\"\n"), "doc.toml:1: coze.tokens[0].token: is required");
  EXPECT_EQ(apply_error("[[coze.tokens]]\ntoken = \"pat_x\"\nexpires = 1\n"),
            "doc.toml:3: coze.tokens[0].expires: is not a known key here");
  EXPECT_EQ(apply_error("[[coze.tokens]]\ntoken = \"sat_x\"\n"),
            "doc.toml:2: coze.tokens[0].token: must start with pat_, as Coze's personal access tokens do");
  EXPECT_EQ(apply_error("[[coze.files]]\nfile_id = \"1\"\ntoken = \"pat_none\"\nname = \"n\"\ntext = \"t\"\n"),
            "doc.toml:3: coze.files[0].token: names no token in coze.tokens: pat_none");
  EXPECT_EQ(apply_error("[[coze.files]]\nfile_id = \"f1\"\ntoken = \"pat_none\"\nname = \"n\"\ntext = \"t\"\n"),
            "doc.toml:2: coze.files[0].file_id: must be decimal digits that fit an int64, like Coze's file ids");
}

TEST_F(CozeFixturesTest, DeleteAndImport) {
  apply(kFixtures);
  EXPECT_TRUE(dialect().delete_file("7400000000000000001"));
  EXPECT_FALSE(model().stored_file("7400000000000000001"));
  EXPECT_FALSE(dialect().delete_file("7400000000000000001"));

  const auto pat = model().pat_by_token(std::string(kToken));
  auto staged = core::stage_bytes(store(), "imported");
  const std::string by_token = dialect().import_file(*staged, {std::string(kToken), "i.txt", {}});
  EXPECT_TRUE(model().file(by_token, pat->id));
  auto again = core::stage_bytes(store(), "imported by id");
  const std::string by_id = dialect().import_file(*again, {pat->id, "j.txt", {}});
  EXPECT_EQ(model().file(by_id, pat->id)->file_name, "j.txt");
  EXPECT_THROW(dialect().import_file(*again, {"pat_none", "k.txt", {}}), dialects::UsageError);
}

}  // namespace
}  // namespace filegate
