// The indexes of a space's tree (tree_index.hpp explains them): derived from each tree change's own writes, built for
// a space on its first change by this filegate, and read by the lookups.
#include "dialects/smh/tree_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include "core/record_fields.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh::tree_index {
namespace {

namespace json = boost::json;
using core::record_fields::i64;
using core::record_fields::str;

std::string id_text(std::int64_t id) { return fmt::format("{:012}", id); }

std::string size_prefix(const std::string& scope_prefix, std::uint64_t size) {
  return scope_prefix + fmt::format("{:020}", size) + "\n";
}

std::uint64_t size_of(const json::object& version) { return static_cast<std::uint64_t>(i64(version, "size")); }

json::object inode_entry(const std::vector<std::string>& path) { return {{"path", json::value_from(path)}}; }

// The file uid and the 12-digit id a history key "<scope><file uid>\n<id>" names.
std::pair<std::string, std::string> split_history_key(std::string_view key, std::size_t scope_prefix_size) {
  const std::string_view rest = key.substr(scope_prefix_size);
  const auto newline = rest.rfind('\n');
  return {std::string(rest.substr(0, newline)), std::string(rest.substr(newline + 1))};
}

// Every index record of a space as its tree and history make it, keyed by namespace and key.
using Entries = std::map<std::pair<std::string, std::string>, json::object>;

Entries expected_entries(core::MetadataStore& metadata, const Scope& scope) {
  const std::string prefix = tree::scope_prefix(scope);
  Entries entries;
  for (auto it = metadata.scan(tree::kNodes, prefix); it.valid(); it.next()) {
    const std::string inode = str(it.value(), "file_uid");
    if (inode.empty()) continue;  // directories made before they had inodes
    entries[{std::string(kInodes), prefix + inode}] = inode_entry(tree::split_node_key(it.key()).second);
  }
  std::uint64_t used = 0;
  for (auto it = metadata.scan(tree::kHistory, prefix); it.valid(); it.next()) {
    const auto [file_uid, id] = split_history_key(it.key(), prefix.size());
    const std::uint64_t size = size_of(it.value());
    used += size;
    entries[{std::string(kHistoryIds), prefix + id}] = {{"file_uid", file_uid}};
    entries[{std::string(kSizes), size_prefix(prefix, size) + id}] = {{"object", str(it.value(), "object_id")}};
  }
  entries[{std::string(kSpaces), prefix}] = {{"used_bytes", static_cast<std::int64_t>(used)}};
  return entries;
}

// The index records stored for a space, keyed as expected_entries keys them.
Entries stored_entries(core::MetadataStore& metadata, const Scope& scope) {
  const std::string prefix = tree::scope_prefix(scope);
  Entries entries;
  for (std::string_view ns : {kInodes, kHistoryIds, kSizes}) {
    for (auto it = metadata.scan(ns, prefix); it.valid(); it.next()) {
      entries[{std::string(ns), it.key()}] = it.value();
    }
  }
  if (const auto space = metadata.record(kSpaces, prefix)) entries[{std::string(kSpaces), prefix}] = *space;
  return entries;
}

// Applies a space's tree writes to its indexes, one write at a time in commit order, each seeing the records as the
// writes before it in the same commit left them.
class IndexWriter {
 public:
  IndexWriter(core::MetadataStore& metadata, const Scope& scope, std::uint64_t used)
      : metadata_(metadata), prefix_(tree::scope_prefix(scope)), used_(static_cast<std::int64_t>(used)) {}

  void apply(const core::RecordWrite& w) {
    if (!w.key.starts_with(prefix_)) return;
    const bool erases = w.kind == core::RecordWrite::Kind::erase || w.kind == core::RecordWrite::Kind::consume;
    if (w.ns == tree::kNodes) {
      node_written(w.key, erases ? nullptr : &w.value);
    } else if (w.ns == tree::kHistory) {
      version_written(w.key, erases ? nullptr : &w.value);
    }
  }

  core::WriteBatch finish() {
    out_.put(kSpaces, prefix_, {{"used_bytes", std::max<std::int64_t>(used_, 0)}});
    return std::move(out_);
  }

 private:
  using Shared = std::shared_ptr<const json::object>;

  Shared before(std::string_view ns, std::map<std::string, Shared>& overlay, const std::string& key) {
    if (auto found = overlay.find(key); found != overlay.end()) return found->second;
    return metadata_.record(ns, key);
  }

  // A node's inode leaves the index, unless this commit has already put it at another path (a move writes the new
  // key after erasing the old one, but nothing obliges a caller to keep that order).
  void inode_gone(const std::string& inode, const std::string& node_key) {
    if (inode.empty()) return;
    const auto placed = placed_.find(inode);
    if (placed != placed_.end() && placed->second != node_key) return;
    out_.erase(kInodes, prefix_ + inode);
    if (placed != placed_.end()) placed_.erase(placed);
  }

  void node_written(const std::string& key, const json::object* value) {
    const Shared old = before(tree::kNodes, nodes_, key);
    const std::string old_inode = old ? str(*old, "file_uid") : std::string();
    const std::string new_inode = value ? str(*value, "file_uid") : std::string();
    if (old_inode != new_inode) inode_gone(old_inode, key);
    if (!new_inode.empty()) {
      out_.put(kInodes, prefix_ + new_inode, inode_entry(tree::split_node_key(key).second));
      placed_[new_inode] = key;
    }
    nodes_[key] = value ? std::make_shared<const json::object>(*value) : nullptr;
  }

  void version_written(const std::string& key, const json::object* value) {
    const auto [file_uid, id] = split_history_key(key, prefix_.size());
    if (const Shared old = before(tree::kHistory, history_, key)) {
      used_ -= static_cast<std::int64_t>(size_of(*old));
      out_.erase(kSizes, size_prefix(prefix_, size_of(*old)) + id);
    }
    if (value) {
      used_ += static_cast<std::int64_t>(size_of(*value));
      out_.put(kHistoryIds, prefix_ + id, {{"file_uid", file_uid}});
      out_.put(kSizes, size_prefix(prefix_, size_of(*value)) + id, {{"object", str(*value, "object_id")}});
    } else {
      out_.erase(kHistoryIds, prefix_ + id);
    }
    history_[key] = value ? std::make_shared<const json::object>(*value) : nullptr;
  }

  core::MetadataStore& metadata_;
  const std::string prefix_;
  std::int64_t used_;
  core::WriteBatch out_;
  std::map<std::string, Shared> nodes_;    // node key -> its record after this commit's writes so far (null: erased)
  std::map<std::string, Shared> history_;  // likewise for versions
  std::map<std::string, std::string> placed_;  // inode -> the node key this commit last put it at
};

}  // namespace

void add_index_writes(core::MetadataStore& metadata, const Scope& scope, core::WriteBatch& writes) {
  const std::string prefix = tree::scope_prefix(scope);
  core::WriteBatch index;
  std::uint64_t used = 0;
  if (const auto space = metadata.record(kSpaces, prefix)) {
    used = static_cast<std::uint64_t>(i64(*space, "used_bytes"));
  } else {
    // The space's first change by this filegate: build its indexes from the tree as it is before `writes` (clearing
    // whatever an interrupted history may have left), then let `writes` change them like any other commit.
    for (std::string_view ns : {kInodes, kHistoryIds, kSizes}) metadata.erase_matching(index, ns, prefix);
    for (auto& [where, value] : expected_entries(metadata, scope)) {
      if (where.first == kSpaces) {
        used = static_cast<std::uint64_t>(i64(value, "used_bytes"));
        continue;
      }
      index.put(where.first, where.second, std::move(value));
    }
  }
  IndexWriter writer(metadata, scope, used);
  for (const core::RecordWrite& w : writes.writes) writer.apply(w);
  writes.append(std::move(index));
  writes.append(writer.finish());
}

bool built(core::MetadataStore& metadata, const Scope& scope) {
  return metadata.record(kSpaces, tree::scope_prefix(scope)) != nullptr;
}

std::optional<std::vector<std::string>> path_of_inode(core::MetadataStore& metadata, const Scope& scope,
                                                      const std::string& inode) {
  const auto entry = metadata.record(kInodes, tree::scope_prefix(scope) + inode);
  const json::value* path = entry ? entry->if_contains("path") : nullptr;
  if (!path) return std::nullopt;
  auto parsed = json::try_value_to<std::vector<std::string>>(*path);
  if (!parsed || parsed->empty()) return std::nullopt;
  return std::move(*parsed);
}

std::optional<std::string> file_of_version(core::MetadataStore& metadata, const Scope& scope, std::int64_t history_id) {
  const auto entry = metadata.record(kHistoryIds, tree::scope_prefix(scope) + id_text(history_id));
  if (!entry) return std::nullopt;
  return str(*entry, "file_uid");
}

std::vector<std::string> objects_of_size(core::MetadataStore& metadata, const Scope& scope, std::uint64_t size) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto it = metadata.scan(kSizes, size_prefix(tree::scope_prefix(scope), size)); it.valid(); it.next()) {
    std::string object = str(it.value(), "object");
    if (seen.insert(object).second) out.push_back(std::move(object));
  }
  return out;
}

std::optional<std::uint64_t> used_bytes(core::MetadataStore& metadata, const Scope& scope) {
  const auto space = metadata.record(kSpaces, tree::scope_prefix(scope));
  if (!space) return std::nullopt;
  return static_cast<std::uint64_t>(i64(*space, "used_bytes"));
}

std::string differences(core::MetadataStore& metadata, const Scope& scope) {
  const Entries expected = expected_entries(metadata, scope);
  const Entries stored = stored_entries(metadata, scope);
  std::string out;
  const auto describe = [](const std::pair<std::string, std::string>& where) {
    std::string key = where.second;
    std::replace(key.begin(), key.end(), '\n', '|');
    return where.first + " " + key;
  };
  for (const auto& [where, value] : expected) {
    const auto found = stored.find(where);
    if (found == stored.end()) {
      out += "missing " + describe(where) + " " + json::serialize(value) + "\n";
    } else if (found->second != value) {
      out += "stale " + describe(where) + " " + json::serialize(found->second) + " should be " +
             json::serialize(value) + "\n";
    }
  }
  for (const auto& [where, value] : stored) {
    if (!expected.contains(where)) out += "extra " + describe(where) + " " + json::serialize(value) + "\n";
  }
  return out;
}

}  // namespace filegate::dialects::smh::tree_index
