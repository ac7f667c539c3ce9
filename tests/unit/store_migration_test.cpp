#include "core/store_migration.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random_ids.hpp"
#include "core/upload_parts.hpp"

namespace {
using namespace filegate::core;
namespace fs = std::filesystem;

std::string pattern(std::size_t size, char seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(seed + static_cast<char>(i * 7 % 251));
  return bytes;
}

class StoreMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("filegate-migration-test-" + random_hex(6));
    from_ = Store::open_embedded(base_ / "from", clock_);
    to_dir_ = base_ / "to";
    to_ = make_local_blob_store(to_dir_);
  }
  void TearDown() override {
    from_.reset();
    to_.reset();
    fs::remove_all(base_);
  }

  ObjectRecord store_object(const std::string& bytes) {
    auto staged = stage_bytes(*from_, bytes);
    return from_->commit_object(*staged, {"f.bin", "application/octet-stream", "test"}, [](const ObjectRecord& o) {
      return WriteBatch().put("test.file", o.id, {{"object_id", o.id}});
    });
  }
  static fs::path blob_path(const fs::path& dir, const std::string& sha) {
    return dir / "blobs" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  }
  // The bytes the destination serves for `sha`, read through its descriptor as a download would.
  std::string read_back(const std::string& sha) const {
    const BlobReader reader = to_->open(sha);
    std::string bytes(reader.size, '\0');
    EXPECT_EQ(::pread(reader.fd.get(), bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
    return bytes;
  }
  std::vector<std::string> destination_blobs() const {
    std::vector<std::string> names;
    to_->list_blobs([&](const BlobStore::StoredItem& blob) { names.push_back(blob.name); });
    return names;
  }

  ManualClock clock_;
  fs::path base_;
  fs::path to_dir_;
  std::unique_ptr<Store> from_;
  std::unique_ptr<BlobStore> to_;
};

TEST_F(StoreMigrationTest, CopiesEveryBlobByteForByteAndSkipsThemTheSecondTime) {
  // Larger than a stage's buffer, so the copy goes through several reads and commits.
  const std::string big = pattern((5 << 20) + 3, 'a');
  const std::string small = pattern(10, 'b');
  const ObjectRecord a = store_object(big);
  const ObjectRecord b = store_object(small);
  store_object(small);  // same bytes: one blob

  std::vector<BlobCopyOutcome> heard;
  const BlobCopyReport first =
      copy_blobs(from_->blobs(), *to_,
                 [&](const BlobStore::StoredItem&, BlobCopyOutcome o, const BlobCopyReport&) { heard.push_back(o); });
  EXPECT_EQ(first.blobs, 2U);
  EXPECT_EQ(first.bytes, big.size() + small.size());
  EXPECT_EQ(first.copied, 2U);
  EXPECT_EQ(first.copied_bytes, big.size() + small.size());
  EXPECT_EQ(first.skipped, 0U);
  EXPECT_EQ(first.damaged, 0U);
  EXPECT_EQ(heard, std::vector<BlobCopyOutcome>(2, BlobCopyOutcome::copied));
  EXPECT_EQ(read_back(a.digests.sha256_hex), big);
  EXPECT_EQ(read_back(b.digests.sha256_hex), small);

  const BlobCopyReport again = copy_blobs(from_->blobs(), *to_);
  EXPECT_EQ(again.copied, 0U);
  EXPECT_EQ(again.skipped, 2U);
  EXPECT_EQ(again.skipped_bytes, big.size() + small.size());
  EXPECT_EQ(read_back(a.digests.sha256_hex), big);
}

TEST_F(StoreMigrationTest, ABlobWhoseBytesDoNotHashToItsAddressIsNotPublished) {
  const ObjectRecord rotten = store_object("bytes that will rot");
  const ObjectRecord intact = store_object("intact bytes");
  {
    std::fstream f(blob_path(base_ / "from", rotten.digests.sha256_hex),
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('X');
  }
  std::vector<std::string> damaged;
  const BlobCopyReport report = copy_blobs(
      from_->blobs(), *to_, [&](const BlobStore::StoredItem& blob, BlobCopyOutcome o, const BlobCopyReport&) {
        if (o == BlobCopyOutcome::damaged) damaged.push_back(blob.name);
      });
  EXPECT_EQ(report.damaged, 1U);
  EXPECT_EQ(report.copied, 1U);
  EXPECT_EQ(damaged, std::vector<std::string>{rotten.digests.sha256_hex});
  EXPECT_EQ(destination_blobs(), std::vector<std::string>{intact.digests.sha256_hex});
  EXPECT_TRUE(fs::is_empty(to_dir_ / "staging"));  // the refused stage is gone too
}

TEST_F(StoreMigrationTest, ADestinationCopyOfAnotherSizeIsReplaced) {
  const ObjectRecord o = store_object("the whole content");
  const fs::path there = blob_path(to_dir_, o.digests.sha256_hex);
  fs::create_directories(there.parent_path());
  std::ofstream(there, std::ios::binary) << "the wh";  // a short copy left by an earlier, broken run

  const BlobCopyReport report = copy_blobs(from_->blobs(), *to_);
  EXPECT_EQ(report.copied, 1U);
  EXPECT_EQ(report.skipped, 0U);
  EXPECT_EQ(read_back(o.digests.sha256_hex), "the whole content");
}

TEST_F(StoreMigrationTest, MovesTheMetadataAfterTheBlobsAndEndsUploadSessionsWhosePartsStayBehind) {
  const ObjectRecord o = store_object("a stored file");
  UploadParts uploads(*from_, "test.upload");
  const UploadSession unfinished = uploads.begin("u1", "app", 10, 0, 3'600'000);
  auto part = stage_bytes(*from_, "0123456789");
  uploads.put_part(unfinished, 0, *part);
  const UploadSession expired = uploads.begin("u2", "app", 4, 0, 1000);
  auto expired_part = stage_bytes(*from_, "abcd");
  uploads.put_part(expired, 0, *expired_part);
  const UploadSession without_parts = uploads.begin("u3", "app", 4, 0, 3'600'000);
  clock_.advance_ms(2000);

  auto to_metadata = open_sqlite_metadata(to_dir_ / "metadata.sqlite3");
  EXPECT_FALSE(holds_anything(*to_metadata));
  const fs::path work = base_ / "work";
  fs::create_directories(work);
  std::vector<std::string> steps;
  MigrationListener listener;
  listener.step = [&](const std::string& step) { steps.push_back(step); };
  const MigrationReport report = migrate_store(*from_, *to_, *to_metadata, work, clock_, listener);

  EXPECT_EQ(report.blobs.copied, 1U);
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.unfinished_uploads, 1U);
  EXPECT_EQ(report.objects_without_blob, 0U);
  // The record of the file, and the two sessions that stay (each one record, the expired one with its part's).
  EXPECT_EQ(report.records, 4U);
  EXPECT_EQ(steps.back(), "restoring the metadata");
  EXPECT_TRUE(holds_anything(*to_metadata));

  Store to(std::move(to_), std::move(to_metadata), clock_);
  const auto object = to.metadata().object(o.id);
  ASSERT_TRUE(object);
  const BlobReader blob = to.open(*object);
  EXPECT_EQ(blob.size, std::string_view("a stored file").size());
  UploadParts moved(to, "test.upload");
  EXPECT_FALSE(moved.find("u1"));  // its client is told the upload is unknown, and starts again
  ASSERT_TRUE(moved.find("u2"));   // still answered "expired"
  EXPECT_TRUE(moved.expired(*moved.find("u2")));
  EXPECT_TRUE(moved.find("u3"));  // nothing missing: it goes on
  // The source is as it was.
  EXPECT_TRUE(uploads.find("u1"));
  EXPECT_EQ(uploads.parts(unfinished).size(), 1U);
}

TEST_F(StoreMigrationTest, ADamagedBlobStopsTheMigrationBeforeAnyMetadataIsWritten) {
  const ObjectRecord o = store_object("bytes that will rot");
  {
    std::fstream f(blob_path(base_ / "from", o.digests.sha256_hex), std::ios::in | std::ios::out | std::ios::binary);
    f.put('X');
  }
  auto to_metadata = open_sqlite_metadata(to_dir_ / "metadata.sqlite3");
  const fs::path work = base_ / "work";
  fs::create_directories(work);
  EXPECT_THROW(migrate_store(*from_, *to_, *to_metadata, work, clock_), std::runtime_error);
  EXPECT_FALSE(holds_anything(*to_metadata));
}

TEST_F(StoreMigrationTest, ObjectsWhoseBlobTheSourceLacksAreCounted) {
  const ObjectRecord o = store_object("soon quarantined");
  ASSERT_TRUE(from_->blobs().quarantine_blob(o.digests.sha256_hex));
  auto to_metadata = open_sqlite_metadata(to_dir_ / "metadata.sqlite3");
  const fs::path work = base_ / "work";
  fs::create_directories(work);
  const MigrationReport report = migrate_store(*from_, *to_, *to_metadata, work, clock_);
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.objects_without_blob, 1U);
  EXPECT_TRUE(to_metadata->object(o.id));
}

}  // namespace
