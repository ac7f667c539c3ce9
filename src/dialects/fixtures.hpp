#pragma once
// Fixtures: the state a test service starts from, declared in a file (TOML; docs/fixtures.md documents every key).
// The control plane parses the document and hands each dialect its own table ([feishu], [dingtalk] …). A dialect
// reads it through FixtureTable, which checks each value's type, refuses keys nobody read (a misspelt key is an error,
// not silently ignored) and names the key of every error, so the loader can point at the file's line.
//
// Applying fixtures is idempotent: every entry names its handles (app ids, file keys, paths), and an entry that is
// already in the store as declared is left as it is.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/store.hpp"

namespace filegate::dialects {

// An error in a fixtures document; key() is where: "feishu.apps[0].app_secret".
class FixtureError : public std::runtime_error {
 public:
  FixtureError(std::string key, const std::string& message) : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Where file content named by `path = "…"` is read from.
struct FixtureSource {
  // The fixtures file's directory. Empty for a document posted to the admin API: it may hold only inline content,
  // so the API cannot be used to read the server's files.
  std::filesystem::path base_dir;
};

class FixtureTable {
 public:
  FixtureTable(const boost::json::object& table, std::string key_path, const FixtureSource& source);

  const std::string& key_path() const { return key_path_; }
  bool has(std::string_view key) const { return table_.contains(key); }

  // Each read marks the key as known. Missing required keys and values of the wrong type are errors.
  std::string string(std::string_view key);
  std::string string_or(std::string_view key, std::string_view fallback);
  bool boolean_or(std::string_view key, bool fallback);
  std::int64_t integer_or(std::string_view key, std::int64_t fallback);
  std::vector<std::string> strings(std::string_view key);   // empty when absent
  std::optional<FixtureTable> table(std::string_view key);  // a table ([feishu]); nullopt when absent
  std::vector<FixtureTable> tables(std::string_view key);   // an array of tables ([[feishu.apps]]); empty when absent

  // The entry's file content: `path` (relative to the fixtures file) or `text`, exactly one of them.
  std::unique_ptr<core::StagedBlob> content(core::Store& store);

  // Throws for the first key that no read above asked for.
  void finish() const;
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

 private:
  const boost::json::value* find(std::string_view key);
  std::string child_path(std::string_view key) const;

  const boost::json::object& table_;
  std::string key_path_;
  const FixtureSource& source_;
  std::set<std::string, std::less<>> read_;
};

// Whether the object `object_id` already holds the staged bytes under `name` (it seals `staged`): an entry whose
// handle holds exactly that is left alone, so applying fixtures twice leaves one object, not two.
bool holds_same_content(core::Store& store, const std::string& object_id, core::StagedBlob& staged,
                        std::string_view name);

}  // namespace filegate::dialects
