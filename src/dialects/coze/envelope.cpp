#include "dialects/coze/envelope.hpp"

#include "core/text.hpp"
#include "dialects/coze/errors.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::coze {

http::bhttp::response<http::bhttp::string_body> ApiEnvelope::render(const http::Exchange& exchange,
                                                                    const http::Refusal& refusal) const {
  // The SDKs compare `code` as a number (`error.code === 4000`); every catalog code is one.
  const std::int64_t code = core::text::parse_i64(refusal.entry().code).value_or(0);
  auto res = http::json_response(
      refusal.entry().status,
      boost::json::object{{"code", code}, {"msg", refusal.message()}, {"detail", {{"logid", exchange.log_id()}}}});
  http::apply_headers(res, refusal);
  return res;
}

void ApiEnvelope::decorate(http::bhttp::fields& headers, std::string_view log_id) const {
  headers.set("X-Tt-Logid", log_id);
}

http::ErrorCatalog ApiEnvelope::catalog() const { return errors::api_errors; }

const http::EnvelopeErrors& ApiEnvelope::errors() const {
  // An unknown path under /v1/ is a missing resource (NotFoundError with code 4200 in the SDK); a body past the
  // route's limit can only be an oversized upload; a body that is not HTTP is a bad request.
  static const http::EnvelopeErrors kErrors{&errors::not_found, &errors::body_too_large, &errors::malformed_body,
                                            &errors::internal, &errors::authentication_invalid};
  return kErrors;
}

http::bhttp::response<http::bhttp::string_body> OAuthEnvelope::render(const http::Exchange&,
                                                                      const http::Refusal& refusal) const {
  auto res = http::json_response(refusal.entry().status, boost::json::object{{"error_code", refusal.entry().code},
                                                                             {"error_message", refusal.message()},
                                                                             {"error", refusal.entry().code}});
  http::apply_headers(res, refusal);
  return res;
}

void OAuthEnvelope::decorate(http::bhttp::fields& headers, std::string_view log_id) const {
  headers.set("X-Tt-Logid", log_id);
}

http::ErrorCatalog OAuthEnvelope::catalog() const { return errors::oauth_errors; }

const http::EnvelopeErrors& OAuthEnvelope::errors() const {
  static const http::EnvelopeErrors kErrors{&errors::oauth_not_found, &errors::oauth_malformed_body,
                                            &errors::oauth_malformed_body, &errors::oauth_internal,
                                            &errors::oauth_invalid_client};
  return kErrors;
}

http::Exchange::StringResponse token_success(const std::string& access_token, std::int64_t expires_at_s) {
  return http::json_response(200, boost::json::object{{"access_token", access_token}, {"expires_in", expires_at_s}});
}

http::Exchange::StringResponse file_success(const http::Exchange& exchange, const FileInfo& file) {
  boost::json::object data{
      {"id", file.id}, {"bytes", file.bytes}, {"file_name", file.file_name}, {"created_at", file.created_at}};
  return http::json_response(
      200, boost::json::object{
               {"code", 0}, {"msg", ""}, {"data", std::move(data)}, {"detail", {{"logid", exchange.log_id()}}}});
}

}  // namespace filegate::dialects::coze
