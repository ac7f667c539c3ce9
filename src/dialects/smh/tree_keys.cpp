#include "dialects/smh/tree_keys.hpp"

#include <fmt/format.h>

#include "core/record_fields.hpp"
#include "dialects/smh/path.hpp"

namespace filegate::dialects::smh::tree {

std::string scope_prefix(const Scope& scope) { return scope.library_id + "\n" + scope.space_id + "\n"; }

std::vector<std::string> parent_of(const std::vector<std::string>& path) {
  return {path.begin(), path.end() - (path.empty() ? 0 : 1)};
}

std::string node_key(const Scope& scope, const std::vector<std::string>& path) {
  return scope_prefix(scope) + join_path(parent_of(path)) + "\n" + path.back();
}

std::string children_prefix(const Scope& scope, const std::vector<std::string>& dir) {
  return base_of(scope, dir) + "\n";
}

std::string base_of(const Scope& scope, const std::vector<std::string>& dir) {
  return scope_prefix(scope) + join_path(dir);
}

std::pair<Scope, std::vector<std::string>> split_node_key(std::string_view key) {
  std::vector<std::string_view> fields;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto newline = key.find('\n');
    fields.push_back(key.substr(0, newline));
    key = key.substr(newline + 1);
  }
  std::vector<std::string> path;
  for (std::string_view parent = fields[2]; !parent.empty();) {
    const auto slash = parent.find('/');
    path.emplace_back(parent.substr(0, slash));
    parent = slash == std::string_view::npos ? std::string_view() : parent.substr(slash + 1);
  }
  path.emplace_back(key);
  return {Scope{std::string(fields[0]), std::string(fields[1])}, std::move(path)};
}

std::string history_prefix(const Scope& scope, const std::string& file_uid) {
  return scope_prefix(scope) + file_uid + "\n";
}

std::string history_key(const Scope& scope, const std::string& file_uid, std::int64_t id) {
  return history_prefix(scope, file_uid) + fmt::format("{:012}", id);
}

boost::json::object node_record(const Node& node) {
  boost::json::object o = core::to_record(node);
  if (node.is_dir) {
    for (std::string_view file_field : {"current", "meta"}) o.erase(file_field);
    if (node.file_uid.empty()) o.erase("file_uid");  // directories made before they had inodes
  }
  o["type"] = node.is_dir ? "dir" : "file";
  return o;
}

Node node_from(std::vector<std::string> path, const boost::json::object& record) {
  Node n = core::from_record<Node>(record);
  n.path = std::move(path);
  n.is_dir = core::record_fields::str(record, "type") == "dir";
  return n;
}

std::string recycled_key(const Scope& scope, std::int64_t item_id) {
  return scope_prefix(scope) + fmt::format("{:012}", item_id);
}

std::string recycled_version_key(const Scope& scope, std::int64_t item_id, const std::string& file_uid,
                                 std::int64_t history_id) {
  return recycled_key(scope, item_id) + "\n" + file_uid + "\n" + fmt::format("{:012}", history_id);
}

}  // namespace filegate::dialects::smh::tree
