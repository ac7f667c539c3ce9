#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/random_ids.hpp"
#include "core/store.hpp"

using namespace filegate::core;
namespace fs = std::filesystem;

namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-store-test-" + random_hex(6));
    store_ = Store::open_embedded(dir_, clock_);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::size_t files_under(const fs::path& sub) const {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / sub)) n += e.is_regular_file() ? 1 : 0;
    return n;
  }

  ObjectRecord put(std::string_view content, const std::string& key) {
    auto staged = store_->stage();
    staged->write(as_bytes(content));
    return store_->commit_object(*staged, {"name.txt", "text/plain", "test"}, [&](const ObjectRecord& o) {
      return WriteBatch().create("test.file", key, {{"object_id", o.id}});
    });
  }

  std::string read_all(const ObjectRecord& o) const {
    BlobReader r = store_->open(o);
    std::string out(r.size, '\0');
    EXPECT_EQ(::pread(r.fd.get(), out.data(), out.size(), 0), static_cast<ssize_t>(out.size()));
    return out;
  }

  ManualClock clock_;
  fs::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace

TEST_F(StoreTest, CommittedObjectIsReadableWithItsDigests) {
  const ObjectRecord o = put("123456789", "a");
  auto found = store_->metadata().object(o.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->digests.size, 9u);
  EXPECT_EQ(found->digests.crc64, 11051210869376104954ull);
  EXPECT_EQ(found->name, "name.txt");
  EXPECT_EQ(read_all(*found), "123456789");
  EXPECT_EQ(store_->metadata().record("test.file", "a")->at("object_id").as_string(), o.id);
}

// Large chunks are hashed on a helper thread while they are written (MD5 on its own lane when asked for): digests
// and bytes must match a single sequential pass, with and without MD5.
TEST_F(StoreTest, LargeChunkedUploadsKeepTheirBytesAndDigests) {
  std::string content(5 * 1024 * 1024 + 123, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 7919) >> 5);
  for (const bool with_md5 : {false, true}) {
    content[0] = with_md5 ? 'm' : 'n';  // a different blob each time
    StreamHasher reference(with_md5);
    reference.update(as_bytes(content));
    const Digests expected = reference.finish();

    auto staged = store_->stage(with_md5);
    for (std::size_t at = 0; at < content.size(); at += 300 * 1024) {
      staged->write(as_bytes(std::string_view(content).substr(at, 300 * 1024)));
    }
    const ObjectRecord o = store_->commit_object(*staged, {"big.bin", "application/octet-stream", "test"},
                                                 [](const ObjectRecord&) { return WriteBatch(); });
    EXPECT_EQ(o.digests.size, content.size());
    EXPECT_EQ(o.digests.sha256_hex, expected.sha256_hex);
    EXPECT_EQ(o.digests.md5_hex, expected.md5_hex);
    EXPECT_EQ(o.digests.crc64, expected.crc64);
    EXPECT_EQ(o.digests.adler32, expected.adler32);
    EXPECT_TRUE(read_all(o) == content);
  }
}

TEST_F(StoreTest, AbandonedStageLeavesNothingBehind) {
  {
    auto staged = store_->stage();
    staged->write(as_bytes("half an upload"));
    EXPECT_EQ(files_under("staging"), 1u);
  }  // the client went away: the stage is dropped
  EXPECT_EQ(files_under("staging"), 0u);
  EXPECT_EQ(files_under("blobs"), 0u);
  EXPECT_FALSE(store_->metadata().scan_objects().valid());
}

TEST_F(StoreTest, FailedCommitRecordsNoObject) {
  put("first", "taken");
  auto staged = store_->stage();
  staged->write(as_bytes("second"));
  EXPECT_THROW(store_->commit_object(*staged, {"x", "text/plain", "test"},
                                     [](const ObjectRecord& o) {
                                       return WriteBatch().create("test.file", "taken", {{"object_id", o.id}});
                                     }),
               RecordExists);
  auto objects = store_->metadata().scan_objects();
  ASSERT_TRUE(objects.valid());
  objects.next();
  EXPECT_FALSE(objects.valid()) << "the transaction must roll back the object too";
}

TEST_F(StoreTest, IdenticalContentIsStoredOnce) {
  const ObjectRecord a = put("same bytes", "a");
  const ObjectRecord b = put("same bytes", "b");
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.digests.sha256_hex, b.digests.sha256_hex);
  EXPECT_EQ(files_under("blobs"), 1u);
  EXPECT_EQ(files_under("staging"), 0u);
}

// A blob damaged on disk is refused when opened (the download then fails before its response begins), never read as
// if it were the object's bytes. Each object below has bytes of its own, so no descriptor of it is cached yet.
TEST_F(StoreTest, ABlobMissingTruncatedOrReplacedOnDiskIsRefused) {
  const auto blob_of = [&](const ObjectRecord& o) {
    const std::string& sha = o.digests.sha256_hex;
    return dir_ / "blobs" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  };
  const ObjectRecord missing = put("bytes removed from disk", "missing");
  fs::remove(blob_of(missing));
  EXPECT_THROW(store_->open(missing), std::exception);

  const ObjectRecord truncated = put("bytes cut short on disk", "truncated");
  fs::resize_file(blob_of(truncated), 3);
  EXPECT_THROW(store_->open(truncated), std::exception);

  const ObjectRecord directory = put("bytes replaced by a directory", "directory");
  fs::remove(blob_of(directory));
  fs::create_directory(blob_of(directory));
  EXPECT_THROW(store_->open(directory), std::exception);

  EXPECT_EQ(read_all(put("intact bytes", "intact")), "intact bytes");
}

TEST_F(StoreTest, OrphanedStagesFromACrashAreRemovedAtStart) {
  std::ofstream(dir_ / "staging" / "deadbeef.part") << "partial";
  EXPECT_EQ(store_->blobs().remove_orphaned_stages(), 1u);
  EXPECT_EQ(files_under("staging"), 0u);
}

TEST_F(StoreTest, DataSurvivesReopening) {
  const ObjectRecord o = put("durable", "d");
  store_.reset();
  store_ = Store::open_embedded(dir_, clock_);
  auto found = store_->metadata().object(o.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(read_all(*found), "durable");
}

TEST_F(StoreTest, ChangesByAnotherProcessAreSeenDespiteTheCache) {
  const std::string key = "k";
  store_->metadata().commit(WriteBatch().put("test.kv", key, {{"v", 1}}));
  EXPECT_EQ(store_->metadata().record("test.kv", key)->at("v").as_int64(), 1);  // now cached

  // A second connection stands for the admin CLI writing to the same data dir.
  auto other = open_sqlite_metadata(dir_ / "metadata.sqlite3");
  other->commit(WriteBatch().put("test.kv", key, {{"v", 2}}));
  // The cache asks SQLite whether anything changed at most every 2 ms (a read transaction per lookup would cost
  // a third of the download path); after that the change must be visible.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(store_->metadata().record("test.kv", key)->at("v").as_int64(), 2);
}

TEST_F(StoreTest, ABatchIsAppliedInOrderAndAllOrNothing) {
  store_->metadata().commit(WriteBatch().put("t", "taken", {{"v", 1}}).put("t", "gone", {}));
  EXPECT_THROW(store_->metadata().commit(WriteBatch().put("t", "new", {}).erase("t", "gone").create("t", "taken", {})),
               RecordExists);
  EXPECT_FALSE(store_->metadata().record("t", "new"));
  EXPECT_TRUE(store_->metadata().record("t", "gone"));
  store_->metadata().commit(WriteBatch().erase("t", "taken").create("t", "taken", {{"v", 2}}));
  EXPECT_EQ(store_->metadata().record("t", "taken")->at("v").as_int64(), 2);
}

// Keys around "dir/" that a prefix scan must not pick up: "dir" itself, "dirt", another namespace.
class ScanTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    WriteBatch writes;
    for (const char* k : {"dir/e", "dir/b", "dir/a", "dir/d", "dir/c", "dir", "dirt", "other"}) writes.put("t", k, {});
    writes.put("u", "dir/x", {});
    store_->metadata().commit(writes);
  }

  // Everything left in the scan, as "key" strings.
  static std::string rest(Scan<Record>& it) {
    std::string out;
    for (; it.valid(); it.next()) out += (out.empty() ? "" : " ") + it.key();
    return out;
  }
};

TEST_F(ScanTest, ReadsAPrefixInKeyOrderAcrossPageBoundaries) {
  for (std::size_t page : {1, 2, 5, 6, 1000}) {  // 5: the last page is full, so one more comes back empty
    auto it = store_->metadata().scan("t", "dir/", "", page);
    EXPECT_EQ(rest(it), "dir/a dir/b dir/c dir/d dir/e") << "page size " << page;
  }
  auto all = store_->metadata().scan("t", "", "", 3);
  EXPECT_EQ(rest(all), "dir dir/a dir/b dir/c dir/d dir/e dirt other");
}

TEST_F(ScanTest, SeeksStrictlyAfterAKey) {
  auto it = store_->metadata().scan("t", "dir/", "dir/b", 2);
  EXPECT_EQ(rest(it), "dir/c dir/d dir/e");
  it.seek("dir/bb");
  EXPECT_EQ(rest(it), "dir/c dir/d dir/e");
  it.seek("");
  ASSERT_TRUE(it.valid());
  EXPECT_EQ(it.key(), "dir/a");
  it.seek("dir/e");
  EXPECT_FALSE(it.valid());
  it.seek("a");  // before the prefix: from its first key
  EXPECT_EQ(rest(it), "dir/a dir/b dir/c dir/d dir/e");
}

// A prefix is a byte string: one of non-ASCII text (each character several UTF-8 bytes) still selects exactly the
// keys that start with those bytes, not with as many characters.
TEST_F(StoreTest, APrefixScanOfNonAsciiTextFindsItsKeys) {
  WriteBatch writes;
  for (const char* k : {"d/\xE5\xAD\x90\n/b", "d/\xE5\xAD\x90\n/a", "d/\xE5\xAD\x90x", "d/\xE5\xAD\x91\n/c", "d/"}) {
    writes.put("t", k, {});
  }
  store_->metadata().commit(writes);
  std::vector<std::string> keys;
  for (auto it = store_->metadata().scan("t", "d/\xE5\xAD\x90\n/"); it.valid(); it.next()) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"d/\xE5\xAD\x90\n/a", "d/\xE5\xAD\x90\n/b"}));
  auto after = store_->metadata().scan("t", "d/\xE5\xAD\x90\n/", "d/\xE5\xAD\x90\n/a", 1);
  ASSERT_TRUE(after.valid());
  EXPECT_EQ(after.key(), "d/\xE5\xAD\x90\n/b");
  after.next();
  EXPECT_FALSE(after.valid());
}

TEST_F(ScanTest, AnEmptyNamespaceOrPrefixHasNothing) {
  EXPECT_FALSE(store_->metadata().scan("nothing").valid());
  EXPECT_FALSE(store_->metadata().scan("t", "dir/z").valid());
  auto it = store_->metadata().scan("u");
  ASSERT_TRUE(it.valid());
  EXPECT_TRUE(it.value().empty());
}

TEST_F(StoreTest, ScansEveryObjectInIdOrder) {
  EXPECT_FALSE(store_->metadata().scan_objects().valid());
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.insert(put("object " + std::to_string(i), std::to_string(i)).id);
  std::vector<std::string> scanned;
  for (auto it = store_->metadata().scan_objects(2); it.valid(); it.next()) scanned.push_back(it.value().id);
  EXPECT_EQ(scanned, std::vector<std::string>(ids.begin(), ids.end()));
}

// A store whose database file is empty or not SQLite is refused by name, never silently restarted empty over the
// blobs beside it.
class DamagedDatabaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DamagedDatabaseTest, IsRefusedNamingTheFileWithAHint) {
  const fs::path dir = fs::temp_directory_path() / ("filegate-damaged-db-test-" + random_hex(6));
  fs::create_directories(dir);
  std::ofstream(dir / "metadata.sqlite3", std::ios::binary) << GetParam();
  ManualClock clock;
  try {
    Store::open_embedded(dir, clock);
    ADD_FAILURE() << "a damaged database was opened";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find((dir / "metadata.sqlite3").string()), std::string::npos) << message;
    EXPECT_NE(message.find("restore it from a backup"), std::string::npos) << message;
  }
  EXPECT_EQ(fs::file_size(dir / "metadata.sqlite3"), GetParam().size()) << "the file must be left as it was";
  fs::remove_all(dir);
}

std::string damage_name(const ::testing::TestParamInfo<std::string>& info) {
  static const char* const names[] = {"ZeroBytes", "NotSqlite", "BrokenSqliteHeader"};
  return names[info.index];
}

INSTANTIATE_TEST_SUITE_P(EmptyOrGarbage, DamagedDatabaseTest,
                         ::testing::Values(std::string(), std::string(4096, 'x'),
                                           std::string("SQLite format 3") + std::string(200, '\x01')),
                         damage_name);
