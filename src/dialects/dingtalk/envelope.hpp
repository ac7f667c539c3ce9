#pragma once
// DingTalk's response shapes: a bare JSON object on success; {code, message, requestid} with an HTTP error status
// on failure (the SDK turns that into an error with code, statusCode and data). The signed blob URLs imitate OSS,
// whose errors are XML: <Error><Code/><Message/><RequestId/><HostId/></Error>.
#include <boost/json/object.hpp>
#include <string_view>

#include "http/exchange.hpp"

namespace filegate::dialects::dingtalk {

http::Exchange::StringResponse ok(const boost::json::object& body);
http::Exchange::StringResponse failure(const http::Exchange& exchange, unsigned http_status, std::string_view code,
                                       std::string_view message);
http::Exchange::StringResponse oss_failure(const http::Exchange& exchange, unsigned http_status, std::string_view code,
                                           std::string_view message);

}  // namespace filegate::dialects::dingtalk
