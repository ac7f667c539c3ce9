// DingTalk's integer body fields (option.version, option.size, preCheckParam.size): what the gateway takes as an
// integer, and what makes the route answer paramError. Doubles are range-checked before any cast (1e300 was undefined
// behaviour), and decimal strings are integers as they are for the gateway.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "dialects/dingtalk/body_fields.hpp"

using filegate::dialects::dingtalk::integer_field;

namespace {

struct Read {
  std::optional<std::int64_t> value;
  bool valid;
};

// integer_field over the body {"v": <json>}, as the routes read it.
Read read_v(const std::string& json) {
  const boost::json::object body = boost::json::parse(R"({"v":)" + json + "}").as_object();
  bool valid = true;
  const auto value = integer_field(&body, "v", valid);
  return {value, valid};
}

void expect_integer(const std::string& json, std::int64_t expected) {
  const Read read = read_v(json);
  EXPECT_TRUE(read.valid) << json;
  EXPECT_EQ(read.value, expected) << json;
}

void expect_invalid(const std::string& json) {
  const Read read = read_v(json);
  EXPECT_FALSE(read.valid) << json;
  EXPECT_EQ(read.value, std::nullopt) << json;
}

}  // namespace

TEST(DingTalkBodyFields, JsonIntegers) {
  expect_integer("1", 1);
  expect_integer("-1", -1);
  expect_integer("0", 0);
  expect_integer("9223372036854775807", INT64_MAX);
  expect_integer("-9223372036854775808", INT64_MIN);
}

TEST(DingTalkBodyFields, UnsignedAboveInt64MaxIsInvalid) {
  expect_invalid("9223372036854775808");   // uint64
  expect_invalid("18446744073709551615");  // the largest uint64
}

TEST(DingTalkBodyFields, IntegralDoublesInRange) {
  expect_integer("1.0", 1);
  expect_integer("1e3", 1000);
  expect_integer("-2.0", -2);
  expect_integer("-0.0", 0);
  // -2^63 is a double exactly, and the smallest int64.
  expect_integer("-9223372036854775808.0", INT64_MIN);
}

TEST(DingTalkBodyFields, FractionalDoublesAreInvalid) {
  expect_invalid("1.5");
  expect_invalid("-0.5");
  expect_invalid("1e-300");
}

// JSON has no NaN or infinity, but it has doubles far outside int64, and casting one is undefined behaviour.
TEST(DingTalkBodyFields, DoublesOutOfRangeAreInvalid) {
  expect_invalid("1e300");
  expect_invalid("-1e300");
  expect_invalid("1e19");
  expect_invalid("18446744073709551616");  // 2^64: too large for uint64, parsed as a double
  // INT64_MAX written as a double rounds to 2^63, one past the largest int64.
  expect_invalid("9223372036854775807.0");
  expect_invalid("-9223372036854777856.0");  // the double below -2^63
}

TEST(DingTalkBodyFields, DecimalStrings) {
  expect_integer(R"("1")", 1);
  expect_integer(R"("01")", 1);  // leading zeros, as the gateway's Long.parseLong reads them
  expect_integer(R"("-1")", -1);
  expect_integer(R"("9223372036854775807")", INT64_MAX);
}

TEST(DingTalkBodyFields, OtherStringsAreInvalid) {
  expect_invalid(R"("")");
  expect_invalid(R"("abc")");
  expect_invalid(R"("1.0")");
  expect_invalid(R"("1e3")");
  expect_invalid(R"(" 1")");
  expect_invalid(R"("1 ")");
  expect_invalid(R"("+1")");
  expect_invalid(R"("0x10")");
  expect_invalid(R"("9223372036854775808")");
}

TEST(DingTalkBodyFields, OtherTypesAreInvalid) {
  expect_invalid("true");
  expect_invalid("[1]");
  expect_invalid(R"({"n":1})");
}

TEST(DingTalkBodyFields, NullOrAbsentIsNoValue) {
  const Read null_read = read_v("null");
  EXPECT_TRUE(null_read.valid);
  EXPECT_EQ(null_read.value, std::nullopt);

  const boost::json::object body = boost::json::parse(R"({"other":1})").as_object();
  bool valid = true;
  EXPECT_EQ(integer_field(&body, "v", valid), std::nullopt);
  EXPECT_TRUE(valid);
  EXPECT_EQ(integer_field(nullptr, "v", valid), std::nullopt);  // the enclosing object is absent
  EXPECT_TRUE(valid);
}
