#pragma once
// DingTalk's response shapes. The JSON API answers a bare JSON object on success and {code, message, requestid} with
// the error's HTTP status on failure (the SDK turns that into an error with code, statusCode and data), with the
// gateway's request id in x-acs-request-id on every response. The signed blob URLs imitate OSS, whose errors are XML
// (<Error><Code/><Message/><RequestId/><HostId/></Error>) and whose responses carry x-oss-request-id.
#include <boost/json/object.hpp>

#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::dingtalk {

http::Exchange::StringResponse ok(const boost::json::object& body);

// api.dingtalk.com: routes under /v1.0/ and /v2.0/.
class ApiEnvelope final : public http::Envelope {
 public:
  http::Exchange::StringResponse render(const http::Exchange& exchange, const http::Refusal& refusal) const override;
  void decorate(http::bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override;
  const http::EnvelopeErrors& errors() const override;
};

// The OSS stand-in behind the signed upload/download URLs: routes under /_filegate/dingtalk/.
class OssEnvelope final : public http::Envelope {
 public:
  http::Exchange::StringResponse render(const http::Exchange& exchange, const http::Refusal& refusal) const override;
  void decorate(http::bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override;
  const http::EnvelopeErrors& errors() const override;
};

}  // namespace filegate::dialects::dingtalk
