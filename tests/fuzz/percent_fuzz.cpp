// Percent decoding (paths and query components) and the core text module under it: decoding never invents bytes,
// encoding then decoding gives the input back, and the number, hex and UTF-8 readers agree with each other.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "core/text.hpp"
#include "http/request_head.hpp"

namespace http = filegate::http;
namespace text = filegate::core::text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (const auto decoded = http::percent_decode(input)) FUZZ_CHECK(decoded->size() <= input.size());
  if (const auto decoded = http::query_decode(input)) FUZZ_CHECK(decoded->size() <= input.size());
  const std::string encoded = http::percent_encode_utf8(input);
  FUZZ_CHECK(http::percent_decode(encoded) == std::string(input));

  std::size_t pairs = 0;
  http::for_each_query_pair(input, [&](std::string_view name, std::string_view value, bool) {
    FUZZ_CHECK(name.find('&') == std::string_view::npos && value.find('&') == std::string_view::npos);
    ++pairs;
    return true;
  });
  FUZZ_CHECK(pairs <= input.size());

  const auto u = text::parse_u64(input);
  const auto i = text::parse_i64(input);
  if (u && *u <= static_cast<std::uint64_t>(INT64_MAX)) FUZZ_CHECK(i && static_cast<std::uint64_t>(*i) == *u);
  if (i && *i >= 0 && !input.starts_with('-')) FUZZ_CHECK(u && *u == static_cast<std::uint64_t>(*i));

  if (const auto bytes = text::from_hex(input)) FUZZ_CHECK(bytes->size() * 2 == input.size());

  const bool valid = text::valid_utf8(input);
  FUZZ_CHECK(text::utf8_length(input).has_value() == valid);
  const std::string repaired = text::well_formed_utf8(input);
  FUZZ_CHECK(text::valid_utf8(repaired));
  if (valid) FUZZ_CHECK(repaired == input);

  const std::string escaped = text::xml_escape(input);
  FUZZ_CHECK(escaped.find('<') == std::string::npos && escaped.find('"') == std::string::npos);
  static_cast<void>(text::bearer_token(input));
  static_cast<void>(text::trim_ows(input));
  return 0;
}
