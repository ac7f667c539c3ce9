// DingTalk's records, described once (Boost.Describe) and converted with Boost.JSON: they round-trip through the
// metadata store, and records in the shape earlier filegates wrote by hand (same field names, some fields missing or
// of another type) still load.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.hpp"
#include "core/random_ids.hpp"
#include "core/store.hpp"
#include "dialects/dingtalk/model.hpp"

using namespace filegate;
using namespace filegate::dialects::dingtalk;
namespace fs = std::filesystem;

namespace {

class DingTalkModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-dingtalk-model-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    model_ = std::make_unique<Model>(*store_);
  }
  void TearDown() override {
    model_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  // A single-PUT upload of `name` into `space` by its member u1.
  Upload begin_upload(const App& app, const Space& space, const std::string& name) {
    Upload request;
    request.app_key = app.app_key;
    request.space_id = space.id;
    request.union_id = "u1";
    request.name = name;
    return model_->create_upload(request);
  }
  void write(const char* ns, const char* key, boost::json::object fields) {
    store_->metadata().commit(core::WriteBatch().put(ns, key, std::move(fields)));
  }

  fs::path dir_;
  core::ManualClock clock_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<Model> model_;
};

}  // namespace

TEST_F(DingTalkModelTest, RecordsRoundTrip) {
  const App app = model_->create_app("ci");
  const auto read_app = model_->app(app.app_key);
  ASSERT_TRUE(read_app);
  EXPECT_EQ(read_app->app_secret, app.app_secret);
  EXPECT_EQ(read_app->name, "ci");
  EXPECT_EQ(read_app->created_at_ms, clock_.now_ms());

  const Space space = model_->create_space(app.app_key, "s", {"u2", "u1", "u2"});
  const auto read_space = model_->space(space.id);
  ASSERT_TRUE(read_space);
  EXPECT_EQ(read_space->app_key, app.app_key);
  EXPECT_EQ(read_space->members, (std::vector<std::string>{"u1", "u2"}));

  const Placement folder = model_->add_folder(space, nullptr, "docs", "u1", ConflictStrategy::fail);
  const auto read_folder = model_->dentry(folder.dentry.id);
  ASSERT_TRUE(read_folder);
  EXPECT_TRUE(read_folder->folder);
  EXPECT_EQ(read_folder->path, "/docs");
  EXPECT_EQ(read_folder->creator_id, "u1");

  const Upload upload = begin_upload(app, space, "a.txt");
  const auto read_upload = model_->upload(upload.key);
  ASSERT_TRUE(read_upload);
  EXPECT_EQ(read_upload->name, "a.txt");
  EXPECT_FALSE(read_upload->multipart);
  EXPECT_EQ(read_upload->created_ms, upload.created_ms);
}

TEST_F(DingTalkModelTest, RecordsOfEarlierFilegatesStillLoad) {
  // A dentry as the hand-written to_json stored it, and a version without its name (an older shape).
  write("dingtalk.dentry", "12345678901",
        {{"space_id", "52816093475"},
         {"parent_id", "0"},
         {"folder", false},
         {"name", "a.txt"},
         {"path", "/a.txt"},
         {"uuid", "u"},
         {"version", 2},
         {"size", 3},
         {"object_id", "obj1"},
         {"creator_id", "c"},
         {"modifier_id", "m"},
         {"created_ms", 1},
         {"modified_ms", 2},
         {"archived", true}});
  write("dingtalk.version", "12345678901/0000000002", {{"object_id", "obj1"}, {"size", 3}, {"modified_ms", 2}});
  // A field of another type keeps its default rather than failing the whole record.
  write("dingtalk.upload", "upk_old", {{"app_key", "ding1"}, {"space_id", "5"}, {"multipart", "yes"}});

  const auto d = model_->dentry("12345678901");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id, "12345678901");
  EXPECT_EQ(d->name, "a.txt");
  EXPECT_EQ(d->version, 2);
  EXPECT_EQ(d->size, 3);
  EXPECT_TRUE(d->archived);
  const auto versions = model_->versions("12345678901");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].version, 2);
  EXPECT_EQ(versions[0].object_id, "obj1");
  EXPECT_EQ(versions[0].name, "");
  const auto u = model_->upload("upk_old");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->key, "upk_old");
  EXPECT_EQ(u->app_key, "ding1");
  EXPECT_FALSE(u->multipart);
}

// A download URL names the file and the bytes it was issued for; holds() is what keeps it serving them.
TEST_F(DingTalkModelTest, AFileHoldsTheBytesOfEachOfItsVersionsUntilItIsDeletedOrReplaced) {
  const App app = model_->create_app("ci");
  const Space space = model_->create_space(app.app_key, "s", {"u1"});
  auto import = [&](std::string_view bytes, ConflictStrategy strategy, const std::string& dentry_id = {}) {
    auto staged = core::stage_bytes(*store_, bytes);
    return model_->import_file(*staged, space, nullptr, "a.txt", "u1", strategy, dentry_id).dentry;
  };
  const Dentry first = import("one", ConflictStrategy::fail);
  const Dentry second = import("two", ConflictStrategy::overwrite);
  ASSERT_EQ(second.id, first.id);
  ASSERT_NE(second.object_id, first.object_id);
  EXPECT_TRUE(model_->holds(first.id, first.object_id));  // an older version
  EXPECT_TRUE(model_->holds(first.id, second.object_id));
  EXPECT_FALSE(model_->holds(first.id, "obj-of-someone-else"));
  EXPECT_FALSE(model_->holds("99999999999", first.object_id));
  const Placement folder = model_->add_folder(space, nullptr, "docs", "u1", ConflictStrategy::fail);
  EXPECT_FALSE(model_->holds(folder.dentry.id, ""));

  model_->remove(second);
  EXPECT_FALSE(model_->holds(first.id, first.object_id));
  EXPECT_FALSE(model_->holds(first.id, second.object_id));

  // Placed anew under the same id (a fixture applied again): version 1 again, other bytes.
  const Dentry again = import("three", ConflictStrategy::fail, first.id);
  ASSERT_EQ(again.id, first.id);
  ASSERT_EQ(again.version, 1);
  EXPECT_TRUE(model_->holds(first.id, again.object_id));
  EXPECT_FALSE(model_->holds(first.id, first.object_id));
}

TEST_F(DingTalkModelTest, AnUploadNeverCommittedWithinADayIsEndedAndItsBytesBecomeGarbage) {
  const App app = model_->create_app("ci");
  const Space space = model_->create_space(app.app_key, "s", {"u1"});
  const Upload upload = begin_upload(app, space, "never-committed.txt");
  auto staged = core::stage_bytes(*store_, "bytes PUT but never committed");
  const core::ObjectRecord object = model_->store_upload_bytes(*staged, upload);

  clock_.advance_ms(23 * 3600 * 1000);
  EXPECT_EQ(model_->end_abandoned_uploads(), 0U) << "still within its day";
  EXPECT_TRUE(model_->upload(upload.key));
  clock_.advance_ms(2 * 3600 * 1000);
  EXPECT_EQ(model_->end_abandoned_uploads(), 1U);
  EXPECT_FALSE(model_->upload(upload.key));
  EXPECT_EQ(store_->metadata().erase_unreferenced_objects({object.id}).size(), 1U) << "nothing refers to its bytes";
}

TEST_F(DingTalkModelTest, AnArchivedFileUnarchivesOnceTheDelayHasPassedSinceItsFirstDownloadAttempt) {
  const App app = model_->create_app("ci");
  const Space space = model_->create_space(app.app_key, "s", {"u1"});
  auto staged = core::stage_bytes(*store_, "cold");
  const Dentry file = model_->import_file(*staged, space, nullptr, "a.txt", "u1", ConflictStrategy::fail).dentry;
  ASSERT_TRUE(model_->set_archived(file.id, true));

  clock_.advance_ms(10 * 60 * 1000);  // time before the first attempt does not count
  EXPECT_FALSE(model_->attempt_archived_download(file.id, 60'000)) << "the first attempt starts the unarchiving";
  clock_.advance_ms(59'999);
  EXPECT_FALSE(model_->attempt_archived_download(file.id, 60'000)) << "within the delay";
  clock_.advance_ms(1);
  EXPECT_TRUE(model_->attempt_archived_download(file.id, 60'000));
  EXPECT_FALSE(model_->dentry(file.id)->archived) << "unarchived for good";

  // Archived again: the clock starts anew at the next first attempt; a zero delay lets the second one through.
  ASSERT_TRUE(model_->set_archived(file.id, true));
  EXPECT_FALSE(model_->attempt_archived_download(file.id, 0));
  EXPECT_TRUE(model_->attempt_archived_download(file.id, 0));
}

TEST_F(DingTalkModelTest, ARecycledFolderHidesItsTreeAndItsBytesUntilRestoredUnderAFreeName) {
  const App app = model_->create_app("ci");
  const Space space = model_->create_space(app.app_key, "s", {"u1"});
  const Dentry folder = model_->add_folder(space, nullptr, "docs", "u1", ConflictStrategy::fail).dentry;
  auto staged = core::stage_bytes(*store_, "inside");
  const Dentry file = model_->import_file(*staged, space, &folder, "a.txt", "u1", ConflictStrategy::fail).dentry;

  const RecycleItem item = model_->recycle(folder, "u1");
  EXPECT_FALSE(model_->dentry(folder.id));
  EXPECT_FALSE(model_->dentry(file.id));
  EXPECT_FALSE(model_->holds(file.id, file.object_id)) << "its download URLs stop serving";
  EXPECT_FALSE(model_->child(space.id, "0", "docs")) << "its name is free";
  EXPECT_TRUE(model_->space_dentries(space.id, {}, 10).empty());
  ASSERT_EQ(model_->recycle_items(space.id, {}, 10).size(), 1U);

  model_->add_folder(space, nullptr, "docs", "u1", ConflictStrategy::fail);
  const Placement restored = model_->restore(item, ConflictStrategy::auto_rename, "u1");
  ASSERT_EQ(restored.outcome, Placement::Outcome::created);
  EXPECT_EQ(restored.dentry.name, "docs(1)");
  const auto back = model_->dentry(file.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->path, "/docs(1)/a.txt");
  EXPECT_TRUE(model_->holds(file.id, file.object_id));
  EXPECT_FALSE(model_->recycle_item(space.id, item.id));
  EXPECT_EQ(model_->space_dentries(space.id, {}, 10).size(), 3U);

  // Recycled again and purged: the records go, and nothing refers to the bytes any more.
  const RecycleItem again = model_->recycle(*model_->dentry(folder.id), "u1");
  EXPECT_TRUE(model_->purge(again));
  EXPECT_FALSE(model_->stored_dentry(file.id));
  EXPECT_FALSE(model_->recycle_item(space.id, again.id));
  EXPECT_EQ(store_->metadata().erase_unreferenced_objects({file.object_id}).size(), 1U);
}

TEST_F(DingTalkModelTest, MovesCarryATreeAcrossSpacesAndCopiesShareTheBytes) {
  const App app = model_->create_app("ci");
  const Space one = model_->create_space(app.app_key, "one", {"u1"});
  const Space two = model_->create_space(app.app_key, "two", {"u1"});
  const Dentry top = model_->add_folder(one, nullptr, "top", "u1", ConflictStrategy::fail).dentry;
  const Dentry mid = model_->add_folder(one, &top, "mid", "u1", ConflictStrategy::fail).dentry;
  auto staged = core::stage_bytes(*store_, "deep bytes");
  const Dentry file = model_->import_file(*staged, one, &mid, "f.txt", "u1", ConflictStrategy::fail).dentry;
  EXPECT_TRUE(model_->within(top, mid.id));
  EXPECT_FALSE(model_->within(mid, top.id));

  const Placement moved = model_->move(top, two, nullptr, "top", ConflictStrategy::fail, "u1");
  ASSERT_EQ(moved.outcome, Placement::Outcome::created);
  EXPECT_EQ(model_->dentry(file.id)->space_id, two.id);
  EXPECT_EQ(model_->child(two.id, mid.id, "f.txt")->id, file.id) << "the index below the top moved with it";
  EXPECT_FALSE(model_->child(one.id, "0", "top"));
  EXPECT_TRUE(model_->space_dentries(one.id, {}, 10).empty());

  const Placement copied = model_->copy(*model_->dentry(top.id), two, nullptr, ConflictStrategy::auto_rename, "u1");
  ASSERT_EQ(copied.outcome, Placement::Outcome::created);
  EXPECT_EQ(copied.dentry.name, "top(1)");
  const auto copied_mid = model_->child(two.id, copied.dentry.id, "mid");
  ASSERT_TRUE(copied_mid);
  const auto copied_file = model_->child(two.id, copied_mid->id, "f.txt");
  ASSERT_TRUE(copied_file);
  EXPECT_NE(copied_file->id, file.id);
  EXPECT_EQ(copied_file->object_id, file.object_id);
  EXPECT_EQ(copied_file->path, "/top(1)/mid/f.txt");
  model_->remove(*model_->dentry(top.id));
  EXPECT_TRUE(store_->metadata().erase_unreferenced_objects({file.object_id}).empty()) << "the copy still refers to it";
}

TEST_F(DingTalkModelTest, ARestoreWhoseFolderMovedToAnotherSpaceGoesToTheRootOfItsOwnSpace) {
  const App app = model_->create_app("ci");
  const Space one = model_->create_space(app.app_key, "one", {"u1"});
  const Space two = model_->create_space(app.app_key, "two", {"u1"});
  const Dentry folder = model_->add_folder(one, nullptr, "f", "u1", ConflictStrategy::fail).dentry;
  auto staged = core::stage_bytes(*store_, "x");
  const Dentry file = model_->import_file(*staged, one, &folder, "a.txt", "u1", ConflictStrategy::fail).dentry;
  const RecycleItem item = model_->recycle(file, "u1");
  model_->move(folder, two, nullptr, "f", ConflictStrategy::fail, "u1");

  const Placement restored = model_->restore(item, ConflictStrategy::auto_rename, "u1");
  EXPECT_EQ(restored.dentry.space_id, one.id);
  EXPECT_EQ(restored.dentry.parent_id, "0");
  EXPECT_EQ(restored.dentry.path, "/a.txt");
  EXPECT_EQ(model_->child(one.id, "0", "a.txt")->id, file.id);
}
