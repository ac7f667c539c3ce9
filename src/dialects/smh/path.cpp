#include "dialects/smh/path.hpp"

#include "http/request_head.hpp"

namespace filegate::dialects::smh {
namespace {

// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. Names end up in JSON and HTTP headers.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

bool has_forbidden_byte(std::string_view name) {
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == '\\') return true;  // NUL and friends; '\' is a separator somewhere
  }
  return false;
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

DecodedPath decode_path(std::string_view raw, bool last_is_file) {
  DecodedPath out;
  if (raw.empty()) return out;
  const auto decoded = http::percent_decode(raw);
  if (!decoded || !valid_utf8(*decoded)) {
    out.error = "IllegalFileName";
    return out;
  }
  // After decoding, "%2F" and "/" are the same separator; every segment between them must be a real name.
  std::string_view rest = *decoded;
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view name = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (name.empty() || name == "." || name == ".." || has_forbidden_byte(name)) {
      out.segments.clear();
      out.error = "IllegalFileName";
      return out;
    }
    if (utf8_length(name) > kMaxNameChars) {
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
