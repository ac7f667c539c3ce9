#pragma once
// The whole store as a test service shows and resets it, across every dialect: what the admin API and the admin
// commands both use.
#include <filesystem>
#include <span>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "dialects/dialect.hpp"

namespace filegate::control {

using DialectList = std::span<dialects::Dialect* const>;

// The dialect called `name`, or null.
dialects::Dialect* find_dialect(DialectList dialects, std::string_view name);

// Every account of every dialect: [{dialect, name, credentials}].
boost::json::array list_accounts(DialectList dialects);

// Every stored object with the handles each dialect's clients use for it:
// [{id, name, size, sha256, content_type, origin, created_at, handles: [{dialect, kind, handle, owner[, path]}]}].
boost::json::array list_objects(core::Store& store, DialectList dialects);
// One object as listed above; null when there is none.
boost::json::value describe_object(core::Store& store, DialectList dialects, std::string_view object_id);

// Replaces every record and object with those of the metadata copy `file` (core::MetadataStore::save_copy), removes
// the blobs nothing refers to any more and every multipart part, and fills every rate-limit window again: a reset
// (to the copy saved once the start-up fixtures were applied) and the last step of an import.
void restore_state(dialects::Services& services, const std::filesystem::path& metadata_copy);

}  // namespace filegate::control
