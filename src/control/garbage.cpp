#include "control/garbage.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace filegate::control {
namespace {

// The blobs of every object in the metadata copy at `file`, when there is one.
std::unordered_set<std::string> blobs_of(const std::filesystem::path& file) {
  std::unordered_set<std::string> blobs;
  if (!std::filesystem::is_regular_file(file)) return blobs;
  const auto copy = core::open_sqlite_metadata(file);
  for (auto it = copy->scan_objects(); it.valid(); it.next()) blobs.insert(it.value().digests.sha256_hex);
  return blobs;
}

}  // namespace

GarbageCollection::GarbageCollection(core::Store& store, std::vector<dialects::Dialect*> dialects,
                                     std::filesystem::path reset_point)
    : store_(store), dialects_(std::move(dialects)), reset_point_(std::move(reset_point)) {}

GarbageRun GarbageCollection::run(std::int64_t grace_ms, bool dry_run) {
  const std::lock_guard one_at_a_time(run_mutex_);
  GarbageRun run;
  run.dry_run = dry_run;
  if (!dry_run) {
    for (dialects::Dialect* dialect : dialects_) run.uploads_ended += dialect->end_abandoned_uploads();
  }
  run.swept =
      core::collect_garbage(store_, {.grace_ms = grace_ms, .dry_run = dry_run, .keep_blobs = blobs_of(reset_point_)});
  if (!dry_run) {
    const std::lock_guard lock(totals_mutex_);
    ++totals_.runs;
    totals_.removed += run.swept;
  }
  return run;
}

GarbageCollection::Totals GarbageCollection::totals() const {
  const std::lock_guard lock(totals_mutex_);
  return totals_;
}

PeriodicGarbageCollection::PeriodicGarbageCollection(GarbageCollection& gc, std::chrono::seconds interval,
                                                     std::int64_t grace_ms)
    : thread_([this, &gc, interval, grace_ms](const std::stop_token& stop) {
        std::unique_lock lock(mutex_);
        for (;;) {
          // Nothing notifies: the wait ends when the interval has passed or a stop is requested.
          wake_.wait_for(lock, stop, interval, [] { return false; });
          if (stop.stop_requested()) return;
          try {
            const GarbageRun run = gc.run(grace_ms, false);
            const core::GarbageReport& swept = run.swept;
            if (run.uploads_ended + swept.objects + swept.blobs + swept.part_uploads > 0) {
              spdlog::info("{}", describe(run));
            }
          } catch (const std::exception& e) {
            spdlog::error("garbage collection failed: {}", e.what());
          }
        }
      }) {}

boost::json::object to_json(const GarbageRun& run) {
  return {{"dry_run", run.dry_run},
          {"uploads_ended", run.uploads_ended},
          {"objects", run.swept.objects},
          {"blobs", run.swept.blobs},
          {"blob_bytes", run.swept.blob_bytes},
          {"part_uploads", run.swept.part_uploads},
          {"part_bytes", run.swept.part_bytes}};
}

std::string describe(const GarbageRun& run) {
  return fmt::format(
      "garbage collection{}: {} abandoned upload(s) ended, {} object record(s), {} blob(s) ({} bytes), "
      "parts of {} upload(s) ({} bytes) {}",
      run.dry_run ? " (dry run)" : "", run.uploads_ended, run.swept.objects, run.swept.blobs, run.swept.blob_bytes,
      run.swept.part_uploads, run.swept.part_bytes, run.dry_run ? "would be removed" : "removed");
}

}  // namespace filegate::control
