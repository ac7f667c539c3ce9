// The SMH tree's indexes (tree_index.hpp): after every kind of tree change, the lookups by inode and by history id,
// the usage counter and the size index answer what the tree says, and the stored index records are exactly what a
// rebuild from the tree makes (differences() is empty), so an index left stale by any writer fails here. A space
// written by an older filegate, without indexes, is still answered (by scans) and indexed by its first change.
#include <gtest/gtest.h>

#include "core/digests.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_index.hpp"
#include "http/refusal.hpp"
#include "smh_model_fixture.hpp"

namespace filegate::dialects::smh {
namespace {

class SmhTreeIndex : public test_support::SmhModelFixture {
 protected:
  std::string differences() { return tree_index::differences(store_->metadata(), scope_); }
  std::optional<std::vector<std::string>> path_of(const std::string& inode) {
    const auto found = model_->node_by_inode(scope_, inode);
    if (!found) return std::nullopt;
    return found->path;
  }
  using Path = std::vector<std::string>;
};

TEST_F(SmhTreeIndex, AnInodeLookupAfterADirectoryMoveAnswersTheNewPath) {
  const std::string dir = model_->create_directory(scope_, {"a", "b"}, false).inode;
  const Confirmed deep = put_file({"a", "b", "f1.txt"}, "one", "ask");
  const Confirmed near = put_file({"a", "f2.txt"}, "two", "ask");
  ASSERT_EQ(path_of(deep.node.file_uid), (Path{"a", "b", "f1.txt"}));
  ASSERT_TRUE(tree_index::built(store_->metadata(), scope_));

  EXPECT_EQ(model_->move_directory(scope_, {"a"}, {"x", "y"}, false), (Path{"x", "y"}));
  EXPECT_EQ(path_of(deep.node.file_uid), (Path{"x", "y", "b", "f1.txt"}));
  EXPECT_EQ(path_of(near.node.file_uid), (Path{"x", "y", "f2.txt"}));
  EXPECT_EQ(path_of(dir), (Path{"x", "y", "b"}));
  // The version's file is found where it now is.
  const auto v = model_->find_version(scope_, deep.node.current.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->file.path, (Path{"x", "y", "b", "f1.txt"}));
  EXPECT_EQ(differences(), "");

  // A file moved onto another (overwrite) takes its place; the replaced one's inode and versions are gone.
  const Confirmed other = put_file({"x", "other.txt"}, "other!", "ask");
  EXPECT_EQ(model_->move_file(scope_, {"x", "y", "f2.txt"}, {"x", "other.txt"}, "overwrite"), (Path{"x", "other.txt"}));
  EXPECT_EQ(path_of(near.node.file_uid), (Path{"x", "other.txt"}));
  EXPECT_FALSE(path_of(other.node.file_uid));
  EXPECT_FALSE(model_->find_version(scope_, other.node.current.id));
  EXPECT_EQ(model_->used_bytes(scope_), 6u);  // "one" and "two"
  EXPECT_EQ(differences(), "");
}

TEST_F(SmhTreeIndex, ADeleteTakesItsNodesOutOfEveryIndexAndARestorePutsThemBack) {
  model_->create_directory(scope_, {"d"}, false);
  const Confirmed first = put_file({"d", "f.txt"}, "12345", "ask");
  const Confirmed second = put_file({"d", "f.txt"}, "123", "overwrite");
  put_file({"keep.txt"}, "12", "ask");
  EXPECT_EQ(model_->used_bytes(scope_), 10u);

  const auto item = model_->remove(scope_, {"d"}, /*permanent=*/false);
  ASSERT_TRUE(item);
  EXPECT_FALSE(model_->node_by_inode(scope_, first.node.file_uid));
  EXPECT_FALSE(model_->find_version(scope_, first.node.current.id));
  EXPECT_FALSE(model_->find_version(scope_, second.node.current.id));
  EXPECT_EQ(model_->used_bytes(scope_), 2u);
  EXPECT_FALSE(model_->object_with_hash(scope_, 5, core::sha256_hex(core::as_bytes("12345")), true));
  EXPECT_EQ(differences(), "");

  EXPECT_EQ(model_->restore(scope_, *item), (Path{"d"}));
  EXPECT_EQ(path_of(first.node.file_uid), (Path{"d", "f.txt"}));
  const auto v = model_->find_version(scope_, first.node.current.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version.size, 5u);
  EXPECT_EQ(model_->used_bytes(scope_), 10u);
  EXPECT_EQ(model_->object_with_hash(scope_, 5, core::sha256_hex(core::as_bytes("12345")), true),
            first.node.current.object_id);
  EXPECT_EQ(differences(), "");

  // For good, with a new file in its place: the old inode answers nothing, not the new file.
  model_->remove(scope_, {"d", "f.txt"}, /*permanent=*/true);
  const Confirmed again = put_file({"d", "f.txt"}, "new", "ask");
  EXPECT_FALSE(model_->node_by_inode(scope_, first.node.file_uid));
  EXPECT_EQ(path_of(again.node.file_uid), (Path{"d", "f.txt"}));
  EXPECT_EQ(model_->used_bytes(scope_), 5u);
  EXPECT_EQ(differences(), "");
}

TEST_F(SmhTreeIndex, CopiesAreNewInodesAndVersionsOfTheirOwn) {
  model_->create_directory(scope_, {"s"}, false);
  const Confirmed source = put_file({"s", "f.txt"}, "abc", "rename");
  put_file({"s", "g.txt"}, "defg", "rename");
  model_->copy_directory(scope_, {"s"}, {"t"}, false, "u");
  const auto copied = model_->node(scope_, {"t", "f.txt"});
  ASSERT_TRUE(copied);
  EXPECT_NE(copied->file_uid, source.node.file_uid);
  EXPECT_EQ(path_of(copied->file_uid), (Path{"t", "f.txt"}));
  EXPECT_EQ(path_of(source.node.file_uid), (Path{"s", "f.txt"}));
  const auto v = model_->find_version(scope_, copied->current.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->file.path, (Path{"t", "f.txt"}));

  EXPECT_EQ(model_->copy_file(scope_, {"s", "f.txt"}, {"one.txt"}, "ask", "u"), (Path{"one.txt"}));
  EXPECT_EQ(path_of(model_->node(scope_, {"one.txt"})->file_uid), (Path{"one.txt"}));
  EXPECT_EQ(model_->used_bytes(scope_), 3u + 4u + 3u + 4u + 3u);  // copies count again
  EXPECT_EQ(differences(), "");
}

TEST_F(SmhTreeIndex, HistoryRestoreAndDeleteKeepTheIdsAndTheUsage) {
  const Confirmed first = put_file({"h.txt"}, "1", "ask");
  const Confirmed second = put_file({"h.txt"}, "22", "overwrite");
  const Node restored = model_->restore_version(scope_, first.node.current.id, "u");
  EXPECT_EQ(restored.current.creation_way, 2);
  const auto latest = model_->find_version(scope_, restored.current.id);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version.object_id, first.node.current.object_id);
  EXPECT_EQ(model_->used_bytes(scope_), 4u);
  EXPECT_EQ(differences(), "");

  model_->delete_versions(scope_, {first.node.current.id, second.node.current.id});
  EXPECT_FALSE(model_->find_version(scope_, first.node.current.id));
  EXPECT_FALSE(model_->find_version(scope_, second.node.current.id));
  EXPECT_TRUE(model_->find_version(scope_, restored.current.id));
  EXPECT_EQ(model_->used_bytes(scope_), 1u);
  EXPECT_EQ(differences(), "");
}

// A space as an older filegate left it: tree and history records, no index. Lookups answer by scanning; the first
// change indexes the whole space in its own commit.
TEST_F(SmhTreeIndex, ASpaceWithoutIndexesIsScannedUntilItsFirstChangeBuildsThem) {
  namespace json = boost::json;
  const std::string lib = scope_.library_id;
  const json::object version{{"id", 7},         {"version", 1},    {"object_id", "obj1"},
                             {"name", "a.txt"}, {"size", 9},       {"crc64", 1},
                             {"etag", "\"e\""}, {"created_ms", 5}, {"content_type", "text/plain"}};
  store_->metadata().commit(
      core::WriteBatch()
          .put("smh.node", lib + "\n-\n\ndocs", {{"type", "dir"}, {"creation_ms", 3}, {"modification_ms", 4}})
          .put("smh.node", lib + "\n-\ndocs\na.txt",
               {{"type", "file"}, {"creation_ms", 1}, {"modification_ms", 2}, {"file_uid", "f1"}, {"current", version}})
          .put("smh.history", lib + "\n-\nf1\n000000000007", version));
  ASSERT_FALSE(tree_index::built(store_->metadata(), scope_));
  EXPECT_EQ(path_of("f1"), (Path{"docs", "a.txt"}));
  EXPECT_EQ(model_->find_version(scope_, 7)->file.path, (Path{"docs", "a.txt"}));
  EXPECT_EQ(model_->used_bytes(scope_), 9u);

  model_->move_file(scope_, {"docs", "a.txt"}, {"b.txt"}, "ask");
  ASSERT_TRUE(tree_index::built(store_->metadata(), scope_));
  EXPECT_EQ(path_of("f1"), (Path{"b.txt"}));
  EXPECT_EQ(model_->find_version(scope_, 7)->file.path, (Path{"b.txt"}));
  EXPECT_EQ(model_->used_bytes(scope_), 9u);
  EXPECT_EQ(differences(), "");
}

// Instant upload looks only at objects of the asked size, and finds one whichever file holds it now.
TEST_F(SmhTreeIndex, InstantUploadFindsAnObjectOfTheAskedSizeAndHash) {
  const Confirmed file = put_file({"i.txt"}, "hello", "ask");
  const std::string hash = core::sha256_hex(core::as_bytes("hello"));
  EXPECT_EQ(model_->object_with_hash(scope_, 5, hash, true), file.node.current.object_id);
  EXPECT_EQ(model_->object_with_hash(scope_, std::nullopt, hash, false), file.node.current.object_id);
  EXPECT_FALSE(model_->object_with_hash(scope_, 6, hash, true));
  model_->move_file(scope_, {"i.txt"}, {"j.txt"}, "ask");
  EXPECT_EQ(model_->object_with_hash(scope_, 5, hash, true), file.node.current.object_id);
  model_->remove(scope_, {"j.txt"}, /*permanent=*/true);
  EXPECT_FALSE(model_->object_with_hash(scope_, 5, hash, true));
  EXPECT_EQ(differences(), "");
}

}  // namespace
}  // namespace filegate::dialects::smh
