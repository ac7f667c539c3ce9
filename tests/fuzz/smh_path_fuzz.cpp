// SMH's FilePath: percent-decoded, then split and checked segment by segment. Whatever is accepted is a list of real
// names (no empty, ".", "..", '/', control byte or invalid UTF-8), and joining and splitting it again is the same.
// Also the other SMH texts a request carries: partNumberRange and crc64.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "core/text.hpp"
#include "dialects/smh/path.hpp"
#include "dialects/smh/wire.hpp"

namespace smh = filegate::dialects::smh;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  for (const bool last_is_file : {true, false}) {
    const smh::DecodedPath decoded = smh::decode_path(input, last_is_file);
    if (!decoded.ok()) {
      FUZZ_CHECK(decoded.segments.empty());
      continue;
    }
    for (const std::string& name : decoded.segments) {
      FUZZ_CHECK(!name.empty() && name != "." && name != "..");
      FUZZ_CHECK(name.find('/') == std::string::npos && name.find('\0') == std::string::npos);
      FUZZ_CHECK(filegate::core::text::valid_utf8(name));
      FUZZ_CHECK(filegate::core::text::utf8_length(name).value_or(0) <= smh::kMaxNameChars);
    }
    const smh::DecodedPath again = smh::split_path(smh::join_path(decoded.segments), last_is_file);
    FUZZ_CHECK(again.ok() && again.segments == decoded.segments);
  }

  if (const auto parts = smh::parse_part_number_range(input)) {
    FUZZ_CHECK(!parts->empty() && std::is_sorted(parts->begin(), parts->end()));
    FUZZ_CHECK(std::adjacent_find(parts->begin(), parts->end()) == parts->end());
    FUZZ_CHECK(parts->front() >= 1 && parts->back() <= smh::kMaxPartNumber);
  }
  if (const auto crc = smh::parse_crc64(input); crc && !input.starts_with('-')) {
    FUZZ_CHECK(smh::crc64_text(*crc) ==
               std::string(input.substr(std::min(input.find_first_not_of('0'), input.size() - 1))));
  }
  static_cast<void>(smh::file_kind(input));
  return 0;
}
