#include "dialects/dingtalk/naming.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/digests.hpp"
#include "core/text.hpp"

namespace filegate::dialects::dingtalk {
namespace {

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

// Where the extension starts ('.' included), or npos when the name has none.
std::size_t extension_start(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return std::string_view::npos;
  return dot;
}

}  // namespace

std::string extension_of(std::string_view name) {
  const std::size_t start = extension_start(name);
  if (start == std::string_view::npos) return {};
  std::string ext(name.substr(start + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string auto_renamed(std::string_view name, unsigned n) {
  const std::size_t start = extension_start(name);
  const std::string_view stem = start == std::string_view::npos ? name : name.substr(0, start);
  const std::string_view ext = start == std::string_view::npos ? std::string_view() : name.substr(start);
  return std::string(stem) + "(" + std::to_string(n) + ")" + std::string(ext);
}

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
    if (c == '/' || c == '*' || c == '"' || c == '<' || c == '>' || c == '|') return false;
  }
  return true;
}

std::string encode_page_token(std::string_view last_key) {
  return core::to_hex({reinterpret_cast<const unsigned char*>(last_key.data()), last_key.size()});
}

std::optional<std::string> decode_page_token(std::string_view token) {
  if (token.empty()) return std::nullopt;  // no token means "from the start", never an empty name
  return core::text::from_hex(token);
}

std::string category_of(std::string_view extension) {
  static constexpr std::array<std::string_view, 9> kImages = {"jpg",  "jpeg", "png", "gif", "bmp",
                                                              "webp", "heic", "tif", "tiff"};
  static constexpr std::array<std::string_view, 8> kVideos = {"mp4", "mov", "avi", "mkv", "wmv", "flv", "webm", "m4v"};
  static constexpr std::array<std::string_view, 7> kAudios = {"mp3", "wav", "aac", "flac", "ogg", "m4a", "amr"};
  static constexpr std::array<std::string_view, 6> kArchives = {"zip", "rar", "7z", "tar", "gz", "bz2"};
  static constexpr std::array<std::string_view, 12> kDocuments = {"doc", "docx", "xls", "xlsx", "ppt", "pptx",
                                                                  "pdf", "txt",  "md",  "csv",  "rtf", "odt"};
  if (contains(kImages, extension)) return "IMAGE";
  if (contains(kVideos, extension)) return "VIDEO";
  if (contains(kAudios, extension)) return "AUDIO";
  if (contains(kArchives, extension)) return "ARCHIVE";
  if (contains(kDocuments, extension)) return "DOCUMENT";
  return "OTHERS";
}

bool is_numeric_id(std::string_view s) {
  return !s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string corp_id_of(std::string_view app_key) {
  return "ding" + core::sha256_hex(core::as_bytes(std::string("corp:") + std::string(app_key))).substr(0, 32);
}

}  // namespace filegate::dialects::dingtalk
