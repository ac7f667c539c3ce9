#include "core/garbage_collector.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>

#include "upload_parts_fixture.hpp"

namespace {
using namespace filegate::core;
namespace fs = std::filesystem;
using filegate::test_support::UploadPartsFixture;

constexpr std::int64_t kHourMs = 3'600'000;

class GarbageCollectorTest : public UploadPartsFixture {
 protected:
  // An object holding `bytes` that no record refers to yet.
  ObjectRecord store_object(std::string_view bytes) {
    auto staged = stage_bytes(*store_, bytes);
    return store_->commit_object(*staged, {"f.txt", "text/plain", "test"},
                                 [](const ObjectRecord&) { return WriteBatch(); });
  }
  void refer(const std::string& key, const ObjectRecord& object) {
    store_->metadata().commit(WriteBatch().put("test.file", key, {{"object_id", object.id}}));
  }
  void forget(const std::string& key) { store_->metadata().commit(WriteBatch().erase("test.file", key)); }

  fs::path blob_path(const ObjectRecord& o) const {
    const std::string& sha = o.digests.sha256_hex;
    return dir_ / "blobs" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  }
  // Makes a file look last written `ms` ago.
  static void age(const fs::path& path, std::int64_t ms) {
    const auto then = std::chrono::system_clock::now() - std::chrono::milliseconds(ms);
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(then.time_since_epoch()).count();
    const timespec times[2] = {{ns / 1'000'000'000, ns % 1'000'000'000}, {ns / 1'000'000'000, ns % 1'000'000'000}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
  }
  // Everything old enough for the default grace: the objects by the store's clock, their blobs on disk.
  void age_everything() {
    clock_.advance_ms(2 * kHourMs);
    for (const auto& e : fs::recursive_directory_iterator(dir_)) age(e.path(), 2 * kHourMs);
  }
  std::size_t blob_files() const {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "blobs")) n += e.is_regular_file();
    return n;
  }
  std::string content(const ObjectRecord& o) const {
    const BlobReader r = store_->open(o);
    std::string out(r.size, '\0');
    EXPECT_EQ(::pread(r.fd.get(), out.data(), out.size(), 0), static_cast<ssize_t>(out.size()));
    return out;
  }
};

TEST_F(GarbageCollectorTest, AnObjectNoRecordRefersToGoesWithItsBlobAndTheRestStays) {
  const ObjectRecord kept = store_object("kept bytes");
  refer("kept", kept);
  const ObjectRecord deleted = store_object("deleted bytes");
  refer("deleted", deleted);
  forget("deleted");
  age_everything();

  const GarbageReport report = collect_garbage(*store_, {});
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.blobs, 1U);
  EXPECT_EQ(report.blob_bytes, std::string_view("deleted bytes").size());
  EXPECT_EQ(store_->metadata().object(deleted.id), nullptr);
  EXPECT_FALSE(fs::exists(blob_path(deleted)));
  EXPECT_EQ(content(kept), "kept bytes");
  EXPECT_EQ(blob_files(), 1U);
  EXPECT_EQ(collect_garbage(*store_, {}).objects, 0U) << "nothing left to collect";
}

TEST_F(GarbageCollectorTest, ABlobSharedByTwoObjectsStaysWhileEitherIsReferred) {
  const ObjectRecord first = store_object("same bytes");
  const ObjectRecord second = store_object("same bytes");
  ASSERT_EQ(first.digests.sha256_hex, second.digests.sha256_hex);
  refer("second", second);
  age_everything();
  const GarbageReport report = collect_garbage(*store_, {});
  EXPECT_EQ(report.objects, 1U) << "the first object: nothing refers to it";
  EXPECT_EQ(report.blobs, 0U);
  EXPECT_EQ(content(second), "same bytes");
}

TEST_F(GarbageCollectorTest, NothingYoungerThanTheGraceIsTouched) {
  const ObjectRecord young = store_object("young bytes");
  EXPECT_EQ(collect_garbage(*store_, {}).objects, 0U);
  clock_.advance_ms(2 * kHourMs);  // the object is old now, its blob on disk is not
  const GarbageReport report = collect_garbage(*store_, {});
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.blobs, 0U) << "a blob published within the grace may be about to be referred to";
  EXPECT_TRUE(fs::exists(blob_path(young)));
  age(blob_path(young), 2 * kHourMs);
  EXPECT_EQ(collect_garbage(*store_, {}).blobs, 1U);
}

TEST_F(GarbageCollectorTest, PublishingBytesAgainRenewsTheirOldUnreferencedBlob) {
  const ObjectRecord old = store_object("bytes uploaded twice");
  age_everything();
  EXPECT_EQ(collect_garbage(*store_, {.dry_run = true}).blobs, 1U);
  // The same bytes arrive again and are published; their commit has not happened yet.
  auto staged = stage_bytes(*store_, "bytes uploaded twice");
  const ObjectRecord again = store_->publish_object(*staged, {"f.txt", "text/plain", "test"});
  EXPECT_EQ(collect_garbage(*store_, {}).blobs, 0U);
  store_->metadata().commit(WriteBatch{.new_object = again, .writes = {}});
  refer("again", again);
  EXPECT_EQ(content(again), "bytes uploaded twice");
  EXPECT_EQ(store_->metadata().object(old.id), nullptr) << "the old object record went: nothing referred to it";
}

TEST_F(GarbageCollectorTest, ADryRunReportsAndRemovesNothing) {
  const ObjectRecord o = store_object("dry bytes");
  age_everything();
  const GarbageReport report = collect_garbage(*store_, {.dry_run = true});
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.blobs, 1U);
  EXPECT_NE(store_->metadata().object(o.id), nullptr);
  EXPECT_EQ(content(o), "dry bytes");
}

TEST_F(GarbageCollectorTest, KeptBlobsStayAlthoughNoObjectRefersToThem) {
  const ObjectRecord o = store_object("reset point bytes");
  age_everything();
  const GarbageReport report = collect_garbage(*store_, {.keep_blobs = {o.digests.sha256_hex}});
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.blobs, 0U);
  EXPECT_TRUE(fs::exists(blob_path(o)));
}

TEST_F(GarbageCollectorTest, KeepObjectsLeavesEveryRecordAndTakesOnlyBytes) {
  const ObjectRecord o = store_object("restored");
  EXPECT_EQ(collect_garbage(*store_, {.grace_ms = 0, .keep_objects = true}).objects, 0U);
  EXPECT_NE(store_->metadata().object(o.id), nullptr);
  EXPECT_EQ(content(o), "restored");
}

TEST_F(GarbageCollectorTest, AnObjectReferredToSinceTheScanIsNotErased) {
  const ObjectRecord o = store_object("late reference");
  refer("late", o);
  EXPECT_TRUE(store_->metadata().erase_unreferenced_objects({o.id}).empty());
  EXPECT_NE(store_->metadata().object(o.id), nullptr);
  forget("late");
  EXPECT_EQ(store_->metadata().erase_unreferenced_objects({o.id}).size(), 1U);
}

TEST_F(GarbageCollectorTest, PartsOfUploadsNoSessionNamesGoAndASessionsPartsStay) {
  const UploadSession live = uploads_->begin("live", "owner", 0, 0, 10 * kHourMs);
  put(live, 1, "live part");
  const UploadSession gone = uploads_->begin("gone", "owner", 0, 0, 10 * kHourMs);
  put(gone, 1, "orphaned part");
  // A crash after the session's end was committed but before its part files were dropped.
  store_->metadata().commit(WriteBatch().erase("test.upload", "gone"));
  age_everything();
  const GarbageReport report = collect_garbage(*store_, {});
  EXPECT_EQ(report.part_uploads, 1U);
  EXPECT_EQ(report.part_bytes, std::string_view("orphaned part").size());
  EXPECT_EQ(uploads_->parts(live).size(), 1U);
  EXPECT_EQ(part_files(), 1U);
}

TEST_F(GarbageCollectorTest, ARemovedBlobIsNotServedFromADescriptorOpenedBefore) {
  const ObjectRecord o = store_object("cached descriptor");
  EXPECT_EQ(content(o), "cached descriptor");  // its descriptor is now cached
  age_everything();
  EXPECT_EQ(collect_garbage(*store_, {.keep_objects = true}).blobs, 0U) << "its object still exists";
  EXPECT_EQ(store_->blobs().remove_blob_idle_since(o.digests.sha256_hex, 0), false) << "newer than the cutoff";
  EXPECT_TRUE(store_->blobs().remove_blob_idle_since(o.digests.sha256_hex, INT64_MAX));
  EXPECT_THROW(store_->blobs().open(o.digests.sha256_hex), std::exception);
}

}  // namespace
