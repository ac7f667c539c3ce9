#pragma once
// What the store knows about its contents: objects (one per stored version of a file, pointing at a blob) and
// records (small JSON documents in namespaces, which dialects use for their own model: apps, keys, messages, trees).
// Dialects see only this interface, never SQL, so the embedded SQLite implementation can be swapped for PostgreSQL.
#include <cstdint>
#include <filesystem>
#include <memory>
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
  enum class Kind { put, create, erase };
  Kind kind = Kind::put;
  std::string ns;
  std::string key;
  boost::json::object value;  // ignored for erase
};

// What one commit applies, in order and all or nothing (LevelDB's WriteBatch): record writes and, when uploaded
// bytes are published, their object. A create fails the whole commit with RecordExists if its key is taken.
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

// Thrown by commit when a create finds its key taken; nothing of that commit is applied.
class RecordExists : public std::runtime_error {
 public:
  explicit RecordExists(const std::string& what) : std::runtime_error(what) {}
};

// Thrown when another process holds the database (e.g. a second `filegate serve` on one data dir).
class StoreLocked : public std::runtime_error {
 public:
  explicit StoreLocked(const std::string& what) : std::runtime_error(what) {}
};

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // Applies the batch in one transaction.
  virtual void commit(const WriteBatch& batch) = 0;

  // Lookups hand out shared, immutable snapshots rather than copies: the download path makes several per request,
  // and copying JSON documents and strings was a measurable part of its cost. Null when absent.
  virtual std::shared_ptr<const ObjectRecord> object(std::string_view id) = 0;
  virtual std::shared_ptr<const boost::json::object> record(std::string_view ns, std::string_view key) = 0;

  virtual std::vector<ObjectRecord> objects(std::string_view after_id, std::size_t limit) = 0;
  // Records of `ns` whose key starts with `prefix`, in key order, strictly after `after_key`.
  virtual std::vector<Record> records(std::string_view ns, std::string_view prefix, std::string_view after_key,
                                      std::size_t limit) = 0;
};

// SQLite in WAL mode with versioned migrations; reads are served from a cache that is dropped whenever another
// process (the admin CLI) commits, so the download path does no SQLite work once warm.
std::unique_ptr<MetadataStore> open_sqlite_metadata(const std::filesystem::path& database_file);

}  // namespace filegate::core
