// The S3 client's own SigV4 (presigned URLs, canonical queries) against AWS's published example, and where a store's
// object lives under a Config.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/clock.hpp"
#include "core/s3/client.hpp"
#include "core/s3/config.hpp"
#include "core/s3/sigv4.hpp"

namespace {

using namespace filegate::core::s3;

// AWS's "Example: GET Object" of "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)".
TEST(S3Sigv4, PresignsAwsDocumentedExample) {
  sigv4::PresignRequest request;
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/test.txt";
  request.region = "us-east-1";
  request.access_key = "AKIAIOSFODNN7EXAMPLE";
  request.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  request.now_s = 1369353600;  // 2013-05-24T00:00:00Z
  request.expires_s = 86400;
  EXPECT_EQ(sigv4::presign_query(request),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

// The same URL through the Client: virtual-hosted addressing puts the bucket in the host.
TEST(S3Sigv4, ClientPresignsTheDocumentedUrlVirtualHosted) {
  const filegate::core::ManualClock clock(1369353600LL * 1000);
  Config config;
  config.endpoint = "https://s3.amazonaws.com";
  config.bucket = "examplebucket";
  config.path_style = false;
  config.access_key = "AKIAIOSFODNN7EXAMPLE";
  config.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const Client client(config, clock);
  EXPECT_EQ(client.presign_get("test.txt", std::chrono::hours(24)),
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

// Path style on a port, a key that needs encoding and a signed response-content-disposition. The expected value was
// computed by an independent implementation (Node's crypto over the same canonical request); the integration test
// shows RADOS Gateway accepts such URLs.
TEST(S3Sigv4, PresignsPathStyleWithPortEncodedKeyAndDisposition) {
  const filegate::core::ManualClock clock(1796436184LL * 1000);  // 2026-12-05T02:03:04Z
  Config config;
  config.endpoint = "http://127.0.0.1:7480";
  config.region = "eu-west-1";
  config.bucket = "bucket";
  config.access_key = "testaccesskey";
  config.secret_key = "testsecretkey";
  const Client client(config, clock);
  ResponseOverrides overrides;
  overrides.content_disposition = R"(attachment; filename="a b.txt")";
  EXPECT_EQ(client.presign_get("dir/a b+\xC3\xBC.txt", std::chrono::seconds(300), overrides),
            "http://127.0.0.1:7480/bucket/dir/a%20b%2B%C3%BC.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=testaccesskey%2F20261205%2Feu-west-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20261205T020304Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
            "&response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22"
            "&X-Amz-Signature=0e05a77d784fc66e340290fa0d4470ed437207e04f708c2ed805fa8094a69a4a");
}

TEST(S3Sigv4, RefusesExpiriesS3Refuses) {
  sigv4::PresignRequest request;
  request.host = "h";
  request.path = "/k";
  request.region = "us-east-1";
  request.expires_s = 0;
  EXPECT_THROW(sigv4::presign_query(request), std::invalid_argument);
  request.expires_s = 604801;
  EXPECT_THROW(sigv4::presign_query(request), std::invalid_argument);
  request.expires_s = 604800;
  EXPECT_NO_THROW(sigv4::presign_query(request));
}

TEST(S3Sigv4, UriEncodingKeepsOnlyUnreservedAndOptionallySlash) {
  EXPECT_EQ(sigv4::uri_encode("AZaz09-._~", false), "AZaz09-._~");
  EXPECT_EQ(sigv4::uri_encode("a/b c+d=e&f*", true), "a/b%20c%2Bd%3De%26f%2A");
  EXPECT_EQ(sigv4::uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(sigv4::uri_encode("\xC3\xBC%", true), "%C3%BC%25");
}

// libcurl 7.88 signs the query as written: it must already be sorted, encoded, with '=' after a bare name.
TEST(S3Sigv4, CanonicalQuerySortsByEncodedNameAndKeepsBareNames) {
  EXPECT_EQ(sigv4::canonical_query({{"uploadId", "a/b"}, {"partNumber", "2"}}), "partNumber=2&uploadId=a%2Fb");
  EXPECT_EQ(sigv4::canonical_query({{"uploads", ""}, {"prefix", "x y"}, {"encoding-type", "url"}}),
            "encoding-type=url&prefix=x%20y&uploads=");
  // Uppercase sorts before lowercase (byte order), as SigV4 specifies.
  EXPECT_EQ(sigv4::canonical_query({{"b", "1"}, {"X-Amz-Date", "2"}, {"a", "3"}}), "X-Amz-Date=2&a=3&b=1");
}

TEST(S3Sigv4, AmzDateIsIso8601BasicUtc) {
  EXPECT_EQ(sigv4::amz_date(1369353600), "20130524T000000Z");
  EXPECT_EQ(sigv4::amz_date(1796436184), "20261205T020304Z");
}

TEST(S3Config, LocatesObjectsPathStyleAndVirtualHosted) {
  Config config;
  config.endpoint = "http://127.0.0.1:7480";
  config.bucket = "b";
  const Location path_style = locate(config, "a b/c");
  EXPECT_EQ(path_style.origin, "http://127.0.0.1:7480");
  EXPECT_EQ(path_style.host, "127.0.0.1:7480");
  EXPECT_EQ(path_style.path, "/b/a%20b/c");
  EXPECT_EQ(locate(config, "").path, "/b");

  config.endpoint = "https://s3.example.com/";
  config.path_style = false;
  const Location virtual_hosted = locate(config, "a b/c");
  EXPECT_EQ(virtual_hosted.origin, "https://b.s3.example.com");
  EXPECT_EQ(virtual_hosted.host, "b.s3.example.com");
  EXPECT_EQ(virtual_hosted.path, "/a%20b/c");
}

TEST(S3Config, RefusesEndpointsThatAreNotSchemeHostPort) {
  const filegate::core::SystemClock clock;
  for (const char* endpoint :
       {"", "127.0.0.1:7480", "ftp://h", "http://user:pw@h", "http://h/prefix", "http://h/?q=1"}) {
    Config config;
    config.endpoint = endpoint;
    config.bucket = "b";
    EXPECT_THROW(Client(config, clock), std::invalid_argument) << endpoint;
  }
  Config no_bucket;
  no_bucket.endpoint = "http://h";
  EXPECT_THROW(Client(no_bucket, clock), std::invalid_argument);
}

}  // namespace
