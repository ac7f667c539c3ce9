// The Coze catalog and envelope: numeric codes, the routes and unknown paths, and the platform's body shape and status.
// What every catalog promises is checked for all dialects in catalog_test.cpp.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "core/text.hpp"
#include "dialect_fixture.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/errors.hpp"

using namespace filegate;
namespace coze = dialects::coze;
namespace bhttp = boost::beast::http;

namespace {

using CozeErrorsTest = test_support::DialectTest<coze::CozeDialect>;

}  // namespace

TEST_F(CozeErrorsTest, TheApiWhoseCodesAreNumbersAndTheOAuthTokenEndpoint) {
  ASSERT_EQ(coze::CozeDialect::envelopes().size(), 2u);
  for (const http::ErrorEntry* entry : envelope(0).catalog()) {
    EXPECT_TRUE(core::text::parse_i64(entry->code)) << entry->name << ": the SDKs compare code as a number";
  }
  EXPECT_EQ(http::find_error(envelope(0).catalog(), "4000"), &coze::errors::invalid_param);
  EXPECT_EQ(http::find_error(envelope(0).catalog(), "auth.invalid"), &coze::errors::authentication_invalid);
  EXPECT_EQ(http::find_error(envelope(1).catalog(), "invalid_client"), &coze::errors::oauth_invalid_client);
  std::set<std::string_view> routes;
  for (const auto& endpoint : router().endpoints()) routes.insert(endpoint.name);
  EXPECT_EQ(routes, (std::set<std::string_view>{"coze.files.upload", "coze.files.retrieve", "coze.oauth.token"}));
  const http::RouteMatch token = router().match(bhttp::verb::post, "/api/permission/oauth2/token");
  EXPECT_EQ(token.endpoint, "coze.oauth.token");
  EXPECT_EQ(token.envelope, &envelope(1));
  EXPECT_EQ(router().match(bhttp::verb::post, "/api/permission/oauth2/account/73/token").endpoint, "coze.oauth.token");
  EXPECT_EQ(router().match(bhttp::verb::get, "/api/permission/x").envelope, &envelope(1));
}

TEST_F(CozeErrorsTest, TheOAuthBodyIsErrorCodeErrorMessageAndError) {
  test_support::RenderOnlyExchange render("20240516081943ABCDEF0123456789ABCDEF", "/api/permission/oauth2/token");
  const http::Envelope& oauth = envelope(1);
  auto res = oauth.render(render.exchange,
                          http::Refusal(coze::errors::oauth_invalid_client, "invalid jwt: kid not been registred"));
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(res[bhttp::field::content_type].substr(0, 16), "application/json");
  EXPECT_EQ(
      boost::json::parse(res.body()),
      boost::json::parse(R"({"error_code":"invalid_client","error_message":"invalid jwt: kid not been registred",)"
                         R"("error":"invalid_client"})"));
  EXPECT_EQ(oauth.render(render.exchange, http::Refusal(coze::errors::oauth_invalid_request)).result_int(), 400u);
  EXPECT_EQ(oauth.render(render.exchange, http::Refusal(coze::errors::oauth_access_deny)).result_int(), 403u);
  EXPECT_EQ(oauth.render(render.exchange, http::Refusal(coze::errors::oauth_internal)).result_int(), 500u);
  bhttp::fields headers;
  oauth.decorate(headers, "LOGID");
  EXPECT_EQ(headers["X-Tt-Logid"], "LOGID");
}

TEST_F(CozeErrorsTest, UnknownPathsUnderV1AreTheDialectsNotFound) {
  const http::RouteMatch match = router().match(bhttp::verb::get, "/v1/files/list");
  EXPECT_FALSE(match.handler);
  EXPECT_EQ(match.envelope, &envelope(0));
  EXPECT_EQ(match.envelope->errors().not_found, &coze::errors::not_found);
  EXPECT_EQ(router().match(bhttp::verb::get, "/v1/files/retrieve?file_id=1").endpoint, "coze.files.retrieve");
  EXPECT_NE(router().match(bhttp::verb::get, "/v1.0/x").envelope, &envelope(0)) << "whole segments only";
}

TEST_F(CozeErrorsTest, RenderGivesCodeMsgDetailLogidAndTheEntrysStatus) {
  test_support::RenderOnlyExchange render("20240516081943ABCDEF0123456789ABCDEF", "/v1/files/retrieve");
  const http::Envelope& api = envelope(0);

  auto res = api.render(render.exchange, http::Refusal(coze::errors::not_found, "file not found"));
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res[bhttp::field::content_type].substr(0, 16), "application/json");
  EXPECT_EQ(boost::json::parse(res.body()),
            boost::json::parse(
                R"({"code":4200,"msg":"file not found","detail":{"logid":"20240516081943ABCDEF0123456789ABCDEF"}})"));

  res = api.render(render.exchange, http::Refusal(coze::errors::internal));
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(boost::json::parse(res.body()).at("code"), 5000);
  EXPECT_EQ(std::string_view(boost::json::parse(res.body()).at("msg").as_string()), coze::errors::internal.message);

  EXPECT_EQ(api.render(render.exchange, http::Refusal(coze::errors::authentication_invalid)).result_int(), 401u);
  EXPECT_EQ(api.render(render.exchange, http::Refusal(coze::errors::rate_limited)).result_int(), 429u);

  bhttp::fields headers;
  api.decorate(headers, "LOGID");
  EXPECT_EQ(headers["X-Tt-Logid"], "LOGID");
  EXPECT_EQ(headers.count("X-Request-Id"), 0u);
}
