#pragma once
// Reading an SMH request: operation selectors (`?info` and `?info=1` alike), the decoded FilePath, the JSON body, the
// conflict strategy, paging, custom metadata headers, and what a token's `grant` list allows.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/smh/model.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::smh {

// True for `?name`, `?name=1`, `?name=true` (any value but "0"/"false").
bool selector(const http::Exchange& exchange, std::string_view name);

// The route's ":name" segment, percent-decoded (invalid escapes: as sent).
std::string decoded_param(const http::Exchange& exchange, const std::string& name);

// The `*path` of the route as segments; throws a 400 Refusal for anything decode_path refuses.
std::vector<std::string> request_path(const http::Exchange& exchange, bool last_is_file);

// The optional JSON body of a request; one that is not a JSON object counts as empty.
boost::json::object json_body(const std::string& body);

// What conflict_resolution_strategy may say for files, and for directories (which overwrite never replaces).
inline const std::vector<std::string_view> kFileStrategies = {"ask", "rename", "overwrite"};
inline const std::vector<std::string_view> kDirectoryStrategies = {"ask", "rename"};

// conflict_resolution_strategy, lower case, one of `allowed`; `fallback` when absent. Throws 400
// InvalidConflictResolutionStrategy.
std::string conflict_strategy(const http::Exchange& exchange, std::string_view fallback,
                              const std::vector<std::string_view>& allowed);

// A non-negative integer query parameter; `fallback` when absent, 400 ParamInvalid when malformed.
std::uint64_t number_param(const http::Exchange& exchange, std::string_view name, std::uint64_t fallback);

// Request headers x-smh-meta-*, names lower-cased.
Meta meta_headers(const http::Exchange& exchange);

enum class Need {
  read,
  upload,
  create_directory,
  remove,
  move_file,
  copy_file,
  move_directory,
  copy_directory,
  set_history_latest,
  delete_history
};
// `grant` is the comma list the token was issued with; empty grants everything (a plain user token).
bool grants_allow(std::string_view grant, Need need);

}  // namespace filegate::dialects::smh
