#pragma once
// Moving a whole store into another one (`filegate migrate`: an embedded data dir into PostgreSQL and an S3 bucket).
// Blobs go first, each streamed from the source into a stage of the destination and published only when its bytes
// hash to its address; the metadata goes last, as one copy restored in one transaction. A failure or a crash part-way
// leaves the destination without metadata, and running again skips the blobs already there.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/store.hpp"

namespace filegate::core {

struct BlobCopyReport {
  std::uint64_t blobs = 0;  // in the source
  std::uint64_t bytes = 0;
  std::uint64_t copied = 0;
  std::uint64_t copied_bytes = 0;
  std::uint64_t skipped = 0;  // already in the destination, with the same size
  std::uint64_t skipped_bytes = 0;
  std::uint64_t damaged = 0;  // their bytes do not hash to their address: not published
};

enum class BlobCopyOutcome { copied, skipped, damaged };

// Heard after each blob, with the report so far (the source's totals are known from the start).
using BlobCopyListener =
    std::function<void(const BlobStore::StoredItem& blob, BlobCopyOutcome outcome, const BlobCopyReport& so_far)>;

// Copies every blob of `from` that `to` lacks. Reads through a buffer at a time: no blob is ever held whole.
BlobCopyReport copy_blobs(const BlobStore& from, BlobStore& to, const BlobCopyListener& listener = {});

// True when the metadata holds any record or object.
bool holds_anything(MetadataStore& metadata);

// Ends, in `store` (a copy of the metadata whose part files stay behind), every unexpired upload session that has
// parts: a client going on with one is told the upload is unknown, and starts it again, instead of failing on parts
// whose bytes are not there. Returns the sessions ended.
std::uint64_t end_sessions_with_parts(Store& store);

struct MigrationReport {
  BlobCopyReport blobs;
  std::uint64_t objects = 0;
  std::uint64_t records = 0;
  std::uint64_t unfinished_uploads = 0;    // upload sessions not carried over (end_sessions_with_parts)
  std::uint64_t objects_without_blob = 0;  // objects whose blob the source did not hold either
};

struct MigrationListener {
  BlobCopyListener blob;
  std::function<void(const std::string& step)> step;  // "copying blobs", "restoring the metadata", ...
};

// Moves `from` (whose writers are stopped) into `to_blobs` and `to_metadata`. `work_dir` (empty, removed by the
// caller) holds the metadata's copy. Throws, with nothing of the metadata written, when a blob is damaged.
MigrationReport migrate_store(Store& from, BlobStore& to_blobs, MetadataStore& to_metadata,
                              const std::filesystem::path& work_dir, const Clock& clock,
                              const MigrationListener& listener = {});

}  // namespace filegate::core
