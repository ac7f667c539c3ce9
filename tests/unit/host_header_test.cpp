#include <gtest/gtest.h>

#include "http/host_header.hpp"

using filegate::http::is_plain_host;

TEST(PlainHost, NamesAddressesAndPortsAreAccepted) {
  EXPECT_TRUE(is_plain_host("localhost"));
  EXPECT_TRUE(is_plain_host("127.0.0.1:8080"));
  EXPECT_TRUE(is_plain_host("filegate:9000"));
  EXPECT_TRUE(is_plain_host("host.docker.internal:1"));
  EXPECT_TRUE(is_plain_host("my_service-1.example.com"));
  EXPECT_TRUE(is_plain_host("[::1]:8080"));
  EXPECT_TRUE(is_plain_host("[fe80::1]"));
}

TEST(PlainHost, AnythingThatCouldInjectIntoAUrlIsRefused) {
  EXPECT_FALSE(is_plain_host(""));
  EXPECT_FALSE(is_plain_host("evil.com/path"));
  EXPECT_FALSE(is_plain_host("user@evil.com"));
  EXPECT_FALSE(is_plain_host("a b"));
  EXPECT_FALSE(is_plain_host("a\r\nX-Injected: 1"));
  EXPECT_FALSE(is_plain_host("a?x=1"));
  EXPECT_FALSE(is_plain_host("a#frag"));
  EXPECT_FALSE(is_plain_host("host:"));
  EXPECT_FALSE(is_plain_host("host:80a"));
  EXPECT_FALSE(is_plain_host("host:123456"));
  EXPECT_FALSE(is_plain_host("host:1:2"));
  EXPECT_FALSE(is_plain_host(":8080"));
  EXPECT_FALSE(is_plain_host("[::1"));
  EXPECT_FALSE(is_plain_host("[::1]x"));
  EXPECT_FALSE(is_plain_host("[zz::1]"));
  EXPECT_FALSE(is_plain_host("h\xc3\xa9.com"));
  EXPECT_FALSE(is_plain_host(std::string(300, 'a')));
}
