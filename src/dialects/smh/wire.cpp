#include "dialects/smh/wire.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "core/text.hpp"

namespace filegate::dialects::smh {

std::string crc64_text(std::uint64_t crc) { return std::to_string(crc); }

std::optional<std::vector<std::uint64_t>> parse_part_number_range(std::string_view text) {
  std::vector<bool> wanted(kMaxPartNumber + 1, false);
  bool any = false;
  for (;;) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    const std::size_t dash = item.find('-');
    const auto first = core::text::parse_u64(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : core::text::parse_u64(item.substr(dash + 1));
    if (!first || !last || *first < 1 || *last < *first || *last > kMaxPartNumber) return std::nullopt;
    for (std::uint64_t n = *first; n <= *last; ++n) wanted[n] = true;
    any = true;
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  if (!any) return std::nullopt;
  std::vector<std::uint64_t> out;
  for (std::uint64_t n = 1; n <= kMaxPartNumber; ++n) {
    if (wanted[n]) out.push_back(n);
  }
  return out;
}

std::optional<std::uint64_t> parse_crc64(std::string_view text) {
  if (auto unsigned_value = core::text::parse_u64(text)) return unsigned_value;
  if (text.empty() || text.front() != '-') return std::nullopt;
  if (auto signed_value = core::text::parse_i64(text)) return static_cast<std::uint64_t>(*signed_value);
  return std::nullopt;
}

FileKind file_kind(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, FileKind>, 40> kKinds{{
      {"doc", {"file", "word"}},     {"docx", {"file", "word"}},      {"wps", {"file", "word"}},
      {"rtf", {"file", "word"}},     {"ppt", {"file", "powerpoint"}}, {"pptx", {"file", "powerpoint"}},
      {"xls", {"file", "excel"}},    {"xlsx", {"file", "excel"}},     {"csv", {"file", "excel"}},
      {"pdf", {"file", "portable"}}, {"jpg", {"image", "image"}},     {"jpeg", {"image", "image"}},
      {"png", {"image", "image"}},   {"gif", {"image", "image"}},     {"bmp", {"image", "image"}},
      {"webp", {"image", "image"}},  {"heic", {"image", "image"}},    {"tif", {"image", "image"}},
      {"tiff", {"image", "image"}},  {"mp4", {"video", "video"}},     {"mov", {"video", "video"}},
      {"avi", {"video", "video"}},   {"mkv", {"video", "video"}},     {"flv", {"video", "video"}},
      {"webm", {"video", "video"}},  {"mp3", {"file", "audio"}},      {"wav", {"file", "audio"}},
      {"aac", {"file", "audio"}},    {"flac", {"file", "audio"}},     {"m4a", {"file", "audio"}},
      {"opus", {"file", "audio"}},   {"txt", {"file", "text"}},       {"md", {"file", "text"}},
      {"json", {"file", "text"}},    {"log", {"file", "text"}},       {"zip", {"file", "archive"}},
      {"rar", {"file", "archive"}},  {"7z", {"file", "archive"}},     {"tar", {"file", "archive"}},
      {"gz", {"file", "archive"}},
  }};
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {"file", "other"};
  std::string ext(file_name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [extension, kind] : kKinds) {
    if (extension == ext) return kind;
  }
  return {"file", "other"};
}

}  // namespace filegate::dialects::smh
