#include "dialects/fixtures.hpp"

namespace filegate::dialects {

FixtureTable::FixtureTable(const boost::json::object& table, std::string key_path, const FixtureSource& source)
    : table_(table), key_path_(std::move(key_path)), source_(source) {}

const boost::json::value* FixtureTable::find(std::string_view key) {
  read_.emplace(key);
  return table_.if_contains(key);
}

std::string FixtureTable::child_path(std::string_view key) const {
  if (key.empty()) return key_path_;
  return key_path_.empty() ? std::string(key) : key_path_ + "." + std::string(key);
}

void FixtureTable::fail(std::string_view key, const std::string& message) const {
  throw FixtureError(child_path(key), message);
}

std::string FixtureTable::string(std::string_view key) {
  const auto* value = find(key);
  if (!value) fail(key, "is required");
  if (!value->is_string() || value->get_string().empty()) fail(key, "must be a non-empty string");
  return std::string(value->get_string());
}

std::string FixtureTable::string_or(std::string_view key, std::string_view fallback) {
  return find(key) ? string(key) : std::string(fallback);
}

bool FixtureTable::boolean_or(std::string_view key, bool fallback) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_bool()) fail(key, "must be true or false");
  return value->get_bool();
}

std::int64_t FixtureTable::integer_or(std::string_view key, std::int64_t fallback) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_int64()) fail(key, "must be an integer");
  return value->get_int64();
}

std::vector<std::string> FixtureTable::strings(std::string_view key) {
  const auto* value = find(key);
  if (!value) return {};
  if (!value->is_array()) fail(key, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : value->get_array()) {
    if (!item.is_string() || item.get_string().empty()) fail(key, "must be an array of non-empty strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

std::optional<FixtureTable> FixtureTable::table(std::string_view key) {
  const auto* value = find(key);
  if (!value) return std::nullopt;
  if (!value->is_object()) fail(key, "must be a table ([" + child_path(key) + "])");
  return FixtureTable(value->get_object(), child_path(key), source_);
}

std::vector<FixtureTable> FixtureTable::tables(std::string_view key) {
  const auto* value = find(key);
  if (!value) return {};
  if (!value->is_array()) fail(key, "must be an array of tables ([[" + child_path(key) + "]])");
  std::vector<FixtureTable> out;
  const auto& items = value->get_array();
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = child_path(key) + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) throw FixtureError(path, "must be a table");
    out.emplace_back(items[i].get_object(), path, source_);
  }
  return out;
}

std::unique_ptr<core::StagedBlob> FixtureTable::content(core::Store& store) {
  const bool from_path = has("path");
  const bool inline_text = has("text");
  if (from_path == inline_text) fail("", "needs exactly one of path (a file) or text (inline content)");
  if (inline_text) return core::stage_bytes(store, string("text"));
  const std::filesystem::path relative = string("path");
  if (source_.base_dir.empty()) fail("path", "only a fixtures file may name files; use text here");
  const std::filesystem::path file = relative.is_absolute() ? relative : source_.base_dir / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) fail("path", "no such file: " + relative.string());
  return core::stage_local_file(store, file);
}

bool holds_same_content(core::Store& store, const std::string& object_id, core::StagedBlob& staged,
                        std::string_view name) {
  const auto object = store.metadata().object(object_id);
  return object && object->name == name && object->digests.sha256_hex == staged.seal().sha256_hex;
}

void FixtureTable::finish() const {
  for (const auto& entry : table_) {
    if (!read_.contains(entry.key())) fail(entry.key(), "is not a known key here");
  }
}

}  // namespace filegate::dialects
