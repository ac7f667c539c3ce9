#pragma once
// Typed reads of request-body fields. The SDK sends numbers as JSON numbers and ids as strings, but hand-written
// clients mix them up, so ids accept either (as the platform's Java backend does).
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// nullopt when absent or null; `valid` turns false when present but not an integer.
inline std::optional<std::int64_t> integer_field(const boost::json::object* o, std::string_view key, bool& valid) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_double() && v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double()))) {
    return static_cast<std::int64_t>(v->as_double());
  }
  valid = false;
  return std::nullopt;
}

inline bool bool_field(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  return v && v->is_bool() && v->as_bool();
}

}  // namespace filegate::dialects::dingtalk
