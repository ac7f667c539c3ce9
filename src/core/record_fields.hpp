#pragma once
// Typed reads of record fields, forgiving by design: a field that is absent or of another type reads as empty / zero /
// false, so a record written by an older filegate (without a newer field) still loads.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace filegate::core::record_fields {

inline std::string str(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

inline bool flag(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

inline std::vector<std::string> strings(const boost::json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const boost::json::value* v = o.if_contains(key); v && v->is_array()) {
    for (const boost::json::value& item : v->as_array()) {
      if (item.is_string()) out.emplace_back(item.as_string());
    }
  }
  return out;
}

template <typename Integer>
Integer number(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (!v) return 0;
  boost::system::error_code ec;
  const auto n = v->to_number<Integer>(ec);
  return ec ? 0 : n;
}

inline std::uint64_t u64(const boost::json::object& o, std::string_view key) { return number<std::uint64_t>(o, key); }
inline std::int64_t i64(const boost::json::object& o, std::string_view key) { return number<std::int64_t>(o, key); }

}  // namespace filegate::core::record_fields
