// SMH's surfaces: query selectors pick their routes, unknown paths their surface, and each envelope renders the
// platform's body shape and status. What every catalog promises is checked for all dialects in catalog_test.cpp.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "dialect_fixture.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate::dialects::smh {
namespace {

class SmhRoutes : public test_support::DialectTest<SmhDialect> {
 protected:
  const http::Envelope& api() const { return envelope(0); }
  const http::Envelope& cos() const { return envelope(1); }
};

TEST_F(SmhRoutes, TwoSurfacesEachWithItsCatalog) {
  ASSERT_EQ(SmhDialect::envelopes().size(), 2u);
  EXPECT_EQ(api().catalog().data(), http::ErrorCatalog(errors::api_errors).data());
  EXPECT_EQ(cos().catalog().data(), http::ErrorCatalog(errors::cos_errors).data());
}

TEST_F(SmhRoutes, SelectorsPickTheirRoutesAndUnknownPathsTheirSurface) {
  auto endpoint = [&](bhttp::verb verb, std::string_view target) {
    return std::string(router().match(verb, target).endpoint);
  };
  const std::string file = "/api/v1/file/lib/-/a%2Fb.txt";
  EXPECT_EQ(endpoint(bhttp::verb::get, file), "smh.file.get");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?info"), "smh.file.info");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?info=1&access_token=t"), "smh.file.info");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?upload"), "smh.file.upload_status");
  EXPECT_EQ(endpoint(bhttp::verb::get, file + "?preview&size=100"), "smh.file.preview");  // never the download
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
  EXPECT_EQ(endpoint(bhttp::verb::head, "/smh-cos/blob/lib/-/f00d/7/obj0123?q-expires=1"), "smh.cos.head");

  const auto api_miss = router().match(bhttp::verb::get, "/api/v1/no-such-api");
  EXPECT_FALSE(api_miss.handler);
  EXPECT_EQ(api_miss.envelope, &api());
  const auto cos_miss = router().match(bhttp::verb::get, "/smh-cos/elsewhere/x");
  EXPECT_FALSE(cos_miss.handler);
  EXPECT_EQ(cos_miss.envelope, &cos());
}

struct RenderOnly : test_support::RenderOnlyExchange {
  RenderOnly() : RenderOnlyExchange("20240516081943ABCDEF", "/api/v1/file/lib/-/a.txt") {}
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
