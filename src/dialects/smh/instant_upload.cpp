// Instant upload: which stored object of a space has a given content hash (content_hash.hpp). Only objects of the
// size the upload names can match: the space's size index (tree_index.hpp) lists them. Without a size, or in a space
// no change has indexed yet (last written by an older filegate), the space's history is scanned.
#include <set>

#include "core/record_fields.hpp"
#include "dialects/smh/content_hash.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_index.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {

std::optional<std::string> Model::object_with_hash(const Scope& scope, std::optional<std::uint64_t> size,
                                                   std::string_view hash, bool full) const {
  auto& metadata = store_.metadata();
  const auto has_hash = [&](const std::string& object_id) {
    const auto object = metadata.object(object_id);
    if (!object) return false;
    // Up to one chunk, both hashes are the SHA-256 the store already knows; beyond, the bytes are read.
    const std::string found = object->digests.size <= kHashChunkBytes
                                  ? object->digests.sha256_hex
                                  : (full ? content_hashes(store_.open(*object), true).full
                                          : content_hashes(store_.open(*object), false).beginning);
    return found == hash;
  };
  if (size && tree_index::built(metadata, scope)) {
    for (const std::string& object_id : tree_index::objects_of_size(metadata, scope, *size)) {
      if (has_hash(object_id)) return object_id;
    }
    return std::nullopt;
  }
  std::set<std::string> seen;
  for (auto it = metadata.scan(tree::kHistory, tree::scope_prefix(scope)); it.valid(); it.next()) {
    const std::string object_id = core::record_fields::str(it.value(), "object_id");
    if (size && static_cast<std::uint64_t>(core::record_fields::i64(it.value(), "size")) != *size) continue;
    if (!seen.insert(object_id).second) continue;
    if (has_hash(object_id)) return object_id;
  }
  return std::nullopt;
}

}  // namespace filegate::dialects::smh
