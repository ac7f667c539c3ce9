// SMH wire values (CRC-64 text, ISO times, file kinds), signed byte URLs and token grants.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/digests.hpp"
#include "core/url_signer.hpp"
#include "dialects/smh/request_parts.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "dialects/smh/wire.hpp"

using namespace filegate::dialects::smh;
using filegate::core::ManualClock;
using filegate::core::UrlSigner;

TEST(SmhWire, Crc64IsUnsignedDecimalOfCrc64Xz) {
  const std::uint64_t crc = filegate::core::crc64_xz(filegate::core::as_bytes("123456789"));
  EXPECT_EQ(crc, 0x995DC9BBDF1939FAull);
  EXPECT_EQ(crc64_text(crc), "11051210869376104954");  // above INT64_MAX: must not come out negative
  EXPECT_EQ(crc64_text(0), "0");
  EXPECT_EQ(crc64_text(UINT64_MAX), "18446744073709551615");
}

TEST(SmhWire, Crc64ParsingAcceptsUnsignedAndSignedForms) {
  EXPECT_EQ(parse_crc64("11051210869376104954"), 0x995DC9BBDF1939FAull);
  // The same 64 bits written signed, as one old doc example does.
  EXPECT_EQ(parse_crc64("-7395533204333446662"), 0x995DC9BBDF1939FAull);
  EXPECT_EQ(parse_crc64("0"), 0u);
  for (const char* bad : {"", "abc", "12x", "18446744073709551616", "-", "0x10", " 1"}) {
    EXPECT_FALSE(parse_crc64(bad).has_value()) << bad;
  }
}

TEST(SmhWire, TimesAreIsoUtcWithMilliseconds) {
  EXPECT_EQ(iso8601_ms(1602670677953), "2020-10-14T10:17:57.953Z");
  EXPECT_EQ(iso8601_ms(0), "1970-01-01T00:00:00.000Z");
}

TEST(SmhWire, FileKindsFromExtensions) {
  EXPECT_EQ(file_kind("a.JPG").type, "image");
  EXPECT_EQ(file_kind("a.mp4").type, "video");
  EXPECT_EQ(file_kind("a.docx").file_type, "word");
  EXPECT_EQ(file_kind("a.pdf").file_type, "portable");
  EXPECT_EQ(file_kind("a.txt").file_type, "text");
  EXPECT_EQ(file_kind("noext").file_type, "other");
  EXPECT_EQ(file_kind(".hidden").type, "file");
}

TEST(SmhSignedUrls, UploadAuthorizationOpensOnlyItsOwnUpload) {
  ManualClock clock;
  UrlSigner signer("secret", clock);
  const std::int64_t expires = clock.now_s() + 3600;
  const std::string auth = upload_authorization(signer, "key1", expires);
  EXPECT_EQ(check_upload_authorization(signer, "key1", auth), UrlSigner::Verdict::valid);
  EXPECT_EQ(check_upload_authorization(signer, "key2", auth), UrlSigner::Verdict::forged);
  std::string tampered = auth;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(check_upload_authorization(signer, "key1", tampered), UrlSigner::Verdict::forged);
  EXPECT_EQ(check_upload_authorization(signer, "key1", ""), UrlSigner::Verdict::forged);
  clock.advance_ms(3601 * 1000);
  EXPECT_EQ(check_upload_authorization(signer, "key1", auth), UrlSigner::Verdict::expired);
}

namespace {

// `authorization` with its first `from` replaced by `to`.
std::string replaced(std::string authorization, std::string_view from, std::string_view to) {
  const std::size_t at = authorization.find(from);
  EXPECT_NE(at, std::string::npos) << from << " in " << authorization;
  return at == std::string::npos ? authorization : authorization.replace(at, from.size(), to);
}

}  // namespace

// COS checks the whole q-sign-* header, not only the signature and the key time's end: another algorithm or a moved
// start does not match, and a key time that has not begun is refused like one that has ended.
TEST(SmhSignedUrls, UploadAuthorizationChecksTheAlgorithmAndTheWholeKeyTime) {
  ManualClock clock;
  UrlSigner signer("secret", clock);
  const std::int64_t now = clock.now_s();
  const std::string auth = upload_authorization(signer, "key1", now + 3600);
  ASSERT_EQ(check_upload_authorization(signer, "key1", auth), UrlSigner::Verdict::valid);
  const std::string key_time = "q-key-time=" + std::to_string(now) + ";";

  for (std::string_view algorithm : {"md5", "sha1", "SHA256", ""}) {
    const std::string other = replaced(auth, "q-sign-algorithm=sha256", "q-sign-algorithm=" + std::string(algorithm));
    EXPECT_EQ(check_upload_authorization(signer, "key1", other), UrlSigner::Verdict::forged) << algorithm;
  }
  EXPECT_EQ(check_upload_authorization(signer, "key1", replaced(auth, "q-sign-algorithm=sha256&", "")),
            UrlSigner::Verdict::forged);
  for (const std::string& start : {std::to_string(now + 600), std::to_string(now - 600), std::string("x")}) {
    const std::string moved = replaced(auth, key_time, "q-key-time=" + start + ";");
    EXPECT_EQ(check_upload_authorization(signer, "key1", moved), UrlSigner::Verdict::forged) << start;
  }

  clock.advance_ms(-60'000);  // the key time, as issued, starts a minute from now
  EXPECT_EQ(check_upload_authorization(signer, "key1", auth), UrlSigner::Verdict::expired);
  clock.advance_ms(60'000);
  EXPECT_EQ(check_upload_authorization(signer, "key1", auth), UrlSigner::Verdict::valid);
}

TEST(SmhSignedUrls, PartAuthorizationChecksTheAlgorithmAndTheWholeKeyTime) {
  ManualClock clock;
  UrlSigner signer("secret", clock);
  const std::int64_t now = clock.now_s();
  const std::string auth = part_authorization(signer, "ck", "uid", 2, now + 60);
  const std::string md5 = replaced(auth, "q-sign-algorithm=sha256", "q-sign-algorithm=md5");
  EXPECT_EQ(check_part_authorization(signer, "ck", "uid", "2", md5), UrlSigner::Verdict::forged);
  const std::string later =
      replaced(auth, "q-key-time=" + std::to_string(now) + ";", "q-key-time=" + std::to_string(now + 30) + ";");
  EXPECT_EQ(check_part_authorization(signer, "ck", "uid", "2", later), UrlSigner::Verdict::forged);
  clock.advance_ms(-1000);
  EXPECT_EQ(check_part_authorization(signer, "ck", "uid", "2", auth), UrlSigner::Verdict::expired);
}

TEST(SmhSignedUrls, DownloadUrlsFailClosed) {
  ManualClock clock;
  UrlSigner signer("secret", clock);
  const std::int64_t expires = clock.now_s() + 7200;
  const std::string url = download_url(signer, "http://127.0.0.1:9", "obj1", expires);
  EXPECT_EQ(url.rfind("http://127.0.0.1:9/smh-cos/blob/obj1?q-expires=", 0), 0u);
  const std::string signature = url.substr(url.find("q-signature=") + 12);
  const std::string exp = std::to_string(expires);
  EXPECT_EQ(check_download(signer, "obj1", exp, signature), UrlSigner::Verdict::valid);
  EXPECT_EQ(check_download(signer, "obj2", exp, signature), UrlSigner::Verdict::forged);
  EXPECT_EQ(check_download(signer, "obj1", std::to_string(expires + 1), signature), UrlSigner::Verdict::forged);
  EXPECT_EQ(check_download(signer, "obj1", "x", signature), UrlSigner::Verdict::forged);
  clock.advance_ms(7201 * 1000);
  EXPECT_EQ(check_download(signer, "obj1", exp, signature), UrlSigner::Verdict::expired);
}

TEST(SmhSignedUrls, HostOfBaseUrl) {
  EXPECT_EQ(host_of("http://127.0.0.1:8080"), "127.0.0.1:8080");
  EXPECT_EQ(host_of("https://files.example.com/base"), "files.example.com");
}

TEST(SmhGrants, EmptyGrantAllowsAllAndListsAreChecked) {
  EXPECT_TRUE(grants_allow("", Need::remove));
  EXPECT_TRUE(grants_allow("create_directory", Need::read));
  EXPECT_TRUE(grants_allow("create_directory", Need::create_directory));
  EXPECT_FALSE(grants_allow("create_directory", Need::upload));
  EXPECT_TRUE(grants_allow("x,upload_file", Need::upload));
  EXPECT_TRUE(grants_allow("admin", Need::remove));
  EXPECT_FALSE(grants_allow("administrator", Need::remove));
}

TEST(SmhWire, PartNumberRangeAsAndroidSendsIt) {
  EXPECT_EQ(parse_part_number_range("1,8-10,20"), (std::vector<std::uint64_t>{1, 8, 9, 10, 20}));
  EXPECT_EQ(parse_part_number_range("3,1-2,2"), (std::vector<std::uint64_t>{1, 2, 3}));  // sorted, distinct
  EXPECT_EQ(parse_part_number_range("5"), (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(parse_part_number_range("9999-10000")->size(), 2u);
  for (const char* bad : {"", "0", "1,", ",1", "3-1", "1-10001", "a", "1-", "-2", "1--2", "10001"}) {
    EXPECT_FALSE(parse_part_number_range(bad).has_value()) << bad;
  }
}

TEST(SmhWire, PartAuthorizationOpensOnlyItsPart) {
  ManualClock clock;
  const UrlSigner signer("secret", clock);
  const std::string auth = part_authorization(signer, "ck", "uid", 2, clock.now_s() + 60);
  EXPECT_EQ(check_part_authorization(signer, "ck", "uid", "2", auth), UrlSigner::Verdict::valid);
  EXPECT_EQ(check_part_authorization(signer, "ck", "uid", "3", auth), UrlSigner::Verdict::forged);
  EXPECT_EQ(check_part_authorization(signer, "ck", "other", "2", auth), UrlSigner::Verdict::forged);
  EXPECT_EQ(check_part_authorization(signer, "ck2", "uid", "2", auth), UrlSigner::Verdict::forged);
  EXPECT_EQ(check_upload_authorization(signer, "ck", auth), UrlSigner::Verdict::forged);
}
