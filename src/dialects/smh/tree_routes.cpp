// Moves and copies. SMH has no routes of their own: a PUT on a file or directory path whose JSON body names a source
// moves it there ({"from": …}) or copies it ({"copyFrom": …}); any other body starts an upload or creates the
// directory. So the PUT routes land here first.
//   file move/rename  doc 1339/71141: default strategy rename, parents not created, 200 {"path": [...]}
//   file copy         doc 1283/75446 (request) and the Java SDK's FileCopyResponse (the same {"path"} answer)
//   directory move    doc 1339/71148: default ask, parents created, 204 for ask, 200 {"path"} for rename
//   directory copy    doc 1339/71149: the same answers when done at once (filegate never needs its 202 {taskId})
// Strategy: ask → 409 SameNameDirectoryOrFileExists; rename → "name (n)"; overwrite (files only) replaces a file in
// the way and never a directory.
#include <boost/json/object.hpp>

#include "dialects/smh/directory_grants.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/path.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"

namespace filegate::dialects::smh {
namespace {

namespace json = boost::json;

// The source a body names, as plain text ("foo/bar.txt"; a leading '/' is tolerated). `invalid` when it is missing,
// not a string, or not a path decode_path would accept.
std::vector<std::string> source_path(const json::object& body, std::string_view field, bool is_file,
                                     const http::ErrorEntry& invalid) {
  const json::value* value = body.if_contains(field);
  std::string_view text = value && value->is_string() ? std::string_view(value->as_string()) : std::string_view();
  while (text.starts_with('/')) text.remove_prefix(1);
  DecodedPath source = split_path(text, is_file);
  if (text.empty() || !source.ok()) {
    throw http::Refusal(invalid, "`" + std::string(field) + "` must name the source by its path, such as \"foo/bar\"");
  }
  return std::move(source.segments);
}

// Copies stay inside the request's space: a copyFromSpaceId naming another one is refused, not silently ignored.
void require_same_space(const json::object& body, const Access& access) {
  const json::value* space = body.if_contains("copyFromSpaceId");
  if (space && !(space->is_string() && space->as_string() == access.scope.space_id)) {
    throw http::Refusal(errors::param_invalid, "copying from another space (copyFromSpaceId) is not supported");
  }
}

std::vector<std::string> target_file(http::Exchange& exchange) {
  std::vector<std::string> path = request_path(exchange, true);
  if (path.empty()) throw http::Refusal(errors::empty_file_name);
  return path;
}

std::vector<std::string> target_directory(http::Exchange& exchange) {
  std::vector<std::string> path = request_path(exchange, false);
  if (path.empty()) throw http::Refusal(errors::empty_path);
  return path;
}

Response path_reply(const std::vector<std::string>& path) {
  json::object body;
  body["path"] = path_json(path);
  return json_reply(200, body);
}

// Documented for directories: an empty 204 under ask, the final path under rename.
Response directory_reply(const std::vector<std::string>& path, bool rename) {
  return rename ? path_reply(path) : empty_reply(204);
}

}  // namespace

Response SmhDialect::file_put(http::Exchange& exchange, const std::string& body) {
  const json::object fields = json_body(body);
  if (fields.contains("from")) return move_file(exchange, fields);
  if (fields.contains("copyFrom")) return copy_file(exchange, fields);
  if (fields.contains("linkTo")) throw http::Refusal(errors::symlink_not_implemented);
  return begin_upload(exchange, body);
}

Response SmhDialect::directory_put(http::Exchange& exchange, const std::string& body) {
  const json::object fields = json_body(body);
  if (fields.contains("from")) return move_directory(exchange, fields);
  if (fields.contains("copyFrom")) return copy_directory(exchange, fields);
  return create_directory(exchange, body);
}

Response SmhDialect::move_file(http::Exchange& exchange, const json::object& body) {
  const Access access = admit(exchange, Need::move_file);
  const std::vector<std::string> to = target_file(exchange);
  const std::string strategy = conflict_strategy(exchange, "rename", kFileStrategies);
  const auto from = source_path(body, "from", true, errors::invalid_source_file);
  require_directory_access(model_, access.scope, access.user_id, from, /*write=*/true);
  return path_reply(model_.move_file(access.scope, from, to, strategy));
}

Response SmhDialect::copy_file(http::Exchange& exchange, const json::object& body) {
  const Access access = admit(exchange, Need::copy_file);
  require_same_space(body, access);
  const std::vector<std::string> to = target_file(exchange);
  const std::string strategy = conflict_strategy(exchange, "rename", kFileStrategies);
  const auto from = source_path(body, "copyFrom", true, errors::invalid_source_file);
  require_directory_access(model_, access.scope, access.user_id, from, /*write=*/false);
  return path_reply(model_.copy_file(access.scope, from, to, strategy, access.user_id));
}

Response SmhDialect::move_directory(http::Exchange& exchange, const json::object& body) {
  const Access access = admit(exchange, Need::move_directory);
  const std::vector<std::string> to = target_directory(exchange);
  const bool rename = conflict_strategy(exchange, "ask", kDirectoryStrategies) == "rename";
  const auto from = source_path(body, "from", false, errors::invalid_source_directory);
  require_directory_access(model_, access.scope, access.user_id, from, /*write=*/true);
  return directory_reply(model_.move_directory(access.scope, from, to, rename), rename);
}

Response SmhDialect::copy_directory(http::Exchange& exchange, const json::object& body) {
  const Access access = admit(exchange, Need::copy_directory);
  require_same_space(body, access);
  const std::vector<std::string> to = target_directory(exchange);
  const bool rename = conflict_strategy(exchange, "ask", kDirectoryStrategies) == "rename";
  const auto from = source_path(body, "copyFrom", false, errors::invalid_source_directory);
  require_directory_access(model_, access.scope, access.user_id, from, /*write=*/false);
  return directory_reply(model_.copy_directory(access.scope, from, to, rename, access.user_id), rename);
}

}  // namespace filegate::dialects::smh
