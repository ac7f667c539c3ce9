// Instant upload: which stored object of a space has a given content hash (content_hash.hpp).
#include <set>

#include "core/record_fields.hpp"
#include "dialects/smh/content_hash.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {

std::optional<std::string> Model::object_with_hash(const Scope& scope, std::optional<std::uint64_t> size,
                                                   std::string_view hash, bool full) const {
  std::set<std::string> seen;
  for (auto it = store_.metadata().scan(tree::kHistory, tree::scope_prefix(scope)); it.valid(); it.next()) {
    const std::string object_id = core::record_fields::str(it.value(), "object_id");
    if (size && static_cast<std::uint64_t>(core::record_fields::i64(it.value(), "size")) != *size) continue;
    if (!seen.insert(object_id).second) continue;
    const auto object = store_.metadata().object(object_id);
    if (!object) continue;
    // Up to one chunk, both hashes are the SHA-256 the store already knows; beyond, the bytes are read.
    const std::string found = object->digests.size <= kHashChunkBytes
                                  ? object->digests.sha256_hex
                                  : (full ? content_hashes(store_.open(*object), true).full
                                          : content_hashes(store_.open(*object), false).beginning);
    if (found == hash) return object_id;
  }
  return std::nullopt;
}

}  // namespace filegate::dialects::smh
