#include "http/range.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace filegate::http {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// Compares the whole decision; `range` is only meaningful (and only compared) for partial.
::testing::AssertionResult decides(std::string_view header, std::uint64_t size, RangeKind kind, std::uint64_t first = 0,
                                   std::uint64_t last = 0) {
  const RangeDecision d = decide_range(header, size);
  const auto describe = [](const RangeDecision& x) {
    switch (x.kind) {
      case RangeKind::full:
        return std::string("full");
      case RangeKind::unsatisfiable:
        return std::string("unsatisfiable");
      case RangeKind::partial:
        return "partial " + std::to_string(x.range.first) + "-" + std::to_string(x.range.last);
    }
    return std::string("?");
  };
  const bool same = d.kind == kind && (kind != RangeKind::partial || (d.range.first == first && d.range.last == last));
  if (same) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "Range \"" << header << "\" on size " << size << ": got " << describe(d)
                                       << ", want " << describe(RangeDecision{kind, {first, last}});
}

TEST(Range, NoHeaderMeansFull) {
  EXPECT_TRUE(decides("", 100, RangeKind::full));
  EXPECT_TRUE(decides("", 0, RangeKind::full));
}

TEST(Range, BoundedForm) {
  EXPECT_TRUE(decides("bytes=0-0", 100, RangeKind::partial, 0, 0));
  EXPECT_TRUE(decides("bytes=0-99", 100, RangeKind::partial, 0, 99));
  EXPECT_TRUE(decides("bytes=10-19", 100, RangeKind::partial, 10, 19));
  EXPECT_TRUE(decides("bytes=99-99", 100, RangeKind::partial, 99, 99));
  EXPECT_TRUE(decides("bytes=007-010", 100, RangeKind::partial, 7, 10));  // leading zeros are still 1*DIGIT
}

TEST(Range, BoundedLastIsClampedToTheEnd) {
  EXPECT_TRUE(decides("bytes=0-100", 100, RangeKind::partial, 0, 99));
  EXPECT_TRUE(decides("bytes=50-1000000", 100, RangeKind::partial, 50, 99));
  EXPECT_TRUE(decides("bytes=5-18446744073709551615", 100, RangeKind::partial, 5, 99));  // UINT64_MAX itself
  // A last-pos that does not even fit in 64 bits is still a valid "to the end".
  EXPECT_TRUE(decides("bytes=5-99999999999999999999999", 100, RangeKind::partial, 5, 99));
}

TEST(Range, OpenEndedForm) {
  EXPECT_TRUE(decides("bytes=0-", 100, RangeKind::partial, 0, 99));
  EXPECT_TRUE(decides("bytes=42-", 100, RangeKind::partial, 42, 99));
  EXPECT_TRUE(decides("bytes=99-", 100, RangeKind::partial, 99, 99));
}

TEST(Range, SuffixForm) {
  EXPECT_TRUE(decides("bytes=-1", 100, RangeKind::partial, 99, 99));
  EXPECT_TRUE(decides("bytes=-10", 100, RangeKind::partial, 90, 99));
  EXPECT_TRUE(decides("bytes=-100", 100, RangeKind::partial, 0, 99));
  // Longer than the representation: the whole thing, as a 206 (RFC 9110 §14.1.3).
  EXPECT_TRUE(decides("bytes=-101", 100, RangeKind::partial, 0, 99));
  EXPECT_TRUE(decides("bytes=-18446744073709551615", 100, RangeKind::partial, 0, 99));
  EXPECT_TRUE(decides("bytes=-5", 1, RangeKind::partial, 0, 0));
}

TEST(Range, Unsatisfiable) {
  EXPECT_TRUE(decides("bytes=100-", 100, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=100-200", 100, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=18446744073709551615-", 100, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=-0", 100, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=-000", 100, RangeKind::unsatisfiable));
}

TEST(Range, EmptyRepresentation) {
  // Nothing can be selected from zero bytes, so every valid range is unsatisfiable...
  EXPECT_TRUE(decides("bytes=0-", 0, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=0-0", 0, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=0-100", 0, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=-1", 0, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=-0", 0, RangeKind::unsatisfiable));
  // ...while invalid headers are still ignored.
  EXPECT_TRUE(decides("bytes=5-1", 0, RangeKind::full));
  EXPECT_TRUE(decides("bytes=x", 0, RangeKind::full));
  EXPECT_TRUE(decides("bytes=0-1,2-3", 0, RangeKind::full));
}

TEST(Range, OverflowingNumbersAreGarbage) {
  EXPECT_TRUE(decides("bytes=99999999999999999999-", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytes=18446744073709551616-", 100, RangeKind::full));  // UINT64_MAX + 1
  EXPECT_TRUE(decides("bytes=99999999999999999999-99999999999999999999", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytes=-99999999999999999999", 100, RangeKind::full));
}

TEST(Range, InvalidSyntaxMeansFull) {
  for (std::string_view header : {
           "bytes",      "bytes=",        "bytes=-",     "bytes=--1",  "bytes=1",    "bytes=abc",  "bytes=a-b",
           "bytes=1-b",  "bytes=a-1",     "bytes=1-2-3", "bytes=1--2", "bytes=+1-2", "bytes=1-+2", "bytes=-+1",
           "bytes=-1-",  "bytes=0x10-20", "bytes=1.5-2", "bytes=1-2x", "bytes=1 -2", "bytes=1- 2", "bytes=- 1",
           "bytes==1-2", "=1-2",          "1-2",         "bytes 1-2",  "bytes:1-2",  "bytes=1-2;", "bytes=\t",
           "bytes=5-4",  "bytes=100-0",   "by tes=1-2",
       }) {
    EXPECT_TRUE(decides(header, 100, RangeKind::full));
  }
  EXPECT_TRUE(decides(std::string_view("bytes=1\0-2", 10), 100, RangeKind::full));
}

TEST(Range, MultipleRangesMeanFull) {
  EXPECT_TRUE(decides("bytes=0-1,5-9", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytes=0-1, 5-9", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytes=-5,0-1", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytes=0-1,", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytes=,0-1", 100, RangeKind::full));
}

TEST(Range, OtherUnitsMeanFull) {
  EXPECT_TRUE(decides("items=0-1", 100, RangeKind::full));
  EXPECT_TRUE(decides("byte=0-1", 100, RangeKind::full));
  EXPECT_TRUE(decides("bytesx=0-1", 100, RangeKind::full));
  EXPECT_TRUE(decides("none", 100, RangeKind::full));
}

TEST(Range, UnitIsCaseInsensitive) {
  EXPECT_TRUE(decides("Bytes=1-2", 100, RangeKind::partial, 1, 2));
  EXPECT_TRUE(decides("BYTES=1-2", 100, RangeKind::partial, 1, 2));
  EXPECT_TRUE(decides("bYtEs=-3", 100, RangeKind::partial, 97, 99));
}

TEST(Range, OptionalWhitespaceIsTolerated) {
  EXPECT_TRUE(decides("bytes = 1-2", 100, RangeKind::partial, 1, 2));
  EXPECT_TRUE(decides("bytes= 1-2", 100, RangeKind::partial, 1, 2));
  EXPECT_TRUE(decides("bytes =1-2", 100, RangeKind::partial, 1, 2));
  EXPECT_TRUE(decides("bytes=1-2 ", 100, RangeKind::partial, 1, 2));
  EXPECT_TRUE(decides(" \tbytes=\t-5\t ", 100, RangeKind::partial, 95, 99));
  EXPECT_TRUE(decides("  bytes  =  10-  ", 100, RangeKind::partial, 10, 99));
}

TEST(Range, LargeRepresentation) {
  const std::uint64_t size = std::uint64_t{1} << 40;  // 1 TiB: offsets well past 32 bits
  EXPECT_TRUE(decides("bytes=1099511627775-", size, RangeKind::partial, size - 1, size - 1));
  EXPECT_TRUE(decides("bytes=-1099511627776", size, RangeKind::partial, 0, size - 1));
  EXPECT_TRUE(decides("bytes=1099511627776-", size, RangeKind::unsatisfiable));
  EXPECT_TRUE(decides("bytes=0-", kMax, RangeKind::partial, 0, kMax - 1));
  EXPECT_TRUE(decides("bytes=-1", kMax, RangeKind::partial, kMax - 1, kMax - 1));
}

TEST(Range, ByteRangeLength) {
  EXPECT_EQ((ByteRange{0, 0}).length(), 1u);
  EXPECT_EQ((ByteRange{10, 19}).length(), 10u);
  EXPECT_EQ(decide_range("bytes=-10", 100).range.length(), 10u);
}

TEST(Range, HeaderValues) {
  EXPECT_EQ(content_range_value({0, 0}, 1), "bytes 0-0/1");
  EXPECT_EQ(content_range_value({10, 19}, 100), "bytes 10-19/100");
  EXPECT_EQ(content_range_value({0, kMax - 1}, kMax), "bytes 0-18446744073709551614/18446744073709551615");
  EXPECT_EQ(unsatisfied_range_value(0), "bytes */0");
  EXPECT_EQ(unsatisfied_range_value(100), "bytes */100");
}

}  // namespace
}  // namespace filegate::http
