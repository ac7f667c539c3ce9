#include <gtest/gtest.h>

#include <string>

#include "http/redact.hpp"

using filegate::http::redact_target;
using filegate::http::secret_query_parameters;

TEST(RedactTarget, TargetsWithoutSecretsAreUnchanged) {
  EXPECT_EQ(redact_target("/open-apis/im/v1/files/file_v3_x"), "/open-apis/im/v1/files/file_v3_x");
  EXPECT_EQ(redact_target("/a?x=1&y=&z"), "/a?x=1&y=&z");
  EXPECT_EQ(redact_target("/a?"), "/a?");
  EXPECT_EQ(redact_target("/a?info&user_id=u1"), "/a?info&user_id=u1");
}

TEST(RedactTarget, EverySecretParameterLosesItsValueAndKeepsItsPlace) {
  for (std::string_view name : secret_query_parameters()) {
    const std::string target = "/p?a=1&" + std::string(name) + "=SECRET123&b=2";
    EXPECT_EQ(redact_target(target), "/p?a=1&" + std::string(name) + "=***&b=2") << name;
  }
}

TEST(RedactTarget, FilegatesOwnSignedUrlsAndPlatformCredentials) {
  EXPECT_EQ(redact_target("/_filegate/feishu/tmp/t?expires=1700000000&signature=abcdef"),
            "/_filegate/feishu/tmp/t?expires=1700000000&signature=***");
  EXPECT_EQ(redact_target("/smh-cos/blob/o1?q-expires=17&q-signature=abc"),
            "/smh-cos/blob/o1?q-expires=17&q-signature=***");
  EXPECT_EQ(redact_target("/api/v1/token?library_id=smh1&library_secret=s3cr3t"),
            "/api/v1/token?library_id=smh1&library_secret=***");
  EXPECT_EQ(redact_target("/api/v1/directory/l/-/?access_token=acctk1&info"),
            "/api/v1/directory/l/-/?access_token=***&info");
}

TEST(RedactTarget, NamesMatchWhateverTheirCaseOrPercentEncoding) {
  EXPECT_EQ(redact_target("/x?Signature=abc&OSSAccessKeyId=k"), "/x?Signature=***&OSSAccessKeyId=k");
  EXPECT_EQ(redact_target("/x?ACCESS_TOKEN=abc"), "/x?ACCESS_TOKEN=***");
  EXPECT_EQ(redact_target("/x?access%5Ftoken=abc"), "/x?access%5Ftoken=***");
}

TEST(RedactTarget, RepeatedAndEmptyValuesAreAllRedacted) {
  EXPECT_EQ(redact_target("/x?signature=a&signature=b"), "/x?signature=***&signature=***");
  EXPECT_EQ(redact_target("/x?signature="), "/x?signature=***");
  // A bare name carries no value to hide.
  EXPECT_EQ(redact_target("/x?signature"), "/x?signature");
}
