#pragma once
// The small text rules every dialect and the HTTP layer share: numbers, hex, bearer credentials, UTF-8, XML escaping
// and UTC timestamps. One behaviour each, the strict one HTTP and the platforms specify; a dialect that must be more
// lenient says so at its call site. Hex encoding is core::to_hex (core/digests.hpp).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace filegate::core::text {

// 1*DIGIT (RFC 9110's rule for every number on the wire): no sign, no spaces, no "0x"; leading zeros are fine.
// nullopt for anything else, including a value that does not fit.
std::optional<std::uint64_t> parse_u64(std::string_view s);
// The same with an optional leading '-' ("-0" is 0). Never a '+'.
std::optional<std::int64_t> parse_i64(std::string_view s);

// Bytes from hex digits of either case, two per byte; "" decodes to "". nullopt for an odd length or a non-digit.
std::optional<std::string> from_hex(std::string_view hex);

// ASCII case-insensitive equality, for HTTP's case-insensitive tokens (schemes, field names, parameter names).
bool iequals(std::string_view a, std::string_view b);
// Without leading and trailing OWS (spaces and tabs, RFC 9110 §5.6.3).
std::string_view trim_ows(std::string_view s);

// The token of "Authorization: Bearer <token>". The scheme is case-insensitive (RFC 9110 §11.1), followed by one or
// more spaces and a token of RFC 6750's b64token syntax (letters, digits, -._~+/ then '=' padding), nothing after it.
// nullopt for a missing header, another scheme, an empty token or trailing text.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// Well-formed UTF-8 (Unicode §3.9, table 3-7): no overlong forms, no surrogates (U+D800..DFFF), nothing above
// U+10FFFF, no truncated sequence or stray continuation byte. Names end up in JSON, XML and HTTP headers.
bool valid_utf8(std::string_view s);
// The number of code points of well-formed UTF-8; nullopt when !valid_utf8(s).
std::optional<std::size_t> utf8_length(std::string_view s);
// `s` made well-formed: every byte that starts no well-formed sequence becomes U+FFFD, the rest is kept. For names
// from anywhere that must come out as UTF-8 (one replacement per byte, which Unicode §3.9 allows).
std::string well_formed_utf8(std::string_view s);

// All five XML special characters escaped (& < > " '), so the result is safe in element text and in attributes.
std::string xml_escape(std::string_view s);

// UTC timestamps, computed with gmtime_r (thread-safe) and fixed English names (no locale). Times before 1970 round
// down, so -1 ms is 1969-12-31T23:59:59.999Z.
enum class TimePrecision { minutes, seconds, milliseconds };
// ISO 8601 / RFC 3339 with 'Z': "2024-05-16T08:19Z", "2024-05-16T08:19:43Z" or "2024-05-16T08:19:43.000Z".
std::string iso8601_utc(std::int64_t unix_ms, TimePrecision precision);
// RFC 9110 §5.6.7 IMF-fixdate, the only form HTTP senders may generate: "Thu, 16 May 2024 08:19:43 GMT".
std::string http_date(std::int64_t unix_s);
// Digits only, "20240516081943": the timestamp that starts Feishu-style log ids.
std::string compact_utc(std::int64_t unix_s);

}  // namespace filegate::core::text
