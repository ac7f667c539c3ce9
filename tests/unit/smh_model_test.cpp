// The SMH tree over the metadata store: listing a directory is one prefix scan that never picks up a sibling whose
// name merely starts the same way, deletes take whole subtrees and nothing else, and overwrites add versions.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/digests.hpp"
#include "core/random_ids.hpp"
#include "core/store.hpp"
#include "http/refusal.hpp"
#include "dialects/smh/model.hpp"

using namespace filegate::dialects::smh;
using filegate::core::ManualClock;
using filegate::core::Store;
namespace fs = std::filesystem;

namespace {

class SmhModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-smh-model-" + filegate::core::random_hex(6));
    store_ = Store::open_embedded(dir_, clock_);
    model_ = std::make_unique<Model>(*store_);
    scope_ = Scope{model_->default_library().library_id, "-"};
  }
  void TearDown() override {
    model_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  Confirmed put_file(const std::vector<std::string>& path, std::string_view bytes, const std::string& strategy) {
    const Upload u = model_->begin_upload(scope_, path, strategy, std::nullopt, {}, "", 3600'000);
    auto staged = store_->stage(true);
    staged->write(filegate::core::as_bytes(bytes));
    model_->attach_bytes(*staged, *model_->upload(u.confirm_key), "text/plain");
    return model_->confirm(*model_->upload(u.confirm_key), strategy);
  }

  std::vector<std::string> names(const std::vector<std::string>& dir) {
    std::vector<std::string> out;
    for (const auto& n : model_->children(scope_, dir, "", 100)) out.push_back(n.path.back());
    return out;
  }

  fs::path dir_;
  ManualClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Model> model_;
  Scope scope_;
};

}  // namespace

TEST_F(SmhModelTest, ListingIsExactlyTheDirectChildren) {
  model_->create_directory(scope_, {"a", "b"}, false);
  model_->create_directory(scope_, {"ab"}, false);
  model_->create_directory(scope_, {"a b"}, false);
  put_file({"a", "b", "x.txt"}, "x", "rename");
  put_file({"a", "y.txt"}, "y", "rename");
  EXPECT_EQ(names({}), (std::vector<std::string>{"a", "a b", "ab"}));
  EXPECT_EQ(names({"a"}), (std::vector<std::string>{"b", "y.txt"}));
  EXPECT_EQ(names({"a", "b"}), (std::vector<std::string>{"x.txt"}));
  const auto counts = model_->count_children(scope_, {"a"});
  EXPECT_EQ(counts.dirs, 1u);
  EXPECT_EQ(counts.files, 1u);
  // Paging continues strictly after the marker.
  const auto after = model_->children(scope_, {}, "a", 100);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].path.back(), "a b");
}

TEST_F(SmhModelTest, DeletingADirectoryTakesItsSubtreeAndNothingElse) {
  model_->create_directory(scope_, {"a", "b", "c"}, false);
  model_->create_directory(scope_, {"ab", "keep"}, false);
  put_file({"a", "b", "c", "deep.txt"}, "deep", "rename");
  put_file({"ab", "keep", "k.txt"}, "k", "rename");
  EXPECT_TRUE(model_->remove(scope_, {"a"}, false).has_value());
  EXPECT_FALSE(model_->node(scope_, {"a"}));
  EXPECT_FALSE(model_->node(scope_, {"a", "b", "c", "deep.txt"}));
  EXPECT_TRUE(model_->node(scope_, {"ab", "keep", "k.txt"}));
  EXPECT_EQ(names({}), (std::vector<std::string>{"ab"}));
  EXPECT_FALSE(model_->remove(scope_, {"ab"}, true).has_value());  // permanent: no recycle-bin item
  EXPECT_TRUE(names({}).empty());
}

TEST_F(SmhModelTest, OverwriteAddsAVersionRenameFindsAFreeNameAskRefuses) {
  const Confirmed first = put_file({"r.txt"}, "one", "rename");
  EXPECT_FALSE(first.overwritten);
  const Confirmed second = put_file({"r.txt"}, "two!", "overwrite");
  EXPECT_TRUE(second.overwritten);
  EXPECT_EQ(second.node.file_uid, first.node.file_uid);
  EXPECT_EQ(second.node.current.version, 2);
  const auto history = model_->history(scope_, second.node.file_uid);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].size, 3u);
  EXPECT_EQ(history[1].size, 4u);
  EXPECT_EQ(model_->version(scope_, first.node.file_uid, first.node.current.id)->object_id,
            first.node.current.object_id);
  EXPECT_EQ(put_file({"r.txt"}, "three", "rename").node.path.back(), "r (1).txt");
  EXPECT_THROW(put_file({"r.txt"}, "four", "ask"), filegate::http::Refusal);
}

TEST_F(SmhModelTest, AFileInTheWayOfADirectoryIsAConflict) {
  put_file({"f"}, "file", "rename");
  EXPECT_THROW(model_->create_directory(scope_, {"f", "sub"}, true), filegate::http::Refusal);
  EXPECT_THROW(model_->create_directory(scope_, {"f"}, true), filegate::http::Refusal);
  model_->create_directory(scope_, {"d"}, false);
  EXPECT_EQ(model_->create_directory(scope_, {"d"}, true).path, (std::vector<std::string>{"d (1)"}));
}

TEST_F(SmhModelTest, MultipartJoinsPartsInNumberOrderAndRefusesGaps) {
  const std::string content = "first-second-third";
  const Upload u = model_->begin_upload(scope_, {"mp.bin"}, "rename", content.size(), {}, "", 3600'000, true);
  EXPECT_TRUE(u.multipart);
  EXPECT_FALSE(u.upload_id.empty());
  auto put = [&](std::uint64_t n, std::string_view bytes) {
    auto staged = store_->stage(true);
    staged->write(filegate::core::as_bytes(bytes));
    return model_->store_part(*staged, *model_->upload(u.confirm_key), n);
  };
  ASSERT_TRUE(put(3, "third"));
  ASSERT_TRUE(put(1, "wrong bytes"));
  const auto claim = model_->claim_join(u);
  EXPECT_THROW(model_->join_parts(claim, *model_->upload(u.confirm_key)), filegate::http::Refusal);  // part 2 missing
  ASSERT_TRUE(put(2, "second-"));
  ASSERT_TRUE(put(1, "first-"));  // re-sent: replaces the first copy
  const auto parts = model_->parts(*model_->upload(u.confirm_key));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].size, 6u);

  const Upload joined = model_->join_parts(claim, *model_->upload(u.confirm_key));
  EXPECT_EQ(joined.size, content.size());
  EXPECT_EQ(joined.crc64, filegate::core::crc64_xz(filegate::core::as_bytes(content)));
  EXPECT_EQ(joined.etag.substr(joined.etag.size() - 3), "-3\"");
  EXPECT_FALSE(put(4, "late"));  // the parts session ended with the join
  const Confirmed file = model_->confirm(*model_->upload(u.confirm_key), "rename");
  EXPECT_EQ(file.node.current.size, content.size());
  EXPECT_FALSE(model_->upload(u.confirm_key));
}

TEST_F(SmhModelTest, CancellingAMultipartUploadDropsItsParts) {
  const Upload u = model_->begin_upload(scope_, {"c.bin"}, "rename", std::nullopt, {}, "", 3600'000, true);
  auto staged = store_->stage(true);
  staged->write(filegate::core::as_bytes("bytes"));
  ASSERT_TRUE(model_->store_part(*staged, u, 1));
  model_->cancel_upload(u.confirm_key);
  EXPECT_FALSE(model_->upload(u.confirm_key));
  auto again = store_->stage(true);
  again->write(filegate::core::as_bytes("more"));
  EXPECT_FALSE(model_->store_part(*again, u, 2));
}
