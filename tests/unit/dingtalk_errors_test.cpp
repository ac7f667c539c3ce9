// DingTalk's error catalogs: unique names, endpoints that are real routes of the surface, every unknown path under
// the dialect's prefixes answered by its own envelope, and the platform's error shapes (JSON for the API, OSS XML for
// the byte host) with their request-id headers.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "core/clock.hpp"
#include "core/random_ids.hpp"
#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "http/connection_io.hpp"
#include "http/request_head.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

using namespace filegate;
using namespace filegate::dialects::dingtalk;
namespace fs = std::filesystem;

namespace {

class DingTalkErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-dingtalk-errors-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    tokens_ = std::make_unique<core::TokenService>(store_->metadata(), clock_);
    services_ = std::make_unique<dialects::Services>(
        dialects::Services{*store_, *tokens_, signer_, limiter_, clock_, false, "http://127.0.0.1:1"});
    dialect_ = std::make_unique<DingTalkDialect>(*services_);
    dialect_->register_routes(router_);
    const auto envelopes = dialect_->envelopes();
    ASSERT_EQ(envelopes.size(), 2u);
    api_ = envelopes[0];
    oss_ = envelopes[1];
  }
  void TearDown() override {
    dialect_.reset();
    services_.reset();
    tokens_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  // The endpoint names the router holds for one envelope.
  std::set<std::string> endpoints_of(const http::Envelope* envelope) const {
    std::set<std::string> out;
    for (const auto& e : router_.endpoints()) {
      if (e.envelope == envelope) out.emplace(e.name);
    }
    return out;
  }

  fs::path dir_;
  core::ManualClock clock_;
  core::UrlSigner signer_{"secret", clock_};
  core::RateLimiter limiter_{clock_};
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::TokenService> tokens_;
  std::unique_ptr<dialects::Services> services_;
  std::unique_ptr<DingTalkDialect> dialect_;
  http::Router router_;
  const http::Envelope* api_ = nullptr;
  const http::Envelope* oss_ = nullptr;
};

// A request as the server would hand it to an envelope: the exchange only lends its log id to the body.
struct FakeExchange {
  explicit FakeExchange(std::string_view target = "/x")
      : io{boost::beast::tcp_stream(context), {}, {}, limits},
        head(http::bhttp::verb::get, "GET", target, fields, true),
        exchange(io, head, "20240501102030ABCDEF") {}
  boost::asio::io_context context;
  http::ServerLimits limits;
  http::ConnectionIo io;
  http::bhttp::fields fields;
  http::RequestHead head;
  http::Exchange exchange;
};

}  // namespace

TEST_F(DingTalkErrorsTest, EachCatalogHasUniqueNamesAndEveryEntryNamesRealEndpointsOfItsSurface) {
  for (const http::Envelope* envelope : {api_, oss_}) {
    const std::set<std::string> routes = endpoints_of(envelope);
    ASSERT_FALSE(routes.empty());
    std::set<std::string_view> names;
    for (const http::ErrorEntry* entry : envelope->catalog()) {
      EXPECT_TRUE(names.insert(entry->name).second) << "duplicate name " << entry->name;
      EXPECT_GE(entry->status, 400u) << entry->name;
      EXPECT_FALSE(entry->code.empty()) << entry->name;
      EXPECT_FALSE(entry->message.empty()) << entry->name;
      for (std::string_view endpoint : entry->endpoints) {
        EXPECT_TRUE(routes.contains(std::string(endpoint))) << entry->name << " names " << endpoint;
      }
    }
    // The failures no handler answers come from the same catalog.
    const http::EnvelopeErrors& errors = envelope->errors();
    for (const http::ErrorEntry* entry : {errors.not_found, errors.too_large, errors.malformed, errors.internal}) {
      ASSERT_NE(entry, nullptr);
      EXPECT_EQ(http::find_error(envelope->catalog(), entry->name), entry) << entry->name;
    }
  }
  EXPECT_EQ(endpoints_of(api_).size(), 11u);
  EXPECT_EQ(endpoints_of(oss_).size(), 5u);
}

TEST_F(DingTalkErrorsTest, UnknownPathsUnderTheDialectsPrefixesGetItsOwnEnvelope) {
  for (const char* target : {"/v1.0/storage/nope", "/v1.0/oauth2/accessToken/extra", "/v2.0/storage/spaces/files/x"}) {
    const auto match = router_.match(http::bhttp::verb::get, target);
    EXPECT_EQ(match.handler, nullptr) << target;
    EXPECT_EQ(match.envelope, api_) << target;
  }
  EXPECT_EQ(api_->errors().not_found->code, "InvalidAction.NotFound");
  // A known path with another method is unknown to the gateway too.
  EXPECT_EQ(router_.match(http::bhttp::verb::get, "/v1.0/oauth2/accessToken").envelope, api_);

  const auto blob = router_.match(http::bhttp::verb::get, "/_filegate/dingtalk/elsewhere/x");
  EXPECT_EQ(blob.handler, nullptr);
  EXPECT_EQ(blob.envelope, oss_);
  EXPECT_EQ(oss_->errors().not_found->code, "NoSuchKey");

  const auto known = router_.match(http::bhttp::verb::get, "/_filegate/dingtalk/download/obj1?Expires=1");
  ASSERT_NE(known.handler, nullptr);
  EXPECT_EQ(known.endpoint, endpoints::oss_get);
  EXPECT_EQ(known.params.at("object_id"), "obj1");
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
