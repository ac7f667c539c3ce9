#include "core/text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <stdexcept>

namespace filegate::core::text {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_b64token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/';
}

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0. The second byte's range is what excludes
// overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4); C0, C1 and F5..FF never lead.
std::size_t sequence_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = b(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < length || b(1) < low || b(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (b(i) < 0x80 || b(i) > 0xBF) return 0;
  }
  return length;
}

std::tm utc_fields(std::int64_t unix_s) {
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm utc{};
  if (gmtime_r(&t, &utc) == nullptr) throw std::out_of_range("time outside the calendar: " + std::to_string(unix_s));
  return utc;
}

}  // namespace

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  // from_chars takes no '+' or spaces, and for an unsigned type no '-' either; it does take "" as an error.
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_i64(std::string_view s) {
  // For a signed type from_chars takes exactly an optional '-' before the digits.
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view s) {
  const auto ows = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && ows(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer";
  if (authorization.size() <= kScheme.size() || !iequals(authorization.substr(0, kScheme.size()), kScheme) ||
      authorization[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  std::size_t i = 0;
  while (i < token.size() && is_b64token_char(token[i])) ++i;
  if (i == 0) return std::nullopt;
  while (i < token.size() && token[i] == '=') ++i;
  if (i != token.size()) return std::nullopt;
  return token;
}

bool valid_utf8(std::string_view s) { return utf8_length(s).has_value(); }

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t code_points = 0;
  while (!s.empty()) {
    const std::size_t length = sequence_length(s);
    if (length == 0) return std::nullopt;
    s.remove_prefix(length);
    ++code_points;
  }
  return code_points;
}

std::string well_formed_utf8(std::string_view s) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const std::size_t length = sequence_length(s);
    if (length == 0) {
      out += kReplacement;
      s.remove_prefix(1);
    } else {
      out += s.substr(0, length);
      s.remove_prefix(length);
    }
  }
  return out;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string iso8601_utc(std::int64_t unix_ms, TimePrecision precision) {
  std::int64_t seconds = unix_ms / 1000;
  std::int64_t millis = unix_ms % 1000;
  if (millis < 0) {  // division truncates toward zero; the calendar wants the earlier second
    millis += 1000;
    seconds -= 1;
  }
  const std::tm t = utc_fields(seconds);
  const std::string minutes =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min);
  switch (precision) {
    case TimePrecision::minutes:
      return minutes + "Z";
    case TimePrecision::seconds:
      return fmt::format("{}:{:02}Z", minutes, t.tm_sec);
    case TimePrecision::milliseconds:
      break;
  }
  return fmt::format("{}:{:02}.{:03}Z", minutes, t.tm_sec, millis);
}

std::string http_date(std::int64_t unix_s) {
  static constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm t = utc_fields(unix_s);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[t.tm_wday], t.tm_mday, kMonths[t.tm_mon],
                     t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
}

std::string compact_utc(std::int64_t unix_s) {
  const std::tm t = utc_fields(unix_s);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min,
                     t.tm_sec);
}

}  // namespace filegate::core::text
