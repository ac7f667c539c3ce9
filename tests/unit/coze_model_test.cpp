// The Coze model: personal access tokens own their files, ids have the platform's numeric shape.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/random_ids.hpp"
#include "core/store.hpp"
#include "dialects/coze/model.hpp"

using namespace filegate;
using dialects::coze::Model;
namespace fs = std::filesystem;

namespace {

class CozeModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-coze-test-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  dialects::coze::FileInfo upload(Model& model, const std::string& owner, std::string_view content) {
    auto staged = store_->stage();
    staged->write(core::as_bytes(content));
    return model.commit_file(*staged, owner, "报告.txt", "text/plain");
  }

  core::ManualClock clock_{1'715'847'583'123};
  fs::path dir_;
  std::unique_ptr<core::Store> store_;
};

}  // namespace

TEST(CozeNames, FileIdsAreNonNegativeInt64DigitStrings) {
  EXPECT_TRUE(dialects::coze::is_file_id("7369495981102022700"));
  EXPECT_TRUE(dialects::coze::is_file_id("1"));
  EXPECT_FALSE(dialects::coze::is_file_id(""));
  EXPECT_FALSE(dialects::coze::is_file_id("-1"));
  EXPECT_FALSE(dialects::coze::is_file_id("+1"));
  EXPECT_FALSE(dialects::coze::is_file_id("12a"));
  EXPECT_FALSE(dialects::coze::is_file_id("99999999999999999999"));  // over INT64_MAX
}

TEST(CozeNames, NamelessPartsAreCalledBlob) {
  EXPECT_EQ(dialects::coze::file_name_or_default(std::nullopt), "blob");
  EXPECT_EQ(dialects::coze::file_name_or_default(std::string()), "blob");
  EXPECT_EQ(dialects::coze::file_name_or_default(std::string("探针 文件.txt")), "探针 文件.txt");
}

TEST_F(CozeModelTest, TokensAreFoundByValueAndNeverExpire) {
  Model model(*store_);
  const auto pat = model.create_pat("ci");
  EXPECT_EQ(pat.token.rfind("pat_", 0), 0u);
  EXPECT_TRUE(dialects::coze::is_file_id(pat.id));
  clock_.advance_ms(50LL * 365 * 24 * 3600 * 1000);
  auto found = model.pat_by_token(pat.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, pat.id);
  EXPECT_EQ(found->name, "ci");
  EXPECT_FALSE(model.pat_by_token("pat_" + core::random_hex(20)));
}

TEST_F(CozeModelTest, DefaultTokenIsStableAcrossRestarts) {
  const auto first = Model(*store_).default_pat();
  const auto again = Model(*store_).default_pat();
  EXPECT_EQ(first.token, again.token);
  EXPECT_EQ(Model(*store_).pats().size(), 1u);
}

TEST_F(CozeModelTest, FilesBelongToTheUploadingToken) {
  Model model(*store_);
  const auto owner = model.create_pat("a");
  const auto other = model.create_pat("b");
  const auto file = upload(model, owner.id, "hello");
  EXPECT_TRUE(dialects::coze::is_file_id(file.id));
  EXPECT_EQ(file.id.size(), 19u);
  EXPECT_EQ(file.bytes, 5u);
  EXPECT_EQ(file.file_name, "报告.txt");
  EXPECT_EQ(file.created_at, 1'715'847'583);

  auto again = model.file(file.id, owner.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, file.id);
  EXPECT_EQ(again->bytes, file.bytes);
  EXPECT_EQ(again->file_name, file.file_name);
  EXPECT_EQ(again->created_at, file.created_at);
  EXPECT_FALSE(model.file(file.id, other.id));
  EXPECT_FALSE(model.file("7000000000000000000", owner.id));

  auto objects = store_->metadata().scan_objects();
  ASSERT_TRUE(objects.valid());
  EXPECT_EQ(objects.value().origin, "coze");
  objects.next();
  EXPECT_FALSE(objects.valid());
}

TEST_F(CozeModelTest, RecordsKeepTheirFieldNamesAndEarlierRecordsStillLoad) {
  Model model(*store_);
  const auto pat = model.create_pat("ci");
  const auto written = store_->metadata().record("coze.pat", pat.id);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written,
            (boost::json::object{
                {"token", pat.token}, {"name", "ci"}, {"created_at_ms", 1'715'847'583'123}, {"permissions", nullptr}}));
  const auto file = upload(model, pat.id, "x");
  const auto file_record = store_->metadata().record("coze.file", file.id);
  ASSERT_TRUE(file_record);
  EXPECT_EQ(file_record->at("owner"), pat.id.c_str());
  EXPECT_TRUE(file_record->at("object_id").is_string());

  // A PAT as an earlier filegate wrote it, by hand.
  store_->metadata().commit(core::WriteBatch().create("coze.pat", "7000000000000000001",
                                                      {{"token", "pat_old"}, {"name", "old"}, {"created_at_ms", 1}}));
  bool found = false;
  for (const auto& p : model.pats()) {
    if (p.id != "7000000000000000001") continue;
    found = true;
    EXPECT_EQ(p.token, "pat_old");
    EXPECT_EQ(p.name, "old");
    EXPECT_EQ(p.created_at_ms, 1);
    EXPECT_FALSE(p.permissions) << "a PAT of an earlier filegate has every permission";
  }
  EXPECT_TRUE(found);
}

TEST_F(CozeModelTest, PermissionsAreAllByDefaultElseExactlyThoseListed) {
  using dialects::coze::permits;
  EXPECT_TRUE(permits(std::nullopt, "uploadFile"));
  EXPECT_TRUE(permits(std::vector<std::string>{"uploadFile"}, "uploadFile"));
  EXPECT_FALSE(permits(std::vector<std::string>{"uploadFile"}, "retrieveFile"));
  EXPECT_FALSE(permits(std::vector<std::string>{}, "uploadFile"));
  Model model(*store_);
  const auto pat = model.put_pat("pat_limited", "limited", std::vector<std::string>{"retrieveFile"});
  const auto caller = model.caller_by_token("pat_limited");
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->owner, pat.id);
  EXPECT_EQ(caller->permissions, (std::vector<std::string>{"retrieveFile"}));
}

TEST_F(CozeModelTest, AJwtIdIsClaimedOnceUntilItsJwtExpires) {
  Model model(*store_);
  const std::int64_t now_s = clock_.now_ms() / 1000;
  EXPECT_TRUE(model.claim_jti("1127900106117", "abc", now_s + 60));
  EXPECT_FALSE(model.claim_jti("1127900106117", "abc", now_s + 60)) << "a replay";
  EXPECT_TRUE(model.claim_jti("1127900106118", "abc", now_s + 60)) << "another app's JWT ids are its own";
  clock_.advance_ms(61'000);
  // Its JWT has expired (and is refused for that): the id is forgotten, and may be claimed again.
  EXPECT_TRUE(model.claim_jti("1127900106117", "abc", now_s + 120));
  EXPECT_FALSE(model.claim_jti("1127900106117", "abc", now_s + 120));
}

TEST_F(CozeModelTest, AppTokensSpeakForTheAppUntilTheyExpireOrTheAppIsOff) {
  Model model(*store_);
  dialects::coze::OAuthApp app;
  app.name = "svc";
  app.key_id = "kid";
  app.public_key = "pem";
  app.permissions = std::vector<std::string>{"uploadFile"};
  app = model.put_app(app);
  EXPECT_EQ(app.id.size(), 13u);
  const auto token = model.issue_app_token(app, 900);
  EXPECT_TRUE(token.value.starts_with("czs_"));
  EXPECT_EQ(token.expires_at_ms, clock_.now_ms() + 900'000);
  auto caller = model.caller_by_token(token.value);
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->owner, app.id);
  EXPECT_EQ(caller->permissions, (std::vector<std::string>{"uploadFile"}));

  app.deactivated = true;
  model.put_app(app);
  EXPECT_FALSE(model.caller_by_token(token.value)) << "a deactivated app's tokens stop working";
  app.deactivated = false;
  model.put_app(app);
  EXPECT_TRUE(model.caller_by_token(token.value));
  clock_.advance_ms(900'001);
  EXPECT_FALSE(model.caller_by_token(token.value)) << "expired";

  const auto fresh = model.issue_app_token(app, 900);
  const auto file = upload(model, app.id, "by the app");
  model.delete_app(app);
  EXPECT_FALSE(model.caller_by_token(fresh.value));
  EXPECT_FALSE(model.app(app.id));
  EXPECT_FALSE(model.stored_file(file.id)) << "the app's files go with it";
}
