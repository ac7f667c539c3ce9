// Feishu's error catalogs: unique names, endpoints that exist, and the platform's body shapes when rendered.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <set>

#include "core/clock.hpp"
#include "core/random_ids.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/connection_io.hpp"
#include "http/server.hpp"

namespace {

namespace fs = std::filesystem;
namespace feishu = filegate::dialects::feishu;
namespace errors = feishu::errors;
using namespace filegate;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// A Feishu dialect over a scratch store, with its routes registered.
class FeishuErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-feishu-errors-test-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    tokens_ = std::make_unique<core::TokenService>(store_->metadata(), clock_);
    signer_ = std::make_unique<core::UrlSigner>("secret", clock_);
    limiter_ = std::make_unique<core::RateLimiter>(clock_);
    services_ = std::make_unique<dialects::Services>(
        dialects::Services{*store_, *tokens_, *signer_, *limiter_, clock_, true, "http://127.0.0.1:1"});
    dialect_ = std::make_unique<feishu::FeishuDialect>(*services_);
    dialect_->register_routes(router_);
  }
  void TearDown() override {
    dialect_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  core::ManualClock clock_;
  fs::path dir_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::TokenService> tokens_;
  std::unique_ptr<core::UrlSigner> signer_;
  std::unique_ptr<core::RateLimiter> limiter_;
  std::unique_ptr<dialects::Services> services_;
  std::unique_ptr<feishu::FeishuDialect> dialect_;
  http::Router router_;
};

TEST_F(FeishuErrorsTest, EachCatalogHasUniqueNamesAndOnlyRealEndpoints) {
  std::set<std::string_view> routes;
  for (const auto& endpoint : router_.endpoints()) {
    EXPECT_TRUE(endpoint.name.starts_with("feishu.")) << endpoint.name;
    routes.insert(endpoint.name);
  }
  EXPECT_EQ(routes.size(), 12u);
  for (const http::Envelope* envelope : dialect_->envelopes()) {
    std::set<std::string_view> names;
    for (const http::ErrorEntry* entry : envelope->catalog()) {
      EXPECT_TRUE(names.insert(entry->name).second) << "duplicate " << entry->name;
      EXPECT_FALSE(entry->message.empty()) << entry->name;
      EXPECT_GE(entry->status, 200u) << entry->name;
      for (std::string_view endpoint : entry->endpoints) {
        EXPECT_TRUE(routes.contains(endpoint)) << entry->name << " names " << endpoint;
      }
    }
  }
}

TEST_F(FeishuErrorsTest, EveryRouteAndUnknownPathIsAnsweredFromACatalogItsEnvelopeKeeps) {
  for (const auto& endpoint : router_.endpoints()) {
    const http::EnvelopeErrors& e = endpoint.envelope->errors();
    for (const http::ErrorEntry* entry : {e.not_found, e.too_large, e.malformed, e.internal}) {
      ASSERT_NE(entry, nullptr);
      EXPECT_EQ(http::find_error(endpoint.envelope->catalog(), entry->name), entry) << entry->name;
    }
  }
  const auto unknown = router_.match(bhttp::verb::get, "/open-apis/no/such");
  EXPECT_EQ(unknown.envelope->errors().not_found, &errors::not_found);
  EXPECT_EQ(router_.match(bhttp::verb::get, "/_filegate/feishu/x").envelope->errors().not_found,
            &errors::tmp_url_not_found);
  EXPECT_EQ(router_.match(bhttp::verb::post, "/open-apis/auth/v3/tenant_access_token/internal")
                .envelope->errors()
                .too_large->status,
            413u);
  EXPECT_EQ(router_.match(bhttp::verb::get, "/open-apis/im/v1/files/k").envelope->errors().internal,
            &errors::im_internal_error);
  EXPECT_EQ(router_.match(bhttp::verb::get, "/open-apis/drive/v1/medias/t/download").envelope->errors().internal,
            &errors::drive_server_error);
}

// One exchange on a loopback socket, only for its log id.
struct ExchangeFixture {
  asio::io_context context;
  http::ServerLimits limits;
  tcp::acceptor acceptor{context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  tcp::socket client{context};
  http::ConnectionIo io{beast::tcp_stream(connect_and_accept()), beast::flat_buffer(), std::nullopt, limits};
  bhttp::fields no_fields;
  http::RequestHead head{bhttp::verb::get, "GET", "/open-apis/im/v1/files/k", no_fields, true};
  http::Exchange exchange{io, head, "20240516081943ABCDEF0123456789ABCDEF"};

  tcp::socket connect_and_accept() {
    client.connect(acceptor.local_endpoint());
    return acceptor.accept();
  }
};

TEST_F(FeishuErrorsTest, RendersTheOpenApiEnvelopeTheTokenBodyAndTheQuotaHeaders) {
  ExchangeFixture f;
  const http::Envelope& api = *dialect_->envelopes().front();

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
