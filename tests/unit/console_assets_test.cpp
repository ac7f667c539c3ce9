// The web console's files as built into the binary: found by name with the bytes of src/control/console/, typed by
// extension, and answered with an ETag that a browser's If-None-Match turns into a 304.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <openssl/sha.h>

#include "control/console.hpp"
#include "control/console_assets.hpp"

namespace filegate::control {
namespace {

std::string source_file(const std::string& name) {
  std::ifstream in(std::string(FILEGATE_SOURCE_DIR) + "/control/console/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ConsoleAssets, EveryFileOfTheFolderIsEmbeddedWithItsBytesAndDigest) {
  for (const char* name : {"index.html", "console.css", "console.js"}) {
    const ConsoleAsset* asset = find_console_asset(name);
    ASSERT_NE(asset, nullptr) << name;
    const std::string on_disk = source_file(name);
    ASSERT_FALSE(on_disk.empty()) << name;
    EXPECT_EQ(asset->bytes, on_disk) << name;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(on_disk.data()), on_disk.size(), digest);
    std::string hex;
    for (unsigned char byte : digest) {
      static constexpr char kDigits[] = "0123456789abcdef";
      hex += kDigits[byte >> 4];
      hex += kDigits[byte & 15];
    }
    EXPECT_EQ(asset->sha256, hex) << name;
  }
}

TEST(ConsoleAssets, UnknownNamesAndPathsAreNotFound) {
  EXPECT_EQ(find_console_asset("missing.js"), nullptr);
  EXPECT_EQ(find_console_asset(""), nullptr);
  EXPECT_EQ(find_console_asset("../console.cpp"), nullptr);
  EXPECT_EQ(find_console_asset("INDEX.HTML"), nullptr);
}

TEST(ConsoleAssets, ListedInNameOrderAndSmall) {
  const auto assets = console_assets();
  ASSERT_GE(assets.size(), 3u);
  std::size_t total = 0;
  for (std::size_t i = 0; i < assets.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(assets[i - 1].name, assets[i].name);
    }
    total += assets[i].bytes.size();
  }
  EXPECT_LT(total, 300u * 1024) << "the console is meant to stay light";
}

TEST(ConsoleContentType, ByExtension) {
  EXPECT_EQ(console_content_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(console_content_type("console.css"), "text/css; charset=utf-8");
  EXPECT_EQ(console_content_type("console.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(console_content_type("logo.svg"), "image/svg+xml");
  EXPECT_EQ(console_content_type("icon.png"), "image/png");
  EXPECT_EQ(console_content_type("data.json"), "application/json; charset=utf-8");
  EXPECT_EQ(console_content_type("archive.tar"), "application/octet-stream");
  EXPECT_EQ(console_content_type("noextension"), "application/octet-stream");
  EXPECT_EQ(console_content_type("console.js.map.bak"), "application/octet-stream");
}

TEST(ConsoleAssetResponse, ServesTheBytesWithTypeETagAndPolicy) {
  const ConsoleAsset& asset = *find_console_asset("console.js");
  const auto response = console_asset_response(asset, "");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), asset.bytes);
  EXPECT_EQ(response[http::bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(response[http::bhttp::field::etag], "\"" + std::string(asset.sha256) + "\"");
  EXPECT_EQ(response[http::bhttp::field::cache_control], "no-cache");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(response["Content-Security-Policy"].find("default-src 'self'"), std::string_view::npos);
}

TEST(ConsoleAssetResponse, IfNoneMatchWithTheETagAnswers304WithoutABody) {
  const ConsoleAsset& asset = *find_console_asset("index.html");
  const std::string etag = console_etag(asset);
  for (const std::string& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const auto response = console_asset_response(asset, header);
    EXPECT_EQ(response.result_int(), 304) << header;
    EXPECT_TRUE(response.body().empty()) << header;
    EXPECT_EQ(response[http::bhttp::field::etag], etag) << header;
  }
  EXPECT_EQ(console_asset_response(asset, "\"other\"").result_int(), 200);
  EXPECT_EQ(console_asset_response(asset, etag.substr(1)).result_int(), 200);  // not quoted: not the same tag
}

}  // namespace
}  // namespace filegate::control
