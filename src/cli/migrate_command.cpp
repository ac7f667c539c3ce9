#include "cli/migrate_command.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/blob_location.hpp"
#include "cli/data_dir_lock.hpp"
#include "cli/opened_store.hpp"
#include "core/clock.hpp"
#include "core/postgres_db.hpp"
#include "core/postgres_metadata.hpp"
#include "core/store_migration.hpp"

namespace filegate::cli {
namespace {

namespace fs = std::filesystem;

struct MigrateOptions {
  fs::path from;
  std::vector<std::string> to;
  fs::path data;
  bool replace = false;
};

// A fresh directory under the system's temporary directory ($TMPDIR), removed with everything in it.
class TempDir {
 public:
  explicit TempDir(std::string_view name) {
    std::string pattern = (fs::temp_directory_path() / (std::string(name) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a temporary directory");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Where the store goes: each --to names its metadata or its blobs; the part no --to names stays in --data.
StoreLocation destination(const MigrateOptions& options) {
  if (options.to.empty()) {
    throw std::runtime_error(
        "nothing to migrate to: give --to postgresql://… (metadata), --to s3://bucket… (blobs), "
        "or both");
  }
  StoreLocation to;
  to.data_dir = options.data;
  for (const std::string& url : options.to) {
    const bool metadata = core::is_postgres_url(url);
    if (!metadata && !is_s3_url(url)) {
      // Only the scheme is named: the rest of a mistyped URL may hold a password.
      throw std::runtime_error("--to takes a postgresql:// or an s3:// URL, not " + url.substr(0, url.find(':')) +
                               ":…");
    }
    std::string& slot = metadata ? to.metadata_url : to.blobs_url;
    if (!slot.empty()) throw std::runtime_error("--to: one metadata URL and one blobs URL at most");
    slot = url;
  }
  if (!to.blobs_url.empty()) {
    try {
      parse_s3_blob_url(to.blobs_url);  // refused now, before anything is opened
    } catch (const std::invalid_argument& e) {
      std::string what = e.what();
      if (what.starts_with("--blobs")) what.replace(0, 7, "--to");
      throw std::runtime_error(what);
    }
  }
  return to;
}

std::string describe_metadata(const StoreLocation& to) {
  return to.metadata_url.empty() ? "SQLite in " + to.data_dir.string() : core::postgres::redacted_url(to.metadata_url);
}
std::string describe_blobs(const StoreLocation& to) {
  return to.blobs_url.empty() ? "in " + to.data_dir.string() : to.blobs_url;  // an S3 URL never holds credentials
}

DataDirLock lock(const fs::path& dir, std::string_view whose) {
  try {
    return DataDirLock(dir);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: stop the server on the {} before `filegate migrate`", e.what(), whose));
  }
}

std::string mib(std::uint64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20)); }

// A line every hundredth of the blobs (and each damaged one), so a large store shows progress without a flood.
core::BlobCopyListener blob_progress() {
  return [](const core::BlobStore::StoredItem& blob, core::BlobCopyOutcome outcome, const core::BlobCopyReport& r) {
    if (outcome == core::BlobCopyOutcome::damaged) {
      std::cout << "  damaged blob " << blob.name << ": its bytes do not hash to its address\n";
    }
    const std::uint64_t done = r.copied + r.skipped + r.damaged;
    const std::uint64_t every = std::max<std::uint64_t>(1, r.blobs / 100);
    if (done % every != 0 && done != r.blobs) return;
    std::cout << fmt::format("  blobs {}/{} ({} of {}): {} copied, {} already there\n", done, r.blobs,
                             mib(r.copied_bytes + r.skipped_bytes), mib(r.bytes), r.copied, r.skipped)
              << std::flush;
  };
}

void print_summary(const core::MigrationReport& report, const StoreLocation& to) {
  const core::BlobCopyReport& b = report.blobs;
  std::cout << fmt::format("blobs: {} copied ({} bytes), {} already there ({} bytes)\n", b.copied, b.copied_bytes,
                           b.skipped, b.skipped_bytes);
  std::cout << fmt::format("metadata: {} objects, {} records\n", report.objects, report.records);
  if (report.unfinished_uploads > 0) {
    std::cout << fmt::format(
        "unfinished multipart uploads not carried over: {} (their clients are told the upload is unknown and start "
        "it again)\n",
        report.unfinished_uploads);
  }
  if (report.objects_without_blob > 0) {
    std::cout << fmt::format(
        "warning: {} object(s) whose blob the source lacks too (`filegate verify` on the source names them): they "
        "fail to download here as they did there\n",
        report.objects_without_blob);
  }
  std::string serve = "filegate serve --data-dir " + (to.data_dir.empty() ? std::string("DIR") : to.data_dir.string());
  if (!to.metadata_url.empty()) serve += " --metadata " + core::postgres::redacted_url(to.metadata_url);
  if (!to.blobs_url.empty()) serve += " --blobs '" + to.blobs_url + "'";
  std::cout << "migrated; start nodes with: " << serve << "\n";
}

void migrate(const MigrateOptions& options) {
  StoreLocation to = destination(options);
  if (!fs::is_regular_file(options.from / "metadata.sqlite3")) {
    throw std::runtime_error("no embedded store at " + options.from.string() +
                             " (no metadata.sqlite3 there): --from names the data dir of a `filegate serve` that "
                             "ran without --metadata");
  }
  const bool keeps_local_part = to.metadata_url.empty() || to.blobs_url.empty();
  if (keeps_local_part && to.data_dir.empty()) {
    throw std::runtime_error(
        fmt::format("--data DIR is required: the new data dir that keeps the {} (the node is "
                    "started with --data-dir DIR)",
                    to.metadata_url.empty() ? "metadata (SQLite)" : "blobs"));
  }
  if (!to.data_dir.empty() && fs::weakly_canonical(to.data_dir) == fs::canonical(options.from)) {
    throw std::runtime_error(
        "--data must be a new data dir, not the source: the source stays as it was, so it can be "
        "served again if anything goes wrong");
  }
  const DataDirLock source_lock = lock(options.from, "source");
  // Nodes over S3 stage uploads and cache blobs in their data dir; without --data the migration uses a temporary one.
  std::optional<TempDir> staging;
  std::optional<DataDirLock> destination_lock;
  if (to.data_dir.empty()) {
    staging.emplace("filegate-migrate-staging");
    to.data_dir = staging->path();
  } else {
    fs::create_directories(to.data_dir);
    destination_lock.emplace(lock(to.data_dir, "destination"));
  }
  const TempDir work("filegate-migrate");

  core::SystemClock clock;
  const auto from = core::Store::open_embedded(options.from, clock);
  const auto metadata = open_metadata_store(to);
  if (!options.replace && core::holds_anything(*metadata)) {
    throw std::runtime_error("the destination metadata (" + describe_metadata(to) +
                             ") already holds records or objects: migrate into an empty one, or give --replace to "
                             "replace all of them");
  }
  const auto blobs = open_blob_store(to, clock);
  std::cout << "migrating " << options.from.string() << ": metadata to " << describe_metadata(to) << ", blobs "
            << describe_blobs(to) << "\n";

  core::MigrationListener listener;
  listener.step = [](const std::string& step) { std::cout << step << "\n" << std::flush; };
  listener.blob = blob_progress();
  const core::MigrationReport report = core::migrate_store(*from, *blobs, *metadata, work.path(), clock, listener);
  if (staging) to.data_dir.clear();  // the temporary one goes: nodes bring their own
  print_summary(report, to);
}

}  // namespace

void add_migrate_command(CLI::App& app) {
  auto options = std::make_shared<MigrateOptions>();
  auto* migrate_cmd = app.add_subcommand(
      "migrate",
      "Move an embedded data dir (stopped) into PostgreSQL and/or an S3 store: blobs first, then the metadata in "
      "one transaction; running it again resumes");
  migrate_cmd->add_option("--from", options->from, "The embedded data dir to move (not changed)")->required();
  migrate_cmd->add_option(
      "--to", options->to,
      "postgresql://… for the metadata, s3://bucket[/prefix]?endpoint=…&region=… for the blobs (credentials from "
      "FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY); once or twice");
  migrate_cmd->add_option("--data", options->data,
                          "New data dir keeping the part no --to names (required then); with both, where blobs are "
                          "staged (default: a temporary dir)");
  migrate_cmd->add_flag("--replace", options->replace,
                        "Replace every record and object the destination metadata already holds");
  migrate_cmd->callback([options] { migrate(*options); });
}

}  // namespace filegate::cli
