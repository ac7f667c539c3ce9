#include "http/range.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "core/text.hpp"

namespace filegate::http {
namespace {

namespace text = core::text;

// A last-pos that does not fit in 64 bits still means "to the end": saturating it lets the usual clamping handle it.
std::optional<std::uint64_t> parse_last_pos(std::string_view s) {
  if (const auto n = text::parse_u64(s)) return n;
  const bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? std::optional(std::numeric_limits<std::uint64_t>::max()) : std::nullopt;
}

// The three range-spec forms of RFC 9110 §14.1.1, before they are resolved against a size.
struct RangeSpec {
  enum class Form { bounded, open_ended, suffix } form;
  std::uint64_t first = 0;  // suffix: the suffix length
  std::uint64_t last = 0;   // bounded only
};

std::optional<RangeSpec> parse_range_header(std::string_view header) {
  const std::string_view s = text::trim_ows(header);
  const std::size_t eq = s.find('=');
  if (eq == std::string_view::npos || !text::iequals(text::trim_ows(s.substr(0, eq)), "bytes")) return std::nullopt;
  const std::string_view spec = text::trim_ows(s.substr(eq + 1));
  // Several ranges: serve the whole representation rather than multipart/byteranges. (The strict number parsing
  // below would reject a comma anyway; this states the policy instead of relying on that.)
  if (spec.find(',') != std::string_view::npos) return std::nullopt;

  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);

  if (first_text.empty()) {
    const auto n = text::parse_u64(last_text);
    if (!n) return std::nullopt;
    return RangeSpec{RangeSpec::Form::suffix, *n};
  }
  // A first-pos that does not fit in 64 bits is beyond any representation we could hold, but it is not a number
  // we can reason about either; treating it as garbage (serve everything) is the conservative choice.
  const auto first = text::parse_u64(first_text);
  if (!first) return std::nullopt;
  if (last_text.empty()) return RangeSpec{RangeSpec::Form::open_ended, *first};
  const auto last = parse_last_pos(last_text);
  if (!last || *first > *last) return std::nullopt;
  return RangeSpec{RangeSpec::Form::bounded, *first, *last};
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
