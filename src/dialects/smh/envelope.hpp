#pragma once
// SMH's answers: JSON bodies as they are (no wrapper) on success, {code, message, requestId} with a string code on
// failure. The byte host that stands in for COS answers failures in COS's XML instead, as COS does.
#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/exchange.hpp"

namespace filegate::dialects::smh {
namespace bhttp = boost::beast::http;

// A refusal with the platform's status and string code; thrown by the model and handlers, answered by the dialect.
class SmhError : public std::runtime_error {
 public:
  SmhError(unsigned status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  unsigned status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  unsigned status_;
  std::string code_;
};

using Response = http::Exchange::StringResponse;

Response json_reply(unsigned status, const boost::json::value& body);
// 201/204 and friends with nothing to say.
Response empty_reply(unsigned status);
// The error body; HEAD requests get the status and no body (the Java SDK does not read one for HEAD).
Response error_reply(const http::Exchange& exchange, const SmhError& error);

// <Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>, as COS answers.
Response cos_error_reply(const http::Exchange& exchange, unsigned status, std::string_view code,
                         std::string_view message);
// COS's answer to a PUT body above the 5 GB a single upload may carry.
Response entity_too_large(const http::Exchange& exchange);

}  // namespace filegate::dialects::smh
