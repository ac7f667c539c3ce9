#pragma once
// Garbage collection, mark and sweep over the store: objects no record refers to, blobs no object refers to, and
// the parts of uploads no session refers to (left by a crash, or by a session whose record is gone). Nothing
// younger than the grace period is touched, so an upload in flight — its blob published, its commit a moment away,
// or its first parts arriving — is never collected from under it. Crash-safe: objects are erased in one transaction
// before their bytes go, and bytes are only removed once nothing refers to them, so a kill at any point leaves at
// most garbage for the next run.
#include <cstdint>
#include <string>
#include <unordered_set>

#include "core/store.hpp"

namespace filegate::core {

struct GarbageOptions {
  // Only what has been idle this long goes. 0 takes everything unreferenced: for a reset, with no upload in flight.
  std::int64_t grace_ms = 3'600'000;
  bool dry_run = false;       // report what would go, remove nothing
  bool keep_objects = false;  // object records all stay (a reset restores them as they were); only bytes go
  // Blobs to keep although no object refers to them now (those a saved copy of the metadata refers to).
  std::unordered_set<std::string> keep_blobs = {};
};

struct GarbageReport {
  std::uint64_t objects = 0;  // object records erased
  std::uint64_t blobs = 0;
  std::uint64_t blob_bytes = 0;
  std::uint64_t part_uploads = 0;  // uploads whose part files were removed
  std::uint64_t part_bytes = 0;
};

inline GarbageReport& operator+=(GarbageReport& total, const GarbageReport& more) {
  total.objects += more.objects;
  total.blobs += more.blobs;
  total.blob_bytes += more.blob_bytes;
  total.part_uploads += more.part_uploads;
  total.part_bytes += more.part_bytes;
  return total;
}

// Scans every record, object and blob: run it where blocking is allowed.
GarbageReport collect_garbage(Store& store, const GarbageOptions& options);

}  // namespace filegate::core
