#pragma once
// Feishu's response envelopes: {code,msg,data} on success, {code,msg,error:{log_id,troubleshooter}} on failure.
#include <boost/json/object.hpp>
#include <string_view>

#include "http/exchange.hpp"

namespace filegate::dialects::feishu {

http::Exchange::StringResponse success(boost::json::object data);
http::Exchange::StringResponse failure(const http::Exchange& exchange, unsigned http_status, std::int64_t code,
                                       std::string_view msg);

// The gateway's quota refusal: 429, code 99991400, with the x-ogw-ratelimit-* headers.
http::Exchange::StringResponse rate_limited(const http::Exchange& exchange, std::uint32_t limit,
                                            std::int64_t reset_seconds);

}  // namespace filegate::dialects::feishu
