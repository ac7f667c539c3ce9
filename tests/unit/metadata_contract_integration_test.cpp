// The MetadataStore contract, checked on every back end: the embedded SQLite store and PostgreSQL. Dialects rely on
// each of these behaviours, so a back end that differs in one would break a platform's flow only when deployed on it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/node_registry.hpp"
#include "core/postgres_db.hpp"
#include "core/postgres_metadata.hpp"
#include "core/random_ids.hpp"
#include "postgres_server_fixture.hpp"

using namespace filegate::core;
namespace fs = std::filesystem;

namespace {

enum class Backend { sqlite, postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "Sqlite" : "Postgres";
}

ObjectRecord object_named(std::string id, std::string name) {
  ObjectRecord o;
  o.id = std::move(id);
  o.digests.sha256_hex = std::string(64, 'a');
  o.digests.size = 12345;
  o.digests.crc64 = 0xFEDCBA9876543210ULL;  // above INT64_MAX: stored bit for bit
  o.digests.adler32 = 0xFFFFFFFFU;
  o.digests.md5_hex = std::string(32, 'b');
  o.content_type = "text/plain";
  o.name = std::move(name);
  o.origin = "test";
  o.created_at_ms = 1'700'000'000'123;
  return o;
}

class MetadataContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-metadata-test-" + random_hex(6));
    fs::create_directories(dir_);
    if (GetParam() == Backend::postgres) url_ = filegate::testing::PostgresServer::instance().new_database();
    store_ = open();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Another handle on the same metadata: another connection (SQLite) or another node (PostgreSQL).
  std::unique_ptr<MetadataStore> open() {
    return GetParam() == Backend::postgres ? open_postgres_metadata(url_)
                                           : open_sqlite_metadata(dir_ / "metadata.sqlite3");
  }

  std::vector<std::string> keys(std::string_view ns, std::string_view prefix = {}, std::size_t page = 2) {
    std::vector<std::string> out;
    for (auto it = store_->scan(ns, prefix, {}, page); it.valid(); it.next()) out.push_back(it.key());
    return out;
  }

  fs::path dir_;
  std::string url_;
  std::unique_ptr<MetadataStore> store_;
};

TEST_P(MetadataContract, ObjectsAndRecordsComeBackAsCommittedByteForByte) {
  // A name with bytes that are not UTF-8 (an uploader may send any), a key with NUL-free non-ASCII bytes.
  const std::string name = "r\xC3\xA9sum\xC3\xA9 \xFF\xFE.txt";
  store_->commit(WriteBatch{object_named("obj1", name), {}}.put("ns", "k\xE4\xB8\xAD\xFF", {{"object_id", "obj1"}}));

  auto o = store_->object("obj1");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->name, name);
  EXPECT_EQ(o->digests.crc64, 0xFEDCBA9876543210ULL);
  EXPECT_EQ(o->digests.adler32, 0xFFFFFFFFU);
  EXPECT_EQ(o->digests.size, 12345U);
  EXPECT_EQ(o->created_at_ms, 1'700'000'000'123);
  auto r = store_->record("ns", "k\xE4\xB8\xAD\xFF");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("object_id").as_string(), "obj1");
  EXPECT_FALSE(store_->record("ns", "k"));
  EXPECT_FALSE(store_->object("obj2"));
  const ObjectTotals totals = store_->object_totals();
  EXPECT_EQ(totals.objects, 1U);
  EXPECT_EQ(totals.bytes, 12345U);
}

TEST_P(MetadataContract, ACreateOfATakenKeyFailsTheWholeCommit) {
  store_->commit(WriteBatch().create("ns", "a", {{"v", 1}}));
  WriteBatch batch{object_named("obj1", "x"), {}};
  batch.put("ns", "b", {{"v", 2}}).create("ns", "a", {{"v", 3}});
  EXPECT_THROW(store_->commit(batch), RecordExists);
  EXPECT_EQ(store_->record("ns", "a")->at("v").as_int64(), 1);
  EXPECT_FALSE(store_->record("ns", "b"));
  EXPECT_FALSE(store_->object("obj1"));
}

TEST_P(MetadataContract, AConsumeSucceedsOnceAndFailsTheWholeCommitAfter) {
  store_->commit(WriteBatch().put("codes", "c1", {{"v", 1}}));
  store_->commit(WriteBatch().consume("codes", "c1").put("log", "first", {}));
  EXPECT_FALSE(store_->record("codes", "c1"));
  EXPECT_THROW(store_->commit(WriteBatch().put("log", "second", {}).consume("codes", "c1")), RecordMissing);
  EXPECT_TRUE(store_->record("log", "first"));
  EXPECT_FALSE(store_->record("log", "second"));
}

TEST_P(MetadataContract, ScansListKeysInByteOrderAcrossPages) {
  WriteBatch batch;
  for (std::string key : {"b", "a/2", "a/10", "a/1", "a\xFF", "a/\xE4\xB8\xAD", "a", "c"}) batch.put("ns", key, {});
  batch.put("other", "a/1", {});
  store_->commit(batch);
  const std::vector<std::string> all = {"a", "a/1", "a/10", "a/2", "a/\xE4\xB8\xAD", "a\xFF", "b", "c"};
  EXPECT_EQ(keys("ns"), all);
  EXPECT_EQ(keys("ns", "a/"), (std::vector<std::string>{"a/1", "a/10", "a/2", "a/\xE4\xB8\xAD"}));
  EXPECT_EQ(keys("ns", "a\xFF"), (std::vector<std::string>{"a\xFF"}));
  std::vector<std::string> after;
  for (auto it = store_->scan("ns", {}, "a/2", 3); it.valid(); it.next()) after.push_back(it.key());
  EXPECT_EQ(after, (std::vector<std::string>{"a/\xE4\xB8\xAD", "a\xFF", "b", "c"}));
  EXPECT_EQ(store_->record_namespaces(), (std::vector<std::string>{"ns", "other"}));

  std::vector<std::string> ids;
  for (std::string id : {"obj3", "obj1", "obj2"}) store_->commit(WriteBatch{object_named(id, "n"), {}});
  for (auto it = store_->scan_objects(2); it.valid(); it.next()) ids.push_back(it.key());
  EXPECT_EQ(ids, (std::vector<std::string>{"obj1", "obj2", "obj3"}));
}

TEST_P(MetadataContract, OnlyObjectsNoRecordRefersToAreErased) {
  store_->commit(WriteBatch{object_named("obj1", "kept"), {}}.put("ns", "f", {{"object_id", "obj1"}}));
  store_->commit(WriteBatch{object_named("obj2", "orphan"), {}});
  const auto erased = store_->erase_unreferenced_objects({"obj1", "obj2", "obj9"});
  ASSERT_EQ(erased.size(), 1U);
  EXPECT_EQ(erased[0].id, "obj2");
  EXPECT_EQ(erased[0].name, "orphan");
  EXPECT_TRUE(store_->object("obj1"));
  EXPECT_FALSE(store_->object("obj2"));
}

TEST_P(MetadataContract, ACopyRestoresEveryRecordAndObjectAsTheyWere) {
  store_->commit(WriteBatch{object_named("obj1", "\xFF name"), {}}.put("ns", "k1", {{"object_id", "obj1"}}));
  const fs::path copy = dir_ / "copy.sqlite3";
  store_->save_copy(copy);
  EXPECT_TRUE(store_->object("obj1"));  // fills the cache, which the restore must not leave stale
  store_->commit(WriteBatch{object_named("obj2", "later"), {}}.put("ns", "k1", {{"v", "changed"}}).put("ns", "k2", {}));

  store_->restore_copy(copy);
  EXPECT_EQ(store_->record("ns", "k1")->at("object_id").as_string(), "obj1");
  EXPECT_FALSE(store_->record("ns", "k2"));
  EXPECT_FALSE(store_->object("obj2"));
  EXPECT_EQ(store_->object("obj1")->name, "\xFF name");
  // The copy is an embedded store's database whatever the back end: an export carries it.
  EXPECT_EQ(open_sqlite_metadata(copy)->record("ns", "k1")->at("object_id").as_string(), "obj1");
}

TEST_P(MetadataContract, ChangesThroughAnotherHandleAreSeenDespiteTheCache) {
  store_->commit(WriteBatch().put("ns", "k", {{"v", 1}}));
  ASSERT_EQ(store_->record("ns", "k")->at("v").as_int64(), 1);  // cached now
  auto other = open();
  other->commit(WriteBatch().put("ns", "k", {{"v", 2}}).put("ns", "new", {}));
  EXPECT_TRUE(store_->record("ns", "new"));  // absence is never cached: visible at once
  // A change to a cached entry reaches the cache within the back end's bound (a few milliseconds): wait for it, up
  // to a generous limit, so that a slow machine does not fail the test but a cache that is never dropped does.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store_->record("ns", "k")->at("v").as_int64() != 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(store_->record("ns", "k")->at("v").as_int64(), 2);
  other->commit(WriteBatch().erase("ns", "k"));
  while (store_->record("ns", "k") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_FALSE(store_->record("ns", "k"));
}

TEST_P(MetadataContract, OfConcurrentConsumesAndCreatesThroughTwoHandlesExactlyOneWins) {
  auto other = open();
  for (int round = 0; round < 20; ++round) {
    const std::string key = "k" + std::to_string(round);
    store_->commit(WriteBatch().put("codes", key, {}));
    std::atomic<int> consumed{0};
    std::atomic<int> created{0};
    auto race = [&](MetadataStore& handle) {
      try {
        handle.commit(WriteBatch().consume("codes", key));
        ++consumed;
      } catch (const RecordMissing&) {
      }
      try {
        handle.commit(WriteBatch().create("made", key, {}));
        ++created;
      } catch (const RecordExists&) {
      }
    };
    std::thread a([&] { race(*store_); });
    std::thread b([&] { race(*other); });
    a.join();
    b.join();
    EXPECT_EQ(consumed.load(), 1) << key;
    EXPECT_EQ(created.load(), 1) << key;
  }
}

// A read-then-write in an exclusive section (how the SMH tree changes) as `rounds` increments of one counter.
void increment_in_sections(MetadataStore& store, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    const auto exclusive = store.exclusive("counter");
    const auto current = store.record("counters", "c");
    store.commit(WriteBatch().put("counters", "c", {{"n", (current ? current->at("n").as_int64() : 0) + 1}}));
  }
}

TEST_P(MetadataContract, ExclusiveSectionsOfOneProcessLoseNoUpdate) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { increment_in_sections(*store_, 50); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(store_->record("counters", "c")->at("n").as_int64(), 200);
}

// Two handles (two nodes over PostgreSQL; the server and the admin CLI over SQLite), each with the counter in its
// cache: a section on one must see the other's last commit at once, before any notification arrives, and no two
// sections may overlap, or increments are lost.
TEST_P(MetadataContract, ExclusiveSectionsSpanProcessesAndReadPastTheCache) {
  auto one = open();
  auto two = open();
  one->commit(WriteBatch().put("counters", "c", {{"n", 0}}));
  ASSERT_TRUE(one->record("counters", "c"));
  ASSERT_TRUE(two->record("counters", "c"));
  std::vector<std::thread> threads;
  for (MetadataStore* handle : {one.get(), two.get(), one.get(), two.get()}) {
    threads.emplace_back([handle] { increment_in_sections(*handle, 100); });
  }
  for (auto& t : threads) t.join();
  auto three = open();
  EXPECT_EQ(three->record("counters", "c")->at("n").as_int64(), 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, MetadataContract, ::testing::Values(Backend::sqlite, Backend::postgres),
                         backend_name);

TEST(PostgresMetadata, NodesStartingTogetherMigrateTheSchemaOnce) {
  const std::string url = filegate::testing::PostgresServer::instance().new_database();
  std::vector<std::unique_ptr<MetadataStore>> nodes(4);
  std::vector<std::thread> starts;
  for (auto& node : nodes) starts.emplace_back([&node, &url] { node = open_postgres_metadata(url); });
  for (auto& t : starts) t.join();
  nodes[0]->commit(WriteBatch().put("ns", "k", {}));
  for (auto& node : nodes) EXPECT_TRUE(node->record("ns", "k"));
}

TEST(PostgresMetadata, ANewerSchemaIsRefusedRatherThanMisread) {
  const std::string url = filegate::testing::PostgresServer::instance().new_database();
  open_postgres_metadata(url).reset();
  postgres::Connection(url).exec("UPDATE filegate_schema SET version = 99");
  EXPECT_THROW(open_postgres_metadata(url), std::runtime_error);
}

TEST(PostgresUrl, APasswordNeverReachesABannerOrAnError) {
  EXPECT_EQ(postgres::redacted_url("postgresql://fg:s3cret@db.example:5432/filegate"),
            "postgresql://fg:***@db.example:5432/filegate");
  EXPECT_EQ(postgres::redacted_url("postgresql://db/filegate?user=fg&password=s3cret"),
            "postgresql://db/filegate?user=fg&password=***");
  EXPECT_EQ(postgres::redacted_url("postgresql://fg@db/filegate"), "postgresql://fg@db/filegate");
  try {
    postgres::Connection("postgresql://fg:s3cret@127.0.0.1:1/filegate?connect_timeout=2");
    FAIL() << "connected to nothing";
  } catch (const postgres::Error& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST(PostgresUrl, OnlyPostgresUrlsSelectTheBackend) {
  EXPECT_TRUE(is_postgres_url("postgresql://h/db"));
  EXPECT_TRUE(is_postgres_url("postgres://h/db"));
  EXPECT_FALSE(is_postgres_url("host=h dbname=db"));
  EXPECT_FALSE(is_postgres_url("mysql://h/db"));
}

// Read-your-writes through a balancer: once a commit on one node returns, no other node answers from what it had
// cached before. Each round caches the record on the second node, changes or erases it on the first, and reads it
// on the second at once (without the wait for the other nodes, most rounds read the old value).
TEST(PostgresMetadata, ACommitReturnsOnlyOnceEveryOtherNodeHasDroppedWhatItChanged) {
  const std::string url = filegate::testing::PostgresServer::instance().new_database();
  auto one = open_postgres_metadata(url);
  auto two = open_postgres_metadata(url);
  for (int round = 0; round < 100; ++round) {
    one->commit(WriteBatch().put("ns", "k", {{"round", round}}));
    ASSERT_EQ(two->record("ns", "k")->at("round").as_int64(), round);  // cached by two from here on
    if (round % 2 == 0) {
      one->commit(WriteBatch().put("ns", "k", {{"round", round + 1000}}));
      ASSERT_EQ(two->record("ns", "k")->at("round").as_int64(), round + 1000) << "round " << round;
    } else {
      one->commit(WriteBatch().erase("ns", "k"));
      ASSERT_FALSE(two->record("ns", "k")) << "round " << round;
    }
  }
}

// The node registry lives beside the records: a reset (restore_copy) must not forget which nodes are up.
TEST(PostgresNodeRegistry, NodesFindEachOtherOldestFirstAndSurviveARestore) {
  const std::string url = filegate::testing::PostgresServer::instance().new_database();
  auto metadata = open_postgres_metadata(url);
  auto first = open_postgres_node_registry(url);
  auto second = open_postgres_node_registry(url);
  first->announce("node-a", "http://127.0.0.1:1001");
  second->announce("node-b", "http://127.0.0.1:1002");
  first->announce("node-a", "http://127.0.0.1:1001");  // a renewal keeps the start time

  const auto copy = std::filesystem::temp_directory_path() / ("registry-copy-" + std::to_string(::getpid()));
  metadata->save_copy(copy);
  metadata->restore_copy(copy);
  std::filesystem::remove(copy);

  const auto live = second->live_nodes();
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].id, "node-a");
  EXPECT_EQ(live[0].url, "http://127.0.0.1:1001");
  EXPECT_EQ(live[1].id, "node-b");
  EXPECT_LE(live[0].started_at_ms, live[1].started_at_ms);

  first->leave("node-a");
  const auto after = second->live_nodes();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, "node-b");
}

// A node that stopped renewing (killed) drops out once it has not been seen for kPresumedGoneAfter.
TEST(PostgresNodeRegistry, ANodeNotSeenForAWhileIsPresumedGone) {
  const std::string url = filegate::testing::PostgresServer::instance().new_database();
  auto metadata = open_postgres_metadata(url);
  auto registry = open_postgres_node_registry(url);
  registry->announce("quiet", "http://127.0.0.1:1003");
  registry->announce("busy", "http://127.0.0.1:1004");
  postgres::Connection(url).exec("UPDATE filegate_nodes SET seen_at = now() - interval '1 minute' WHERE id = 'quiet'");
  const auto live = registry->live_nodes();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].id, "busy");
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  filegate::testing::PostgresServer::instance();  // started once, before the first test
  return RUN_ALL_TESTS();
}
