#pragma once
// SMH names files by path inside a library: /api/v1/file/{lib}/{space}/{FilePath}. Clients disagree on how they send
// FilePath (the Java SDK encodes segment by segment, Android sends the whole path as one segment with '/' as %2F), so
// the server percent-decodes it and splits on '/' afterwards. Decoding is a pure function, so its refusals (traversal,
// NUL, over-long names) can be tested without a server.
#include <string>
#include <string_view>
#include <vector>

namespace filegate::dialects::smh {

struct DecodedPath {
  std::vector<std::string> segments;  // empty = the library root
  std::string error;                  // empty on success, else the SMH error code (errors.hpp) to answer with
  bool ok() const { return error.empty(); }
};

constexpr std::size_t kMaxNameChars = 255;  // per level, counted in characters (code points), extension included

// `raw` is the path part as sent, still percent-encoded. Segments must be non-empty, valid UTF-8, free of control
// characters and backslashes, not "." or "..", and at most 255 characters; the last one is a file name when
// `last_is_file` (FileNameLengthExceed), a directory otherwise (DirectoryNameLengthExceed).
DecodedPath decode_path(std::string_view raw, bool last_is_file);
// The same checks on a path that is already plain text ("docs/a.txt", as fixtures and imports give it).
DecodedPath split_path(std::string_view path, bool last_is_file);

// "a/b/c" from {"a","b","c"}; "" for the root.
std::string join_path(const std::vector<std::string>& segments);

}  // namespace filegate::dialects::smh
