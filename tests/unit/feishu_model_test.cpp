// Feishu's records are described once (Boost.Describe); records in the shape the hand-written code stored still load.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <filesystem>

#include "core/clock.hpp"
#include "core/digests.hpp"
#include "core/random_ids.hpp"
#include "dialects/feishu/drive_model.hpp"
#include "dialects/feishu/model.hpp"

namespace {

namespace fs = std::filesystem;
using namespace filegate;

class FeishuModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-feishu-model-test-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void put(const char* ns, const char* key, boost::json::object value) {
    store_->metadata().commit(core::WriteBatch().put(ns, key, std::move(value)));
  }

  core::ManualClock clock_;
  fs::path dir_;
  std::unique_ptr<core::Store> store_;
};

TEST_F(FeishuModelTest, LoadsRecordsWrittenByTheHandWrittenCode) {
  put("feishu.app", "cli_1", {{"app_secret", "s"}, {"name", "n"}, {"created_at_ms", 1700000000000}});
  put("feishu.im_file", "file_1", {{"object_id", "o"}, {"app_id", "cli_1"}, {"file_type", "pdf"}});
  put("feishu.chat", "oc_1", {{"members", boost::json::array{"cli_1", "cli_2"}}});
  put("feishu.message", "om_1",
      {{"chat_id", "oc_1"}, {"sender_app_id", "cli_1"}, {"msg_type", "file"}, {"file_keys", boost::json::array{"k"}}});
  put("feishu.drive_doc", "doc",
      {{"type", "bitable"}, {"owner_app_id", "cli_1"}, {"advanced_permissions", true}, {"created_at_ms", 1}});
  put("feishu.drive_media", "tok",
      {{"object_id", "o"}, {"app_id", "cli_1"}, {"doc_token", "doc"}, {"parent_type", "x"}});

  dialects::feishu::Model model(*store_);
  ASSERT_TRUE(model.app("cli_1"));
  EXPECT_EQ(model.app("cli_1")->app_secret, "s");
  EXPECT_EQ(model.im_file("file_1")->file_type, "pdf");
  EXPECT_EQ(model.message("om_1")->file_keys, std::vector<std::string>{"k"});
  EXPECT_TRUE(model.is_chat_member("oc_1", "cli_2"));
  EXPECT_FALSE(model.is_chat_member("oc_1", "cli_3"));

  dialects::feishu::DriveModel drive(*store_);
  EXPECT_TRUE(drive.document("doc")->advanced_permissions);
  EXPECT_EQ(drive.media("tok")->doc_token, "doc");
}

TEST_F(FeishuModelTest, WritesWhatItReads) {
  dialects::feishu::Model model(*store_);
  const auto app = model.create_app("a");
  EXPECT_EQ(model.app(app.app_id)->name, "a");
  EXPECT_EQ(model.default_app().app_id, model.default_app().app_id);
  dialects::feishu::Message draft;
  draft.chat_id = "oc_9";
  draft.sender_app_id = app.app_id;
  draft.msg_type = "file";
  draft.file_keys = {"k1", "k2"};
  const auto message = model.post_message(draft, {"cli_x"});
  EXPECT_EQ(model.message(message.message_id)->file_keys.size(), 2u);
  EXPECT_TRUE(model.is_chat_member("oc_9", "cli_x"));
  const auto record = store_->metadata().record("feishu.app", app.app_id);
  EXPECT_TRUE(record->at("created_at_ms").is_int64()) << "numbers stay numbers";

  dialects::feishu::DriveModel drive(*store_);
  const auto doc = drive.create_document(app.app_id, "docx", false);
  drive.grant(doc.token, "cli_y");
  EXPECT_TRUE(drive.may_edit(*drive.document(doc.token), "cli_y"));
  EXPECT_FALSE(drive.may_edit(*drive.document(doc.token), "cli_z"));
}

TEST_F(FeishuModelTest, AUserMessageNamesItsResourcesByItsContent) {
  dialects::feishu::Model model(*store_);
  const auto app = model.create_app("bot");
  dialects::feishu::Message draft;
  draft.chat_id = "oc_1";
  draft.sender_open_id = "ou_1";
  draft.msg_type = "post";
  // A rich-text message as a user sends it: an image and a media (video + cover) among text, one image twice.
  draft.content = R"({"title":"t","content":[[{"tag":"text","text":"hi"},{"tag":"img","image_key":"img_a"}],)"
                  R"([{"tag":"media","file_key":"file_v","image_key":"img_c"},{"tag":"img","image_key":"img_a"}]]})";
  clock_.advance_ms(1000);
  const auto first = model.post_message(draft, {app.app_id});
  EXPECT_EQ(first.file_keys, (std::vector<std::string>{"img_a", "file_v", "img_c"}));
  EXPECT_EQ(first.sender_id(), "ou_1");
  EXPECT_TRUE(model.is_chat_member("oc_1", "ou_1"));
  EXPECT_TRUE(model.is_chat_member("oc_1", app.app_id));

  draft.msg_type = "text";
  draft.content = R"({"text":"later"})";
  clock_.advance_ms(1000);
  const auto second = model.post_message(draft);
  EXPECT_TRUE(second.file_keys.empty());
  const auto all = model.chat_messages("oc_1", 0, INT64_MAX);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].message_id, first.message_id) << "oldest first";
  EXPECT_EQ(all[1].create_time_ms, first.create_time_ms + 1000);
  EXPECT_EQ(model.chat_messages("oc_1", first.create_time_ms + 1, INT64_MAX).size(), 1u);
  EXPECT_TRUE(model.chat_messages("oc_2", 0, INT64_MAX).empty());
}

TEST_F(FeishuModelTest, AFileMessageWithoutContentGetsThePlatformsContent) {
  dialects::feishu::Model model(*store_);
  const auto app = model.create_app("bot");
  auto staged = store_->stage();
  staged->write(core::as_bytes("%PDF"));
  const auto file = model.commit_im_file(*staged, app.app_id, "pdf", "report.pdf", "application/pdf");
  dialects::feishu::Message draft;
  draft.chat_id = "oc_1";
  draft.sender_app_id = app.app_id;
  draft.msg_type = "file";
  draft.file_keys = {file.file_key};
  const auto message = model.post_message(draft);
  EXPECT_EQ(boost::json::parse(message.content),
            boost::json::parse(R"({"file_key":")" + file.file_key + R"(","file_name":"report.pdf"})"));
}

TEST_F(FeishuModelTest, ImagesAreKeptApartFromFiles) {
  dialects::feishu::Model model(*store_);
  auto staged = store_->stage();
  staged->write(core::as_bytes("PNG"));
  const auto image = model.commit_image(*staged, "ou_1", "message", "cat.png");
  EXPECT_TRUE(image.image_key.starts_with("img_v3_")) << image.image_key;
  EXPECT_EQ(model.image(image.image_key)->owner, "ou_1");
  EXPECT_FALSE(model.im_file(image.image_key));
  EXPECT_EQ(model.images().size(), 1u);
  EXPECT_TRUE(model.delete_image(image.image_key));
  EXPECT_FALSE(model.image(image.image_key));
}

}  // namespace
