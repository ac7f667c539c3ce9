// The heads the request journal keeps: every field as sent but the credentials, whose values become "***".
#include "control/head_redaction.hpp"

#include <gtest/gtest.h>

namespace filegate::control {
namespace {

TEST(HeadRedaction, SecretHeadersByNameInAnyCase) {
  for (const char* name :
       {"Authorization", "proxy-authorization", "Cookie", "Set-Cookie", "x-acs-dingtalk-access-token",
        "X-Lark-Signature", "x-cos-security-token", "X-Client-Secret", "x-password"}) {
    EXPECT_TRUE(is_secret_header(name)) << name;
  }
  for (const char* name : {"Host", "Content-Type", "User-Agent", "X-Tt-Logid", "x-lark-request-nonce", "Range"}) {
    EXPECT_FALSE(is_secret_header(name)) << name;
  }
}

TEST(HeadRedaction, KeepsTheSchemeOfASecretButNotItsValue) {
  EXPECT_EQ(redacted_header_value("Authorization", "Bearer t-abc"), "Bearer ***");
  EXPECT_EQ(redacted_header_value("Authorization", "OSS key:signature"), "OSS ***");
  EXPECT_EQ(redacted_header_value("Authorization", "q-sign-algorithm=sha1&q-ak=x&q-signature=y"), "***");
  EXPECT_EQ(redacted_header_value("x-acs-dingtalk-access-token", "abcdef"), "***");
  EXPECT_EQ(redacted_header_value("Cookie", "a b"), "a ***");
  EXPECT_EQ(redacted_header_value("Content-Type", "application/json"), "application/json");
}

TEST(HeadRedaction, RequestFieldsOneLineEach) {
  http::bhttp::fields fields;
  fields.insert("Host", "127.0.0.1:8080");
  fields.insert("Authorization", "Bearer pat_secret_value");
  fields.insert("x-acs-dingtalk-access-token", "dingtalk-token");
  const std::string kept = redacted_request_fields(fields, 2048);
  EXPECT_EQ(kept, "Host: 127.0.0.1:8080\nAuthorization: Bearer ***\nx-acs-dingtalk-access-token: ***\n");
  EXPECT_EQ(kept.find("pat_secret_value"), std::string::npos);
}

TEST(HeadRedaction, ResponseHeadStatusLineThenFields) {
  const std::string head =
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nSet-Cookie: s=1\r\n"
      "x-ogw-ratelimit-reset: 1\r\n\r\n";
  EXPECT_EQ(redacted_response_head(head, 2048),
            "HTTP/1.1 429 Too Many Requests\nContent-Type: application/json\nSet-Cookie: ***\n"
            "x-ogw-ratelimit-reset: 1\n");
  EXPECT_EQ(redacted_response_head("", 2048), "");
}

TEST(HeadRedaction, LeavesOutWholeLinesPastTheBound) {
  http::bhttp::fields fields;
  fields.insert("A", "1");
  fields.insert("B", std::string(100, 'x'));
  fields.insert("C", "3");
  const std::string kept = redacted_request_fields(fields, 20);
  EXPECT_EQ(kept, "A: 1\n…\n");
}

}  // namespace
}  // namespace filegate::control
