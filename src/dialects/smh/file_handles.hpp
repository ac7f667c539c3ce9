#pragma once
// SMH files as the admin API and fixtures name them: "<library id>/<space id>/<path>", the part of the API's URL after
// /api/v1/file/ (e.g. "smh0123456789abc/-/docs/a.txt"), and the steps that store bytes there without the API.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/smh/model.hpp"

namespace filegate::dialects::smh {

std::string file_handle(const Scope& scope, const std::vector<std::string>& path);
// nullopt when `handle` is not "<library>/<space>/<path>" with a valid path.
std::optional<std::pair<Scope, std::vector<std::string>>> parse_file_handle(std::string_view handle);

// "docs/a.txt" -> {"docs", "a.txt"}, checked as the API checks a FilePath (`last_is_file`) or a DirPath. Throws
// UsageError when it is empty or not a valid SMH path.
std::vector<std::string> plain_path(std::string_view path, bool last_is_file);
// The scope of a library's space ("-" in a single-space library). Throws UsageError when either does not exist.
Scope scope_of(const Model& model, const std::string& library_id, const std::string& space_id);

// Stores the staged bytes at `path`, parent directories made where missing, as an upload confirmed with `strategy`
// would ("overwrite": a new version of an existing file; "rename": a free name). Throws UsageError on a conflict.
Confirmed place_file(Model& model, core::StagedBlob& staged, const Scope& scope, const std::vector<std::string>& path,
                     const std::string& strategy);
// The directory and its missing parents. Throws UsageError when a file is in the way.
void place_directory(Model& model, const Scope& scope, const std::vector<std::string>& path);

}  // namespace filegate::dialects::smh
