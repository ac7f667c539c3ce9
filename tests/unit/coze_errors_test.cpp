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

TEST_F(CozeErrorsTest, OneSurfaceWhoseCodesAreNumbers) {
  ASSERT_EQ(coze::CozeDialect::envelopes().size(), 1u);
  for (const http::ErrorEntry* entry : envelope(0).catalog()) {
    EXPECT_TRUE(core::text::parse_i64(entry->code)) << entry->name << ": the SDKs compare code as a number";
  }
  EXPECT_EQ(http::find_error(envelope(0).catalog(), "4000"), &coze::errors::invalid_param);
  EXPECT_EQ(http::find_error(envelope(0).catalog(), "auth.invalid"), &coze::errors::authentication_invalid);
  std::set<std::string_view> routes;
  for (const auto& endpoint : router().endpoints()) routes.insert(endpoint.name);
  EXPECT_EQ(routes, (std::set<std::string_view>{"coze.files.upload", "coze.files.retrieve"}));
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
