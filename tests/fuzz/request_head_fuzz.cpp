// The request head as the server reads it: Beast's parser with the server's header limit, then the framing rule
// (request smuggling), the RequestHead view (collapsed path, decoded query), the Host check and log redaction.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "http/beast.hpp"
#include "http/framing.hpp"
#include "http/host_header.hpp"
#include "http/redact.hpp"
#include "http/request_head.hpp"

namespace http = filegate::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::bhttp::request_parser<http::bhttp::buffer_body> parser;
  parser.header_limit(16 * 1024);  // ServerLimits::max_header_bytes
  parser.body_limit(boost::none);
  http::beast::error_code ec;
  parser.put(http::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;

  const auto& message = parser.get();
  const bool ambiguous = http::framing_is_ambiguous(message.base(), message.version());
  if (message.base().count(http::bhttp::field::transfer_encoding) == 0) FUZZ_CHECK(!ambiguous);

  const http::RequestHead head(message.method(), message.method_string(), message.target(), message.base(),
                               message.keep_alive());
  FUZZ_CHECK(head.path().find("//") == std::string_view::npos);
  FUZZ_CHECK(head.target().starts_with(head.path().substr(0, 1)));
  for (const std::string_view name : {"uploadId", "partNumber", "file_tokens", "Expires", "q-signature", "a"}) {
    const auto value = head.query(name);
    const auto all = head.query_all(name);
    FUZZ_CHECK(value.has_value() == !all.empty());
    if (value) FUZZ_CHECK(*value == all.front());
  }
  static_cast<void>(http::is_plain_host(head.header(http::bhttp::field::host)));
  static_cast<void>(head.header("x-acs-dingtalk-access-token"));

  // Redaction keeps the path as it is and replaces secret values only, so doing it twice changes nothing more.
  const std::string redacted = http::redact_target(head.target());
  const std::size_t question = head.target().find('?');
  FUZZ_CHECK(std::string_view(redacted).substr(0, question) == head.target().substr(0, question));
  FUZZ_CHECK(http::redact_target(redacted) == redacted);
  return 0;
}
