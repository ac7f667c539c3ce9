#include "http/range.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

namespace filegate::http {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

struct Number {
  std::uint64_t value;  // saturated at the maximum when `overflow`
  bool overflow;
};

// 1*DIGIT. Signs, spaces and any other character make it invalid.
std::optional<Number> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  // from_chars accepts neither '+' nor (for unsigned types) '-', and on overflow still consumes every digit.
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (end != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return Number{std::numeric_limits<std::uint64_t>::max(), true};
  if (ec != std::errc{}) return std::nullopt;
  return Number{value, false};
}

// The three range-spec forms of RFC 9110 §14.1.1, before they are resolved against a size.
struct RangeSpec {
  enum class Form { bounded, open_ended, suffix } form;
  std::uint64_t first = 0;  // suffix: the suffix length
  std::uint64_t last = 0;   // bounded only
};

std::optional<RangeSpec> parse_range_header(std::string_view header) {
  const std::string_view s = trim_ows(header);
  const std::size_t eq = s.find('=');
  if (eq == std::string_view::npos || !iequals_ascii(trim_ows(s.substr(0, eq)), "bytes")) return std::nullopt;
  const std::string_view spec = trim_ows(s.substr(eq + 1));
  // Several ranges: serve the whole representation rather than multipart/byteranges. (The strict number parsing
  // below would reject a comma anyway; this states the policy instead of relying on that.)
  if (spec.find(',') != std::string_view::npos) return std::nullopt;

  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);

  if (first_text.empty()) {
    const auto n = parse_number(last_text);
    if (!n || n->overflow) return std::nullopt;
    return RangeSpec{RangeSpec::Form::suffix, n->value};
  }
  // A first-pos that does not fit in 64 bits is beyond any representation we could hold, but it is not a number
  // we can reason about either; treating it as garbage (serve everything) is the conservative choice.
  const auto first = parse_number(first_text);
  if (!first || first->overflow) return std::nullopt;
  if (last_text.empty()) return RangeSpec{RangeSpec::Form::open_ended, first->value};
  // A huge last-pos, however, just means "to the end": saturating it lets the usual clamping handle it.
  const auto last = parse_number(last_text);
  if (!last || first->value > last->value) return std::nullopt;
  return RangeSpec{RangeSpec::Form::bounded, first->value, last->value};
}

}  // namespace

RangeDecision decide_range(std::string_view header, std::uint64_t size) {
  const auto spec = parse_range_header(header);
  if (!spec) return {RangeKind::full};
  // Every valid range-spec needs at least one byte to select, and an empty representation has none.
  if (size == 0) return {RangeKind::unsatisfiable};

  switch (spec->form) {
    case RangeSpec::Form::suffix:
      if (spec->first == 0) return {RangeKind::unsatisfiable};
      return {RangeKind::partial, {size - std::min(spec->first, size), size - 1}};
    case RangeSpec::Form::open_ended:
      if (spec->first >= size) return {RangeKind::unsatisfiable};
      return {RangeKind::partial, {spec->first, size - 1}};
    case RangeSpec::Form::bounded:
      if (spec->first >= size) return {RangeKind::unsatisfiable};
      return {RangeKind::partial, {spec->first, std::min(spec->last, size - 1)}};
  }
  return {RangeKind::full};  // unreachable; keeps -Wreturn-type quiet
}

std::string content_range_value(const ByteRange& r, std::uint64_t size) {
  return "bytes " + std::to_string(r.first) + '-' + std::to_string(r.last) + '/' + std::to_string(size);
}

std::string unsatisfied_range_value(std::uint64_t size) { return "bytes */" + std::to_string(size); }

}  // namespace filegate::http
