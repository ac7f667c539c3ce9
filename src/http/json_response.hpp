#pragma once
#include <boost/json/value.hpp>

#include "http/exchange.hpp"

namespace filegate::http {

// A JSON response; every platform here answers `application/json; charset=utf-8`.
Exchange::StringResponse json_response(unsigned status, const boost::json::value& body);

// Parses a request body as a JSON object; nullopt when it is not one.
std::optional<boost::json::object> parse_json_object(std::string_view text);

}  // namespace filegate::http
