#include "http/json_response.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace filegate::http {

Exchange::StringResponse json_response(unsigned status, const boost::json::value& body) {
  Exchange::StringResponse res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.body() = boost::json::serialize(body);
  return res;
}

std::optional<boost::json::object> parse_json_object(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

}  // namespace filegate::http
