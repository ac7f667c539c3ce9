#include "http/head_overflow.hpp"

namespace filegate::http {

OverflowedHead inspect_overflowed_head(std::string_view parsed_method, std::string_view parsed_target,
                                       std::string_view buffered, std::size_t limit) {
  // The parser completed the request line, then the header fields outgrew the limit.
  if (!parsed_target.empty()) return {std::string(parsed_method), std::string(parsed_target), false};
  // Otherwise the buffer starts with the request line, "METHOD SP target SP version CRLF", maybe cut short. The parser
  // reads a request line only within the limit, so a longer one overflowed even when its end was read.
  const std::size_t line_end = buffered.find("\r\n");
  const bool line_overflowed = line_end == std::string_view::npos || line_end + 2 > limit;
  const std::string_view line = buffered.substr(0, line_end);
  const std::size_t method_end = line.find(' ');
  if (method_end == std::string_view::npos) return {std::string(line), "", line_overflowed};
  std::string_view target = line.substr(method_end + 1);
  target = target.substr(0, target.find(' '));
  return {std::string(line.substr(0, method_end)), std::string(target), line_overflowed};
}

HeadRefusal refuse_overflowed_head(const Router& router, std::string_view target, bool uri_too_long) {
  // By the path's prefix alone: a truncated target may match a route that is not the request's.
  const Envelope* envelope = router.match(bhttp::verb::unknown, target).envelope;
  const unsigned status = uri_too_long ? 414 : 431;
  HeadRefusal answer{envelope, std::nullopt};
  for (const ErrorEntry* entry : envelope->catalog()) {
    if (entry->status == status) {
      answer.refusal.emplace(*entry);
      return answer;
    }
  }
  if (uri_too_long) answer.refusal.emplace(*envelope->errors().malformed, "the request URI is too long");
  return answer;
}

}  // namespace filegate::http
