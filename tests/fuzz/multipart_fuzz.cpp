// multipart/form-data: the boundary from a Content-Type, then the streaming parser fed the body in chunks whose sizes
// come from the input, so delimiters split across feed() calls are exercised. The first line of the input is the
// Content-Type, the next byte picks the chunk size, the rest is the body.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "http/multipart.hpp"

namespace http = filegate::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos || newline + 1 >= input.size()) return 0;
  const std::string_view content_type = input.substr(0, newline);
  const std::size_t chunk = 1 + static_cast<unsigned char>(input[newline + 1]);
  std::string_view body = input.substr(newline + 2);

  const auto boundary = http::boundary_from_content_type(content_type);
  if (!boundary) return 0;
  FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);

  std::size_t parts_begun = 0;
  std::size_t parts_ended = 0;
  bool in_part = false;
  http::MultipartParser::Callbacks callbacks;
  callbacks.on_part_begin = [&](const http::PartHeaders&) {
    FUZZ_CHECK(!in_part);
    in_part = true;
    ++parts_begun;
  };
  callbacks.on_part_data = [&](std::string_view bytes) { FUZZ_CHECK(in_part && !bytes.empty()); };
  callbacks.on_part_end = [&] {
    FUZZ_CHECK(in_part);
    in_part = false;
    ++parts_ended;
  };
  http::MultipartParser parser(*boundary, callbacks, http::MultipartLimits{});
  while (!body.empty()) {
    const std::size_t n = std::min(chunk, body.size());
    parser.feed(body.substr(0, n));
    body.remove_prefix(n);
  }
  parser.finish();
  FUZZ_CHECK(parser.done() != parser.failed());
  FUZZ_CHECK(parts_begun <= http::MultipartLimits{}.max_parts);
  if (parser.done()) FUZZ_CHECK(!in_part && parts_begun == parts_ended);
  return 0;
}
