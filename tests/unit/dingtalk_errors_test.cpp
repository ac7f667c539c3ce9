// DingTalk's surfaces: every unknown path under the dialect's prefixes answered by its own envelope, and the platform's
// error shapes (JSON for the API, OSS XML for the byte host) with their request-id headers. What every catalog
// promises is checked for all dialects in catalog_test.cpp.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>
#include <string>

#include "dialect_fixture.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/scopes.hpp"

using namespace filegate;
using namespace filegate::dialects::dingtalk;

namespace {

class DingTalkErrorsTest : public test_support::DialectTest<DingTalkDialect> {
 protected:
  // The endpoint names the router holds for one envelope.
  std::set<std::string> endpoints_of(const http::Envelope* envelope) const {
    std::set<std::string> out;
    for (const auto& e : router().endpoints()) {
      if (e.envelope == envelope) out.emplace(e.name);
    }
    return out;
  }

  const http::Envelope* api_ = &envelope(0);
  const http::Envelope* oss_ = &envelope(1);
};

struct FakeExchange : test_support::RenderOnlyExchange {
  FakeExchange() : RenderOnlyExchange("20240501102030ABCDEF") {}
};

}  // namespace

TEST_F(DingTalkErrorsTest, TwoSurfacesWithTheirRoutes) {
  EXPECT_EQ(DingTalkDialect::envelopes().size(), 2u);
  EXPECT_EQ(endpoints_of(api_).size(), 32u);
  EXPECT_EQ(endpoints_of(oss_).size(), 5u);
}

// Batch calls share their path's shape with single-dentry calls one segment longer or shorter: each path reaches
// its own API, never the other's.
TEST_F(DingTalkErrorsTest, BatchAndSingleDentryPathsReachTheirOwnApis) {
  const auto post = [&](const char* target) { return router().match(http::bhttp::verb::post, target).endpoint; };
  EXPECT_EQ(post("/v1.0/storage/spaces/100/dentries/query?unionId=u"), endpoints::get_dentries);
  EXPECT_EQ(post("/v1.0/storage/spaces/100/dentries/200/query?unionId=u"), endpoints::get_dentry);
  EXPECT_EQ(post("/v1.0/storage/spaces/100/dentries/listAll"), endpoints::list_all);
  EXPECT_EQ(post("/v1.0/storage/spaces/100/dentries/batchMove"), endpoints::move_dentries);
  EXPECT_EQ(post("/v1.0/storage/spaces/100/dentries/200/move"), endpoints::move_dentry);
  EXPECT_EQ(post("/v1.0/storage/spaces"), endpoints::add_space);
  EXPECT_EQ(post("/v1.0/storage/recycleBins/100/recycleItems/batchRestore"), endpoints::restore_recycle_items);
  EXPECT_EQ(post("/v1.0/storage/recycleBins/100/recycleItems/300/restore"), endpoints::restore_recycle_item);
  const auto get = [&](const char* target) { return router().match(http::bhttp::verb::get, target).endpoint; };
  EXPECT_EQ(get("/v1.0/storage/spaces/100"), endpoints::get_space);
  EXPECT_EQ(get("/v1.0/storage/spaces/100/dentries?parentId=0"), endpoints::list_dentries);
  EXPECT_EQ(get("/v2.0/doc/dentries/abc/queryDentryId"), endpoints::dentry_id_by_uuid);
  EXPECT_EQ(router().match(http::bhttp::verb::delete_, "/v1.0/storage/recycleBins/100/recycleItems/300").endpoint,
            endpoints::delete_recycle_item);
}

// Every storage API needs a permission; the seed page names the download's.
TEST_F(DingTalkErrorsTest, EveryStorageApiNeedsAScope) {
  for (const auto& endpoint : endpoints_of(api_)) {
    if (endpoint == endpoints::access_token) {
      EXPECT_EQ(required_scope(endpoint), "") << endpoint;
    } else {
      EXPECT_NE(required_scope(endpoint), "") << endpoint;
    }
  }
  EXPECT_EQ(required_scope(endpoints::download_info), "Storage.DownloadInfo.Read");
}

TEST_F(DingTalkErrorsTest, UnknownPathsUnderTheDialectsPrefixesGetItsOwnEnvelope) {
  for (const char* target : {"/v1.0/storage/nope", "/v1.0/oauth2/accessToken/extra", "/v2.0/storage/spaces/files/x"}) {
    const auto match = router().match(http::bhttp::verb::get, target);
    EXPECT_EQ(match.handler, nullptr) << target;
    EXPECT_EQ(match.envelope, api_) << target;
  }
  EXPECT_EQ(api_->errors().not_found->code, "InvalidAction.NotFound");
  // A known path with another method is unknown to the gateway too.
  EXPECT_EQ(router().match(http::bhttp::verb::get, "/v1.0/oauth2/accessToken").envelope, api_);

  const auto blob = router().match(http::bhttp::verb::get, "/_filegate/dingtalk/elsewhere/x");
  EXPECT_EQ(blob.handler, nullptr);
  EXPECT_EQ(blob.envelope, oss_);
  EXPECT_EQ(oss_->errors().not_found->code, "NoSuchKey");

  const auto known =
      router().match(http::bhttp::verb::get, "/_filegate/dingtalk/download/7311/obj0123456789abcdef01234567?Expires=1");
  ASSERT_NE(known.handler, nullptr);
  EXPECT_EQ(known.endpoint, endpoints::oss_get);
  EXPECT_EQ(known.params.at("dentry_id"), "7311");
  EXPECT_EQ(known.params.at("object_id"), "obj0123456789abcdef01234567");
}

TEST_F(DingTalkErrorsTest, TheApiAnswersCodeMessageAndRequestidWithTheEntrysStatus) {
  FakeExchange fake;
  auto res = api_->render(fake.exchange, http::Refusal(errors::dentry_not_found));
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_TRUE(std::string(res[http::bhttp::field::content_type]).starts_with("application/json"));
  const auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("code"), "dentryNotExist");
  EXPECT_EQ(body.at("message"), "dentry not exist");
  EXPECT_EQ(body.at("requestid"), "20240501102030ABCDEF");
  EXPECT_EQ(body.size(), 3u);

  res = api_->render(fake.exchange, http::Refusal(errors::param_invalid, "unionId is required"));
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(boost::json::parse(res.body()).at("message"), "unionId is required");

  http::bhttp::fields headers;
  api_->decorate(headers, "id-1");
  EXPECT_EQ(headers["x-acs-request-id"], "id-1");
  EXPECT_EQ(headers.count("X-Tt-Logid"), 0u);
}

TEST_F(DingTalkErrorsTest, TheByteHostAnswersOssXmlWithItsRequestId) {
  FakeExchange fake;
  auto res = oss_->render(fake.exchange, http::Refusal(errors::oss_access_denied, "a <b> & \"c\""));
  EXPECT_EQ(res.result_int(), 403u);
  EXPECT_EQ(res[http::bhttp::field::content_type], "application/xml");
  const std::string& xml = res.body();
  EXPECT_NE(xml.find("<Error>\n  <Code>AccessDenied</Code>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<Message>a &lt;b&gt; &amp; &quot;c&quot;</Message>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<RequestId>20240501102030ABCDEF</RequestId>"), std::string::npos) << xml;

  res = oss_->render(fake.exchange, http::Refusal(*oss_->errors().internal));
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_NE(res.body().find("<Code>InternalError</Code>"), std::string::npos);

  http::bhttp::fields headers;
  oss_->decorate(headers, "id-2");
  EXPECT_EQ(headers["x-oss-request-id"], "id-2");
}
