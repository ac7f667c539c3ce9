// A request head over the limit is answered by the platform whose path it names (http/head_overflow.hpp,
// refuse_overflowed_head): what the server can still read of it, and which entry each envelope answers.
#include <gtest/gtest.h>

#include <string>

#include "http/envelope.hpp"
#include "http/head_overflow.hpp"
#include "http/router.hpp"

using namespace filegate::http;

namespace {

// An envelope with or without entries of the statuses 414 and 431 in its catalog.
class HeadEnvelope final : public Envelope {
 public:
  explicit HeadEnvelope(bool own_entries) : size_(own_entries ? 4 : 2) {}
  bhttp::response<bhttp::string_body> render(const Exchange&, const Refusal& refusal) const override {
    return bhttp::response<bhttp::string_body>{static_cast<bhttp::status>(refusal.entry().status), 11};
  }
  void decorate(bhttp::fields&, std::string_view) const override {}
  ErrorCatalog catalog() const override { return ErrorCatalog(entries_, size_); }
  const EnvelopeErrors& errors() const override { return errors_; }

  ErrorEntry not_found_{"not_found", 404, "NF", "not here"};
  ErrorEntry malformed_{"malformed", 400, "Bad", "malformed"};
  ErrorEntry uri_too_long_{"uri_too_long", 414, "URITooLong", "too long"};
  ErrorEntry headers_too_large_{"headers_too_large", 431, "HeaderFieldsTooLarge", "too large"};
  const ErrorEntry* entries_[4] = {&not_found_, &malformed_, &uri_too_long_, &headers_too_large_};
  std::size_t size_;
  EnvelopeErrors errors_{&not_found_, &not_found_, &malformed_, &not_found_};
};

}  // namespace

TEST(HeadOverflow, ARequestLineWithoutItsEndIsAnOverlongUri) {
  const std::string buffered = "GET /api/v1/file/lib/-/" + std::string(20000, 'a');
  const OverflowedHead head = inspect_overflowed_head("", "", buffered, 16384);
  EXPECT_TRUE(head.request_line_overflowed);
  EXPECT_EQ(head.method, "GET");
  EXPECT_EQ(head.target, buffered.substr(4));
}

TEST(HeadOverflow, ARequestLineEndedBeyondTheLimitIsStillAnOverlongUri) {
  const std::string target = "/api/v1/file/lib/-/" + std::string(17000, 'a');
  const OverflowedHead head = inspect_overflowed_head("", "", "PUT " + target + " HTTP/1.1\r\nHost: a\r\n", 16384);
  EXPECT_TRUE(head.request_line_overflowed);
  EXPECT_EQ(head.method, "PUT");
  EXPECT_EQ(head.target, target);
}

TEST(HeadOverflow, FieldsOverTheLimitAfterAShortRequestLineAreTooLargeHeaders) {
  const OverflowedHead head =
      inspect_overflowed_head("", "", "GET /api/v1/x?y=1 HTTP/1.1\r\nX-Big: " + std::string(20000, 'a'), 16384);
  EXPECT_FALSE(head.request_line_overflowed);
  EXPECT_EQ(head.target, "/api/v1/x?y=1");
  // The parser already took the request line: the buffer holds only fields.
  const OverflowedHead parsed = inspect_overflowed_head("POST", "/v1.0/x", "X-Big: " + std::string(20000, 'a'), 16384);
  EXPECT_FALSE(parsed.request_line_overflowed);
  EXPECT_EQ(parsed.method, "POST");
  EXPECT_EQ(parsed.target, "/v1.0/x");
}

TEST(HeadOverflow, TheEnvelopeOfThePathAnswersWithItsOwnEntryOrItsGenericOne) {
  const HeadEnvelope own(true);
  const HeadEnvelope generic(false);
  Router router;
  router.scope(own, {"/api/v1/"});
  router.scope(generic, {"/open-apis/"});

  auto answer = refuse_overflowed_head(router, "/api/v1/file/lib/-/aaaa", true);
  EXPECT_EQ(answer.envelope, &own);
  ASSERT_TRUE(answer.refusal);
  EXPECT_EQ(&answer.refusal->entry(), &own.uri_too_long_);
  answer = refuse_overflowed_head(router, "/api/v1/x", false);
  ASSERT_TRUE(answer.refusal);
  EXPECT_EQ(&answer.refusal->entry(), &own.headers_too_large_);

  answer = refuse_overflowed_head(router, "/open-apis/im/aaaa", true);
  EXPECT_EQ(answer.envelope, &generic);
  ASSERT_TRUE(answer.refusal);
  EXPECT_EQ(&answer.refusal->entry(), &generic.malformed_);
  EXPECT_EQ(answer.refusal->message(), "the request URI is too long");
  EXPECT_FALSE(refuse_overflowed_head(router, "/open-apis/x", false).refusal) << "no entry: the server's plain 431";

  answer = refuse_overflowed_head(router, "/elsewhere", true);
  EXPECT_EQ(answer.envelope, &filegate_envelope());
  ASSERT_TRUE(answer.refusal);
  EXPECT_EQ(answer.refusal->entry().status, 414u);
}
