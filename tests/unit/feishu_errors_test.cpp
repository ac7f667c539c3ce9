// Feishu's surfaces: which envelope answers unknown paths and failures of each route group, and the platform's body
// shapes when rendered. What every catalog promises is checked for all dialects in catalog_test.cpp.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "dialect_fixture.hpp"
#include "dialects/feishu/feishu_dialect.hpp"

namespace {

namespace feishu = filegate::dialects::feishu;
namespace errors = feishu::errors;
using namespace filegate;
namespace bhttp = boost::beast::http;

using FeishuErrorsTest = test_support::DialectTest<feishu::FeishuDialect>;

TEST_F(FeishuErrorsTest, EachSurfaceAndRouteGroupAnswersItsOwnErrors) {
  std::set<std::string_view> routes;
  for (const auto& endpoint : router().endpoints()) routes.insert(endpoint.name);
  EXPECT_EQ(routes.size(), 24u);
  const auto unknown = router().match(bhttp::verb::get, "/open-apis/no/such");
  EXPECT_EQ(unknown.envelope->errors().not_found, &errors::not_found);
  EXPECT_EQ(router().match(bhttp::verb::get, "/_filegate/feishu/x").envelope->errors().not_found,
            &errors::tmp_url_not_found);
  EXPECT_EQ(router()
                .match(bhttp::verb::post, "/open-apis/auth/v3/tenant_access_token/internal")
                .envelope->errors()
                .too_large->status,
            413u);
  EXPECT_EQ(router().match(bhttp::verb::get, "/open-apis/im/v1/files/k").envelope->errors().internal,
            &errors::im_internal_error);
  EXPECT_EQ(router().match(bhttp::verb::get, "/open-apis/drive/v1/medias/t/download").envelope->errors().internal,
            &errors::drive_server_error);
  // The message API answers bad bodies and failures with its own codes (230001), not the IM files' (234001).
  const auto messages = router().match(bhttp::verb::post, "/open-apis/im/v1/messages");
  EXPECT_EQ(messages.endpoint, feishu::endpoints::im_message_create);
  EXPECT_EQ(messages.envelope->errors().malformed, &errors::msg_invalid_param);
  EXPECT_EQ(router().match(bhttp::verb::get, "/open-apis/im/v1/messages/om_1").endpoint,
            feishu::endpoints::im_message_get);
  EXPECT_EQ(router().match(bhttp::verb::get, "/open-apis/im/v1/messages/om_1/resources/k").endpoint,
            feishu::endpoints::im_message_resource_get);
  // The OAuth 2 endpoint answers in RFC 6749's shape at both of its paths, and under /oauth/ only.
  for (const char* path : {"/open-apis/authen/v2/oauth/token", "/oauth/v3/token"}) {
    const auto oauth = router().match(bhttp::verb::post, path);
    EXPECT_EQ(oauth.endpoint, feishu::endpoints::oauth_token) << path;
    EXPECT_EQ(oauth.envelope->errors().malformed, &errors::oauth_invalid_request) << path;
  }
  EXPECT_EQ(router().match(bhttp::verb::post, "/oauth/v9/none").envelope->errors().not_found, &errors::oauth_not_found);
}

TEST_F(FeishuErrorsTest, TheOAuthEndpointAnswersAsRfc6749WithTheErrorItsCodeMeans) {
  test_support::RenderOnlyExchange f("20240516081943ABCDEF0123456789ABCDEF", "/oauth/v3/token");
  const http::Envelope& oauth = envelope(2);
  const std::pair<const http::ErrorEntry*, const char*> cases[] = {
      {&errors::oauth_invalid_request, "invalid_request"},   {&errors::oauth_invalid_client, "invalid_client"},
      {&errors::oauth_code_expired, "invalid_grant"},        {&errors::oauth_refresh_invalid, "invalid_grant"},
      {&errors::oauth_grant_type, "unsupported_grant_type"}, {&errors::oauth_server_error, "server_error"}};
  for (const auto& [entry, error] : cases) {
    const auto res = oauth.render(f.exchange, http::Refusal(*entry));
    EXPECT_EQ(res.result_int(), entry->status);
    const auto body = boost::json::parse(res.body()).as_object();
    EXPECT_EQ(body.size(), 3u) << "no msg, data or error object: " << res.body();
    EXPECT_EQ(std::to_string(body.at("code").as_int64()), entry->code);
    EXPECT_EQ(body.at("error").as_string(), error) << entry->name;
    EXPECT_EQ(body.at("error_description").as_string(), entry->message);
  }
}

TEST_F(FeishuErrorsTest, RendersTheOpenApiEnvelopeTheTokenBodyAndTheQuotaHeaders) {
  test_support::RenderOnlyExchange f("20240516081943ABCDEF0123456789ABCDEF", "/open-apis/im/v1/files/k");
  const http::Envelope& api = envelope(0);

  auto res = api.render(f.exchange, http::Refusal(errors::im_file_not_found));
  EXPECT_EQ(res.result_int(), 400u);
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body["code"].as_int64(), 234005);
  EXPECT_EQ(body["msg"].as_string(), "Image has been deleted");
  EXPECT_EQ(body["error"].as_object()["log_id"].as_string(), "20240516081943ABCDEF0123456789ABCDEF");
  EXPECT_NE(std::string(body["error"].as_object()["troubleshooter"].as_string()).find("&code=234005"),
            std::string::npos);

  res = api.render(f.exchange, http::Refusal(errors::auth_app_secret_invalid));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(boost::json::parse(res.body()),
            boost::json::parse(R"({"code":10014,"msg":"app secret invalid","data":{}})"));

  res = api.render(f.exchange, http::Refusal(errors::rate_limited).with_header("x-ogw-ratelimit-reset", "1"));
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res["x-ogw-ratelimit-limit"], "100");
  EXPECT_EQ(res["x-ogw-ratelimit-reset"], "1");
  EXPECT_EQ(boost::json::parse(res.body()).as_object()["code"].as_int64(), 99991400);

  bhttp::fields headers;
  api.decorate(headers, "LOG");
  EXPECT_EQ(headers["X-Tt-Logid"], "LOG");
  EXPECT_EQ(headers["X-Request-Id"], "LOG");
}

}  // namespace
