// The Coze catalog and envelope: unique names, endpoints that exist, and the platform's body shape and status.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <set>

#include "core/random_ids.hpp"
#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/text.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/errors.hpp"
#include "http/connection_io.hpp"
#include "http/request_head.hpp"

using namespace filegate;
namespace coze = dialects::coze;
namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

class CozeErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-coze-errors-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    tokens_ = std::make_unique<core::TokenService>(store_->metadata(), clock_);
    signer_ = std::make_unique<core::UrlSigner>("secret", clock_);
    limiter_ = std::make_unique<core::RateLimiter>(clock_);
    services_ = std::make_unique<dialects::Services>(
        dialects::Services{*store_, *tokens_, *signer_, *limiter_, clock_, true, "http://127.0.0.1:1"});
    dialect_ = std::make_unique<coze::CozeDialect>(*services_);
    dialect_->register_routes(router_);
  }
  void TearDown() override {
    dialect_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  core::ManualClock clock_{1'715'847'583'123};
  fs::path dir_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::TokenService> tokens_;
  std::unique_ptr<core::UrlSigner> signer_;
  std::unique_ptr<core::RateLimiter> limiter_;
  std::unique_ptr<dialects::Services> services_;
  std::unique_ptr<coze::CozeDialect> dialect_;
  http::Router router_;
};

}  // namespace

TEST_F(CozeErrorsTest, OneEnvelopeWhoseCatalogHasUniqueNamesAndNumericCodes) {
  const auto envelopes = dialect_->envelopes();
  ASSERT_EQ(envelopes.size(), 1u);
  std::set<std::string_view> names;
  for (const http::ErrorEntry* entry : envelopes[0]->catalog()) {
    EXPECT_TRUE(names.insert(entry->name).second) << "duplicate name " << entry->name;
    EXPECT_TRUE(core::text::parse_i64(entry->code)) << entry->name << ": the SDKs compare code as a number";
    EXPECT_FALSE(entry->message.empty()) << entry->name;
  }
  const http::EnvelopeErrors& errors = envelopes[0]->errors();
  for (const http::ErrorEntry* entry : {errors.not_found, errors.too_large, errors.malformed, errors.internal}) {
    ASSERT_TRUE(entry);
    EXPECT_TRUE(names.count(entry->name)) << entry->name << " is not in the catalog";
  }
  EXPECT_EQ(http::find_error(envelopes[0]->catalog(), "4000"), &coze::errors::invalid_param);
  EXPECT_EQ(http::find_error(envelopes[0]->catalog(), "auth.invalid"), &coze::errors::authentication_invalid);
}

TEST_F(CozeErrorsTest, EveryEntrysEndpointsAreRoutesOfTheDialect) {
  std::set<std::string_view> routes;
  for (const auto& endpoint : router_.endpoints()) {
    routes.insert(endpoint.name);
    EXPECT_EQ(endpoint.envelope, dialect_->envelopes()[0]);
  }
  EXPECT_EQ(routes, (std::set<std::string_view>{"coze.files.upload", "coze.files.retrieve"}));
  for (const http::ErrorEntry* entry : dialect_->envelopes()[0]->catalog()) {
    for (std::string_view endpoint : entry->endpoints) {
      EXPECT_TRUE(routes.count(endpoint)) << entry->name << " names unknown endpoint " << endpoint;
    }
  }
}

TEST_F(CozeErrorsTest, UnknownPathsUnderV1AreTheDialectsNotFound) {
  const http::RouteMatch match = router_.match(bhttp::verb::get, "/v1/files/list");
  EXPECT_FALSE(match.handler);
  EXPECT_EQ(match.envelope, dialect_->envelopes()[0]);
  EXPECT_EQ(match.envelope->errors().not_found, &coze::errors::not_found);
  EXPECT_EQ(router_.match(bhttp::verb::get, "/v1/files/retrieve?file_id=1").endpoint, "coze.files.retrieve");
  EXPECT_NE(router_.match(bhttp::verb::get, "/v1.0/x").envelope, dialect_->envelopes()[0]) << "whole segments only";
}

TEST_F(CozeErrorsTest, RenderGivesCodeMsgDetailLogidAndTheEntrysStatus) {
  asio::io_context io;
  const http::ServerLimits limits;
  http::ConnectionIo connection{beast::tcp_stream(io), beast::flat_buffer(), std::nullopt, limits};
  const bhttp::fields fields;
  const http::RequestHead head(bhttp::verb::get, "GET", "/v1/files/retrieve", fields, true);
  http::Exchange exchange(connection, head, "20240516081943ABCDEF0123456789ABCDEF");
  const http::Envelope& envelope = *dialect_->envelopes()[0];

  auto res = envelope.render(exchange, http::Refusal(coze::errors::not_found, "file not found"));
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res[bhttp::field::content_type].substr(0, 16), "application/json");
  EXPECT_EQ(boost::json::parse(res.body()),
            boost::json::parse(
                R"({"code":4200,"msg":"file not found","detail":{"logid":"20240516081943ABCDEF0123456789ABCDEF"}})"));

  res = envelope.render(exchange, http::Refusal(coze::errors::internal));
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(boost::json::parse(res.body()).at("code"), 5000);
  EXPECT_EQ(std::string_view(boost::json::parse(res.body()).at("msg").as_string()), coze::errors::internal.message);

  EXPECT_EQ(envelope.render(exchange, http::Refusal(coze::errors::authentication_invalid)).result_int(), 401u);
  EXPECT_EQ(envelope.render(exchange, http::Refusal(coze::errors::rate_limited)).result_int(), 429u);

  bhttp::fields headers;
  envelope.decorate(headers, "LOGID");
  EXPECT_EQ(headers["X-Tt-Logid"], "LOGID");
  EXPECT_EQ(headers.count("X-Request-Id"), 0u);
}
