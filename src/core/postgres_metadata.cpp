#include "core/postgres_metadata.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <condition_variable>
#include <cerrno>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "core/digests.hpp"
#include "core/metadata_copies.hpp"
#include "core/metadata_keys.hpp"
#include "core/postgres_db.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "core/transparent_hash.hpp"
#include "core/unique_fd.hpp"

namespace filegate::core {
namespace {

// Each entry moves the schema from version i to i+1. Append only: never edit a migration that has shipped.
// Keys, values and the names people gave are bytea: they are compared byte by byte (as SQLite's BINARY collation
// does, so scans list keys in the same order on both back ends) and may hold bytes that are not UTF-8.
constexpr std::array<std::string_view, 2> kMigrations = {
    R"sql(
    CREATE TABLE filegate_objects(
      id            text COLLATE "C" PRIMARY KEY,
      sha256        text NOT NULL,
      size          int8 NOT NULL,
      crc64         int8 NOT NULL,  -- unsigned 64-bit value stored bit-for-bit in a signed column
      adler32       int8 NOT NULL,
      md5           text NOT NULL,
      content_type  bytea NOT NULL,
      name          bytea NOT NULL,
      origin        bytea NOT NULL,
      created_at_ms int8 NOT NULL
    );
    CREATE INDEX filegate_objects_by_sha256 ON filegate_objects(sha256);
    CREATE TABLE filegate_records(
      ns    bytea NOT NULL,
      key   bytea NOT NULL,
      value bytea NOT NULL,
      PRIMARY KEY(ns, key)
    );
    )sql",
    // The nodes sharing this store (core/node_registry.hpp): beside the records, so that a reset or an import, which
    // replace every record, leave the cluster's membership alone.
    R"sql(
    CREATE TABLE filegate_nodes(
      id         text COLLATE "C" PRIMARY KEY,
      url        text NOT NULL,
      started_at timestamptz NOT NULL,
      seen_at    timestamptz NOT NULL
    );
    )sql",
};

// Serialises migrations of nodes starting together (an arbitrary constant: "filegate" in ASCII).
constexpr std::int64_t kMigrationLock = 0x66696c6567617465;

void migrate(postgres::Connection& db) {
  postgres::Transaction tx(db);
  db.exec("SELECT pg_advisory_xact_lock($1)", {kMigrationLock});
  db.exec("CREATE TABLE IF NOT EXISTS filegate_schema(version int8 NOT NULL)");
  auto current = db.exec("SELECT version FROM filegate_schema");
  std::size_t version = 0;
  if (current.rows() == 0) {
    db.exec("INSERT INTO filegate_schema(version) VALUES(0)");
  } else {
    version = static_cast<std::size_t>(current.int64(0, 0));
  }
  if (version > kMigrations.size()) {
    throw std::runtime_error("the PostgreSQL database was written by a newer filegate (schema " +
                             std::to_string(version) + ")");
  }
  for (; version < kMigrations.size(); ++version) {
    db.exec_script(kMigrations[version]);
    db.exec("UPDATE filegate_schema SET version = $1", {static_cast<std::int64_t>(version + 1)});
  }
  tx.commit();
}

constexpr std::string_view kObjectColumns =
    "id, sha256, size, crc64, adler32, md5, content_type, name, origin, created_at_ms";

ObjectRecord object_from_row(const postgres::Result& r, int row) {
  ObjectRecord o;
  o.id = r.text(row, 0);
  o.digests.sha256_hex = r.text(row, 1);
  o.digests.size = static_cast<std::uint64_t>(r.int64(row, 2));
  o.digests.crc64 = std::bit_cast<std::uint64_t>(r.int64(row, 3));
  o.digests.adler32 = static_cast<std::uint32_t>(r.int64(row, 4));
  o.digests.md5_hex = r.text(row, 5);
  o.content_type = r.text(row, 6);
  o.name = r.text(row, 7);
  o.origin = r.text(row, 8);
  o.created_at_ms = r.int64(row, 9);
  return o;
}

void insert_object(postgres::Connection& db, const ObjectRecord& o) {
  db.exec("INSERT INTO filegate_objects(" + std::string(kObjectColumns) + ") VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
          {o.id, o.digests.sha256_hex, static_cast<std::int64_t>(o.digests.size),
           std::bit_cast<std::int64_t>(o.digests.crc64), static_cast<std::int64_t>(o.digests.adler32),
           o.digests.md5_hex, o.content_type, o.name, o.origin, o.created_at_ms});
}

void put_record(postgres::Connection& db, std::string_view ns, std::string_view key, std::string_view json) {
  db.exec(
      "INSERT INTO filegate_records(ns, key, value) VALUES($1,$2,$3) "
      "ON CONFLICT(ns, key) DO UPDATE SET value = EXCLUDED.value",
      {ns, key, json});
}

// ---- What a commit tells the other nodes: "<node> <change>\n" then one line per cached entry it changed ----
// "r <hex ns> <hex key>" for a record, "o <id>" for an object, or a single "*" (drop everything) when the list
// would not fit in a notification (PostgreSQL takes payloads under 8000 bytes). <change> numbers the node's changes:
// each other node answers "<node> <change> <its node>" on kAckChannel once it has dropped the entries.
constexpr std::string_view kChannel = "filegate_changes";
constexpr std::string_view kAckChannel = "filegate_changes_applied";
constexpr std::size_t kMaxPayload = 7900;
// A node's listening connection names it, so that a commit can tell which nodes must drop entries before it returns.
constexpr std::string_view kListenerName = "filegate-listener ";
// How long a commit waits for the other nodes to drop what it changed: a node slower than this is logged and the
// commit returns (that node may then serve a stale entry until the notification reaches it).
constexpr std::chrono::milliseconds kApplyTimeout{1000};
constexpr std::chrono::seconds kListenerStartTimeout{10};

class ChangeNote {
 public:
  ChangeNote(std::string_view node, std::uint64_t change) : text_(node) {
    text_ += " " + std::to_string(change) + "\n";
  }
  void record(std::string_view ns, std::string_view key) {
    add("r " + to_hex(as_bytes(ns)) + " " + to_hex(as_bytes(key)));
  }
  void object(std::string_view id) { add("o " + std::string(id)); }
  void everything() { all_ = true; }
  bool empty() const { return !all_ && lines_ == 0; }
  std::string payload() const { return all_ ? text_.substr(0, text_.find('\n') + 1) + "*" : text_; }

 private:
  static std::span<const unsigned char> as_bytes(std::string_view s) {
    return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
  }
  void add(const std::string& line) {
    if (all_) return;
    if (text_.size() + line.size() + 1 > kMaxPayload) {
      all_ = true;
      return;
    }
    if (lines_++ > 0) text_.push_back('\n');
    text_ += line;
  }
  std::string text_;
  std::size_t lines_ = 0;
  bool all_ = false;
};

// Set while this thread is in an exclusive section (MetadataStore::exclusive): its lookups go to the database, since
// a cached entry may predate another node's commit whose notification is still on its way.
thread_local int reads_uncached = 0;

// The advisory lock of an exclusive section, on a connection used for nothing else.
class AdvisoryHold final : public MetadataStore::Hold {
 public:
  AdvisoryHold(std::unique_ptr<postgres::Connection>& db, std::int64_t key) : db_(db), key_(key) {
    db_->exec("SELECT pg_advisory_lock($1)", {key_});
    ++reads_uncached;
  }
  ~AdvisoryHold() override {
    --reads_uncached;
    try {
      db_->exec("SELECT pg_advisory_unlock($1)", {key_});
    } catch (const std::exception&) {
      db_.reset();  // closing the session releases its locks; the next section connects again
    }
  }
  AdvisoryHold(const AdvisoryHold&) = delete;
  AdvisoryHold& operator=(const AdvisoryHold&) = delete;

 private:
  std::unique_ptr<postgres::Connection>& db_;
  std::int64_t key_;
};

// A section's lock key: FNV-1a of its name, so every node derives the same key (and one unlike kMigrationLock).
std::int64_t section_lock_key(std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325;
  for (const char c : std::string("filegate section ") + std::string(name)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3;
  }
  return std::bit_cast<std::int64_t>(hash);
}

constexpr std::size_t kPoolSize = 8;
constexpr std::size_t kMaxCachedEntries = 100'000;  // as the SQLite store: starts over when full
constexpr std::chrono::seconds kReconnectDelay{1};

class PostgresMetadataStore final : public MetadataStore {
 public:
  explicit PostgresMetadataStore(const std::string& url)
      : pool_(url, kPoolSize), node_(random_hex(8)), wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (!wake_) throw std::runtime_error("eventfd failed");
    migrate(*pool_.take());
    listener_ = std::thread([this] { listen_for_changes(); });
    // The first commit must find the listener in place: other nodes' answers to it arrive there.
    std::unique_lock lock(applied_mutex_);
    applied_.wait_for(lock, kListenerStartTimeout, [this] { return listener_started_; });
  }

  ~PostgresMetadataStore() override {
    stopping_ = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_.get(), &one, sizeof one);
    listener_.join();
  }

  // A change is acknowledged once every other node has dropped what it changed from its cache (read-your-writes
  // through a balancer: the client's next request may reach any node). A create changes nothing cached (absence is
  // never cached), so a batch of creates returns at once.
  void commit(const WriteBatch& batch) override {
    const std::uint64_t change = next_change_++;
    ChangeNote note(node_, change);
    bool changes_cached = false;
    for (const RecordWrite& w : batch.writes) {
      note.record(w.ns, w.key);
      changes_cached = changes_cached || w.kind != RecordWrite::Kind::create;
    }
    std::vector<std::string> to_wait_for;
    {
      auto db = pool_.take();
      postgres::Transaction tx(*db);
      if (batch.new_object) insert_object(*db, *batch.new_object);
      for (const RecordWrite& w : batch.writes) apply(*db, w);
      if (changes_cached) {
        to_wait_for = notify_and_list_listeners(*db, note);
      } else if (!note.empty()) {
        db->exec("SELECT pg_notify($1, $2)", {kChannel, note.payload()});
      }
      expect_applied(change, !to_wait_for.empty());
      tx.commit();
    }
    forget([&] {
      for (const RecordWrite& w : batch.writes) record_cache_.erase(record_cache_key(w.ns, w.key));
    });
    wait_until_applied(change, to_wait_for);
  }

  std::shared_ptr<const ObjectRecord> object(std::string_view id) override {
    if (reads_uncached == 0) {
      std::shared_lock cache_lock(cache_mutex_);
      if (auto it = object_cache_.find(id); it != object_cache_.end()) return it->second;
    }
    const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
    auto r = pool_.take()->exec("SELECT " + std::string(kObjectColumns) + " FROM filegate_objects WHERE id = $1", {id});
    if (r.rows() == 0) return nullptr;
    auto o = std::make_shared<const ObjectRecord>(object_from_row(r, 0));
    remember(epoch, [&] {
      if (object_cache_.size() >= kMaxCachedEntries) object_cache_.clear();
      object_cache_.emplace(o->id, o);
    });
    return o;
  }

  std::shared_ptr<const boost::json::object> record(std::string_view ns, std::string_view key) override {
    std::string cache_key = record_cache_key(ns, key);
    if (reads_uncached == 0) {
      std::shared_lock cache_lock(cache_mutex_);
      if (auto it = record_cache_.find(cache_key); it != record_cache_.end()) return it->second;
    }
    const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
    auto r = pool_.take()->exec("SELECT value FROM filegate_records WHERE ns = $1 AND key = $2", {ns, key});
    if (r.rows() == 0) return nullptr;  // absence is not cached: another node may create it any moment
    auto value = std::make_shared<const boost::json::object>(boost::json::parse(r.bytes(0, 0)).as_object());
    remember(epoch, [&] {
      if (record_cache_.size() >= kMaxCachedEntries) record_cache_.clear();
      record_cache_.emplace(std::move(cache_key), value);
    });
    return value;
  }

  std::vector<std::string> record_namespaces() override {
    auto r = pool_.take()->exec("SELECT DISTINCT ns FROM filegate_records ORDER BY ns");
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  }

  std::vector<ObjectRecord> erase_unreferenced_objects(const std::vector<std::string>& ids) override {
    std::vector<ObjectRecord> erased;
    ChangeNote note(node_, next_change_++);
    {
      auto db = pool_.take();
      postgres::Transaction tx(*db);
      // No record may be written while this looks: one written meanwhile could refer to an object about to go.
      db->exec("LOCK TABLE filegate_records IN SHARE MODE");
      for (const std::string& id : ids) {
        // Records hold JSON as Boost.JSON serializes it, without spaces: "object_id":"<id>" is how one refers to it.
        const std::string reference = boost::json::serialize(boost::json::string(kObjectIdField)) + ":" +
                                      boost::json::serialize(boost::json::string(id));
        if (db->exec("SELECT 1 FROM filegate_records WHERE position($1::bytea in value) > 0 LIMIT 1", {reference})
                .rows() > 0) {
          continue;
        }
        auto r = db->exec("DELETE FROM filegate_objects WHERE id = $1 RETURNING " + std::string(kObjectColumns), {id});
        if (r.rows() == 0) continue;
        erased.push_back(object_from_row(r, 0));
        note.object(id);
      }
      if (!note.empty()) db->exec("SELECT pg_notify($1, $2)", {kChannel, note.payload()});
      tx.commit();
    }
    forget([&] {
      for (const ObjectRecord& o : erased) object_cache_.erase(o.id);
    });
    return erased;
  }

  // A consistent copy: every page is read in one REPEATABLE READ transaction, so it is one moment's state.
  void save_copy(const std::filesystem::path& file) override {
    SqliteCopyWriter copy(file);
    auto db = pool_.take();
    db->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      for (std::string after;;) {
        auto r = db->exec(
            "SELECT " + std::string(kObjectColumns) + " FROM filegate_objects WHERE id > $1 ORDER BY id LIMIT $2",
            {after, static_cast<std::int64_t>(kScanPage)});
        for (int i = 0; i < r.rows(); ++i) copy.add_object(object_from_row(r, i));
        if (r.rows() < static_cast<int>(kScanPage)) break;
        after = r.text(r.rows() - 1, 0);
      }
      for (std::string ns, key;;) {
        auto r = db->exec(
            "SELECT ns, key, value FROM filegate_records WHERE (ns, key) > ($1, $2) ORDER BY ns, key "
            "LIMIT $3",
            {ns, key, static_cast<std::int64_t>(kScanPage)});
        for (int i = 0; i < r.rows(); ++i) copy.add_record(r.bytes(i, 0), r.bytes(i, 1), r.bytes(i, 2));
        if (r.rows() < static_cast<int>(kScanPage)) break;
        ns = r.text(r.rows() - 1, 0);
        key = r.text(r.rows() - 1, 1);
      }
      db->exec("COMMIT");
    } catch (...) {
      if (db->healthy()) db->exec("ROLLBACK");
      throw;
    }
    copy.finish();
  }

  void restore_copy(const std::filesystem::path& file) override {
    if (!std::filesystem::is_regular_file(file)) throw std::runtime_error("no metadata copy at " + file.string());
    const auto copy = open_sqlite_metadata(file);
    const std::uint64_t change = next_change_++;
    ChangeNote note(node_, change);
    note.everything();
    std::vector<std::string> to_wait_for;
    {
      auto db = pool_.take();
      postgres::Transaction tx(*db);
      db->exec("DELETE FROM filegate_objects");
      db->exec("DELETE FROM filegate_records");
      for (auto it = copy->scan_objects(); it.valid(); it.next()) insert_object(*db, it.value());
      for (const std::string& ns : copy->record_namespaces()) {
        for (auto it = copy->scan(ns); it.valid(); it.next()) {
          put_record(*db, ns, it.key(), boost::json::serialize(it.value()));
        }
      }
      to_wait_for = notify_and_list_listeners(*db, note);
      expect_applied(change, !to_wait_for.empty());
      tx.commit();
    }
    forget([&] {
      record_cache_.clear();
      object_cache_.clear();
    });
    wait_until_applied(change, to_wait_for);
  }

  ObjectTotals object_totals() override {
    auto r = pool_.take()->exec("SELECT COUNT(*)::int8, COALESCE(SUM(size), 0)::int8 FROM filegate_objects");
    return {static_cast<std::uint64_t>(r.int64(0, 0)), static_cast<std::uint64_t>(r.int64(0, 1))};
  }

 protected:
  std::vector<ObjectRecord> objects(std::string_view after_id, std::size_t limit) override {
    auto r = pool_.take()->exec(
        "SELECT " + std::string(kObjectColumns) + " FROM filegate_objects WHERE id > $1 ORDER BY id LIMIT $2",
        {after_id, static_cast<std::int64_t>(limit)});
    std::vector<ObjectRecord> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(object_from_row(r, i));
    return out;
  }

  std::vector<Record> records(std::string_view ns, std::string_view prefix, std::string_view after_key,
                              std::size_t limit) override {
    // bytea compares byte by byte, so the keys with a prefix are the range [prefix, prefix_end).
    const std::optional<std::string> end = prefix_end(prefix);
    const auto n = static_cast<std::int64_t>(limit);
    auto db = pool_.take();
    auto r = end ? db->exec(
                       "SELECT key, value FROM filegate_records WHERE ns = $1 AND key >= $2 AND key > $3 "
                       "AND key < $4 ORDER BY key LIMIT $5",
                       {ns, prefix, after_key, *end, n})
                 : db->exec(
                       "SELECT key, value FROM filegate_records WHERE ns = $1 AND key >= $2 AND key > $3 "
                       "ORDER BY key LIMIT $4",
                       {ns, prefix, after_key, n});
    std::vector<Record> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), boost::json::parse(r.bytes(i, 1)).as_object()});
    return out;
  }

 private:
  static void apply(postgres::Connection& db, const RecordWrite& w) {
    switch (w.kind) {
      case RecordWrite::Kind::erase:
        db.exec("DELETE FROM filegate_records WHERE ns = $1 AND key = $2", {w.ns, w.key});
        return;
      case RecordWrite::Kind::consume:
        if (db.exec("DELETE FROM filegate_records WHERE ns = $1 AND key = $2", {w.ns, w.key}).affected() == 0) {
          throw RecordMissing(w.ns + "/" + w.key);
        }
        return;
      case RecordWrite::Kind::create:
        // A concurrent creator of the same key is waited for; if it commits, this one inserts nothing.
        if (db.exec("INSERT INTO filegate_records(ns, key, value) VALUES($1,$2,$3) ON CONFLICT DO NOTHING",
                    {w.ns, w.key, boost::json::serialize(w.value)})
                .affected() == 0) {
          throw RecordExists(w.ns + "/" + w.key);
        }
        return;
      case RecordWrite::Kind::put:
        put_record(db, w.ns, w.key, boost::json::serialize(w.value));
        return;
    }
  }

  // One connection per section name, opened on first use (and again after a failure); only the thread in the
  // section uses it, so sections never wait for the pool that the work inside them needs.
  std::unique_ptr<Hold> hold_across_processes(std::string_view name) override {
    std::unique_ptr<postgres::Connection>* db = nullptr;
    {
      const std::lock_guard lock(section_connections_mutex_);
      db = &section_connections_[std::string(name)];
    }
    if (!*db || !(*db)->healthy()) *db = std::make_unique<postgres::Connection>(pool_.url());
    return std::make_unique<AdvisoryHold>(*db, section_lock_key(name));
  }

  // ---- The caches: what a commit (here or on another node) changes is dropped; a read fills them ----
  // A read that raced with a change must not put back what it read before the change: every change moves the epoch
  // on before it drops entries, and a read caches its result only if the epoch has not moved since it began. Nothing
  // is cached while this node is not listening (it would not hear of the others' changes).
  template <typename Change>
  void forget(const Change& change) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    std::unique_lock cache_lock(cache_mutex_);
    change();
  }
  template <typename Fill>
  void remember(std::uint64_t epoch_read_at, const Fill& fill) {
    if (!listening_.load(std::memory_order_acquire) || reads_uncached > 0) return;
    std::unique_lock cache_lock(cache_mutex_);
    if (epoch_.load(std::memory_order_acquire) != epoch_read_at) return;
    fill();
  }
  void forget_everything() {
    forget([&] {
      record_cache_.clear();
      object_cache_.clear();
    });
  }

  // ---- Read-your-writes across nodes: a commit waits until the other listening nodes have dropped its entries ----
  // Sends the change's note (delivered at COMMIT) and returns the other nodes whose listener is connected to this
  // database (any of them may have cached what changed), read in the committing transaction: a node that starts
  // listening later had nothing cached from before. Not this node. One statement, so one round trip: a node alone
  // pays nothing over the notification itself. Node ids are hex, so a space separates them.
  std::vector<std::string> notify_and_list_listeners(postgres::Connection& db, const ChangeNote& note) {
    const auto rows = db.exec(
        "SELECT pg_notify($1, $2)::text, array_to_string(ARRAY("
        "SELECT substr(application_name, ($3::int8 + 1)::int4) FROM pg_stat_activity "
        "WHERE datname = current_database() AND starts_with(application_name, $4) AND application_name <> $5), ' ')",
        {kChannel, note.payload(), static_cast<std::int64_t>(kListenerName.size()), kListenerName,
         std::string(kListenerName) + node_});
    std::vector<std::string> nodes;
    std::istringstream names(rows.text(0, 1));
    for (std::string name; names >> name;) nodes.push_back(std::move(name));
    return nodes;
  }
  // Called before the commit, so that an answer which comes back before the commit returns is kept.
  void expect_applied(std::uint64_t change, bool wait) {
    if (!wait) return;
    const std::lock_guard lock(applied_mutex_);
    applied_by_[change];
  }
  void wait_until_applied(std::uint64_t change, const std::vector<std::string>& nodes) {
    if (nodes.empty()) return;
    // A node not listening hears no answer (and caches nothing): it cannot wait, and the others drop the entries
    // when the notification reaches them.
    std::unique_lock lock(applied_mutex_);
    if (!listening_.load(std::memory_order_acquire)) {
      applied_by_.erase(change);
      return;
    }
    std::set<std::string, std::less<>>& applied = applied_by_[change];
    const auto all_applied = [&] {
      return std::all_of(nodes.begin(), nodes.end(), [&](const std::string& n) { return applied.contains(n); });
    };
    if (!applied_.wait_for(lock, kApplyTimeout, all_applied)) {
      std::string late;
      for (const std::string& n : nodes) {
        if (!applied.contains(n)) late += (late.empty() ? "" : ", ") + n;
      }
      spdlog::warn("node(s) {} did not drop a change from their caches within {} ms", late, kApplyTimeout.count());
    }
    applied_by_.erase(change);
  }
  // "<node> <change> <applier>" on kAckChannel: kept for this node's own changes that are waited on.
  void note_applied(std::string_view payload) {
    const std::size_t first = payload.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : payload.find(' ', first + 1);
    if (second == std::string_view::npos || payload.substr(0, first) != node_) return;
    const auto change = text::parse_u64(payload.substr(first + 1, second - first - 1));
    if (!change) return;
    {
      const std::lock_guard lock(applied_mutex_);
      const auto waiting = applied_by_.find(*change);
      if (waiting == applied_by_.end()) return;  // a commit that gave up waiting, or one that waits on nobody
      waiting->second.insert(std::string(payload.substr(second + 1)));
    }
    applied_.notify_all();
  }

  void listener_started() {
    {
      const std::lock_guard lock(applied_mutex_);
      listener_started_ = true;
    }
    applied_.notify_all();
  }

  // Drops what another node's change note names; returns its "<node> <change>" to acknowledge ("" for this node's
  // own notes, whose entries are dropped already).
  std::string apply_change_note(std::string_view payload) {
    const std::size_t end_of_node = payload.find('\n');
    const std::string_view origin = payload.substr(0, end_of_node);
    if (origin.substr(0, origin.find(' ')) == node_) return {};
    std::string_view lines = end_of_node == std::string_view::npos ? "*" : payload.substr(end_of_node + 1);
    if (lines == "*") {
      forget_everything();
      return std::string(origin);
    }
    forget([&] {
      while (!lines.empty()) {
        const std::size_t eol = lines.find('\n');
        const std::string_view line = lines.substr(0, eol);
        lines = eol == std::string_view::npos ? std::string_view() : lines.substr(eol + 1);
        if (line.starts_with("o ")) {
          object_cache_.erase(std::string(line.substr(2)));
        } else if (line.starts_with("r ")) {
          const std::string_view fields = line.substr(2);
          const std::size_t space = fields.find(' ');
          const auto ns = text::from_hex(fields.substr(0, space));
          const auto key = space == std::string_view::npos ? std::nullopt : text::from_hex(fields.substr(space + 1));
          if (ns && key) {
            record_cache_.erase(record_cache_key(*ns, *key));
          } else {
            record_cache_.clear();  // unreadable: drop everything rather than keep something stale
            object_cache_.clear();
          }
        }
      }
    });
    return std::string(origin);
  }

  // The listener: its own connection, LISTENing; on any failure it stops caching, drops what it had, and connects
  // again, since while it was deaf other nodes may have changed anything.
  void listen_for_changes() {
    bool warned = false;
    while (!stopping_) {
      try {
        postgres::Connection db(pool_.url());
        db.exec("SELECT set_config('application_name', $1, false)", {std::string(kListenerName) + node_});
        db.exec("LISTEN " + std::string(kChannel));
        db.exec("LISTEN " + std::string(kAckChannel));
        forget_everything();
        listening_ = true;
        listener_started();
        if (warned) spdlog::info("listening for other nodes' changes again");
        warned = false;
        while (!stopping_) {
          std::array<pollfd, 2> fds{pollfd{db.socket(), POLLIN, 0}, pollfd{wake_.get(), POLLIN, 0}};
          if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) throw std::runtime_error("poll failed");
          if (fds[0].revents == 0) continue;
          db.consume();
          while (auto n = db.next_notification()) {
            if (n->channel == kAckChannel) {
              note_applied(n->payload);
            } else if (const std::string origin = apply_change_note(n->payload); !origin.empty()) {
              db.exec("SELECT pg_notify($1, $2)", {kAckChannel, origin + " " + node_});
            }
          }
          if (!db.healthy()) throw std::runtime_error("connection lost");
        }
      } catch (const std::exception& e) {
        listening_ = false;
        listener_started();  // or failed to: the node works on, without caching, while it tries again
        forget_everything();
        if (!warned) spdlog::warn("not hearing other nodes' changes (caching off until back): {}", e.what());
        warned = true;
        pollfd wake{wake_.get(), POLLIN, 0};
        ::poll(&wake, 1, static_cast<int>(std::chrono::milliseconds(kReconnectDelay).count()));
      }
    }
    listening_ = false;
  }

  postgres::Pool pool_;
  const std::string node_;  // tells this node's change notes from the others'
  UniqueFd wake_;           // written once to stop the listener
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::atomic<std::uint64_t> epoch_{0};
  std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const ObjectRecord>, TransparentHash, std::equal_to<>> object_cache_;
  std::unordered_map<std::string, std::shared_ptr<const boost::json::object>> record_cache_;
  std::atomic<std::uint64_t> next_change_{1};
  std::mutex applied_mutex_;
  std::condition_variable applied_;
  // Of each change of this node's that a commit waits on, the nodes that have dropped it.
  std::unordered_map<std::uint64_t, std::set<std::string, std::less<>>> applied_by_;
  bool listener_started_ = false;  // its first attempt to listen is over (guarded by applied_mutex_)
  std::mutex section_connections_mutex_;
  std::map<std::string, std::unique_ptr<postgres::Connection>> section_connections_;  // entries never erased
  std::thread listener_;  // last: started once everything it uses exists
};

}  // namespace

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::unique_ptr<MetadataStore> open_postgres_metadata(const std::string& url) {
  return std::make_unique<PostgresMetadataStore>(url);
}

}  // namespace filegate::core
