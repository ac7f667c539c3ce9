#include "dialects/dingtalk/envelope.hpp"

#include <boost/json/array.hpp>

#include "core/text.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/scopes.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::dingtalk {

http::Exchange::StringResponse ok(const boost::json::object& body) { return http::json_response(200, body); }

http::Exchange::StringResponse ApiEnvelope::render(const http::Exchange& exchange, const http::Refusal& refusal) const {
  boost::json::object body{
      {"code", refusal.entry().code}, {"message", refusal.message()}, {"requestid", exchange.log_id()}};
  // The gateway names the permission the app lacks (the SDK's error.accessDeniedDetail): the scope of the endpoint
  // answered, so an injected fault says it too.
  if (&refusal.entry() == &errors::api_permission_denied) {
    if (const std::string_view scope = required_scope(exchange.endpoint()); !scope.empty()) {
      body["accessdenieddetail"] = boost::json::object{{"requiredScopes", boost::json::array{scope}}};
    }
  }
  auto res = http::json_response(refusal.entry().status, body);
  http::apply_headers(res, refusal);
  return res;
}

// The gateway's request id, equal to the error body's requestid, so a log line can be matched to what the client saw.
void ApiEnvelope::decorate(http::bhttp::fields& headers, std::string_view log_id) const {
  headers.set("x-acs-request-id", log_id);
}

http::ErrorCatalog ApiEnvelope::catalog() const { return errors::api_errors; }

const http::EnvelopeErrors& ApiEnvelope::errors() const {
  static const http::EnvelopeErrors errors{&errors::api_not_found, &errors::request_too_large,
                                           &errors::request_malformed, &errors::system_error, &errors::invalid_token};
  return errors;
}

http::Exchange::StringResponse OssEnvelope::render(const http::Exchange& exchange, const http::Refusal& refusal) const {
  http::Exchange::StringResponse res{static_cast<http::bhttp::status>(refusal.entry().status), 11};
  res.set(http::bhttp::field::content_type, "application/xml");
  res.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" +
               core::text::xml_escape(refusal.entry().code) + "</Code>\n  <Message>" +
               core::text::xml_escape(refusal.message()) + "</Message>\n  <RequestId>" + exchange.log_id() +
               "</RequestId>\n  <HostId>filegate</HostId>\n</Error>\n";
  http::apply_headers(res, refusal);
  return res;
}

void OssEnvelope::decorate(http::bhttp::fields& headers, std::string_view log_id) const {
  headers.set("x-oss-request-id", log_id);
}

http::ErrorCatalog OssEnvelope::catalog() const { return errors::oss_errors; }

const http::EnvelopeErrors& OssEnvelope::errors() const {
  static const http::EnvelopeErrors errors{&errors::oss_no_such_key, &errors::oss_entity_too_large,
                                           &errors::oss_invalid_argument, &errors::oss_internal_error,
                                           &errors::oss_request_expired};
  return errors;
}

}  // namespace filegate::dialects::dingtalk
