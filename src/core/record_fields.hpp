#pragma once
// Persisted records, read forgivingly: a field that is absent or of another type reads as empty / zero / false, so a
// record written by an older filegate (without a newer field) still loads.
//
// A record type is described once, BOOST_DESCRIBE_STRUCT(T, (), (field, …)) listing its stored fields by their record
// names (the key it is stored under is left out), and converted by to_record / from_record. Integers are written as
// JSON numbers and read from numbers or decimal strings, the way earlier filegates stored sizes and CRC-64s.
#include <boost/describe/class.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace filegate::core {

template <typename Record>
boost::json::object to_record(const Record& record) {
  return std::move(boost::json::value_from(record).as_object());
}

template <typename Record>
Record from_record(const boost::json::object& o);

namespace record_fields {

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

// Sets `field` from `v` when `v` holds a value of its type; false (and `field` unchanged) otherwise.
template <typename Field>
bool read(const boost::json::value& v, Field& field) {
  if constexpr (boost::describe::has_describe_members<Field>::value) {
    if (!v.is_object()) return false;
    field = from_record<Field>(v.as_object());
    return true;
  } else if constexpr (is_optional<Field>::value) {
    typename Field::value_type inner{};
    if (!read(v, inner)) return false;
    field = std::move(inner);
    return true;
  } else if constexpr (std::is_integral_v<Field> && !std::is_same_v<Field, bool>) {
    if (const boost::json::string* s = v.if_string()) {
      Field n{};
      const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
      if (ec != std::errc() || end != s->data() + s->size()) return false;
      field = n;
      return true;
    }
  }
  auto converted = boost::json::try_value_to<Field>(v);
  if (!converted) return false;
  field = std::move(*converted);
  return true;
}

inline std::string str(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

template <typename Integer>
Integer number(const boost::json::object& o, std::string_view key) {
  Integer n{};
  if (const boost::json::value* v = o.if_contains(key)) read(*v, n);
  return n;
}

inline std::uint64_t u64(const boost::json::object& o, std::string_view key) { return number<std::uint64_t>(o, key); }
inline std::int64_t i64(const boost::json::object& o, std::string_view key) { return number<std::int64_t>(o, key); }

}  // namespace record_fields

template <typename Record>
Record from_record(const boost::json::object& o) {
  Record out{};
  boost::mp11::mp_for_each<boost::describe::describe_members<Record, boost::describe::mod_public>>([&](auto member) {
    if (const boost::json::value* v = o.if_contains(member.name)) record_fields::read(*v, out.*member.pointer);
  });
  return out;
}

// The record stored under `key`, with the key put back in the member that holds it.
template <typename Record, typename Key>
Record from_record(const boost::json::object& o, Key Record::*key_member, std::type_identity_t<Key> key) {
  Record out = from_record<Record>(o);
  out.*key_member = std::move(key);
  return out;
}

}  // namespace filegate::core
