#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/digests.hpp"
#include "core/text.hpp"

namespace text = filegate::core::text;
using text::TimePrecision;

namespace {

// A naive encoder that writes any value below 2^21 in the shortest form, surrogates included: the reference the
// validator is checked against.
std::string encode(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

}  // namespace

TEST(TextDecimal, UnsignedAcceptsDigitsUpToTheMaximum) {
  EXPECT_EQ(text::parse_u64("0"), 0u);
  EXPECT_EQ(text::parse_u64("42"), 42u);
  EXPECT_EQ(text::parse_u64("00042"), 42u);  // 1*DIGIT allows leading zeros (Range: bytes=007-)
  EXPECT_EQ(text::parse_u64("3248270248"), 3248270248u);
  EXPECT_EQ(text::parse_u64("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
}

TEST(TextDecimal, UnsignedRejectsEverythingElse) {
  for (std::string_view bad : {"", "18446744073709551616", "99999999999999999999", "-0", "-1", "+1", " 1", "1 ", "\t1",
                               "1\n", "0x10", "1a", "a1", "1.0", "1e3", "1,000", "-", "+", "\xD9\xA1" /* Arabic 1 */}) {
    EXPECT_FALSE(text::parse_u64(bad).has_value()) << '"' << bad << '"';
  }
  EXPECT_FALSE(text::parse_u64(std::string_view("1\0", 2)).has_value());  // no stopping at an embedded NUL
}

TEST(TextDecimal, SignedTakesOneOptionalMinus) {
  EXPECT_EQ(text::parse_i64("0"), 0);
  EXPECT_EQ(text::parse_i64("-0"), 0);
  EXPECT_EQ(text::parse_i64("-1"), -1);
  EXPECT_EQ(text::parse_i64("0017"), 17);
  EXPECT_EQ(text::parse_i64("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(text::parse_i64("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
}

TEST(TextDecimal, SignedRejectsEverythingElse) {
  for (std::string_view bad : {"", "-", "+1", "+0", "--1", "-+1", "1-", " 1", "- 1", "1 ", "9223372036854775808",
                               "-9223372036854775809", "18446744073709551615", "0x1", "1.5"}) {
    EXPECT_FALSE(text::parse_i64(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(TextHex, DecodesEitherCase) {
  EXPECT_EQ(text::from_hex(""), "");
  EXPECT_EQ(text::from_hex("00ff"), std::string("\x00\xff", 2));
  EXPECT_EQ(text::from_hex("ABcd"), "\xab\xcd");
  EXPECT_EQ(text::from_hex("6869"), "hi");
}

TEST(TextHex, RejectsOddLengthAndNonDigits) {
  for (std::string_view bad : {"a", "abc", "zz", "0g", "g0", " 0", "0 ", "0x", "+1", "-1", "\xC3\xA9"}) {
    EXPECT_FALSE(text::from_hex(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(TextHex, RoundTripsEveryByteThroughToHex) {
  std::vector<unsigned char> bytes;
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<unsigned char>(b));
  const std::string hex = filegate::core::to_hex(bytes);
  ASSERT_EQ(hex.size(), 512u);
  const auto decoded = text::from_hex(hex);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, std::string(bytes.begin(), bytes.end()));
}

TEST(TextAscii, IequalsFoldsAsciiLettersOnly) {
  EXPECT_TRUE(text::iequals("Bearer", "bEARER"));
  EXPECT_TRUE(text::iequals("", ""));
  EXPECT_FALSE(text::iequals("bearer", "bearer "));
  EXPECT_FALSE(text::iequals("a", "b"));
  EXPECT_FALSE(text::iequals("@", "`"));                // 0x40 and 0x60 differ by the case bit but are not letters
  EXPECT_FALSE(text::iequals("\xC3\xA9", "\xC3\x89"));  // é and É: no Unicode folding
}

TEST(TextAscii, TrimOwsRemovesSpacesAndTabsOnly) {
  EXPECT_EQ(text::trim_ows(" \t a b\t "), "a b");
  EXPECT_EQ(text::trim_ows("   "), "");
  EXPECT_EQ(text::trim_ows("\r\na\r\n"), "\r\na\r\n");
}

TEST(TextBearer, SchemeIsCaseInsensitive) {
  for (std::string_view header : {"Bearer abc", "bearer abc", "BEARER abc", "bEaReR abc"}) {
    EXPECT_EQ(text::bearer_token(header), "abc") << header;
  }
}

TEST(TextBearer, OneOrMoreSpacesBeforeTheToken) {
  EXPECT_EQ(text::bearer_token("Bearer    t-123"), "t-123");
  EXPECT_FALSE(text::bearer_token("Bearert-123"));
  EXPECT_FALSE(text::bearer_token("Bearer\tt-123"));  // RFC 9110: 1*SP, not OWS
}

TEST(TextBearer, TokenIsB64TokenAndNothingFollows) {
  EXPECT_EQ(text::bearer_token("Bearer pat_0aF9-._~+/=="), "pat_0aF9-._~+/==");
  EXPECT_EQ(text::bearer_token("Bearer eyJhbGciOi.eyJzdWIi.SflKxwRJ"), "eyJhbGciOi.eyJzdWIi.SflKxwRJ");
  for (std::string_view bad : {"", "Bearer", "Bearer ", "Bearer    ", "Bearer abc ", "Bearer abc def", "Bearer abc,x",
                               "Bearer ==", "Bearer a=b", "Bearer a\"b", "Bearer \xC3\xA9", " Bearer abc", "Basic dTpw",
                               "Token abc", "Bearerx abc"}) {
    EXPECT_FALSE(text::bearer_token(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(TextBearer, ReturnsAViewIntoTheHeader) {
  const std::string header = "Bearer abc";
  const auto token = text::bearer_token(header);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->data(), header.data() + 7);
}

TEST(TextUtf8, AcceptsEveryScalarValueAndNoSurrogate) {
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    const std::string s = encode(cp);
    ASSERT_EQ(text::valid_utf8(s), !surrogate) << std::hex << "U+" << cp;
    if (!surrogate) {
      ASSERT_EQ(text::utf8_length(s), 1u) << std::hex << "U+" << cp;
    }
  }
}

TEST(TextUtf8, BoundariesOfEachLength) {
  EXPECT_TRUE(text::valid_utf8(""));
  EXPECT_TRUE(text::valid_utf8(std::string_view("\0", 1)));  // U+0000 is well-formed; names refuse it elsewhere
  EXPECT_TRUE(text::valid_utf8("\x7F"));
  EXPECT_TRUE(text::valid_utf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(text::valid_utf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(text::valid_utf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(text::valid_utf8("\xED\x9F\xBF"));      // U+D7FF
  EXPECT_TRUE(text::valid_utf8("\xEE\x80\x80"));      // U+E000
  EXPECT_TRUE(text::valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(text::valid_utf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(text::valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(TextUtf8, RejectsOverlongForms) {
  for (std::string_view bad : {"\xC0\x80", "\xC0\xAF", "\xC1\xBF",         // 2 bytes for U+0000, '/', U+007F
                               "\xE0\x80\x80", "\xE0\x9F\xBF",             // 3 bytes for U+0000, U+07FF
                               "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF"}) {  // 4 bytes for U+0000, U+FFFF
    EXPECT_FALSE(text::valid_utf8(bad));
  }
}

TEST(TextUtf8, RejectsSurrogatesAndValuesAboveTheLast) {
  EXPECT_FALSE(text::valid_utf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(text::valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(text::valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair for U+1F600
  EXPECT_FALSE(text::valid_utf8("\xF4\x90\x80\x80"));          // U+110000
  EXPECT_FALSE(text::valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(text::valid_utf8("\xF7\xBF\xBF\xBF"));  // U+1FFFFF: a 4-byte pattern, but not Unicode
  EXPECT_FALSE(text::valid_utf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(text::valid_utf8("\xFE"));
  EXPECT_FALSE(text::valid_utf8("\xFF"));
}

TEST(TextUtf8, RejectsTruncatedSequencesAndStrayContinuations) {
  for (std::string_view bad : {"\xC3", "\xE2\x82", "\xF0\x9F\x98", "a\xE2\x82", "\xE2\x82z", "\xC3\xC3\xA9", "\x80",
                               "\xBF", "a\x80z", "\xC3\xA9\xA9", "\xF0\x9F\x98\x80\x80"}) {
    EXPECT_FALSE(text::valid_utf8(bad)) << bad;
    EXPECT_FALSE(text::utf8_length(bad).has_value());
  }
}

TEST(TextUtf8, LengthCountsCodePoints) {
  EXPECT_EQ(text::utf8_length(""), 0u);
  EXPECT_EQ(text::utf8_length("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 4u);  // a é € 😀
  EXPECT_EQ(text::utf8_length("\xE6\xB5\x8B\xE8\xAF\x95.txt"), 6u);           // 测试.txt
}

TEST(TextUtf8, WellFormedKeepsUtf8AndReplacesEachStrayByte) {
  EXPECT_EQ(text::well_formed_utf8(""), "");
  EXPECT_EQ(text::well_formed_utf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(text::well_formed_utf8(std::string_view("\0", 1)), std::string_view("\0", 1));
  EXPECT_EQ(text::well_formed_utf8("\xFF"), "\xEF\xBF\xBD");
  EXPECT_EQ(text::well_formed_utf8("a\xE2\x82z"), "a\xEF\xBF\xBD\xEF\xBF\xBDz");  // a truncated sequence: one per byte
  EXPECT_EQ(text::well_formed_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  for (std::string_view bad : {"\xC0\xAF", "\xF4\x90\x80\x80", "\x80", "\xC3\xC3\xA9"}) {
    EXPECT_TRUE(text::valid_utf8(text::well_formed_utf8(bad))) << bad;
  }
}

TEST(TextXml, EscapesAllFiveSpecialCharacters) {
  EXPECT_EQ(text::xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(text::xml_escape(""), "");
  EXPECT_EQ(text::xml_escape("&amp;"), "&amp;amp;");  // escapes text, not markup: no double-escape detection
  EXPECT_EQ(text::xml_escape("\xE6\xB5\x8B ok"), "\xE6\xB5\x8B ok");
}

TEST(TextTime, Iso8601AtTheEpoch) {
  EXPECT_EQ(text::iso8601_utc(0, TimePrecision::minutes), "1970-01-01T00:00Z");
  EXPECT_EQ(text::iso8601_utc(0, TimePrecision::seconds), "1970-01-01T00:00:00Z");
  EXPECT_EQ(text::iso8601_utc(0, TimePrecision::milliseconds), "1970-01-01T00:00:00.000Z");
}

TEST(TextTime, Iso8601AtKnownInstants) {
  EXPECT_EQ(text::iso8601_utc(1715847583000, TimePrecision::minutes), "2024-05-16T08:19Z");
  EXPECT_EQ(text::iso8601_utc(1715847583000, TimePrecision::seconds), "2024-05-16T08:19:43Z");
  EXPECT_EQ(text::iso8601_utc(1715847583000, TimePrecision::milliseconds), "2024-05-16T08:19:43.000Z");
  EXPECT_EQ(text::iso8601_utc(1602670677953, TimePrecision::milliseconds), "2020-10-14T10:17:57.953Z");
  // Truncated, never rounded up: 59.999 s stays in its minute.
  EXPECT_EQ(text::iso8601_utc(1715847599999, TimePrecision::seconds), "2024-05-16T08:19:59Z");
  EXPECT_EQ(text::iso8601_utc(1715847599999, TimePrecision::minutes), "2024-05-16T08:19Z");
  EXPECT_EQ(text::iso8601_utc(951782400000, TimePrecision::seconds), "2000-02-29T00:00:00Z");
  EXPECT_EQ(text::iso8601_utc(253402300799999, TimePrecision::milliseconds), "9999-12-31T23:59:59.999Z");
}

TEST(TextTime, Iso8601BeforeTheEpochRoundsDown) {
  EXPECT_EQ(text::iso8601_utc(-1, TimePrecision::milliseconds), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(text::iso8601_utc(-1000, TimePrecision::milliseconds), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(text::iso8601_utc(-1001, TimePrecision::seconds), "1969-12-31T23:59:58Z");
}

TEST(TextTime, HttpDateIsImfFixdate) {
  EXPECT_EQ(text::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(text::http_date(1715847583), "Thu, 16 May 2024 08:19:43 GMT");
  EXPECT_EQ(text::http_date(1602670677), "Wed, 14 Oct 2020 10:17:57 GMT");
  EXPECT_EQ(text::http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(text::http_date(1703980800), "Sun, 31 Dec 2023 00:00:00 GMT");
  EXPECT_EQ(text::http_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(TextTime, CompactUtcIsDigitsOnly) {
  EXPECT_EQ(text::compact_utc(0), "19700101000000");
  EXPECT_EQ(text::compact_utc(1715847583), "20240516081943");
}
