#pragma once
// Garbage collection as `filegate serve` (periodically and on POST /_filegate/api/v1/gc) and `filegate gc` run it:
// each dialect first ends the uploads its platform has forgotten, then core::collect_garbage sweeps what nothing
// refers to any more, keeping the blobs the reset point needs. One run at a time; totals for the metrics.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>

#include "core/garbage_collector.hpp"
#include "dialects/dialect.hpp"

namespace filegate::control {

// How long anything must have been idle before garbage collection removes it, unless told otherwise: far longer than
// any commit takes after its bytes are published.
inline constexpr std::uint64_t kDefaultGcGraceSeconds = 3600;

struct GarbageRun {
  bool dry_run = false;
  std::uint64_t uploads_ended = 0;  // abandoned uploads the dialects ended (none in a dry run)
  core::GarbageReport swept;
};

class GarbageCollection {
 public:
  // `reset_point`: a metadata copy whose objects' blobs must stay (it need not exist).
  GarbageCollection(core::Store& store, std::vector<dialects::Dialect*> dialects, std::filesystem::path reset_point);

  // Blocks (scans everything): call it where blocking is allowed.
  GarbageRun run(std::int64_t grace_ms, bool dry_run);

  // What the runs so far removed, for /_filegate/metrics.
  struct Totals {
    std::uint64_t runs = 0;
    core::GarbageReport removed;
  };
  Totals totals() const;

 private:
  core::Store& store_;
  std::vector<dialects::Dialect*> dialects_;
  std::filesystem::path reset_point_;
  std::mutex run_mutex_;  // one run at a time
  mutable std::mutex totals_mutex_;
  Totals totals_;
};

// Runs `gc` every `interval` on a thread of its own (it scans the whole store), logging what each run removed,
// until destroyed.
class PeriodicGarbageCollection {
 public:
  PeriodicGarbageCollection(GarbageCollection& gc, std::chrono::seconds interval, std::int64_t grace_ms);

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

// {"dry_run","uploads_ended","objects","blobs","blob_bytes","part_uploads","part_bytes"}
boost::json::object to_json(const GarbageRun& run);
// One line for the log: what went and how many bytes it freed.
std::string describe(const GarbageRun& run);

}  // namespace filegate::control
