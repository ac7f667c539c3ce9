#include "core/store_verifier.hpp"

#include <unistd.h>

#include <cerrno>
#include <unordered_map>
#include <vector>

namespace filegate::core {
namespace {

constexpr std::size_t kReadSize = 1 << 20;

// The SHA-256 of the blob's bytes as they are on disk; nullopt with `why` set when it cannot be read whole.
std::optional<std::string> hash_of(const BlobStore& blobs, const std::string& sha256_hex, std::uint64_t size,
                                   std::string& why) {
  BlobReader reader;
  try {
    reader = blobs.open(sha256_hex);
  } catch (const std::exception&) {
    why = "cannot be opened";
    return std::nullopt;
  }
  StreamHasher hasher;
  std::vector<std::byte> buffer(kReadSize);
  for (std::uint64_t offset = 0; offset < size;) {
    const ssize_t n = ::pread(reader.fd.get(), buffer.data(), buffer.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      why = n < 0 ? "cannot be read (I/O error)" : "ends before its size";
      return std::nullopt;
    }
    hasher.update(std::span(buffer).first(static_cast<std::size_t>(n)));
    offset += static_cast<std::uint64_t>(n);
  }
  return hasher.finish().sha256_hex;
}

}  // namespace

VerifyReport verify_store(Store& store, const std::function<void(const StoreProblem&)>& found) {
  VerifyReport report;
  const auto problem = [&](const StoreProblem& p) {
    ++report.problems;
    found(p);
  };
  std::unordered_map<std::string, std::uint64_t> sizes;  // of every stored blob, by address
  std::vector<BlobStore::StoredItem> stored;
  store.blobs().list_blobs([&](const BlobStore::StoredItem& blob) { stored.push_back(blob); });
  for (const BlobStore::StoredItem& blob : stored) {
    sizes.emplace(blob.name, blob.bytes);
    ++report.blobs;
    report.bytes += blob.bytes;
    std::string why;
    const auto actual = hash_of(store.blobs(), blob.name, blob.bytes, why);
    if (!actual) {
      problem({blob.name, {}, "the blob " + why});
    } else if (*actual != blob.name) {
      problem({blob.name, {}, "the blob's bytes hash to " + *actual + ", not to its address"});
    }
  }
  for (auto it = store.metadata().scan_objects(); it.valid(); it.next()) {
    const ObjectRecord& object = it.value();
    ++report.objects;
    const auto blob = sizes.find(object.digests.sha256_hex);
    if (blob == sizes.end()) {
      problem({object.digests.sha256_hex, object.id, "the object's blob is not stored"});
    } else if (blob->second != object.digests.size) {
      problem({object.digests.sha256_hex, object.id,
               "the object's blob holds " + std::to_string(blob->second) + " bytes, not " +
                   std::to_string(object.digests.size)});
    }
  }
  return report;
}

}  // namespace filegate::core
