#pragma once
// Typed reads of request-body fields. The SDK sends numbers as JSON numbers and ids as strings, but hand-written
// clients mix them up, so ids accept either (as the platform's Java backend does).
#include <boost/json/object.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace filegate::dialects::dingtalk {

inline const boost::json::object* object_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

inline std::string string_field(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (!v) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return {};
}

// An int64 from a JSON double only if it is one exactly: integral and within range. The range is checked before the
// cast, since casting a double outside int64 (1e300) is undefined behaviour. -2^63 is a double exactly; 2^63 is the
// first double past INT64_MAX (which itself has no double). JSON has no NaN or infinity; a NaN fails both comparisons.
inline std::optional<std::int64_t> integral_double(double d) {
  constexpr double two_pow_63 = 9223372036854775808.0;
  if (!(d >= -two_pow_63 && d < two_pow_63) || std::trunc(d) != d) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

// nullopt when absent or null; `valid` turns false when present but not an integer. The gateway also takes an
// integer as a string of decimal digits ("1", "-1"; as core::text::parse_i64 reads them), as hand-written clients send.
inline std::optional<std::int64_t> integer_field(const boost::json::object* o, std::string_view key, bool& valid) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (!v || v->is_null()) return std::nullopt;
  std::optional<std::int64_t> value;
  if (v->is_int64()) {
    value = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    value = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_double()) {
    value = integral_double(v->as_double());
  } else if (v->is_string()) {
    value = core::text::parse_i64(v->as_string());
  }
  if (!value) valid = false;
  return value;
}

inline bool bool_field(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  return v && v->is_bool() && v->as_bool();
}

}  // namespace filegate::dialects::dingtalk
