#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <chrono>
#include <map>
#include <atomic>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "core/errno_error.hpp"
#include "core/metadata_copies.hpp"
#include "core/metadata_keys.hpp"
#include "core/metadata_store.hpp"
#include "core/sqlite_db.hpp"
#include "core/transparent_hash.hpp"
#include "core/unique_fd.hpp"

namespace filegate::core {
namespace {

// Each entry moves the schema from version i to i+1. Append only: never edit a migration that has shipped.
constexpr std::array<std::string_view, 1> kMigrations = {
    R"sql(
    CREATE TABLE objects(
      id            TEXT PRIMARY KEY,
      sha256        TEXT NOT NULL,
      size          INTEGER NOT NULL,
      crc64         INTEGER NOT NULL,  -- unsigned 64-bit value stored bit-for-bit in a signed column
      adler32       INTEGER NOT NULL,
      md5           TEXT NOT NULL,
      content_type  TEXT NOT NULL,
      name          TEXT NOT NULL,
      origin        TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX objects_by_sha256 ON objects(sha256);
    CREATE TABLE records(
      ns    TEXT NOT NULL,
      key   TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY(ns, key)
    ) WITHOUT ROWID;
    )sql",
};

void migrate(sqlite::Connection& db) {
  sqlite::Transaction tx(db);
  auto version = static_cast<std::size_t>(db.pragma_integer("user_version"));
  if (version > kMigrations.size()) {
    throw std::runtime_error("the data dir was written by a newer filegate (schema " + std::to_string(version) + ")");
  }
  for (; version < kMigrations.size(); ++version) {
    db.exec(kMigrations[version]);
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
  }
  tx.commit();
}

ObjectRecord object_from_row(const sqlite::Statement& s) {
  ObjectRecord o;
  o.id = s.text(0);
  o.digests.sha256_hex = s.text(1);
  o.digests.size = static_cast<std::uint64_t>(s.integer(2));
  o.digests.crc64 = std::bit_cast<std::uint64_t>(s.integer(3));
  o.digests.adler32 = static_cast<std::uint32_t>(s.integer(4));
  o.digests.md5_hex = s.text(5);
  o.content_type = s.text(6);
  o.name = s.text(7);
  o.origin = s.text(8);
  o.created_at_ms = s.integer(9);
  return o;
}

constexpr std::chrono::milliseconds kChangeCheckInterval{2};

// Bounds the read cache's memory; crude (it starts over when full) but the hot set refills in one pass.
constexpr std::size_t kMaxCachedEntries = 100'000;

constexpr std::string_view kObjectColumns =
    "id, sha256, size, crc64, adler32, md5, content_type, name, origin, created_at_ms";

void insert_object(sqlite::Connection& db, const ObjectRecord& o) {
  auto s = db.prepare("INSERT INTO objects(" + std::string(kObjectColumns) + ") VALUES(?,?,?,?,?,?,?,?,?,?)");
  s.bind(1, o.id).bind(2, o.digests.sha256_hex).bind(3, static_cast<std::int64_t>(o.digests.size));
  s.bind(4, std::bit_cast<std::int64_t>(o.digests.crc64)).bind(5, static_cast<std::int64_t>(o.digests.adler32));
  s.bind(6, o.digests.md5_hex).bind(7, o.content_type).bind(8, o.name).bind(9, o.origin);
  s.bind(10, o.created_at_ms);
  s.run();
}

// An exclusive section's hold beyond the process: the locked descriptor, whose closing releases the lock.
class FileLockHold final : public MetadataStore::Hold {
 public:
  explicit FileLockHold(UniqueFd fd) : fd_(std::move(fd)) {}

 private:
  UniqueFd fd_;
};

class SqliteMetadataStore final : public MetadataStore {
 public:
  explicit SqliteMetadataStore(const std::filesystem::path& file) : db_(file), directory_(file.parent_path()) {
    db_.exec("PRAGMA journal_mode = WAL");
    // FULL: a commit acknowledged to a client must survive power loss, not only a process crash.
    db_.exec("PRAGMA synchronous = FULL");
    db_.exec("PRAGMA foreign_keys = ON");
    migrate(db_);
    data_version_ = std::make_unique<sqlite::Statement>(db_.handle(), "PRAGMA data_version");
    seen_data_version_ = read_data_version();
  }

  void commit(const WriteBatch& batch) override {
    std::lock_guard lock(db_mutex_);
    drop_cache_if_changed_elsewhere();
    sqlite::Transaction tx(db_);
    if (batch.new_object) insert_object(db_, *batch.new_object);
    for (const RecordWrite& w : batch.writes) apply(w);
    tx.commit();
    // Our own commit does not change data_version for this connection, so the cache is updated by hand.
    std::unique_lock cache_lock(cache_mutex_);
    for (const RecordWrite& w : batch.writes) record_cache_.erase(record_cache_key(w.ns, w.key));
  }

  // A copy of the whole database (VACUUM INTO writes a consistent, compact one); restoring copies its tables back.
  ObjectTotals object_totals() override {
    std::lock_guard lock(db_mutex_);
    auto s = db_.prepare("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM objects");
    if (!s.step()) return {};
    return {static_cast<std::uint64_t>(s.integer(0)), static_cast<std::uint64_t>(s.integer(1))};
  }

  void save_copy(const std::filesystem::path& file) override {
    std::lock_guard lock(db_mutex_);
    std::filesystem::remove(file);  // VACUUM INTO refuses to overwrite
    auto s = db_.prepare("VACUUM INTO ?");
    s.bind(1, file.string()).run();
  }

  void restore_copy(const std::filesystem::path& file) override {
    std::lock_guard lock(db_mutex_);
    if (!std::filesystem::is_regular_file(file)) throw std::runtime_error("no metadata copy at " + file.string());
    auto attach = db_.prepare("ATTACH DATABASE ? AS snapshot");
    attach.bind(1, file.string()).run();
    try {
      sqlite::Transaction tx(db_);
      db_.exec("DELETE FROM objects; INSERT INTO objects(" + std::string(kObjectColumns) + ") SELECT " +
               std::string(kObjectColumns) + " FROM snapshot.objects;" +
               "DELETE FROM records; INSERT INTO records(ns, key, value) SELECT ns, key, value FROM snapshot.records;");
      tx.commit();
    } catch (...) {
      db_.exec("DETACH DATABASE snapshot");
      throw;
    }
    db_.exec("DETACH DATABASE snapshot");
    std::unique_lock cache_lock(cache_mutex_);
    record_cache_.clear();
    object_cache_.clear();
  }

  std::vector<std::string> record_namespaces() override {
    std::lock_guard lock(db_mutex_);
    auto s = db_.prepare("SELECT DISTINCT ns FROM records ORDER BY ns");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  }

  std::vector<ObjectRecord> erase_unreferenced_objects(const std::vector<std::string>& ids) override {
    std::lock_guard lock(db_mutex_);
    drop_cache_if_changed_elsewhere();
    std::vector<ObjectRecord> erased;
    sqlite::Transaction tx(db_);
    // Records are stored as Boost.JSON serializes them, without spaces: "object_id":"<id>" is how one refers to it.
    auto referred = db_.prepare("SELECT 1 FROM records WHERE instr(value, ?) > 0 LIMIT 1");
    auto select = db_.prepare("SELECT " + std::string(kObjectColumns) + " FROM objects WHERE id = ?");
    auto erase = db_.prepare("DELETE FROM objects WHERE id = ?");
    for (const std::string& id : ids) {
      const std::string reference = boost::json::serialize(boost::json::string(kObjectIdField)) + ":" +
                                    boost::json::serialize(boost::json::string(id));
      referred.reset();
      if (referred.bind(1, reference).step()) continue;
      select.reset();
      if (!select.bind(1, id).step()) continue;
      erased.push_back(object_from_row(select));
      erase.reset();
      erase.bind(1, id).run();
    }
    tx.commit();
    std::unique_lock cache_lock(cache_mutex_);
    for (const ObjectRecord& o : erased) object_cache_.erase(o.id);
    return erased;
  }

  std::shared_ptr<const ObjectRecord> object(std::string_view id) override {
    check_for_changes_elsewhere();
    {
      std::shared_lock cache_lock(cache_mutex_);
      if (auto it = object_cache_.find(id); it != object_cache_.end()) return it->second;
    }
    std::lock_guard lock(db_mutex_);
    auto s = db_.prepare("SELECT " + std::string(kObjectColumns) + " FROM objects WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return nullptr;
    auto o = std::make_shared<const ObjectRecord>(object_from_row(s));
    std::unique_lock cache_lock(cache_mutex_);
    if (object_cache_.size() >= kMaxCachedEntries) object_cache_.clear();
    object_cache_.emplace(o->id, o);
    return o;
  }

  std::shared_ptr<const boost::json::object> record(std::string_view ns, std::string_view key) override {
    check_for_changes_elsewhere();
    thread_local std::string cache_key;  // reused: no allocation per lookup once it has grown
    write_record_cache_key(ns, key, cache_key);
    {
      std::shared_lock cache_lock(cache_mutex_);
      if (auto it = record_cache_.find(cache_key); it != record_cache_.end()) return it->second;
    }
    std::lock_guard lock(db_mutex_);
    auto s = db_.prepare("SELECT value FROM records WHERE ns = ? AND key = ?");
    s.bind(1, ns).bind(2, key);
    if (!s.step()) return nullptr;  // absence is not cached: the CLI may create it any moment
    auto value = std::make_shared<const boost::json::object>(boost::json::parse(s.text(0)).as_object());
    std::unique_lock cache_lock(cache_mutex_);
    if (record_cache_.size() >= kMaxCachedEntries) record_cache_.clear();
    record_cache_.emplace(cache_key, value);
    return value;
  }

 protected:
  // The admin CLI writes to the same database as a running server: an exclusive section holds a lock file beside the
  // database (flock, released with the descriptor, so a crashed holder releases it too), then drops the cache if
  // another process committed, so what it committed in an earlier section is seen.
  std::unique_ptr<Hold> hold_across_processes(std::string_view name) override {
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
    if (!plain) throw std::invalid_argument("an exclusive section's name is made of [A-Za-z0-9._-]");
    const std::filesystem::path file = directory_ / ("section-" + std::string(name) + ".lock");
    UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) throw_errno("cannot open " + file.filename().string());
    while (::flock(fd.get(), LOCK_EX) != 0) {
      if (errno != EINTR) throw_errno("cannot lock " + file.filename().string());
    }
    // Reads check for other processes' commits only now and then; in a section the check must come first. Nobody
    // else commits in the section meanwhile, and this process's own commits update the cache.
    {
      const std::lock_guard lock(db_mutex_);
      drop_cache_if_changed_elsewhere();
    }
    return std::make_unique<FileLockHold>(std::move(fd));
  }

  std::vector<ObjectRecord> objects(std::string_view after_id, std::size_t limit) override {
    std::lock_guard lock(db_mutex_);
    auto s = db_.prepare("SELECT " + std::string(kObjectColumns) + " FROM objects WHERE id > ? ORDER BY id LIMIT ?");
    s.bind(1, after_id).bind(2, static_cast<std::int64_t>(limit));
    std::vector<ObjectRecord> out;
    while (s.step()) out.push_back(object_from_row(s));
    return out;
  }

  std::vector<Record> records(std::string_view ns, std::string_view prefix, std::string_view after_key,
                              std::size_t limit) override {
    std::lock_guard lock(db_mutex_);
    // Keys compare as byte strings (BINARY collation), so the keys with a prefix are the range [prefix, prefix_end),
    // which the index walks and nothing beyond. (Not substr(key, 1, n) = prefix: substr counts characters, not the
    // prefix's bytes, and missed every key under a non-ASCII prefix.)
    const std::optional<std::string> end = prefix_end(prefix);
    auto s = db_.prepare(end ? "SELECT key, value FROM records WHERE ns = ? AND key >= ? AND key > ? AND key < ? "
                               "ORDER BY key LIMIT ?"
                             : "SELECT key, value FROM records WHERE ns = ? AND key >= ? AND key > ? "
                               "ORDER BY key LIMIT ?");
    s.bind(1, ns).bind(2, prefix).bind(3, after_key);
    if (end) s.bind(4, *end);
    s.bind(end ? 5 : 4, static_cast<std::int64_t>(limit));
    std::vector<Record> out;
    while (s.step()) out.push_back({s.text(0), boost::json::parse(s.text(1)).as_object()});
    return out;
  }

 private:
  void apply(const RecordWrite& w) {
    switch (w.kind) {
      case RecordWrite::Kind::erase:
      case RecordWrite::Kind::consume: {
        auto s = db_.prepare("DELETE FROM records WHERE ns = ? AND key = ?");
        s.bind(1, w.ns).bind(2, w.key).run();
        if (w.kind == RecordWrite::Kind::consume && sqlite3_changes(db_.handle()) == 0) {
          throw RecordMissing(w.ns + "/" + w.key);
        }
        return;
      }
      case RecordWrite::Kind::create: {
        auto s = db_.prepare("INSERT OR IGNORE INTO records(ns, key, value) VALUES(?,?,?)");
        s.bind(1, w.ns).bind(2, w.key).bind(3, boost::json::serialize(w.value)).run();
        if (sqlite3_changes(db_.handle()) == 0) throw RecordExists(w.ns + "/" + w.key);
        return;
      }
      case RecordWrite::Kind::put: {
        auto s = db_.prepare("INSERT OR REPLACE INTO records(ns, key, value) VALUES(?,?,?)");
        s.bind(1, w.ns).bind(2, w.key).bind(3, boost::json::serialize(w.value)).run();
        return;
      }
    }
  }

  // data_version changes exactly when another connection (e.g. the admin CLI) has committed.
  std::int64_t read_data_version() {
    data_version_->reset();
    const std::int64_t v = data_version_->step() ? data_version_->integer(0) : 0;
    data_version_->reset();
    return v;
  }

  // Runs before every read, so it is throttled: asking SQLite takes a read transaction (file locks, syscalls), and a
  // download does several lookups. A change by the CLI is seen within kChangeCheckInterval, far less than it takes
  // the CLI process to exit and its caller to act on it. One reader per interval does the check; the rest go on.
  void check_for_changes_elsewhere() {
    const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    std::int64_t last = last_change_check_.load(std::memory_order_relaxed);
    if (now - last < std::chrono::steady_clock::duration(kChangeCheckInterval).count()) return;
    if (!last_change_check_.compare_exchange_strong(last, now, std::memory_order_relaxed)) return;
    std::lock_guard lock(db_mutex_);
    drop_cache_if_changed_elsewhere();
  }

  // Caller holds db_mutex_.
  void drop_cache_if_changed_elsewhere() {
    const std::int64_t v = read_data_version();
    if (v == seen_data_version_) return;
    seen_data_version_ = v;
    std::unique_lock cache_lock(cache_mutex_);
    record_cache_.clear();
    object_cache_.clear();
  }

  // Two locks so that downloads, which only read the caches, never wait for SQLite or for each other: cache hits
  // share cache_mutex_; SQLite work (misses, commits, the change check) takes db_mutex_ first, then cache_mutex_
  // exclusively only to update the caches.
  std::mutex db_mutex_;
  std::shared_mutex cache_mutex_;
  sqlite::Connection db_;
  std::filesystem::path directory_;  // the database's: where the exclusive sections' lock files are
  std::unique_ptr<sqlite::Statement> data_version_;
  std::int64_t seen_data_version_ = 0;
  std::atomic<std::int64_t> last_change_check_{0};  // steady_clock ticks
  std::unordered_map<std::string, std::shared_ptr<const ObjectRecord>, TransparentHash, std::equal_to<>> object_cache_;
  std::unordered_map<std::string, std::shared_ptr<const boost::json::object>> record_cache_;
};

}  // namespace

// Written under a temporary name and renamed when complete: a copy cut short is never taken for a whole one.
struct SqliteCopyWriter::Impl {
  explicit Impl(const std::filesystem::path& target)
      : file(target), partial(target.string() + ".partial"), db((std::filesystem::remove(partial), partial)) {
    migrate(db);
    db.exec("BEGIN");
  }
  std::filesystem::path file;
  std::filesystem::path partial;
  sqlite::Connection db;
};

SqliteCopyWriter::SqliteCopyWriter(const std::filesystem::path& file) : impl_(std::make_unique<Impl>(file)) {}

SqliteCopyWriter::~SqliteCopyWriter() {
  if (!impl_) return;
  const std::filesystem::path partial = impl_->partial;
  impl_.reset();  // closes the database before its file goes
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
}

void SqliteCopyWriter::add_object(const ObjectRecord& object) { insert_object(impl_->db, object); }

void SqliteCopyWriter::add_record(std::string_view ns, std::string_view key, std::string_view json_value) {
  auto s = impl_->db.prepare("INSERT OR REPLACE INTO records(ns, key, value) VALUES(?,?,?)");
  s.bind(1, ns).bind(2, key).bind(3, json_value).run();
}

void SqliteCopyWriter::finish() {
  impl_->db.exec("COMMIT");
  const std::filesystem::path partial = impl_->partial;
  const std::filesystem::path file = impl_->file;
  impl_.reset();
  std::filesystem::rename(partial, file);
}

std::unique_ptr<MetadataStore> open_sqlite_metadata(const std::filesystem::path& database_file) {
  constexpr std::string_view kHint =
      ": restore it from a backup, or move it away to start an empty store (the blobs beside it stay unreferenced)";
  // SQLite takes an empty file for a new database: the store would silently start empty over the existing blobs.
  std::error_code ec;
  if (std::filesystem::is_regular_file(database_file, ec) && std::filesystem::file_size(database_file, ec) == 0 &&
      !ec) {
    throw std::runtime_error(database_file.string() + " is empty (0 bytes), not a filegate database" +
                             std::string(kHint));
  }
  try {
    return std::make_unique<SqliteMetadataStore>(database_file);
  } catch (const StoreLocked&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(database_file.string() + " is not a usable filegate database (" + e.what() + ")" +
                             std::string(kHint));
  }
}

}  // namespace filegate::core
