// SMH's error catalogs: names unique, every endpoint an entry names is a route of the dialect on that catalog's
// surface, and each envelope renders the platform's body shape and status.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/random_ids.hpp"
#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "http/connection_io.hpp"
#include "http/exchange.hpp"
#include "http/request_head.hpp"
#include "http/router.hpp"

namespace filegate::dialects::smh {
namespace {

namespace fs = std::filesystem;

// The dialect on a throw-away store, with its routes registered.
class SmhRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-smh-errors-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    tokens_ = std::make_unique<core::TokenService>(store_->metadata(), clock_);
    services_ =
        std::make_unique<Services>(Services{*store_, *tokens_, signer_, limiter_, clock_, true, "http://127.0.0.1:1"});
    dialect_ = std::make_unique<SmhDialect>(*services_);
    dialect_->register_routes(router_);
  }
  void TearDown() override {
    dialect_.reset();
    services_.reset();
    tokens_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  const http::Envelope& api() const { return *dialect_->envelopes().at(0); }
  const http::Envelope& cos() const { return *dialect_->envelopes().at(1); }

  fs::path dir_;
  core::ManualClock clock_;
  core::UrlSigner signer_{"test secret", clock_};
  core::RateLimiter limiter_{clock_};
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::TokenService> tokens_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<SmhDialect> dialect_;
  http::Router router_;
};

TEST(SmhErrors, NamesAreUniqueWithinEachCatalog) {
  for (const http::ErrorCatalog catalog :
       {http::ErrorCatalog(errors::api_errors), http::ErrorCatalog(errors::cos_errors)}) {
    std::set<std::string_view> names;
    for (const http::ErrorEntry* entry : catalog) {
      EXPECT_TRUE(names.insert(entry->name).second) << "duplicate name " << entry->name;
      EXPECT_FALSE(entry->code.empty()) << entry->name;
      EXPECT_FALSE(entry->message.empty()) << entry->name;
      EXPECT_GE(entry->status, 400u) << entry->name;
    }
  }
}

TEST_F(SmhRoutes, EveryEndpointAnEntryNamesIsARouteOfItsSurface) {
  std::map<std::string_view, const http::Envelope*> routes;
  for (const auto& route : router_.endpoints()) {
    EXPECT_TRUE(route.name.starts_with("smh.")) << route.name;
    routes[route.name] = route.envelope;
  }
  ASSERT_EQ(dialect_->envelopes().size(), 2u);
  EXPECT_EQ(api().catalog().data(), http::ErrorCatalog(errors::api_errors).data());
  EXPECT_EQ(cos().catalog().data(), http::ErrorCatalog(errors::cos_errors).data());
  for (const http::Envelope* envelope : dialect_->envelopes()) {
    for (const http::ErrorEntry* entry : envelope->catalog()) {
      for (const std::string_view name : entry->endpoints) {
        const auto route = routes.find(name);
        ASSERT_NE(route, routes.end()) << entry->name << " names " << name << ", which is no route";
        EXPECT_EQ(route->second, envelope) << entry->name << " names " << name << " of another surface";
      }
    }
    // The failures no handler answers come from the surface's own catalog.
    const http::EnvelopeErrors& e = envelope->errors();
    for (const http::ErrorEntry* entry : {e.not_found, e.too_large, e.malformed, e.internal}) {
      ASSERT_NE(entry, nullptr);
      EXPECT_EQ(http::find_error(envelope->catalog(), entry->name), entry);
    }
  }
}

TEST_F(SmhRoutes, SelectorsPickTheirRoutesAndUnknownPathsTheirSurface) {
  auto endpoint = [&](bhttp::verb verb, std::string_view target) {
    return std::string(router_.match(verb, target).endpoint);
  };
  const std::string file = "/api/v1/file/lib/-/a%2Fb.txt";
  EXPECT_EQ(endpoint(bhttp::verb::get, file), "smh.file.get");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?info"), "smh.file.info");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?info=1&access_token=t"), "smh.file.info");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?upload"), "smh.file.upload_status");
  EXPECT_EQ(endpoint(bhttp::verb::post, file + "?confirm"), "smh.file.confirm");
  EXPECT_EQ(endpoint(bhttp::verb::post, file + "?renew"), "smh.file.renew");
  EXPECT_EQ(endpoint(bhttp::verb::post, file + "?multipart"), "smh.file.multipart");
  EXPECT_EQ(endpoint(bhttp::verb::post, file), "smh.file.form_upload");
  EXPECT_EQ(endpoint(bhttp::verb::delete_, file + "?upload"), "smh.file.upload_cancel");
  EXPECT_EQ(endpoint(bhttp::verb::delete_, file + "?permanent=1"), "smh.file.delete");
  EXPECT_EQ(endpoint(bhttp::verb::get, "/api/v1/directory/lib/-/d?info"), "smh.directory.info");
  EXPECT_EQ(endpoint(bhttp::verb::get, "/api/v1/directory/lib/-/d"), "smh.directory.list");
  EXPECT_EQ(endpoint(bhttp::verb::put, "/smh-cos/upload/k?uploadId=u&partNumber=2"), "smh.cos.put_part");
  EXPECT_EQ(endpoint(bhttp::verb::put, "/smh-cos/upload/k"), "smh.cos.put");
  EXPECT_EQ(endpoint(bhttp::verb::head, "/smh-cos/blob/o?q-expires=1"), "smh.cos.head");

  const auto api_miss = router_.match(bhttp::verb::get, "/api/v1/no-such-api");
  EXPECT_FALSE(api_miss.handler);
  EXPECT_EQ(api_miss.envelope, &api());
  const auto cos_miss = router_.match(bhttp::verb::get, "/smh-cos/elsewhere/x");
  EXPECT_FALSE(cos_miss.handler);
  EXPECT_EQ(cos_miss.envelope, &cos());
}

// An exchange that is only rendered for, never sent on.
struct RenderOnly {
  boost::asio::io_context context;
  http::ServerLimits limits;
  http::ConnectionIo io{boost::beast::tcp_stream(context), boost::beast::flat_buffer(), std::nullopt, limits};
  bhttp::fields fields;
  http::RequestHead head{bhttp::verb::get, "GET", "/api/v1/file/lib/-/a.txt", fields, true};
  http::Exchange exchange{io, head, "20240516081943ABCDEF"};
};

TEST_F(SmhRoutes, TheApiEnvelopeIsCodeMessageRequestId) {
  RenderOnly r;
  const auto res = api().render(r.exchange, http::Refusal(errors::file_not_found, "no such history version"));
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res[bhttp::field::content_type].substr(0, 16), "application/json");
  const auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("code"), "FileNotFound");
  EXPECT_EQ(body.at("message"), "no such history version");
  EXPECT_EQ(body.at("requestId"), "20240516081943ABCDEF");
  EXPECT_EQ(body.size(), 3u);

  bhttp::fields headers;
  api().decorate(headers, "id1");
  EXPECT_EQ(headers["x-smh-request-id"], "id1");
  EXPECT_EQ(headers["X-Request-Id"], "id1");
  EXPECT_EQ(headers.count("X-Tt-Logid"), 0u);
}

TEST_F(SmhRoutes, TheCosEnvelopeIsCosXml) {
  RenderOnly r;
  const auto res = cos().render(r.exchange, http::Refusal(errors::cos_signature_mismatch));
  EXPECT_EQ(res.result_int(), 403u);
  EXPECT_EQ(res[bhttp::field::content_type], "application/xml");
  EXPECT_EQ(res.body(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
            "<Message>The request signature does not match</Message>"
            "<RequestId>20240516081943ABCDEF</RequestId></Error>");
  const auto escaped = cos().render(r.exchange, http::Refusal(errors::cos_internal_error, "a <b> & \"c\""));
  EXPECT_NE(escaped.body().find("<Message>a &lt;b&gt; &amp; &quot;c&quot;</Message>"), std::string::npos);

  bhttp::fields headers;
  cos().decorate(headers, "id2");
  EXPECT_EQ(headers["x-cos-request-id"], "id2");
}

TEST(SmhErrors, PathRefusalsNameCatalogCodes) {
  // request_parts.cpp looks decode_path's codes up in the catalog.
  for (const std::string_view code : {"IllegalFileName", "FileNameLengthExceed", "DirectoryNameLengthExceed"}) {
    const http::ErrorEntry* entry = http::find_error(errors::api_errors, code);
    ASSERT_NE(entry, nullptr) << code;
    EXPECT_EQ(entry->status, 400u);
  }
}

}  // namespace
}  // namespace filegate::dialects::smh
