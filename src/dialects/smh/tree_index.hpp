#pragma once
// Secondary indexes of a space's tree, so that the lookups by inode, by history id, of the space's usage and of the
// stored objects an instant upload may reuse read a few records instead of scanning the whole space:
//   kInodes      "<scope><inode>"                        -> {"path": [...]}     every node with an inode
//   kHistoryIds  "<scope><12-digit history id>"          -> {"file_uid": ...}   every version in the tree
//   kSizes       "<scope><20-digit size>\n<12-digit id>" -> {"object": ...}     every version in the tree, by size
//   kSpaces      "<scope>"                               -> {"used_bytes": N}   the sum of those versions' sizes
// (recycled versions are out of the tree, so in none of them). The size index stands in for one by content hash: an
// SMH hash of a file over 1 MiB needs its bytes read (content_hash.hpp), which no write should pay for; the few
// versions of the asked size are hashed instead. Its value's field is "object", not "object_id", so that garbage
// collection counts the history record as the object's one reference.
//
// The index records are written by add_index_writes in the SAME commit as the tree and history records they index,
// derived from that commit's writes, so no crash can leave them disagreeing. A space's kSpaces record says its indexes
// are built: spaces last written by an older filegate have none, and their lookups fall back to scans (lookups never
// write) until the first tree change in the space, which builds them in its own commit.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metadata_store.hpp"
#include "dialects/smh/model.hpp"

namespace filegate::dialects::smh::tree_index {

inline constexpr std::string_view kInodes = "smh.inode_index";
inline constexpr std::string_view kHistoryIds = "smh.history_index";
inline constexpr std::string_view kSizes = "smh.size_index";
inline constexpr std::string_view kSpaces = "smh.space_index";

// Appends to `writes` (a change of this space's tree: tree::kNodes and tree::kHistory writes) what keeps the space's
// indexes in step with it, first building them when the space has none yet. Reads the records as they are before
// `writes`: callers are in the model's tree_exclusive() section.
void add_index_writes(core::MetadataStore& metadata, const Scope& scope, core::WriteBatch& writes);

// Lookups. The first three are for spaces whose indexes are built(); used_bytes is nullopt when they are not.
bool built(core::MetadataStore& metadata, const Scope& scope);
// The path last written for the node with this inode.
std::optional<std::vector<std::string>> path_of_inode(core::MetadataStore& metadata, const Scope& scope,
                                                      const std::string& inode);
// The file uid a version in the tree belongs to.
std::optional<std::string> file_of_version(core::MetadataStore& metadata, const Scope& scope, std::int64_t history_id);
// The stored objects of the space's versions of exactly `size` bytes (each once).
std::vector<std::string> objects_of_size(core::MetadataStore& metadata, const Scope& scope, std::uint64_t size);
std::optional<std::uint64_t> used_bytes(core::MetadataStore& metadata, const Scope& scope);

// How the stored indexes of the space differ from what its tree and history make them, one line per record ("" when
// they agree): what the tests check after each kind of tree change.
std::string differences(core::MetadataStore& metadata, const Scope& scope);

}  // namespace filegate::dialects::smh::tree_index
