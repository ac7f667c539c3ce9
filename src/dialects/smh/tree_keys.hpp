#pragma once
// How the SMH tree is laid out in the metadata store (model.hpp explains why): node keys
// "<lib>\n<space>\n<parent path>\n<name>", history keys "<lib>\n<space>\n<file uid>\n<12-digit id>", and the node
// record with its "type". Shared by the model's files: model.cpp (uploads, deletes) and tree_moves.cpp.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialects/smh/model.hpp"

namespace filegate::dialects::smh::tree {

inline constexpr std::string_view kNodes = "smh.node";
inline constexpr std::string_view kHistory = "smh.history";
// Recycle-bin items, keyed "<lib>\n<space>\n<12-digit item id>" (so a space's items are one prefix scan).
inline constexpr std::string_view kRecycled = "smh.recycled";
std::string recycled_key(const Scope& scope, std::int64_t item_id);
// The versions an item keeps, one record each (top-level "object_id", so garbage collection sees them), keyed
// "<recycled key>\n<file uid>\n<12-digit history id>".
inline constexpr std::string_view kRecycledVersions = "smh.recycled_version";
std::string recycled_version_key(const Scope& scope, std::int64_t item_id, const std::string& file_uid,
                                 std::int64_t history_id);

// A space's quota, keyed by scope_prefix (quota.cpp).
inline constexpr std::string_view kQuotas = "smh.quota";
// Per-directory grants, keyed "<scope prefix><user id>\n<dir path>" (directory_grants.cpp).
inline constexpr std::string_view kGrants = "smh.grant";
// A large batch's results until polled, keyed by scope_prefix and the task id (batch_routes.cpp).
inline constexpr std::string_view kTasks = "smh.task";

std::string scope_prefix(const Scope& scope);
std::vector<std::string> parent_of(const std::vector<std::string>& path);  // the root's parent is the root

std::string node_key(const Scope& scope, const std::vector<std::string>& path);
// The keys of a directory's children start with this; those of everything below it with base_of(…) + "\n" or "/".
std::string children_prefix(const Scope& scope, const std::vector<std::string>& dir);
std::string base_of(const Scope& scope, const std::vector<std::string>& dir);
// The scope and path a node key names (node_key's inverse).
std::pair<Scope, std::vector<std::string>> split_node_key(std::string_view key);

std::string history_prefix(const Scope& scope, const std::string& file_uid);
std::string history_key(const Scope& scope, const std::string& file_uid, std::int64_t id);

// Stored with "type": "dir" or "file"; a directory without the file fields.
boost::json::object node_record(const Node& node);
Node node_from(std::vector<std::string> path, const boost::json::object& record);

}  // namespace filegate::dialects::smh::tree
