#pragma once
// Per-directory grants (fixtures [[smh.directory_grants]]): a user may be given read-only or no access under a
// directory; the nearest grant on a path or above it decides. A token's user is its user_id (or the request's
// user_id= for a token issued without one); requests without a user are not restricted.
#include <string>
#include <vector>

#include "dialects/smh/model.hpp"

namespace filegate::dialects::smh {

// Throws 403 ReadForbidden when the user may not read at `path`, and 403 WriteForbidden when `write` and the user may
// only read there (or not at all).
void require_directory_access(const Model& model, const Scope& scope, const std::string& user_id,
                              const std::vector<std::string>& path, bool write);

}  // namespace filegate::dialects::smh
