#pragma once
// SMH's answers: JSON bodies as they are (no wrapper) on success, {code, message, requestId} with a string code on
// failure. The byte host that stands in for COS answers failures in COS's XML instead, as COS does. Each surface is
// an http::Envelope: it renders catalog refusals (errors.hpp) and puts its request id on every response.
#include <boost/json/value.hpp>

#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::smh {
namespace bhttp = boost::beast::http;

using Response = http::Exchange::StringResponse;

Response json_reply(unsigned status, const boost::json::value& body);
// 201/204 and friends with nothing to say.
Response empty_reply(unsigned status);

// The business API under /api/v1/: {"code","message","requestId"}; x-smh-request-id (the JS SDK's header) and
// X-Request-Id (the one the Java SDK reads) on every response. A HEAD's error has no body (the exchange drops it).
class ApiEnvelope final : public http::Envelope {
 public:
  Response render(const http::Exchange& exchange, const http::Refusal& refusal) const override;
  void decorate(bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override;
  const http::EnvelopeErrors& errors() const override;
};

// The COS stand-in under /smh-cos/: <Error><Code/><Message/><RequestId/></Error> and x-cos-request-id.
class CosEnvelope final : public http::Envelope {
 public:
  Response render(const http::Exchange& exchange, const http::Refusal& refusal) const override;
  void decorate(bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override;
  const http::EnvelopeErrors& errors() const override;
};

}  // namespace filegate::dialects::smh
