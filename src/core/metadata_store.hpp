#pragma once
// What the store knows about its contents: objects (one per stored version of a file, pointing at a blob) and
// records (small JSON documents in namespaces, which dialects use for their own model: apps, keys, messages, trees).
// Dialects see only this interface, never SQL, so the embedded SQLite implementation can be swapped for PostgreSQL.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/digests.hpp"

namespace filegate::core {

struct ObjectRecord {
  std::string id;
  Digests digests;
  std::string content_type;
  std::string name;    // the file name the uploader gave
  std::string origin;  // which API created it, e.g. "feishu.im": shown by `filegate ls`
  std::int64_t created_at_ms = 0;
};

struct RecordWrite {
  enum class Kind { put, create, erase, consume };
  Kind kind = Kind::put;
  std::string ns;
  std::string key;
  boost::json::object value;  // ignored for erase and consume
};

// What one commit applies, in order and all or nothing (LevelDB's WriteBatch): record writes and, when uploaded
// bytes are published, their object. A create fails the whole commit with RecordExists if its key is taken; a
// consume erases a record and fails the whole commit with RecordMissing if it is not there, so that of two processes
// spending one single-use record (an OAuth code) at once exactly one succeeds.
struct WriteBatch {
  std::optional<ObjectRecord> new_object;
  std::vector<RecordWrite> writes;

  WriteBatch& put(std::string_view ns, std::string_view key, boost::json::object value) {
    return add(RecordWrite::Kind::put, ns, key, std::move(value));
  }
  WriteBatch& create(std::string_view ns, std::string_view key, boost::json::object value) {
    return add(RecordWrite::Kind::create, ns, key, std::move(value));
  }
  WriteBatch& erase(std::string_view ns, std::string_view key) { return add(RecordWrite::Kind::erase, ns, key, {}); }
  WriteBatch& consume(std::string_view ns, std::string_view key) {
    return add(RecordWrite::Kind::consume, ns, key, {});
  }
  WriteBatch& append(WriteBatch&& other) {
    for (RecordWrite& w : other.writes) writes.push_back(std::move(w));
    return *this;
  }

 private:
  WriteBatch& add(RecordWrite::Kind kind, std::string_view ns, std::string_view key, boost::json::object value) {
    writes.push_back({kind, std::string(ns), std::string(key), std::move(value)});
    return *this;
  }
};

struct Record {
  std::string key;
  boost::json::object value;
};

inline const std::string& key_of(const Record& r) { return r.key; }
inline const boost::json::object& value_of(const Record& r) { return r.value; }
inline const std::string& key_of(const ObjectRecord& o) { return o.id; }
inline const ObjectRecord& value_of(const ObjectRecord& o) { return o; }

// A cursor over a key-ordered range (LevelDB's Iterator): `for (auto it = …; it.valid(); it.next())`. It reads a page
// at a time, when it runs out, so a scan of any length holds one page; each page continues after the last key seen,
// so writes made meanwhile never make it repeat or skip a key that existed throughout.
template <typename Entry>
class Scan {
 public:
  // Up to `limit` entries whose keys come strictly after `after`, in key order.
  using Fetch = std::function<std::vector<Entry>(std::string_view after, std::size_t limit)>;

  Scan(Fetch fetch, std::string_view after_key, std::size_t page_size)
      : fetch_(std::move(fetch)), page_size_(std::max<std::size_t>(page_size, 1)) {
    seek(after_key);
  }

  // Moves to the first entry whose key comes strictly after `after_key` ("" = the first entry).
  void seek(std::string_view after_key) {
    after_.assign(after_key);
    page_.clear();
    at_ = 0;
    more_ = true;
  }
  bool valid() {
    if (at_ == page_.size() && more_) {
      if (!page_.empty()) after_ = key_of(page_.back());
      page_ = fetch_(after_, page_size_);
      at_ = 0;
      more_ = page_.size() == page_size_;
    }
    return at_ < page_.size();
  }
  void next() { ++at_; }  // after valid() said true
  const std::string& key() const { return key_of(page_[at_]); }
  decltype(auto) value() const { return value_of(page_[at_]); }

 private:
  Fetch fetch_;
  std::size_t page_size_;
  std::string after_;
  std::vector<Entry> page_;
  std::size_t at_ = 0;
  bool more_ = true;  // the last page was full, so another may follow
};

// Thrown by commit when a create finds its key taken; nothing of that commit is applied.
class RecordExists : public std::runtime_error {
 public:
  explicit RecordExists(const std::string& what) : std::runtime_error(what) {}
};

// Thrown by commit when a consume finds no record; nothing of that commit is applied.
class RecordMissing : public std::runtime_error {
 public:
  explicit RecordMissing(const std::string& what) : std::runtime_error(what) {}
};

// Thrown when another process holds the database (e.g. a second `filegate serve` on one data dir).
class StoreLocked : public std::runtime_error {
 public:
  explicit StoreLocked(const std::string& what) : std::runtime_error(what) {}
};

struct ObjectTotals {
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;  // the sum of the objects' sizes (shared blobs counted once per object)
};

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  static constexpr std::size_t kScanPage = 1000;

  // Applies the batch in one transaction.
  virtual void commit(const WriteBatch& batch) = 0;

  // Lookups hand out shared, immutable snapshots rather than copies: the download path makes several per request,
  // and copying JSON documents and strings was a measurable part of its cost. Null when absent.
  virtual std::shared_ptr<const ObjectRecord> object(std::string_view id) = 0;
  virtual std::shared_ptr<const boost::json::object> record(std::string_view ns, std::string_view key) = 0;

  // Records of `ns` whose key starts with `prefix`, in key order, from the first key after `after_key`.
  Scan<Record> scan(std::string_view ns, std::string_view prefix = {}, std::string_view after_key = {},
                    std::size_t page_size = kScanPage) {
    return Scan<Record>([this, ns = std::string(ns), prefix = std::string(prefix)](
                            std::string_view after, std::size_t limit) { return records(ns, prefix, after, limit); },
                        after_key, page_size);
  }
  // Adds to `writes` an erase of every record of `ns` whose key starts with `prefix` and that `matches` (every one
  // when it is null): the records of something deleted whole, such as an account, committed with its other writes.
  void erase_matching(
      WriteBatch& writes, std::string_view ns, std::string_view prefix = {},
      const std::function<bool(const std::string& key, const boost::json::object& value)>& matches = {}) {
    for (auto it = scan(ns, prefix); it.valid(); it.next()) {
      if (!matches || matches(it.key(), it.value())) writes.erase(ns, it.key());
    }
  }
  // Every object, in id order.
  Scan<ObjectRecord> scan_objects(std::size_t page_size = kScanPage) {
    return Scan<ObjectRecord>([this](std::string_view after, std::size_t limit) { return objects(after, limit); }, {},
                              page_size);
  }

  // ---- Garbage collection (core/garbage_collector.hpp) ----
  // A record refers to an object by a top-level "object_id" field: the one convention every dialect keeps, so that
  // the collector can tell which objects are still in use without knowing any dialect.
  static constexpr std::string_view kObjectIdField = "object_id";
  // Every namespace that holds a record.
  virtual std::vector<std::string> record_namespaces() = 0;
  // Erases, in one transaction, those objects of `ids` that no record refers to at that moment (a record written
  // since the caller looked keeps its object). Returns the objects erased.
  virtual std::vector<ObjectRecord> erase_unreferenced_objects(const std::vector<std::string>& ids) = 0;

  // Copies of the whole metadata as an SQLite file in this store's schema (whatever the back end): a test service's
  // reset point, and the metadata of an export. save_copy writes every record and object as they are now;
  // restore_copy replaces all of them with the copy's, in one transaction (a copy from an older filegate must have
  // been migrated first: open it with open_sqlite_metadata).
  virtual void save_copy(const std::filesystem::path& file) = 0;
  // How many objects there are and how many bytes they hold (the metrics): an aggregate, not a scan on the caller.
  virtual ObjectTotals object_totals() = 0;
  virtual void restore_copy(const std::filesystem::path& file) = 0;

  // ---- Check-then-write across processes ----
  // Something an exclusive section holds beyond this process; released by its destructor.
  class Hold {
   public:
    virtual ~Hold() = default;
  };
  // While it lives, no other holder of the same name runs, in this process or any other sharing the store, and this
  // thread's lookups read the store itself rather than a cache: a check made in the section sees every commit made in
  // an earlier one, including another node's whose notification has not arrived yet. For a model that reads several
  // records and then writes what it decided (the SMH tree): what it checked still holds when its writes commit.
  struct [[nodiscard]] Exclusive {
    std::unique_lock<std::mutex> in_process;
    std::unique_ptr<Hold> across_processes;  // released first (members are destroyed in reverse order)
  };
  // `name`s are a model's fixed constants. A thread holds one section at a time.
  Exclusive exclusive(std::string_view name) {
    std::unique_lock in_process(local_mutex(name));
    return {std::move(in_process), hold_across_processes(name)};
  }

 protected:
  // What exclusive() takes beyond the process, after its in-process mutex (so one thread per process waits here):
  // a PostgreSQL advisory lock; a lock file beside an SQLite database (the admin CLI writes beside the server).
  virtual std::unique_ptr<Hold> hold_across_processes(std::string_view /*name*/) { return nullptr; }

  // The pages of the scans above: up to `limit` entries strictly after `after_*`, in key order.
  virtual std::vector<ObjectRecord> objects(std::string_view after_id, std::size_t limit) = 0;
  virtual std::vector<Record> records(std::string_view ns, std::string_view prefix, std::string_view after_key,
                                      std::size_t limit) = 0;

 private:
  std::mutex& local_mutex(std::string_view name) {
    const std::lock_guard lock(local_mutexes_guard_);
    auto found = local_mutexes_.find(name);
    if (found == local_mutexes_.end()) found = local_mutexes_.try_emplace(std::string(name)).first;
    return found->second;
  }
  std::mutex local_mutexes_guard_;
  std::map<std::string, std::mutex, std::less<>> local_mutexes_;  // never erased: references stay valid
};

// SQLite in WAL mode with versioned migrations; reads are served from a cache that is dropped whenever another
// process (the admin CLI) commits, so the download path does no SQLite work once warm.
std::unique_ptr<MetadataStore> open_sqlite_metadata(const std::filesystem::path& database_file);

}  // namespace filegate::core
