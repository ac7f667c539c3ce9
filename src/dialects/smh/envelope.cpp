#include "dialects/smh/envelope.hpp"

#include <boost/json/object.hpp>

#include "http/json_response.hpp"

namespace filegate::dialects::smh {
namespace {

std::string xml_escape(std::string_view in) {
  std::string out;
  for (char c : in) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
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

void strip_body_for_head(const http::Exchange& exchange, Response& res) {
  if (exchange.request().method() == bhttp::verb::head) res.body().clear();
}

}  // namespace

Response json_reply(unsigned status, const boost::json::value& body) { return http::json_response(status, body); }

Response empty_reply(unsigned status) { return Response{static_cast<bhttp::status>(status), 11}; }

Response error_reply(const http::Exchange& exchange, const SmhError& error) {
  Response res = http::json_response(
      error.status(),
      boost::json::object{{"code", error.code()}, {"message", error.what()}, {"requestId", exchange.log_id()}});
  res.set("x-smh-request-id", exchange.log_id());
  strip_body_for_head(exchange, res);
  return res;
}

Response cos_error_reply(const http::Exchange& exchange, unsigned status, std::string_view code,
                         std::string_view message) {
  Response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "application/xml");
  res.set("x-cos-request-id", exchange.log_id());
  res.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml_escape(code) + "</Code><Message>" +
               xml_escape(message) + "</Message><RequestId>" + exchange.log_id() + "</RequestId></Error>";
  strip_body_for_head(exchange, res);
  return res;
}

Response entity_too_large(const http::Exchange& exchange) {
  return cos_error_reply(exchange, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum size");
}

}  // namespace filegate::dialects::smh
