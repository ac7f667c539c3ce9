// The S3 blob store (core/s3_blob_store.hpp) against the one-node Ceph of s3_ceph_fixture.hpp: blobs published into
// the bucket, served from a node's read cache, shared between nodes, collected, and nothing left by a failed upload.
// Each test works under a key prefix of its own, so tests never see each other's objects.
#include "core/s3_blob_store.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/digests.hpp"
#include "core/garbage_collector.hpp"
#include "core/local_stage.hpp"
#include "core/metadata_store.hpp"
#include "core/random_ids.hpp"
#include "core/store.hpp"
#include "s3_ceph_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace filegate::core;
using namespace filegate::s3_test;

constexpr std::uint64_t MiB = 1 << 20;

std::string read_all(const BlobReader& reader) {
  std::string out(reader.size, '\0');
  for (std::size_t done = 0; done < out.size();) {
    const ssize_t n = ::pread(reader.fd.get(), out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n <= 0) throw std::runtime_error("short read");
    done += static_cast<std::size_t>(n);
  }
  return out;
}

std::size_t regular_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

// Relays TCP connections on a loopback port of its own to the store, counting the GET requests that pass: how a
// test sees how often a node fetched a blob. (SigV4 signs the Host header the client sent, which the relay leaves
// alone, so the store accepts the requests.)
class CountingProxy {
 public:
  explicit CountingProxy(int upstream_port) : upstream_port_(upstream_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("proxy: no listening socket");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~CountingProxy() {
    stop_ = true;
    acceptor_.join();
    ::close(listener_);
    for (std::thread& t : relays_) t.join();
  }
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  int port() const { return port_; }
  int gets() const { return gets_.load(); }

 private:
  static sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    return address;
  }
  void accept_loop() {
    while (!stop_) {
      pollfd ready{listener_, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0) continue;
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
      const sockaddr_in address = loopback(upstream_port_);
      if (upstream < 0 || ::connect(upstream, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(client);
        if (upstream >= 0) ::close(upstream);
        continue;
      }
      relays_.emplace_back([this, client, upstream] { relay(client, upstream); });
    }
  }
  // Both directions until either side closes or the proxy stops.
  void relay(int client, int upstream) {
    std::array<char, 65536> buffer{};
    std::string tail;  // the end of what the client sent last, for a request line split between two reads
    while (!stop_) {
      std::array<pollfd, 2> fds{pollfd{client, POLLIN, 0}, pollfd{upstream, POLLIN, 0}};
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      bool closed = false;
      for (int i = 0; i < 2 && !closed; ++i) {
        if (fds[i].revents == 0) continue;
        const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
        if (n <= 0) {
          closed = true;
          break;
        }
        if (i == 0) {
          std::string seen = tail + std::string(buffer.data(), static_cast<std::size_t>(n));
          for (std::size_t at = seen.find("GET /"); at != std::string::npos; at = seen.find("GET /", at + 1)) {
            if (at + 5 > tail.size()) ++gets_;  // not counted with the previous read
          }
          tail = seen.substr(seen.size() - std::min<std::size_t>(seen.size(), 4));
        }
        const int to = i == 0 ? upstream : client;
        for (ssize_t sent = 0; sent < n;) {
          const ssize_t m = ::write(to, buffer.data() + sent, static_cast<std::size_t>(n - sent));
          if (m <= 0) {
            closed = true;
            break;
          }
          sent += m;
        }
      }
      if (closed) break;
    }
    ::close(client);
    ::close(upstream);
  }

  int upstream_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> gets_{0};
  std::thread acceptor_;
  std::vector<std::thread> relays_;  // only the acceptor adds to it; joined after it has stopped
};

class S3BlobStoreTest : public CephTest {
 protected:
  void SetUp() override {
    CephTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = (fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "filegate-s3blob-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    prefix_ = "t-" + random_hex(6) + "/";
  }
  void TearDown() override {
    if (dir_.empty()) return;
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  const Client& client() const { return *ceph->client; }

  // A node: its own local directory, the shared bucket, this test's prefix.
  std::unique_ptr<BlobStore> node(const std::string& name, S3BlobOptions options = {}) const {
    options.prefix = prefix_;
    return make_s3_blob_store(ceph->config(), dir_ / name, options);
  }
  std::unique_ptr<Store> store_on(const std::string& name, S3BlobOptions options = {}) {
    return std::make_unique<Store>(node(name, std::move(options)), open_sqlite_metadata(dir_ / (name + ".sqlite3")),
                                   clock_);
  }

  // Every key under this test's prefix (and `under` it), without the prefix, with its Last-Modified.
  std::map<std::string, std::int64_t> keys(const std::string& under = "") const {
    std::map<std::string, std::int64_t> out;
    client().for_each_object(prefix_ + under, [&](const filegate::core::s3::ObjectSummary& o) {
      out.emplace(o.key.substr(prefix_.size()), o.last_modified_ms);
    });
    return out;
  }
  std::size_t pending_multipart_uploads() const { return client().list_multipart_uploads(prefix_).size(); }

  static std::unique_ptr<StagedBlob> staged(BlobStore& blobs, const std::string& bytes) {
    auto stage = blobs.stage(false);
    for (std::size_t at = 0; at < bytes.size(); at += MiB) {
      stage->write(as_bytes(std::string_view(bytes).substr(at, MiB)));
    }
    return stage;
  }
  // Publishes `bytes` on `blobs`; returns their address.
  static std::string publish(BlobStore& blobs, const std::string& bytes) {
    auto stage = staged(blobs, bytes);
    std::string sha = stage->seal().sha256_hex;
    blobs.publish(*stage);
    return sha;
  }

  fs::path dir_;
  std::string prefix_;
  ManualClock clock_;
};

TEST_F(S3BlobStoreTest, AStoreRoundTripsAnObjectThroughTheBucket) {
  auto store = store_on("node1");
  const std::string bytes = pattern(1, 0, 5 * MiB + 123);
  auto stage = staged(store->blobs(), bytes);
  const ObjectRecord object = store->commit_object(*stage, {"f.bin", "application/octet-stream", "test"},
                                                   [](const ObjectRecord&) { return WriteBatch(); });
  EXPECT_EQ(object.digests.sha256_hex, sha256_hex(as_bytes(bytes)));
  EXPECT_EQ(object.digests.size, bytes.size());

  // In the bucket under its address, whole.
  const auto stored = keys();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored.begin()->first, "blobs/" + object.digests.sha256_hex);
  EXPECT_EQ(client().head_object(prefix_ + "blobs/" + object.digests.sha256_hex).size, bytes.size());
  // The stage became the cached copy.
  EXPECT_EQ(regular_files(dir_ / "node1" / "staging"), 0U);
  EXPECT_TRUE(fs::exists(dir_ / "node1" / "cache" / object.digests.sha256_hex));

  const std::string back = read_all(store->open(object));
  EXPECT_EQ(back.size(), bytes.size());
  EXPECT_TRUE(back == bytes);
}

TEST_F(S3BlobStoreTest, LargeBlobsStreamIntoTheBucketWhileTheyArrive) {
  S3BlobOptions options;
  options.multipart_threshold = 6 * MiB;
  options.part_size = 5 * MiB;
  auto blobs = node("node1", options);
  const std::string bytes = pattern(2, 0, 12 * MiB + 7);
  auto stage = staged(*blobs, bytes);
  // Past the threshold, before the last byte: a multipart upload under incoming/ is taking the parts.
  EXPECT_EQ(client().list_multipart_uploads(prefix_ + "incoming/").size(), 1U);
  const std::string sha = stage->seal().sha256_hex;
  blobs->publish(*stage);
  // Whole, under its address only: nothing left under incoming/, no upload pending.
  const auto stored = keys();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored.begin()->first, "blobs/" + sha);
  EXPECT_EQ(client().head_object(prefix_ + "blobs/" + sha).size, bytes.size());
  EXPECT_EQ(pending_multipart_uploads(), 0U);
  // Read back by a node without it in its cache.
  EXPECT_TRUE(read_all(node("node2")->open(sha)) == bytes);

  // The same bytes again: the parts sent meanwhile are dropped, the blob stays one.
  const std::string again = publish(*blobs, bytes);
  EXPECT_EQ(again, sha);
  EXPECT_EQ(keys().size(), 1U);
  EXPECT_EQ(pending_multipart_uploads(), 0U);

  // A large part of a multipart upload streams too, and lands under its own name.
  blobs->keep_part(*staged(*blobs, bytes), "up1", "1");
  EXPECT_EQ(keys("parts/").size(), 1U);
  EXPECT_TRUE(keys("incoming/").empty());
  EXPECT_EQ(pending_multipart_uploads(), 0U);
  auto assembly = node("node2")->stage(false);
  node("node2")->append_part("up1", "1", bytes.size(), *assembly);
  EXPECT_EQ(assembly->seal().sha256_hex, sha);
}

TEST_F(S3BlobStoreTest, AStreamedUploadDroppedBeforeItsPublishIsAborted) {
  S3BlobOptions options;
  options.multipart_threshold = 6 * MiB;
  options.part_size = 5 * MiB;
  auto blobs = node("node1", options);
  staged(*blobs, pattern(42, 0, 16 * MiB)).reset();
  // Aborted on the store's upload threads (a stage may be dropped on an event loop), once its parts are through.
  for (int i = 0; i < 200 && pending_multipart_uploads() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(pending_multipart_uploads(), 0U);
  EXPECT_TRUE(keys().empty());
  EXPECT_EQ(regular_files(dir_ / "node1" / "staging"), 0U);
}

TEST_F(S3BlobStoreTest, IdenticalContentIsStoredOnceAndPublishingItAgainRenewsIt) {
  auto blobs = node("node1");
  const std::string bytes = pattern(3, 0, 2 * MiB);
  const std::string sha = publish(*blobs, bytes);
  const std::int64_t first = keys().at("blobs/" + sha);
  // S3 dates objects to the second at best: the renewal must fall in a later one to be seen.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // Published again, by another node: nothing is uploaded (its staged copy is cut short, which an upload would
  // find), but the blob counts as published now.
  auto two = node("node2");
  auto again = staged(*two, bytes);
  EXPECT_EQ(again->seal().sha256_hex, sha);
  fs::resize_file(dynamic_cast<LocalStagedBlob&>(*again).path(), MiB);
  two->publish(*again);
  const auto stored = keys();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_GT(stored.at("blobs/" + sha), first);
  EXPECT_GE(stored.at("blobs/" + sha), first + 1000);
  EXPECT_TRUE(read_all(blobs->open(sha)) == bytes);
}

TEST_F(S3BlobStoreTest, AnotherNodeOpensWhatOneNodePublished) {
  auto one = node("node1");
  const std::string bytes = pattern(4, 0, 8 * MiB + 5);
  const std::string sha = publish(*one, bytes);

  // The second node reaches the store through a proxy that counts its GETs.
  const CountingProxy proxy(std::stoi(ceph->endpoint.substr(ceph->endpoint.rfind(':') + 1)));
  Config through_proxy = ceph->config();
  through_proxy.endpoint = "http://127.0.0.1:" + std::to_string(proxy.port());
  S3BlobOptions options;
  options.prefix = prefix_;
  auto two = make_s3_blob_store(through_proxy, dir_ / "node2", options);
  EXPECT_FALSE(fs::exists(dir_ / "node2" / "cache" / sha));
  // Several readers at once: one download, every reader served the whole blob.
  std::vector<std::string> seen(8);
  std::vector<std::thread> readers;
  readers.reserve(seen.size());
  for (std::string& out : seen) readers.emplace_back([&] { out = read_all(two->open(sha)); });
  for (std::thread& t : readers) t.join();
  for (const std::string& out : seen) EXPECT_TRUE(out == bytes);
  EXPECT_EQ(proxy.gets(), 1);
  EXPECT_TRUE(fs::exists(dir_ / "node2" / "cache" / sha));
  EXPECT_EQ(regular_files(dir_ / "node2" / "cache"), 1U);  // no download left half-way
  // Served from the cache from now on.
  EXPECT_TRUE(read_all(two->open(sha)) == bytes);
  EXPECT_EQ(proxy.gets(), 1);
  two.reset();  // its connections close before the proxy stops
}

// What a download's event loop may open itself: a cached copy, never a fetch from the bucket (http::open_blob
// leaves those to the blocking pool).
TEST_F(S3BlobStoreTest, OnlyACachedCopyIsAtHand) {
  auto one = node("node1");
  const std::string bytes = pattern(9, 0, MiB + 3);
  const std::string sha = publish(*one, bytes);
  const auto at_hand = one->open_if_at_hand(sha);  // the publishing node cached its stage
  ASSERT_TRUE(at_hand.has_value());
  EXPECT_TRUE(read_all(*at_hand) == bytes);

  auto two = node("node2");
  EXPECT_FALSE(two->open_if_at_hand(sha).has_value());
  EXPECT_FALSE(fs::exists(dir_ / "node2" / "cache" / sha));  // and nothing was fetched
  EXPECT_TRUE(read_all(two->open(sha)) == bytes);
  const auto cached = two->open_if_at_hand(sha);
  ASSERT_TRUE(cached.has_value());
  EXPECT_TRUE(read_all(*cached) == bytes);

  // The store keeps the cached copy's descriptor: removed behind its back, the copy is still served (the same
  // bytes) until the store evicts it; a node restarted without the file fetches it again.
  fs::remove(dir_ / "node2" / "cache" / sha);
  const auto kept = two->open_if_at_hand(sha);
  ASSERT_TRUE(kept.has_value());
  EXPECT_TRUE(read_all(*kept) == bytes);
  two = node("node2");
  EXPECT_FALSE(two->open_if_at_hand(sha).has_value());
  EXPECT_TRUE(read_all(two->open(sha)) == bytes);
  EXPECT_THROW(two->open_if_at_hand("not-a-sha"), std::invalid_argument);
}

TEST_F(S3BlobStoreTest, DownloadURLsArePresignedOnlyWhenAskedForAndForThePublicEndpoint) {
  auto proxying = node("node1");
  const std::string sha = publish(*proxying, "presigned bytes");
  const std::int64_t expires_s = SystemClock().now_s() + 600;
  EXPECT_FALSE(proxying->presigned_url(sha, expires_s, "text/plain", "").has_value());

  S3BlobOptions options;
  options.presign_downloads = true;
  auto presigning = node("node2", options);
  const auto url = presigning->presigned_url(sha, expires_s, "text/plain", "attachment");
  ASSERT_TRUE(url.has_value());
  EXPECT_TRUE(url->starts_with(ceph->endpoint + "/")) << *url;
  EXPECT_NE(url->find("blobs/" + sha), std::string::npos);
  EXPECT_NE(url->find("response-content-type=text%2Fplain"), std::string::npos) << *url;
  EXPECT_NE(url->find("response-content-disposition=attachment"), std::string::npos) << *url;
  // Valid until expires_s: the seconds left when it was signed (a second may have passed since).
  const std::size_t ttl_at = url->find("X-Amz-Expires=");
  ASSERT_NE(ttl_at, std::string::npos);
  const int ttl = std::stoi(url->substr(ttl_at + 14));
  EXPECT_GE(ttl, 598);
  EXPECT_LE(ttl, 600);
  EXPECT_EQ(presigning->presigned_url(sha, expires_s, "text/plain", "")->find("response-content-disposition"),
            std::string::npos);

  options.public_endpoint = "https://files.example.com";
  const auto public_url = node("node3", options)->presigned_url(sha, expires_s, "text/plain", "");
  ASSERT_TRUE(public_url.has_value());
  EXPECT_TRUE(public_url->starts_with("https://files.example.com/")) << *public_url;
}

TEST_F(S3BlobStoreTest, AMissingBlobThrowsAsTheLocalStoreDoesAndLeavesNoCacheFile) {
  auto blobs = node("node1");
  const std::string absent = sha256_hex(as_bytes("never stored"));
  try {
    blobs->open(absent);
    FAIL() << "opened a blob that is not there";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
  }
  EXPECT_EQ(regular_files(dir_ / "node1" / "cache"), 0U);
  EXPECT_THROW(blobs->open("not-a-sha"), std::invalid_argument);
}

TEST_F(S3BlobStoreTest, BytesInTheBucketThatDoNotMatchTheirAddressAreNeverServed) {
  const std::string sha = sha256_hex(as_bytes("the real bytes"));
  const std::string other = "other bytes, damaged in the store";
  std::size_t offset = 0;
  client().put_object(prefix_ + "blobs/" + sha, other.size(), [&](std::span<std::byte> buffer) {
    const std::size_t n = std::min(buffer.size(), other.size() - offset);
    std::memcpy(buffer.data(), other.data() + offset, n);
    offset += n;
    return n;
  });
  auto blobs = node("node1");
  EXPECT_THROW(blobs->open(sha), std::runtime_error);
  EXPECT_EQ(regular_files(dir_ / "node1" / "cache"), 0U);
}

TEST_F(S3BlobStoreTest, PartsKeptByOneNodeAreAppendedByAnother) {
  auto one = node("node1");
  const std::string first = pattern(5, 0, 5 * MiB);
  const std::string second = pattern(5, 5 * MiB, 1 * MiB + 17);
  one->keep_part(*staged(*one, first), "up1", "1");
  one->keep_part(*staged(*one, second), "up1", "2");
  EXPECT_EQ(regular_files(dir_ / "node1" / "staging"), 0U);
  EXPECT_EQ(keys("parts/").size(), 2U);

  auto two = node("node2");
  std::vector<BlobStore::StoredItem> uploads;
  two->list_part_uploads([&](const BlobStore::StoredItem& item) { uploads.push_back(item); });
  ASSERT_EQ(uploads.size(), 1U);
  EXPECT_EQ(uploads[0].name, "up1");
  EXPECT_EQ(uploads[0].bytes, first.size() + second.size());

  // A part of another size than recorded adds nothing.
  auto assembly = two->stage(false);
  EXPECT_THROW(two->append_part("up1", "1", first.size() + 1, *assembly), std::runtime_error);
  EXPECT_EQ(assembly->size_so_far(), 0U);
  two->append_part("up1", "1", first.size(), *assembly);
  two->append_part("up1", "2", second.size(), *assembly);
  EXPECT_EQ(assembly->seal().sha256_hex, sha256_hex(as_bytes(first + second)));
  try {
    two->append_part("up1", "3", 1, *two->stage(false));
    FAIL() << "appended a part that was never kept";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
  }

  two->remove_parts("up1");
  EXPECT_TRUE(keys("parts/").empty());
}

TEST_F(S3BlobStoreTest, TheCacheStaysWithinItsBoundAndEvictedBlobsComeBack) {
  S3BlobOptions options;
  options.cache_bytes = 3 * MiB;
  auto blobs = node("node1", options);
  const fs::path cache = dir_ / "node1" / "cache";
  std::vector<std::string> contents;
  std::vector<std::string> shas;
  for (std::uint64_t seed = 10; seed < 13; ++seed) {
    contents.push_back(pattern(seed, 0, 2 * MiB));
    shas.push_back(publish(*blobs, contents.back()));
  }
  // 2 MiB each in a 3 MiB cache: only the latest stays.
  EXPECT_EQ(regular_files(cache), 1U);
  EXPECT_TRUE(fs::exists(cache / shas[2]));

  // The first comes back from the bucket, and takes the latest's place.
  EXPECT_TRUE(read_all(blobs->open(shas[0])) == contents[0]);
  EXPECT_TRUE(fs::exists(cache / shas[0]));
  EXPECT_FALSE(fs::exists(cache / shas[2]));
  EXPECT_EQ(regular_files(cache), 1U);

  // A blob larger than the whole cache is served all the same, through the descriptor it was opened with.
  const std::string big = pattern(13, 0, 4 * MiB);
  const std::string big_sha = publish(*node("node2"), big);
  const BlobReader reader = blobs->open(big_sha);
  EXPECT_FALSE(fs::exists(cache / big_sha));
  EXPECT_TRUE(read_all(reader) == big);

  // A restarted node counts what its cache holds against the bound.
  options.cache_bytes = 1 * MiB;
  node("node1", options);
  EXPECT_EQ(regular_files(cache), 0U);
}

TEST_F(S3BlobStoreTest, GarbageCollectionRemovesUnreferencedBlobsAfterTheirGraceOnly) {
  auto store = store_on("node1");
  const auto commit = [&](const std::string& bytes) {
    auto stage = staged(store->blobs(), bytes);
    return store->commit_object(*stage, {"f.bin", "application/octet-stream", "test"},
                                [](const ObjectRecord&) { return WriteBatch(); });
  };
  const ObjectRecord kept = commit(pattern(20, 0, MiB));
  const ObjectRecord dropped = commit(pattern(21, 0, MiB));
  store->metadata().commit(WriteBatch().put("test.file", "k", {{"object_id", kept.id}}));
  store->blobs().keep_part(*staged(store->blobs(), pattern(22, 0, 1000)), "orphan", "1");
  clock_.advance_ms(2 * 3'600'000);  // the object records are old; the bytes in the bucket are fresh

  // Within the grace period: the unreferenced object's record goes, its fresh blob and the fresh parts stay.
  GarbageReport report = collect_garbage(*store, {});
  EXPECT_EQ(report.objects, 1U);
  EXPECT_EQ(report.blobs, 0U);
  EXPECT_EQ(report.part_uploads, 0U);
  EXPECT_EQ(keys("blobs/").size(), 2U);

  // A cutoff before the blob's last publish keeps it.
  const std::int64_t published = keys().at("blobs/" + dropped.digests.sha256_hex);
  EXPECT_FALSE(store->blobs().remove_blob_idle_since(dropped.digests.sha256_hex, published - 1));

  // Without grace: the unreferenced blob and parts go, the referenced blob stays.
  GarbageOptions now;
  now.grace_ms = 0;
  report = collect_garbage(*store, now);
  EXPECT_EQ(report.blobs, 1U);
  EXPECT_EQ(report.blob_bytes, MiB);
  EXPECT_EQ(report.part_uploads, 1U);
  const auto left = keys();
  ASSERT_EQ(left.size(), 1U);
  EXPECT_EQ(left.begin()->first, "blobs/" + kept.digests.sha256_hex);
  EXPECT_FALSE(fs::exists(dir_ / "node1" / "cache" / dropped.digests.sha256_hex));
  EXPECT_TRUE(read_all(store->open(kept)) == pattern(20, 0, MiB));
  EXPECT_FALSE(store->blobs().remove_blob_idle_since(dropped.digests.sha256_hex, published + 3'600'000));
}

TEST_F(S3BlobStoreTest, AQuarantinedBlobIsKeptAsideAndNeverServed) {
  auto one = node("node1");
  const std::string sha = publish(*one, pattern(30, 0, 1000));
  EXPECT_TRUE(one->quarantine_blob(sha));
  const auto stored = keys();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored.begin()->first, "quarantine/" + sha);
  EXPECT_THROW(one->open(sha), std::system_error);
  EXPECT_THROW(node("node2")->open(sha), std::system_error);
  EXPECT_FALSE(one->quarantine_blob(sha));
}

TEST_F(S3BlobStoreTest, AFailedUploadLeavesNothingInTheBucket) {
  S3BlobOptions options;
  options.multipart_threshold = 6 * MiB;
  options.part_size = 5 * MiB;
  auto blobs = node("node1", options);
  {
    // Abandoned before its publish.
    auto stage = staged(*blobs, pattern(40, 0, 2 * MiB));
  }
  // The staged file found short while it is sent (the request's body reader throws): one PUT, then a multipart
  // upload whose second part fails.
  for (const std::uint64_t size : {2 * MiB, 12 * MiB}) {
    auto stage = staged(*blobs, pattern(41, 0, size));
    stage->seal();
    fs::resize_file(dynamic_cast<LocalStagedBlob&>(*stage).path(), size - MiB / 2 - 3 * MiB * (size > 6 * MiB));
    EXPECT_THROW(blobs->publish(*stage), std::exception) << size;
  }
  EXPECT_TRUE(keys().empty());
  EXPECT_EQ(pending_multipart_uploads(), 0U);
  EXPECT_EQ(regular_files(dir_ / "node1" / "staging"), 0U);
}

TEST_F(S3BlobStoreTest, RemovingOrphanedStagesAbortsAbandonedMultipartUploadsOnceOld) {
  const std::string sha = sha256_hex(as_bytes("half uploaded"));
  const std::string upload_id = client().create_multipart_upload(prefix_ + "blobs/" + sha);
  client().create_multipart_upload(prefix_ + "parts/u/1");
  client().create_multipart_upload(prefix_ + "incoming/streaming");
  // Completed by a node that crashed before copying it to its address.
  client().put_object(prefix_ + "incoming/stranded", 3, [sent = false](std::span<std::byte> buffer) mutable {
    if (sent) return std::size_t{0};
    sent = true;
    std::memcpy(buffer.data(), "abc", 3);
    return std::size_t{3};
  });
  S3BlobOptions options;
  auto blobs = node("node1", options);
  auto left_behind = blobs->stage(false);
  left_behind->write(as_bytes("crashed"));
  dynamic_cast<LocalStagedBlob&>(*left_behind).mark_published();  // as if the process had died: the file stays
  left_behind.reset();

  // A day old at the least before they count as abandoned: these are an upload in flight.
  EXPECT_EQ(blobs->remove_orphaned_stages(), 1U);
  EXPECT_EQ(pending_multipart_uploads(), 3U);
  EXPECT_EQ(keys("incoming/").size(), 1U);
  EXPECT_EQ(regular_files(dir_ / "node1" / "staging"), 0U);

  options.abandoned_upload_age_ms = 0;
  EXPECT_EQ(node("node1", options)->remove_orphaned_stages(), 4U);
  EXPECT_EQ(pending_multipart_uploads(), 0U);
  EXPECT_TRUE(keys().empty());
  EXPECT_FALSE(upload_id.empty());
}

TEST_F(S3BlobStoreTest, KeysLiveUnderThePrefixWhichGetsItsSlash) {
  S3BlobOptions options;
  options.prefix = prefix_.substr(0, prefix_.size() - 1);  // "t-xxxx", no slash
  auto blobs = make_s3_blob_store(ceph->config(), dir_ / "node1", options);
  const std::string sha = publish(*blobs, "abc");
  EXPECT_EQ(keys().count("blobs/" + sha), 1U);
}

}  // namespace
