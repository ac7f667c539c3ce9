#include <gtest/gtest.h>

#include "http/blob_response.hpp"
#include "http/request_head.hpp"
#include "http/router.hpp"

using namespace filegate::http;

namespace {
awaitable<void> noop(Exchange&) { co_return; }
}  // namespace

TEST(Router, MatchesLiteralsAndCapturesParameters) {
  Router router;
  router.add(bhttp::verb::get, "/open-apis/im/v1/files/:file_key", noop);
  router.add(bhttp::verb::get, "/open-apis/im/v1/messages/:message_id/resources/:file_key", noop);
  router.add(bhttp::verb::get, "/api/v1/file/:lib/:space/*path", noop);

  auto m = router.match(bhttp::verb::get, "/open-apis/im/v1/files/file_v3_x");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params["file_key"], "file_v3_x");
  m = router.match(bhttp::verb::get, "/open-apis/im/v1/messages/om_1/resources/k");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params["message_id"], "om_1");
  EXPECT_EQ(m->params["file_key"], "k");
  m = router.match(bhttp::verb::get, "/api/v1/file/lib/-/a/b%2Fc.txt");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params["path"], "a/b%2Fc.txt");

  EXPECT_FALSE(router.match(bhttp::verb::post, "/open-apis/im/v1/files/x")) << "method must match";
  EXPECT_FALSE(router.match(bhttp::verb::get, "/open-apis/im/v1/files")) << "missing segment";
  EXPECT_FALSE(router.match(bhttp::verb::get, "/open-apis/im/v1/files/x/y")) << "extra segment";
}

TEST(RequestHead, CollapsesRepeatedSlashesAndDecodesQueries) {
  const bhttp::fields no_fields;
  RequestHead head(bhttp::verb::get, "GET", "//open-apis//im/v1/files/k?file_tokens=a&file_tokens=b%2Bc&x=1+2&info",
                   no_fields, true);
  EXPECT_EQ(head.path(), "/open-apis/im/v1/files/k");
  EXPECT_EQ(head.query_all("file_tokens"), (std::vector<std::string>{"a", "b+c"}));
  EXPECT_EQ(head.query("x"), "1 2");
  EXPECT_EQ(head.query("info"), "") << "a bare key is present with an empty value";
  EXPECT_FALSE(head.query("missing"));
}

TEST(PercentCoding, DecodesStrictlyAndEncodesUtf8) {
  EXPECT_EQ(percent_decode("%E6%B5%8B%2Fa+b"), "测/a+b");
  EXPECT_FALSE(percent_decode("%E"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_EQ(percent_encode_utf8("测 a\"b.pdf"), "%E6%B5%8B%20a%22b.pdf");
}

TEST(ContentDisposition, CarriesBothFormsAndCannotBeBrokenByTheName) {
  EXPECT_EQ(content_disposition("attachment", "测试 文件.pdf"),
            "attachment; filename=\"测试 文件.pdf\"; filename*=UTF-8''%E6%B5%8B%E8%AF%95%20%E6%96%87%E4%BB%B6.pdf");
  EXPECT_EQ(content_disposition("attachment", "a\"b\\c\r\nX: y"),
            "attachment; filename=\"a\\\"b\\\\cX: y\"; filename*=UTF-8''a%22b%5Cc%0D%0AX%3A%20y");
}
