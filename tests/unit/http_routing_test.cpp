#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "http/blob_response.hpp"
#include "http/request_head.hpp"
#include "http/envelope.hpp"
#include "http/router.hpp"

using namespace filegate::http;

namespace {
awaitable<void> noop(Exchange&) { co_return; }
}  // namespace

// An envelope that only has to be told apart from another.
class TestEnvelope final : public Envelope {
 public:
  bhttp::response<bhttp::string_body> render(const Exchange&, const Refusal& refusal) const override {
    return bhttp::response<bhttp::string_body>{static_cast<bhttp::status>(refusal.entry().status), 11};
  }
  void decorate(bhttp::fields&, std::string_view) const override {}
  ErrorCatalog catalog() const override { return entries_; }
  const EnvelopeErrors& errors() const override { return errors_; }

 private:
  ErrorEntry not_found_{"not_found", 404, "NF", "not here"};
  const ErrorEntry* entries_[1] = {&not_found_};
  EnvelopeErrors errors_{&not_found_, &not_found_, &not_found_, &not_found_};
};

TEST(Router, MatchesLiteralsAndCapturesParameters) {
  const TestEnvelope envelope;
  Router router;
  router.scope(envelope, {})
      .add(bhttp::verb::get, "/open-apis/im/v1/files/:file_key", "im.file.get", noop)
      .add(bhttp::verb::get, "/open-apis/im/v1/messages/:message_id/resources/:file_key", "im.resource.get", noop)
      .add(bhttp::verb::get, "/api/v1/file/:lib/:space/*path", "smh.file.get", noop);

  auto m = router.match(bhttp::verb::get, "/open-apis/im/v1/files/file_v3_x");
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.params["file_key"], "file_v3_x");
  EXPECT_EQ(m.endpoint, "im.file.get");
  EXPECT_EQ(m.envelope, &envelope);
  m = router.match(bhttp::verb::get, "/open-apis/im/v1/messages/om_1/resources/k");
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.params["message_id"], "om_1");
  EXPECT_EQ(m.params["file_key"], "k");
  m = router.match(bhttp::verb::get, "/api/v1/file/lib/-/a/b%2Fc.txt");
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.params["path"], "a/b%2Fc.txt");

  EXPECT_FALSE(router.match(bhttp::verb::post, "/open-apis/im/v1/files/x").handler) << "method must match";
  EXPECT_FALSE(router.match(bhttp::verb::get, "/open-apis/im/v1/files").handler) << "missing segment";
  EXPECT_FALSE(router.match(bhttp::verb::get, "/open-apis/im/v1/files/x/y").handler) << "extra segment";
}

TEST(Router, SelectorRoutesWinWhatEverTheOrderAndReadSmhValues) {
  const TestEnvelope envelope;
  Router router;
  router.scope(envelope, {})
      .add(bhttp::verb::post, "/api/v1/file/:lib/*path", "plain", noop)
      .add(bhttp::verb::post, "/api/v1/file/:lib/*path?confirm", "confirm", noop)
      .add(bhttp::verb::post, "/api/v1/file/:lib/*path?multipart", "multipart", noop);

  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt").endpoint, "plain");
  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt?confirm").endpoint, "confirm");
  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt?x=1&confirm=1").endpoint, "confirm");
  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt?multipart=true").endpoint, "multipart");
  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt?confirm=0").endpoint, "plain");
  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt?confirm=false").endpoint, "plain");
  EXPECT_EQ(router.match(bhttp::verb::post, "/api/v1/file/l/a.txt?confirmed").endpoint, "plain")
      << "a selector is a whole parameter name";
}

TEST(Router, UnmatchedPathsGoToTheEnvelopeOfTheLongestClaimingPrefix) {
  const TestEnvelope api, bytes;
  Router router;
  router.scope(api, {"/v1.0/"}).add(bhttp::verb::get, "/v1.0/a", "a", noop);
  router.scope(bytes, {"/v1.0/bytes"}).add(bhttp::verb::get, "/v1.0/bytes/:id", "b", noop);

  EXPECT_EQ(router.match(bhttp::verb::get, "/v1.0/nope").envelope, &api);
  EXPECT_EQ(router.match(bhttp::verb::get, "/v1.0/bytes/1/x").envelope, &bytes);
  EXPECT_EQ(router.match(bhttp::verb::post, "/v1.0/a").envelope, &api) << "a known path with another method";
  EXPECT_EQ(router.match(bhttp::verb::get, "/v1.00/a").envelope, &filegate_envelope()) << "prefixes are segments";
  EXPECT_EQ(router.match(bhttp::verb::get, "/elsewhere").envelope, &filegate_envelope());
  EXPECT_FALSE(router.match(bhttp::verb::get, "/elsewhere").handler);
}

TEST(ErrorCatalog, FindsByNameThenByCode) {
  const ErrorEntry missing{"a.missing", 404, "404", "gone"};
  const ErrorEntry bad{"b.bad", 400, "a.missing", "odd"};
  const ErrorEntry* const entries[] = {&missing, &bad};
  ASSERT_NE(find_error(entries, "a.missing"), nullptr);
  EXPECT_EQ(find_error(entries, "a.missing")->status, 404u) << "a name wins over a code";
  EXPECT_EQ(find_error(entries, "404"), &missing);
  EXPECT_EQ(find_error(entries, "nope"), nullptr);
  const Refusal plain(missing);
  EXPECT_EQ(plain.message(), "gone");
  const Refusal specific(missing, "the key k is gone");
  EXPECT_EQ(specific.message(), "the key k is gone");
}

TEST(RequestHead, CollapsesRepeatedSlashesAndDecodesQueries) {
  const bhttp::fields no_fields;
  RequestHead head(bhttp::verb::get, "GET", "//open-apis//im/v1/files/k?file_tokens=a&file_tokens=b%2Bc&x=1+2&info",
                   no_fields, true);
  EXPECT_EQ(head.path(), "/open-apis/im/v1/files/k");
  EXPECT_EQ(head.query_all("file_tokens"), (std::vector<std::string>{"a", "b+c"}));
  EXPECT_EQ(head.query("x"), "1 2");
  EXPECT_EQ(head.query("info"), "") << "a bare key is present with an empty value";
  EXPECT_FALSE(head.query("missing"));
}

TEST(PercentCoding, DecodesStrictlyAndEncodesUtf8) {
  EXPECT_EQ(percent_decode("%E6%B5%8B%2Fa+b"), "测/a+b");
  EXPECT_FALSE(percent_decode("%E"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_EQ(percent_encode_utf8("测 a\"b.pdf"), "%E6%B5%8B%20a%22b.pdf");
}

namespace {

// RFC 9110 §5.5: a sender generates field values of visible ASCII, SP and HTAB only (obs-text is for old senders).
bool only_visible_ascii(std::string_view value) {
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return (c >= 0x21 && c <= 0x7e) || c == ' ' || c == '\t'; });
}

// The value of `filename*=UTF-8''` in a Content-Disposition value, percent-decoded (nullopt when it does not decode).
std::optional<std::string> extended_filename(std::string_view disposition) {
  constexpr std::string_view kMarker = "filename*=UTF-8''";
  const std::size_t at = disposition.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  return percent_decode(disposition.substr(at + kMarker.size()));
}

// The value between the quotes of `filename="…"`.
std::string_view quoted_filename(std::string_view disposition) {
  constexpr std::string_view kMarker = "filename=\"";
  const std::size_t at = disposition.find(kMarker) + kMarker.size();
  return disposition.substr(at, disposition.find('"', at) - at);
}

}  // namespace

TEST(ContentDisposition, CarriesBothFormsAndCannotBeBrokenByTheName) {
  EXPECT_EQ(content_disposition("attachment", "测试 文件.pdf"),
            "attachment; filename=\"__ __.pdf\"; filename*=UTF-8''%E6%B5%8B%E8%AF%95%20%E6%96%87%E4%BB%B6.pdf");
  EXPECT_EQ(content_disposition("attachment", "a\"b\\c\r\nX: y"),
            "attachment; filename=\"a_b_c__X: y\"; filename*=UTF-8''a%22b%5Cc%0D%0AX%3A%20y");
  EXPECT_EQ(content_disposition("attachment", "report 2024.pdf"),
            "attachment; filename=\"report 2024.pdf\"; filename*=UTF-8''report%202024.pdf");
}

TEST(ContentDisposition, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  // One U+FFFD (EF BF BD) per byte that starts no well-formed sequence; one '_' for it in the quoted form.
  EXPECT_EQ(content_disposition("attachment", "\xFF\xFEz.bin"),
            "attachment; filename=\"__z.bin\"; filename*=UTF-8''%EF%BF%BD%EF%BF%BDz.bin");
  EXPECT_EQ(content_disposition("attachment", "\xE6\xB5.txt"),  // a truncated 测
            "attachment; filename=\"__.txt\"; filename*=UTF-8''%EF%BF%BD%EF%BF%BD.txt");
}

TEST(ContentDisposition, HostileNamesGiveAValidHeaderValue) {
  const std::string hostile[] = {
      "\xFF",
      "\xFF\xFE\xFD.bin",
      "a\r\nSet-Cookie: x=1",
      "\r\n\r\nHTTP/1.1 200 OK",
      "say \"hi\".txt",
      "back\\slash\\",
      std::string("nul\0byte.txt", 12),
      "tab\there\x7f\x1b[31m",
      "\xC0\xAF..\xC0\xAFpasswd",      // overlong '/'
      "\xED\xA0\x80 surrogate",        // U+D800
      "\xF4\x90\x80\x80 too high",     // U+110000
      "\xE6\xB5\x8B\xE8\xAF\x95.txt",  // 测试.txt, well-formed
      std::string(20000, 'n') + "\xFF" + std::string(5000, '\n') + "\xE6\xB5\x8B",
  };
  for (const std::string& name : hostile) {
    const std::string value = content_disposition("attachment", name);
    EXPECT_TRUE(only_visible_ascii(value)) << value.substr(0, 200);
    const std::string_view quoted = quoted_filename(value);
    EXPECT_EQ(quoted.find('\\'), std::string_view::npos) << "some agents do not unescape: " << quoted.substr(0, 200);
    const auto decoded = extended_filename(value);
    ASSERT_TRUE(decoded.has_value()) << value.substr(0, 200);
    EXPECT_TRUE(filegate::core::text::valid_utf8(*decoded)) << "filename* declares UTF-8: " << value.substr(0, 200);
  }
}
