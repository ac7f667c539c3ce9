// The framing rule against request smuggling (RFC 9112 §6.1, §6.3), on request heads built directly: the server
// refuses any of these and closes the connection (tests/sdk/test/http-smuggling.test.js checks that end to end).
#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>
#include <utility>

#include "http/framing.hpp"

namespace http = filegate::http;
using http::bhttp::field;

namespace {

bool ambiguous(std::initializer_list<std::pair<field, std::string_view>> headers, unsigned version = 11) {
  http::bhttp::fields fields;
  for (const auto& [name, value] : headers) fields.insert(name, value);
  return http::framing_is_ambiguous(fields, version);
}

}  // namespace

TEST(Framing, OneWayOfDelimitingIsClear) {
  EXPECT_FALSE(ambiguous({}));
  EXPECT_FALSE(ambiguous({{field::content_length, "5"}}));
  EXPECT_FALSE(ambiguous({{field::transfer_encoding, "chunked"}}));
  EXPECT_FALSE(ambiguous({{field::transfer_encoding, " Chunked\t"}}));  // a token, case-insensitive, OWS around it
  EXPECT_FALSE(ambiguous({{field::content_length, "5"}}, 10));
}

TEST(Framing, AnyCodingButOneFinalChunkedIsAmbiguous) {
  EXPECT_TRUE(ambiguous({{field::transfer_encoding, "gzip"}}));
  EXPECT_TRUE(ambiguous({{field::transfer_encoding, "identity"}}));
  EXPECT_TRUE(ambiguous({{field::transfer_encoding, "chunked, chunked"}}));
  EXPECT_TRUE(ambiguous({{field::transfer_encoding, "gzip, chunked"}}));
  EXPECT_TRUE(ambiguous({{field::transfer_encoding, "chunked"}, {field::transfer_encoding, "chunked"}}));
}

TEST(Framing, TransferEncodingWithContentLengthIsAmbiguous) {
  EXPECT_TRUE(ambiguous({{field::transfer_encoding, "chunked"}, {field::content_length, "5"}}));
  EXPECT_TRUE(ambiguous({{field::content_length, "5"}, {field::transfer_encoding, "chunked"}}));
}

TEST(Framing, Http10HasNoTransferCodings) { EXPECT_TRUE(ambiguous({{field::transfer_encoding, "chunked"}}, 10)); }
