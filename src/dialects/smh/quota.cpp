// A space's quota: a byte capacity (fixtures, `filegate smh quota`), none = unlimited. Usage is every version of
// every file in the space's tree (not the recycle bin): what SMH bills as stored. A copy or a restored version
// counts again although filegate stores its bytes once, as the platform counts it per file.
#include <fmt/format.h>

#include "core/record_fields.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/model.hpp"
#include "dialects/smh/tree_index.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {

std::optional<std::uint64_t> Model::quota(const Scope& scope) const {
  auto o = store_.metadata().record(tree::kQuotas, tree::scope_prefix(scope));
  if (!o) return std::nullopt;
  return static_cast<std::uint64_t>(core::record_fields::i64(*o, "capacity"));
}

void Model::set_quota(const Scope& scope, std::optional<std::uint64_t> capacity) {
  const std::string key = tree::scope_prefix(scope);
  store_.metadata().commit(
      capacity ? core::WriteBatch().put(tree::kQuotas, key, {{"capacity", static_cast<std::int64_t>(*capacity)}})
               : core::WriteBatch().erase(tree::kQuotas, key));
}

// The space's usage counter (tree_index.hpp), kept by every commit that adds or removes versions; a space no change has
// indexed yet (last written by an older filegate) is summed by a scan.
std::uint64_t Model::used_bytes(const Scope& scope) const {
  if (const auto counted = tree_index::used_bytes(store_.metadata(), scope)) return *counted;
  std::uint64_t used = 0;
  for (auto it = store_.metadata().scan(tree::kHistory, tree::scope_prefix(scope)); it.valid(); it.next()) {
    used += static_cast<std::uint64_t>(core::record_fields::i64(it.value(), "size"));
  }
  return used;
}

void Model::require_quota(const Scope& scope, std::uint64_t adding) const {
  const auto capacity = quota(scope);
  if (!capacity) return;
  const std::uint64_t used = used_bytes(scope);
  if (used + adding > *capacity) {
    throw http::Refusal(
        errors::quota_limit_reached,
        fmt::format("the space's quota is {} bytes, {} are used, {} more do not fit", *capacity, used, adding));
  }
}

}  // namespace filegate::dialects::smh
