#include "dialects/smh/envelope.hpp"

#include <boost/json/object.hpp>

#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::smh {

Response json_reply(unsigned status, const boost::json::value& body) { return http::json_response(status, body); }

Response empty_reply(unsigned status) { return Response{static_cast<bhttp::status>(status), 11}; }

Response ApiEnvelope::render(const http::Exchange& exchange, const http::Refusal& refusal) const {
  Response res = http::json_response(refusal.entry().status, boost::json::object{{"code", refusal.entry().code},
                                                                                 {"message", refusal.message()},
                                                                                 {"requestId", exchange.log_id()}});
  http::apply_headers(res, refusal);
  return res;
}

void ApiEnvelope::decorate(bhttp::fields& headers, std::string_view log_id) const {
  headers.set("x-smh-request-id", log_id);
  headers.set("X-Request-Id", log_id);
}

http::ErrorCatalog ApiEnvelope::catalog() const { return errors::api_errors; }

const http::EnvelopeErrors& ApiEnvelope::errors() const {
  static const http::EnvelopeErrors kErrors{&errors::route_not_found, &errors::request_entity_too_large,
                                            &errors::bad_request, &errors::internal_server_error,
                                            &errors::invalid_access_token};
  return kErrors;
}

Response CosEnvelope::render(const http::Exchange& exchange, const http::Refusal& refusal) const {
  using core::text::xml_escape;
  Response res{static_cast<bhttp::status>(refusal.entry().status), 11};
  res.set(bhttp::field::content_type, "application/xml");
  res.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml_escape(refusal.entry().code) +
               "</Code><Message>" + xml_escape(refusal.message()) + "</Message><RequestId>" +
               xml_escape(exchange.log_id()) + "</RequestId></Error>";
  http::apply_headers(res, refusal);
  return res;
}

void CosEnvelope::decorate(bhttp::fields& headers, std::string_view log_id) const {
  headers.set("x-cos-request-id", log_id);
}

http::ErrorCatalog CosEnvelope::catalog() const { return errors::cos_errors; }

const http::EnvelopeErrors& CosEnvelope::errors() const {
  // COS treats any path on a bucket as an object key: an unknown one is NoSuchKey.
  static const http::EnvelopeErrors kErrors{&errors::cos_no_such_key, &errors::cos_entity_too_large,
                                            &errors::cos_invalid_request, &errors::cos_internal_error,
                                            &errors::cos_request_expired};
  return kErrors;
}

}  // namespace filegate::dialects::smh
