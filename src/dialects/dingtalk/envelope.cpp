#include "dialects/dingtalk/envelope.hpp"

#include "http/json_response.hpp"

namespace filegate::dialects::dingtalk {
namespace {

// The gateway's request id, also in a header, so a log line can be matched to what the client saw.
template <typename Response>
void add_request_id(Response& res, const http::Exchange& exchange) {
  res.set("x-acs-request-id", exchange.log_id());
}

std::string xml_escape(std::string_view in) {
  std::string out;
  for (char c : in) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

http::Exchange::StringResponse ok(const boost::json::object& body) { return http::json_response(200, body); }

http::Exchange::StringResponse failure(const http::Exchange& exchange, unsigned http_status, std::string_view code,
                                       std::string_view message) {
  auto res = http::json_response(
      http_status, boost::json::object{{"code", code}, {"message", message}, {"requestid", exchange.log_id()}});
  add_request_id(res, exchange);
  return res;
}

http::Exchange::StringResponse oss_failure(const http::Exchange& exchange, unsigned http_status, std::string_view code,
                                           std::string_view message) {
  http::Exchange::StringResponse res{static_cast<http::bhttp::status>(http_status), 11};
  res.set(http::bhttp::field::content_type, "application/xml");
  res.set("x-oss-request-id", exchange.log_id());
  res.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + xml_escape(code) +
               "</Code>\n  <Message>" + xml_escape(message) + "</Message>\n  <RequestId>" + exchange.log_id() +
               "</RequestId>\n  <HostId>filegate</HostId>\n</Error>\n";
  return res;
}

}  // namespace filegate::dialects::dingtalk
