#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace filegate::http {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Harness: records every callback and checks that they arrive in a legal order.

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string data;
  bool ended = false;  // on_part_end was seen
  bool operator==(const Part&) const = default;
};

struct Outcome {
  std::vector<Part> parts;
  bool done = false;
  bool failed = false;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

void PrintTo(const Part& p, std::ostream* os) {
  *os << "{name=\"" << printable(p.name)
      << "\" filename=" << (p.filename ? "\"" + printable(*p.filename) + "\"" : std::string("none")) << " type=\""
      << printable(p.content_type) << "\" data=\"" << printable(p.data) << "\"" << (p.ended ? "" : " (not ended)")
      << "}";
}

void PrintTo(const Outcome& o, std::ostream* os) {
  *os << (o.done ? "done" : "not done") << (o.failed ? ", failed: " + o.error : std::string()) << ", parts:";
  for (const Part& p : o.parts) {
    *os << "\n  ";
    PrintTo(p, os);
  }
}

struct Recorder {
  std::vector<Part> parts;
  std::vector<std::string> misuse;  // callback sequences the API promises never to produce

  bool in_part() const { return !parts.empty() && !parts.back().ended; }

  MultipartParser::Callbacks callbacks() {
    return {
        [this](const PartHeaders& h) {
          if (in_part()) misuse.push_back("on_part_begin inside a part");
          Part p;
          p.name = h.name;
          p.filename = h.filename;
          p.content_type = h.content_type;
          parts.push_back(std::move(p));
        },
        [this](std::string_view data) {
          if (!in_part()) misuse.push_back("on_part_data outside a part");
          if (data.empty()) misuse.push_back("on_part_data with no data");
          if (!parts.empty()) parts.back().data += data;
        },
        [this] {
          if (!in_part()) misuse.push_back("on_part_end outside a part");
          if (!parts.empty()) parts.back().ended = true;
        },
    };
  }
};

Outcome run(std::string_view boundary, const std::vector<std::string_view>& chunks, MultipartLimits limits = {}) {
  Recorder recorder;
  MultipartParser parser(std::string(boundary), recorder.callbacks(), limits);
  for (std::string_view chunk : chunks) parser.feed(chunk);
  parser.finish();
  EXPECT_TRUE(recorder.misuse.empty()) << recorder.misuse.front();
  return {recorder.parts, parser.done(), parser.failed(), parser.error()};
}

Outcome run_whole(std::string_view boundary, std::string_view body, MultipartLimits limits = {}) {
  return run(boundary, {body}, limits);
}

Outcome run_bytewise(std::string_view boundary, std::string_view body) {
  std::vector<std::string_view> chunks;
  for (std::size_t i = 0; i < body.size(); ++i) chunks.push_back(body.substr(i, 1));
  return run(boundary, chunks);
}

Part part(std::string name, std::optional<std::string> filename, std::string content_type, std::string data) {
  Part p;
  p.name = std::move(name);
  p.filename = std::move(filename);
  p.content_type = std::move(content_type);
  p.data = std::move(data);
  p.ended = true;
  return p;
}

Part field(std::string name, std::string value) { return part(std::move(name), std::nullopt, "", std::move(value)); }

// Frames raw parts ("header lines CRLF CRLF value") the way every client does: no preamble, no epilogue.
std::string make_body(std::string_view boundary, std::initializer_list<std::string_view> raw_parts) {
  std::string body;
  for (std::string_view raw : raw_parts) {
    ((((body += "--") += boundary) += "\r\n") += raw) += "\r\n";
  }
  ((body += "--") += boundary) += "--\r\n";
  return body;
}

// A single part with the given header lines (each without CRLF) and value "v".
std::string one_part_body(std::string_view header_lines) {
  return make_body("b0undary", {std::string(header_lines) + "\r\n\r\nv"});
}

// ---------------------------------------------------------------------------------------------------------------
// A body exactly as Node's form-data 4.0.6 (what the SDK under test uses) renders it. The framing literals below
// were compared byte for byte against form-data's getBuffer() for the same fields and payload.

constexpr std::string_view kNodeBoundary = "--------------------------9f3a61c0d2e84b7a15c6e0f3";
constexpr std::string_view kChineseName = "季度报告 2024.pdf";

// File content that stresses the delimiter matcher: every byte value (CR, LF, NUL, high bytes), and sequences that
// start like a delimiter but are not one.
std::string tricky_payload() {
  const std::string b(kNodeBoundary);
  std::string s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
  s += "\r\n--";                                       // delimiter prefix without the boundary
  s += "\r\n--" + b.substr(0, b.size() - 1) + "\r\n";  // all of the delimiter but its last character
  s += "\n--" + b + "\r\n";                            // boundary after a bare LF
  s += "\r--" + b + "--";                              // boundary after a bare CR
  s += "--" + b + "--";                                // boundary with no line break in front
  s += "\r\n-" + b;                                    // one dash short
  s += "\r\n\r\n\r";                                   // ends in CR, right before the real delimiter's CR
  return s;
}

std::string node_body(bool with_filename) {
  std::string body =
      "----------------------------9f3a61c0d2e84b7a15c6e0f3\r\n"
      "Content-Disposition: form-data; name=\"file_type\"\r\n"
      "\r\n"
      "stream\r\n"
      "----------------------------9f3a61c0d2e84b7a15c6e0f3\r\n"
      "Content-Disposition: form-data; name=\"file_name\"\r\n"
      "\r\n"
      "季度报告 2024.pdf\r\n"
      "----------------------------9f3a61c0d2e84b7a15c6e0f3\r\n";
  if (with_filename) {
    body +=
        "Content-Disposition: form-data; name=\"file\"; filename=\"季度报告 2024.pdf\"\r\n"
        "Content-Type: application/pdf\r\n";
  } else {
    body +=
        "Content-Disposition: form-data; name=\"file\"\r\n"
        "Content-Type: application/octet-stream\r\n";
  }
  body += "\r\n";
  body += tricky_payload();
  body += "\r\n----------------------------9f3a61c0d2e84b7a15c6e0f3--\r\n";
  return body;
}

Outcome expected_node_outcome(bool with_filename) {
  Outcome o;
  o.done = true;
  o.parts = {
      field("file_type", "stream"),
      field("file_name", std::string(kChineseName)),
      with_filename ? part("file", std::string(kChineseName), "application/pdf", tricky_payload())
                    : part("file", std::nullopt, "application/octet-stream", tricky_payload()),
  };
  return o;
}

class NodeFormDataBody : public ::testing::TestWithParam<bool> {};

TEST_P(NodeFormDataBody, FedWhole) {
  EXPECT_EQ(run_whole(kNodeBoundary, node_body(GetParam())), expected_node_outcome(GetParam()));
}

TEST_P(NodeFormDataBody, SplitAtEveryPositionGivesTheSameResult) {
  const std::string body = node_body(GetParam());
  const Outcome expected = expected_node_outcome(GetParam());
  const std::string_view view = body;
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    ASSERT_EQ(run(kNodeBoundary, {view.substr(0, cut), view.substr(cut)}), expected) << "cut at " << cut;
  }
}

TEST_P(NodeFormDataBody, FedOneByteAtATime) {
  EXPECT_EQ(run_bytewise(kNodeBoundary, node_body(GetParam())), expected_node_outcome(GetParam()));
}

TEST_P(NodeFormDataBody, RandomChunkSizes) {
  const std::string body = node_body(GetParam());
  const Outcome expected = expected_node_outcome(GetParam());
  std::mt19937 rng(12345);  // fixed seed: failures must be reproducible
  std::uniform_int_distribution<std::size_t> chunk_size(1, 80);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string_view> chunks;
    for (std::size_t pos = 0; pos < body.size();) {
      const std::size_t n = std::min(chunk_size(rng), body.size() - pos);
      chunks.push_back(std::string_view(body).substr(pos, n));
      pos += n;
    }
    ASSERT_EQ(run(kNodeBoundary, chunks), expected) << "round " << round;
  }
}

INSTANTIATE_TEST_SUITE_P(Multipart, NodeFormDataBody, ::testing::Bool(),
                         [](const auto& test_info) { return test_info.param ? "WithFilename" : "WithoutFilename"; });

TEST(MultipartContentType, NodeFormDataHeader) {
  EXPECT_EQ(
      boundary_from_content_type("multipart/form-data; boundary=--------------------------9f3a61c0d2e84b7a15c6e0f3"),
      std::string(kNodeBoundary));
}

// ---------------------------------------------------------------------------------------------------------------
// Structure

TEST(Multipart, FilePartBeforeFields) {
  const std::string body = make_body("XyZ", {
                                                "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                                                "Content-Type: application/octet-stream\r\n\r\nBINARY",
                                                "Content-Disposition: form-data; name=\"file_type\"\r\n\r\nstream",
                                                "Content-Disposition: form-data; name=\"file_name\"\r\n\r\na.bin",
                                            });
  Outcome expected;
  expected.done = true;
  expected.parts = {part("file", "a.bin", "application/octet-stream", "BINARY"), field("file_type", "stream"),
                    field("file_name", "a.bin")};
  EXPECT_EQ(run_whole("XyZ", body), expected);
  EXPECT_EQ(run_bytewise("XyZ", body), expected);
}

TEST(Multipart, EmptyValues) {
  const std::string body = make_body("XyZ", {
                                                "Content-Disposition: form-data; name=\"a\"\r\n\r\n",
                                                // What a browser sends for a file input with nothing selected.
                                                "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                                                "Content-Type: application/octet-stream\r\n\r\n",
                                                "Content-Disposition: form-data; name=\"b\"\r\n\r\n",
                                            });
  Outcome expected;
  expected.done = true;
  expected.parts = {field("a", ""), part("f", "", "application/octet-stream", ""), field("b", "")};
  EXPECT_EQ(run_whole("XyZ", body), expected);
  EXPECT_EQ(run_bytewise("XyZ", body), expected);
}

TEST(Multipart, PreambleAndEpilogueAreIgnored) {
  const std::string body =
      "This is the preamble.\r\nIt mentions --XyZ but not at the start of a line.\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
      "1\r\n"
      "--XyZ--\r\n"
      "This is the epilogue. --XyZ\r\n--XyZ\r\nContent-Disposition: form-data; name=\"ghost\"\r\n\r\nboo\r\n";
  Outcome expected;
  expected.done = true;
  expected.parts = {field("a", "1")};
  EXPECT_EQ(run_whole("XyZ", body), expected);
  EXPECT_EQ(run_bytewise("XyZ", body), expected);
}

TEST(Multipart, PreambleThatIsJustALineBreak) {
  const std::string body = "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--";
  Outcome expected;
  expected.done = true;
  expected.parts = {field("a", "1")};
  EXPECT_EQ(run_whole("XyZ", body), expected);
}

TEST(Multipart, BoundaryInsideDataWithoutLeadingCrlfIsData) {
  // Only CRLF "--" boundary ends a part; the boundary after nothing, a bare LF, a bare CR, a single dash, or a
  // truncated boundary after CRLF are all plain data.
  const std::string value = "x--XyZ\n--XyZ\r--XyZ--XyZ--\r\n-XyZ\r\n--Xy";
  const std::string body = make_body("XyZ", {"Content-Disposition: form-data; name=\"a\"\r\n\r\n" + value});
  Outcome expected;
  expected.done = true;
  expected.parts = {field("a", value)};
  EXPECT_EQ(run_whole("XyZ", body), expected);
  EXPECT_EQ(run_bytewise("XyZ", body), expected);
}

TEST(Multipart, TransportPaddingAfterBoundary) {
  const std::string body =
      "--XyZ \t \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\t\r\n"
      "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--XyZ--";
  Outcome expected;
  expected.done = true;
  expected.parts = {field("a", "1"), field("b", "2")};
  EXPECT_EQ(run_whole("XyZ", body), expected);
}

TEST(Multipart, NoPartsAtAll) {
  Outcome expected;
  expected.done = true;
  EXPECT_EQ(run_whole("XyZ", "--XyZ--\r\n"), expected);
}

TEST(Multipart, ShortestAndLongestBoundary) {
  for (const std::string& boundary : {std::string("a"), std::string(70, 'z')}) {
    const std::string body = make_body(boundary, {"Content-Disposition: form-data; name=\"a\"\r\n\r\nz\r\nzz-"});
    Outcome expected;
    expected.done = true;
    expected.parts = {field("a", "z\r\nzz-")};
    EXPECT_EQ(run_whole(boundary, body), expected) << boundary;
    EXPECT_EQ(run_bytewise(boundary, body), expected) << boundary;
  }
}

TEST(Multipart, InvalidBoundaryFailsImmediately) {
  for (const std::string& boundary : {std::string(), std::string(71, 'z'), std::string("a\r\nb")}) {
    Recorder recorder;
    MultipartParser parser(boundary, recorder.callbacks());
    EXPECT_TRUE(parser.failed()) << printable(boundary);
    EXPECT_FALSE(parser.error().empty());
    parser.feed("--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + boundary + "--");
    EXPECT_TRUE(recorder.parts.empty());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Streaming behaviour

TEST(Multipart, PartDataIsDeliveredBeforeThePartEnds) {
  Recorder recorder;
  MultipartParser parser("XyZ", recorder.callbacks());
  parser.feed("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n");
  const std::string megabyte(1 << 20, 'x');
  parser.feed(megabyte);
  ASSERT_EQ(recorder.parts.size(), 1u);
  EXPECT_EQ(recorder.parts[0].data.size(), megabyte.size());  // nothing withheld: no CR could start a delimiter

  // Only the bytes that could still turn out to be a delimiter are held back, and only until they cannot.
  parser.feed("ab\r\n-");
  EXPECT_EQ(recorder.parts[0].data.size(), megabyte.size() + 2);
  parser.feed("-X");
  EXPECT_EQ(recorder.parts[0].data.size(), megabyte.size() + 2);
  parser.feed("y!");
  EXPECT_EQ(recorder.parts[0].data.size(), megabyte.size() + 9);
  EXPECT_FALSE(recorder.parts[0].ended);

  parser.feed("\r\n--XyZ");
  EXPECT_TRUE(recorder.parts[0].ended);
  EXPECT_TRUE(recorder.parts[0].data.ends_with("ab\r\n--Xy!"));
  parser.feed("--");
  EXPECT_TRUE(parser.done());
  EXPECT_TRUE(recorder.misuse.empty());
}

TEST(Multipart, FeedAfterDoneOrFailedIsANoOp) {
  Recorder recorder;
  MultipartParser parser("XyZ", recorder.callbacks());
  parser.feed("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
  ASSERT_TRUE(parser.done());
  parser.feed("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--XyZ--");
  parser.finish();
  EXPECT_TRUE(parser.done());
  EXPECT_FALSE(parser.failed());
  EXPECT_EQ(recorder.parts.size(), 1u);

  Recorder recorder2;
  MultipartParser failing("XyZ", recorder2.callbacks());
  failing.feed("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n");
  ASSERT_TRUE(failing.failed());
  const std::string error = failing.error();
  failing.feed("1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--XyZ--");
  failing.finish();
  EXPECT_TRUE(failing.failed());
  EXPECT_FALSE(failing.done());
  EXPECT_EQ(failing.error(), error);
  EXPECT_TRUE(recorder2.parts.empty());
}

TEST(Multipart, NullCallbacksAreAllowed) {
  MultipartParser parser("XyZ", {});
  parser.feed("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
  EXPECT_TRUE(parser.done());
}

// ---------------------------------------------------------------------------------------------------------------
// Malformed bodies

TEST(Multipart, TruncatedBodyFailsOnFinish) {
  const std::string body = make_body("XyZ", {"Content-Disposition: form-data; name=\"a\"\r\n\r\nhello"});
  const std::size_t close_start = body.rfind("\r\n--XyZ--");
  // Every cut before the second dash of the close delimiter leaves the body incomplete.
  for (std::size_t cut = 0; cut < close_start + 9; ++cut) {
    const Outcome o = run_whole("XyZ", std::string_view(body).substr(0, cut));
    EXPECT_TRUE(o.failed) << "cut at " << cut;
    EXPECT_FALSE(o.done) << "cut at " << cut;
    EXPECT_FALSE(o.error.empty());
    for (const Part& p : o.parts) EXPECT_FALSE(p.ended && p.data != "hello") << "cut at " << cut;
  }
  const Outcome in_body = run_whole("XyZ", std::string_view(body).substr(0, close_start + 3));
  EXPECT_EQ(in_body.error, "truncated body");
  ASSERT_EQ(in_body.parts.size(), 1u);
  EXPECT_FALSE(in_body.parts[0].ended);
  EXPECT_EQ(run_whole("XyZ", std::string_view(body).substr(0, close_start + 9)).done, true);
}

TEST(Multipart, GarbageInsteadOfFirstBoundary) {
  const Outcome o = run_whole("XyZ", "this is not multipart at all\r\nContent-Disposition: form-data; name=\"a\"\r\n");
  EXPECT_TRUE(o.failed);
  EXPECT_EQ(o.error, "no multipart boundary found in body");
  EXPECT_TRUE(o.parts.empty());

  // A wrong boundary is the same thing: the real one never shows up.
  const Outcome wrong = run_whole("XyZ", make_body("Other", {"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"}));
  EXPECT_TRUE(wrong.failed);
  EXPECT_TRUE(wrong.parts.empty());
}

TEST(Multipart, MalformedBoundaryLine) {
  for (const std::string_view body : {"--XyZx\r\n", "--XyZ-x", "--XyZ\rx", "--XyZ \n", "--XyZ\n"}) {
    const Outcome o = run_whole("XyZ", body);
    EXPECT_TRUE(o.failed) << printable(body);
    EXPECT_EQ(o.error, "malformed multipart boundary line") << printable(body);
  }
}

TEST(Multipart, HeaderProblemsAreErrors) {
  const struct {
    std::string headers;
    std::string error;
  } cases[] = {
      {"Content-Disposition: form-data", "part has no name"},
      {"Content-Disposition: form-data; filename=\"a.txt\"", "part has no name"},
      {"Content-Disposition: attachment; name=\"a\"", "part is not form-data"},
      {"Content-Disposition: form-data-ish; name=\"a\"", "part is not form-data"},
      {"Content-Type: text/plain", "part has no Content-Disposition header"},
      {"X-Other: 1", "part has no Content-Disposition header"},
      {"Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"",
       "duplicate Content-Disposition header"},
      {"Content-Disposition: form-data; name=\"a\"; name=\"b\"", "malformed Content-Disposition header"},
      {"Content-Disposition: form-data; name=\"a", "malformed Content-Disposition header"},
      {"Content-Disposition: form-data; name=\"a\x01\"", "malformed Content-Disposition header"},
      {"Content-Disposition: form-data; name=a b", "malformed Content-Disposition header"},
      {"Content-Disposition: form-data; name=", "malformed Content-Disposition header"},
      {"Content-Disposition: form-data name=\"a\"", "malformed Content-Disposition header"},
      {"Content-Disposition: form-data; name=\"a\"\r\n folded: continuation", "malformed part header"},
      {"Content-Disposition : form-data; name=\"a\"", "malformed part header"},
      {"Content-Disposition form-data; name=\"a\"", "malformed part header"},
      {"Content-Disposition: form-data; name=\"a\nb\"", "malformed part header"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''%00.txt", "malformed filename* parameter"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''a%2", "malformed filename* parameter"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''a%zz", "malformed filename* parameter"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''a*b", "malformed filename* parameter"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8'a.txt", "malformed filename* parameter"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=a.txt", "malformed filename* parameter"},
      {"Content-Disposition: form-data; name=\"a\"; filename*=ISO-8859-1''a%E9.txt", "malformed filename* parameter"},
  };
  for (const auto& c : cases) {
    const Outcome o = run_whole("b0undary", one_part_body(c.headers));
    EXPECT_TRUE(o.failed) << printable(c.headers);
    EXPECT_EQ(o.error, c.error) << printable(c.headers);
    EXPECT_TRUE(o.parts.empty()) << printable(c.headers);
  }
}

TEST(Multipart, EmptyHeaderBlockIsAnError) {
  const Outcome o = run_whole("XyZ", "--XyZ\r\n\r\nvalue\r\n--XyZ--");
  EXPECT_TRUE(o.failed);
  EXPECT_EQ(o.error, "part has no Content-Disposition header");
}

TEST(Multipart, PartCountLimit) {
  const std::string body = make_body("XyZ", {
                                                "Content-Disposition: form-data; name=\"a\"\r\n\r\n1",
                                                "Content-Disposition: form-data; name=\"b\"\r\n\r\n2",
                                                "Content-Disposition: form-data; name=\"c\"\r\n\r\n3",
                                            });
  MultipartLimits limits;
  limits.max_parts = 3;
  EXPECT_TRUE(run_whole("XyZ", body, limits).done);

  limits.max_parts = 2;
  const Outcome o = run_whole("XyZ", body, limits);
  EXPECT_TRUE(o.failed);
  EXPECT_EQ(o.error, "too many parts");
  EXPECT_EQ(o.parts.size(), 2u);  // the parts within the limit were delivered before the error
}

TEST(Multipart, HeaderSizeLimit) {
  const std::string headers = "Content-Disposition: form-data; name=\"a\"\r\nX-Padding: " + std::string(100, 'p');
  const std::string body = make_body("XyZ", {headers + "\r\n\r\nvalue"});
  const std::size_t block_size = headers.size() + 4;  // the limit counts the terminating blank line too

  MultipartLimits limits;
  limits.max_part_header_bytes = block_size;
  EXPECT_TRUE(run_whole("XyZ", body, limits).done);

  limits.max_part_header_bytes = block_size - 1;
  const Outcome o = run_whole("XyZ", body, limits);
  EXPECT_TRUE(o.failed);
  EXPECT_EQ(o.error, "part headers too large");

  // Headers that never end must not grow without bound either.
  Recorder recorder;
  MultipartParser parser("XyZ", recorder.callbacks());
  parser.feed("--XyZ\r\nX-Endless: ");
  for (int i = 0; i < 100 && !parser.failed(); ++i) parser.feed(std::string(1024, 'e'));
  EXPECT_TRUE(parser.failed());
  EXPECT_EQ(parser.error(), "part headers too large");
}

// ---------------------------------------------------------------------------------------------------------------
// Header parsing

PartHeaders headers_of(const std::string& header_lines) {
  Recorder recorder;
  MultipartParser parser("b0undary", recorder.callbacks());
  parser.feed(one_part_body(header_lines));
  EXPECT_TRUE(parser.done()) << printable(header_lines) << ": " << parser.error();
  PartHeaders h;
  if (recorder.parts.size() == 1) {
    h.name = recorder.parts[0].name;
    h.filename = recorder.parts[0].filename;
    h.content_type = recorder.parts[0].content_type;
  }
  return h;
}

TEST(MultipartHeaders, NamesAndDispositionTypeAreCaseInsensitive) {
  const PartHeaders h = headers_of(
      "content-disposition: Form-Data; NAME=\"a\"; FileName=\"b.txt\"\r\n"
      "CONTENT-TYPE: text/plain; charset=utf-8");
  EXPECT_EQ(h.name, "a");
  EXPECT_EQ(h.filename, "b.txt");
  EXPECT_EQ(h.content_type, "text/plain; charset=utf-8");
}

TEST(MultipartHeaders, TokenValuesAndLooseSpacing) {
  const PartHeaders h = headers_of("Content-Disposition:form-data;name=field_1 ;  filename = report.v2.txt ;");
  EXPECT_EQ(h.name, "field_1");
  EXPECT_EQ(h.filename, "report.v2.txt");
  EXPECT_EQ(h.content_type, "");
}

TEST(MultipartHeaders, QuotedStringEscapesAndRawUtf8) {
  const PartHeaders h = headers_of(
      "Content-Disposition: form-data; name=\"say \\\"hi\\\"\"; filename=\"dir\\\\季度;报告=\\\"1\\\".pdf\"");
  EXPECT_EQ(h.name, "say \"hi\"");
  EXPECT_EQ(h.filename, "dir\\季度;报告=\"1\".pdf");
}

TEST(MultipartHeaders, PercentEncodingInPlainFilenameIsKeptVerbatim) {
  // Browsers and form-data write a '"' in a filename as %22 without any way to tell it from a literal "%22";
  // only filename* is defined to be percent-encoded.
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; filename=\"a%22b.txt\"").filename, "a%22b.txt");
}

TEST(MultipartHeaders, FilenameStar) {
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; "
                       "filename*=UTF-8''%E5%AD%A3%E5%BA%A6%20report.pdf")
                .filename,
            "季度 report.pdf");
  // Lower-case charset, a language tag, and lower-case hex digits.
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; filename*=utf-8'zh-CN'%e6%8a%a5.txt").filename,
            "报.txt");
  // Empty value-chars.
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''").filename, "");
}

TEST(MultipartHeaders, FilenameStarWinsOverFilenameInEitherOrder) {
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; filename=\"fallback.pdf\"; "
                       "filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf")
                .filename,
            "报告.pdf");
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf; "
                       "filename=\"fallback.pdf\"")
                .filename,
            "报告.pdf");
}

TEST(MultipartHeaders, FilenameAbsentVersusEmpty) {
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"").filename, std::nullopt);
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"f\"; filename=\"\"").filename, "");
}

TEST(MultipartHeaders, UnknownHeadersAndParametersAreIgnored) {
  const PartHeaders h = headers_of(
      "X-Custom: whatever\r\n"
      "Content-Disposition: form-data; name=\"f\"; creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"\r\n"
      "Content-Transfer-Encoding: binary");
  EXPECT_EQ(h.name, "f");
  EXPECT_EQ(h.filename, std::nullopt);
}

TEST(MultipartHeaders, EmptyNameIsAccepted) {
  // The name parameter is present, which is what RFC 7578 requires; whether "" is useful is the caller's call.
  EXPECT_EQ(headers_of("Content-Disposition: form-data; name=\"\"").name, "");
}

// ---------------------------------------------------------------------------------------------------------------
// boundary_from_content_type

TEST(MultipartContentType, Forms) {
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(boundary_from_content_type("multipart/form-data;boundary=abc"), "abc");
  EXPECT_EQ(boundary_from_content_type("Multipart/Form-Data; BOUNDARY=AbC"), "AbC");  // the value keeps its case
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\""),
            "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  EXPECT_EQ(boundary_from_content_type("  multipart/form-data ; charset=utf-8; boundary=abc ;  "), "abc");
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=" + std::string(70, 'x')), std::string(70, 'x'));
}

TEST(MultipartContentType, Rejections) {
  EXPECT_EQ(boundary_from_content_type("multipart/form-data"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data;"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; charset=utf-8"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary="), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=\"\""), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=" + std::string(71, 'x')), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=\"abc"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data; boundary=a; boundary=b"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/mixed; boundary=abc"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-datax; boundary=abc"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("text/plain; boundary=abc"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(boundary_from_content_type(""), std::nullopt);
  EXPECT_EQ(boundary_from_content_type("multipart/form-data boundary=abc"), std::nullopt);
}

}  // namespace
}  // namespace filegate::http
