// The recycle bin's side of the model: a delete without ?permanent leaves an item holding what it took out of the
// tree (model.cpp, remove): the nodes in the item's record, the versions in records of their own. Here items are
// listed, restored to where they were, or deleted for good; once an item is deleted its versions' objects are referred
// to by nothing and garbage collection frees their bytes.
#include <algorithm>

#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include "core/record_fields.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;
using core::record_fields::i64;
using core::record_fields::str;

std::vector<std::string> path_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  auto path = json::try_value_to<std::vector<std::string>>(*v);
  return path ? std::move(*path) : std::vector<std::string>{};
}

const json::array* array_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

RecycledItem item_from(std::int64_t id, const json::object& o) {
  RecycledItem item;
  item.id = id;
  item.original_path = path_of(o, "path");
  item.is_dir = str(o, "type") == "dir";
  item.removal_ms = i64(o, "deleted_ms");
  // The deleted node itself is the first one kept (the directory before what was below it).
  if (const json::array* nodes = array_of(o, "nodes"); nodes && !nodes->empty() && nodes->front().is_object()) {
    const json::object& first = nodes->front().as_object();
    if (const json::value* record = first.if_contains("record"); record && record->is_object()) {
      item.node = tree::node_from(path_of(first, "path"), record->as_object());
    }
  }
  item.node.is_dir = item.is_dir;
  if (item.node.path.empty()) item.node.path = item.original_path;
  return item;
}

std::int64_t item_id_of(std::string_view key) {
  const auto at = key.rfind('\n');
  return std::stoll(std::string(key.substr(at + 1)));
}

}  // namespace

std::vector<RecycledItem> Model::recycled(const Scope& scope) const {
  std::vector<RecycledItem> items;
  for (auto it = store_.metadata().scan(tree::kRecycled, tree::scope_prefix(scope)); it.valid(); it.next()) {
    items.push_back(item_from(item_id_of(it.key()), it.value()));
  }
  std::reverse(items.begin(), items.end());  // keys hold increasing ids: newest last
  return items;
}

std::vector<std::string> Model::restore(const Scope& scope, std::int64_t item_id) {
  const auto exclusive = tree_exclusive();
  const std::string key = tree::recycled_key(scope, item_id);
  const auto record = store_.metadata().record(tree::kRecycled, key);
  const json::array* nodes = record ? array_of(*record, "nodes") : nullptr;
  // Items of earlier filegates kept no content: there is nothing to put back.
  if (!nodes || nodes->empty()) throw http::Refusal(errors::recycled_item_not_found);
  const std::vector<std::string> original = path_of(*record, "path");
  if (original.empty()) throw http::Refusal(errors::recycled_item_not_found);

  // Where it was, unless that name has been taken since: then "name (n)", as uploads rename.
  std::vector<std::string> target = node(scope, original) ? free_name(scope, original) : original;
  core::WriteBatch writes;
  directory_target(scope, target, /*rename=*/false, store_.clock().now_ms(), writes);  // its missing parents
  for (const json::value& kept : *nodes) {
    const json::object& o = kept.as_object();
    std::vector<std::string> path = path_of(o, "path");
    Node n = tree::node_from(path, o.at("record").as_object());
    // Below the restored node, paths keep their place relative to it.
    n.path = target;
    n.path.insert(n.path.end(), path.begin() + static_cast<std::ptrdiff_t>(original.size()), path.end());
    if (!n.is_dir && n.path.size() == target.size()) n.current.name = target.back();
    writes.put(tree::kNodes, tree::node_key(scope, n.path), tree::node_record(n));
  }
  // The versions go back under their file uids; the keys end "\n<file uid>\n<history id>".
  auto& metadata = store_.metadata();
  for (auto it = metadata.scan(tree::kRecycledVersions, key + "\n"); it.valid(); it.next()) {
    const std::string& version_key = it.key();
    const std::string_view rest = std::string_view(version_key).substr(key.size() + 1);
    const std::string file_uid(rest.substr(0, rest.find('\n')));
    const auto v = core::from_record<Version>(it.value());
    writes.put(tree::kHistory, tree::history_key(scope, file_uid, v.id), it.value());
    writes.erase(tree::kRecycledVersions, version_key);
  }
  writes.erase(tree::kRecycled, key);
  commit_tree(scope, std::move(writes));
  return target;
}

void Model::delete_recycled(const Scope& scope, std::int64_t item_id) {
  const auto exclusive = tree_exclusive();
  const std::string key = tree::recycled_key(scope, item_id);
  auto& metadata = store_.metadata();
  if (!metadata.record(tree::kRecycled, key)) throw http::Refusal(errors::recycled_item_not_found);
  core::WriteBatch writes;
  writes.erase(tree::kRecycled, key);
  metadata.erase_matching(writes, tree::kRecycledVersions, key + "\n");
  metadata.commit(writes);
}

void Model::empty_recycled(const Scope& scope) {
  const auto exclusive = tree_exclusive();
  core::WriteBatch writes;
  for (std::string_view ns : {tree::kRecycled, tree::kRecycledVersions}) {
    store_.metadata().erase_matching(writes, ns, tree::scope_prefix(scope));
  }
  store_.metadata().commit(writes);
}

}  // namespace filegate::dialects::smh
