#include "core/store_migration.hpp"

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/errno_error.hpp"
#include "core/upload_parts.hpp"

namespace filegate::core {
namespace {

// Streams the blob into a stage of `to`, a buffer at a time; publishes it only if its bytes hash to its address.
bool copy_blob(const BlobStore& from, BlobStore& to, const std::string& sha256_hex) {
  const BlobReader reader = from.open(sha256_hex);
  const auto staged = to.stage(false);
  for (std::uint64_t offset = 0; offset < reader.size;) {
    const std::span<std::byte> room = staged->next_buffer();
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(room.size(), reader.size - offset));
    ssize_t n = 0;
    do {
      n = ::pread(reader.fd.get(), room.data(), want, static_cast<off_t>(offset));
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw_errno("read blob " + sha256_hex);
    if (n == 0) throw std::runtime_error("blob " + sha256_hex + " ends before its size");
    staged->commit(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  if (staged->seal().sha256_hex != sha256_hex) return false;  // the stage is discarded with it
  to.publish(*staged);
  return true;
}

std::uint64_t count_records(MetadataStore& metadata) {
  std::uint64_t records = 0;
  for (const std::string& ns : metadata.record_namespaces()) {
    for (auto it = metadata.scan(ns); it.valid(); it.next()) ++records;
  }
  return records;
}

}  // namespace

BlobCopyReport copy_blobs(const BlobStore& from, BlobStore& to, const BlobCopyListener& listener) {
  std::vector<BlobStore::StoredItem> source;
  from.list_blobs([&](const BlobStore::StoredItem& blob) { source.push_back(blob); });
  std::unordered_map<std::string, std::uint64_t> present;  // the destination's blobs and their sizes
  to.list_blobs([&](const BlobStore::StoredItem& blob) { present.emplace(blob.name, blob.bytes); });

  BlobCopyReport report;
  report.blobs = source.size();
  for (const BlobStore::StoredItem& blob : source) report.bytes += blob.bytes;
  for (const BlobStore::StoredItem& blob : source) {
    BlobCopyOutcome outcome = BlobCopyOutcome::skipped;
    const auto there = present.find(blob.name);
    if (there != present.end() && there->second == blob.bytes) {
      ++report.skipped;
      report.skipped_bytes += blob.bytes;
    } else {
      // A copy of another size is damaged, and publishing the same address again would keep it: set it aside first.
      if (there != present.end()) to.quarantine_blob(blob.name);
      if (copy_blob(from, to, blob.name)) {
        outcome = BlobCopyOutcome::copied;
        ++report.copied;
        report.copied_bytes += blob.bytes;
      } else {
        outcome = BlobCopyOutcome::damaged;
        ++report.damaged;
      }
    }
    if (listener) listener(blob, outcome, report);
  }
  return report;
}

bool holds_anything(MetadataStore& metadata) {
  return !metadata.record_namespaces().empty() || metadata.scan_objects(1).valid();
}

std::uint64_t end_sessions_with_parts(Store& store) {
  // UploadParts keeps the sessions of namespace N in N and their parts in N + ".part".
  constexpr std::string_view kPartsSuffix = ".part";
  std::uint64_t ended = 0;
  for (const std::string& parts_ns : store.metadata().record_namespaces()) {
    if (!parts_ns.ends_with(kPartsSuffix)) continue;
    const std::string ns = parts_ns.substr(0, parts_ns.size() - kPartsSuffix.size());
    UploadParts uploads(store, ns);
    std::vector<UploadSession> with_parts;
    for (auto it = store.metadata().scan(ns); it.valid(); it.next()) {
      if (!it.value().contains(UploadParts::kStorageField)) continue;
      const std::optional<UploadSession> session = uploads.find(it.key());
      // An expired session is refused as expired before its parts are read: it may stay.
      if (session && !uploads.expired(*session) && !uploads.parts(*session).empty()) with_parts.push_back(*session);
    }
    for (const UploadSession& session : with_parts) {
      uploads.abort(session);
      ++ended;
    }
  }
  return ended;
}

MigrationReport migrate_store(Store& from, BlobStore& to_blobs, MetadataStore& to_metadata,
                              const std::filesystem::path& work_dir, const Clock& clock,
                              const MigrationListener& listener) {
  const auto step = [&](const std::string& what) {
    if (listener.step) listener.step(what);
  };
  MigrationReport report;
  // The metadata is copied first, as one moment's state: every object in it had its blob published before, so the
  // blobs listed next include all of them.
  step("copying the metadata");
  const std::filesystem::path copy = work_dir / "metadata.sqlite3";
  from.metadata().save_copy(copy);

  step("copying the blobs");
  report.blobs = copy_blobs(from.blobs(), to_blobs, listener.blob);
  if (report.blobs.damaged > 0) {
    throw std::runtime_error(std::to_string(report.blobs.damaged) +
                             " blob(s) of the source are damaged (their bytes do not hash to their address); no "
                             "metadata was written: `filegate verify --repair` on the source, then migrate again");
  }

  step("checking the metadata");
  {
    std::unordered_set<std::string> in_source;
    from.blobs().list_blobs([&](const BlobStore::StoredItem& blob) { in_source.insert(blob.name); });
    // The parts of unfinished uploads stay behind: this copy of the metadata gets a blob store of its own, empty.
    Store copied(make_local_blob_store(work_dir / "parts-left-behind"), open_sqlite_metadata(copy), clock);
    report.unfinished_uploads = end_sessions_with_parts(copied);
    for (auto it = copied.metadata().scan_objects(); it.valid(); it.next()) {
      ++report.objects;
      if (!in_source.contains(it.value().digests.sha256_hex)) ++report.objects_without_blob;
    }
    report.records = count_records(copied.metadata());
  }

  step("restoring the metadata");
  to_metadata.restore_copy(copy);
  return report;
}

}  // namespace filegate::core
