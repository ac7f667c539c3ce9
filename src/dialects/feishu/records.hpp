#pragma once
// Persisted records described once: a struct with BOOST_DESCRIBE_STRUCT(T, (), (field, …)) is written and read by
// Boost.JSON's value_from / value_to, so field names exist in one place. A stored record must have exactly the
// described fields (Boost 1.81's rule), which every record this dialect writes has.
#include <boost/describe.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

namespace filegate::dialects::feishu {

template <typename Record>
boost::json::object to_object(const Record& record) {
  return boost::json::value_from(record).as_object();
}

template <typename Record>
Record from_object(const boost::json::object& object) {
  return boost::json::value_to<Record>(boost::json::value(object));
}

}  // namespace filegate::dialects::feishu
