#pragma once
// How SMH writes values on the wire: ISO-8601 UTC times with milliseconds, CRC-64 as an unsigned decimal string,
// and the coarse file kinds (`type`, `fileType`) it derives from a name's extension.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace filegate::dialects::smh {

// "2020-10-14T10:17:57.953Z"
inline std::string iso8601_ms(std::int64_t epoch_ms) {
  return core::text::iso8601_utc(epoch_ms, core::text::TimePrecision::milliseconds);
}

// CRC-64/XZ as SMH and COS quote it: unsigned decimal ("11051210869376104954"), never signed or hex.
std::string crc64_text(std::uint64_t crc);
// Reads a client's crc64. Unsigned decimal is the norm; an old doc example shows a signed value, and Android parses
// with BigInteger, so a negative decimal is accepted as the same 64 bits. nullopt when it is not a number.
std::optional<std::uint64_t> parse_crc64(std::string_view text);

struct FileKind {
  std::string_view type;  // x-smh-type / `type`: file, image or video
  std::string_view
      file_type;  // `fileType`: word, powerpoint, excel, portable, image, audio, video, text, archive, other
};
FileKind file_kind(std::string_view file_name);

// COS numbers parts 1 to 10000.
inline constexpr std::uint64_t kMaxPartNumber = 10'000;
// A multipart upload's partNumberRange ("1,8-10,20") as ascending distinct numbers; nullopt when it is empty,
// malformed, has a reversed range or a number outside 1..kMaxPartNumber.
std::optional<std::vector<std::uint64_t>> parse_part_number_range(std::string_view text);

}  // namespace filegate::dialects::smh
