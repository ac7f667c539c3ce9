#include "dialects/smh/path.hpp"

#include "core/text.hpp"
#include "http/request_head.hpp"

namespace filegate::dialects::smh {
namespace {

bool has_forbidden_byte(std::string_view name) {
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == '\\') return true;  // NUL and friends; '\' is a separator somewhere
  }
  return false;
}

}  // namespace

DecodedPath decode_path(std::string_view raw, bool last_is_file) {
  if (raw.empty()) return {};
  const auto decoded = http::percent_decode(raw);
  // After decoding, "%2F" and "/" are the same separator.
  if (!decoded) return DecodedPath{{}, "IllegalFileName"};
  return split_path(*decoded, last_is_file);
}

DecodedPath split_path(std::string_view path, bool last_is_file) {
  DecodedPath out;
  if (path.empty()) return out;
  if (!core::text::valid_utf8(path)) {
    out.error = "IllegalFileName";
    return out;
  }
  // Every segment between the separators must be a real name.
  std::string_view rest = path;
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view name = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (name.empty() || name == "." || name == ".." || has_forbidden_byte(name)) {
      out.segments.clear();
      out.error = "IllegalFileName";
      return out;
    }
    if (core::text::utf8_length(name).value_or(0) > kMaxNameChars) {
      out.segments.clear();
      out.error = last && last_is_file ? "FileNameLengthExceed" : "DirectoryNameLengthExceed";
      return out;
    }
    out.segments.emplace_back(name);
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  return out;
}

std::string join_path(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

}  // namespace filegate::dialects::smh
