// The SMH recycle bin over the metadata store: an item keeps the subtree it took out of the tree and every version
// (as records that name their objects, so garbage collection keeps the bytes), restore puts them back under the same
// file uids, and deleting an item or emptying the bin leaves nothing of it behind.
#include <gtest/gtest.h>

#include "core/digests.hpp"
#include "dialects/smh/model.hpp"
#include "smh_model_fixture.hpp"
#include "dialects/smh/tree_keys.hpp"
#include "http/refusal.hpp"

using namespace filegate::dialects::smh;

namespace {

class SmhRecycleTest : public filegate::test_support::SmhModelFixture {
 protected:
  std::size_t records(std::string_view ns) {
    std::size_t n = 0;
    for (auto it = store_->metadata().scan(ns); it.valid(); it.next()) ++n;
    return n;
  }
};

}  // namespace

TEST_F(SmhRecycleTest, ADirectoryComesBackWithItsFilesAndTheirVersions) {
  model_->create_directory(scope_, {"d", "e"}, false);
  const Confirmed first = put_file({"d", "e", "f.txt"}, "one", "ask");
  put_file({"d", "e", "f.txt"}, "two!", "overwrite");
  const auto id = model_->remove(scope_, {"d"}, false);
  ASSERT_TRUE(id);
  EXPECT_FALSE(model_->node(scope_, {"d", "e", "f.txt"}));
  EXPECT_TRUE(model_->history(scope_, first.node.file_uid).empty()) << "versions leave the tree";
  EXPECT_EQ(records(tree::kRecycledVersions), 2u) << "and are kept by the item";

  const auto items = model_->recycled(scope_);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].id, *id);
  EXPECT_TRUE(items[0].is_dir);
  EXPECT_EQ(items[0].original_path, (std::vector<std::string>{"d"}));

  EXPECT_EQ(model_->restore(scope_, *id), (std::vector<std::string>{"d"}));
  const auto file = model_->node(scope_, {"d", "e", "f.txt"});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->file_uid, first.node.file_uid);
  EXPECT_EQ(file->current.size, 4u);
  EXPECT_EQ(model_->history(scope_, file->file_uid).size(), 2u);
  EXPECT_TRUE(model_->recycled(scope_).empty());
  EXPECT_EQ(records(tree::kRecycledVersions), 0u);
  EXPECT_THROW(model_->restore(scope_, *id), filegate::http::Refusal);
}

TEST_F(SmhRecycleTest, ATakenNameRestoresBesideItWithMissingParentsMade) {
  put_file({"a.txt"}, "old", "ask");
  const auto id = model_->remove(scope_, {"a.txt"}, false);
  put_file({"a.txt"}, "new", "ask");
  const auto restored = model_->restore(scope_, *id);
  EXPECT_EQ(restored, (std::vector<std::string>{"a (1).txt"}));
  EXPECT_EQ(model_->node(scope_, restored)->current.name, "a (1).txt");
  EXPECT_EQ(model_->node(scope_, {"a.txt"})->current.size, 3u);

  model_->create_directory(scope_, {"p", "q"}, false);
  put_file({"p", "q", "b.txt"}, "b", "ask");
  const auto file_item = model_->remove(scope_, {"p", "q", "b.txt"}, false);
  model_->remove(scope_, {"p"}, true);
  EXPECT_EQ(model_->restore(scope_, *file_item), (std::vector<std::string>{"p", "q", "b.txt"}));
  EXPECT_TRUE(model_->is_directory(scope_, {"p", "q"}));
}

TEST_F(SmhRecycleTest, DeletingAnItemOrEmptyingTheBinLeavesNothingOfIt) {
  put_file({"x.txt"}, "x", "ask");
  put_file({"y.txt"}, "y", "ask");
  const auto x = model_->remove(scope_, {"x.txt"}, false);
  model_->remove(scope_, {"y.txt"}, false);
  EXPECT_EQ(model_->recycled(scope_).front().original_path, (std::vector<std::string>{"y.txt"})) << "newest first";
  model_->delete_recycled(scope_, *x);
  EXPECT_THROW(model_->delete_recycled(scope_, *x), filegate::http::Refusal);
  EXPECT_EQ(model_->recycled(scope_).size(), 1u);
  EXPECT_EQ(records(tree::kRecycledVersions), 1u);
  model_->empty_recycled(scope_);
  EXPECT_TRUE(model_->recycled(scope_).empty());
  EXPECT_EQ(records(tree::kRecycled), 0u);
  EXPECT_EQ(records(tree::kRecycledVersions), 0u);
}
