#include "dialects/smh/file_handles.hpp"

#include "dialects/dialect.hpp"
#include "dialects/smh/path.hpp"
#include "http/refusal.hpp"

namespace filegate::dialects::smh {
namespace {

// The model answers conflicts as the API would, with a Refusal; here they are the user's mistake.
template <typename Work>
auto as_usage_error(const std::vector<std::string>& path, Work&& work) {
  try {
    return work();
  } catch (const http::Refusal& refusal) {
    throw UsageError(join_path(path) + ": " + std::string(refusal.message()));
  }
}

std::vector<std::string> parent_of(const std::vector<std::string>& path) { return {path.begin(), path.end() - 1}; }

}  // namespace

std::string file_handle(const Scope& scope, const std::vector<std::string>& path) {
  return scope.library_id + "/" + scope.space_id + "/" + join_path(path);
}

std::optional<std::pair<Scope, std::vector<std::string>>> parse_file_handle(std::string_view handle) {
  const auto first = handle.find('/');
  const auto second = first == std::string_view::npos ? first : handle.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const DecodedPath path = split_path(handle.substr(second + 1), /*last_is_file=*/true);
  if (!path.ok() || path.segments.empty()) return std::nullopt;
  return std::pair{
      Scope{std::string(handle.substr(0, first)), std::string(handle.substr(first + 1, second - first - 1))},
      path.segments};
}

std::vector<std::string> plain_path(std::string_view path, bool last_is_file) {
  const DecodedPath split = split_path(path, last_is_file);
  if (!split.ok()) throw UsageError(std::string(path) + " is not a valid SMH path (" + split.error + ")");
  if (split.segments.empty()) throw UsageError("the path is empty");
  return split.segments;
}

Scope scope_of(const Model& model, const std::string& library_id, const std::string& space_id) {
  const auto library = model.library(library_id);
  if (!library) throw UsageError("no smh library " + library_id);
  if (!model.space_exists(*library, space_id)) {
    throw UsageError(library->multi_space ? "library " + library_id + " has no space " + space_id
                                          : "library " + library_id + " has the one space \"-\"");
  }
  return Scope{library_id, space_id};
}

Confirmed place_file(Model& model, core::StagedBlob& staged, const Scope& scope, const std::vector<std::string>& path,
                     const std::string& strategy) {
  return as_usage_error(path, [&] {
    model.ensure_directory(scope, parent_of(path));
    return model.store_file(staged, scope, path, strategy, /*user_id=*/"");
  });
}

void place_directory(Model& model, const Scope& scope, const std::vector<std::string>& path) {
  as_usage_error(path, [&] { model.ensure_directory(scope, path); });
}

}  // namespace filegate::dialects::smh
