#pragma once
// Coze's response envelope, always JSON: {code:0,msg:"",data,detail:{logid}} on success and
// {code,msg,detail:{logid}} on failure, with the HTTP status of the catalog entry, and X-Tt-Logid on every response.
// @coze/api classifies errors by HTTP status or code (400/4000 BadRequestError, 401/4100 AuthenticationError,
// 404/4200 NotFoundError, ≥ 500 InternalServerError) and takes `logid` from detail.logid, else the X-Tt-Logid header;
// coze-py and coze-go look only at code and msg, and read the log id from the header.
#include <cstdint>

#include "dialects/coze/model.hpp"
#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::coze {

// The documented upload limit.
inline constexpr std::uint64_t kMaxFileBytes = 512ull << 20;

class ApiEnvelope final : public http::Envelope {
 public:
  http::bhttp::response<http::bhttp::string_body> render(const http::Exchange& exchange,
                                                         const http::Refusal& refusal) const override;
  void decorate(http::bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override;
  const http::EnvelopeErrors& errors() const override;
};

// The OAuth token endpoint under /api/permission/: {"error_code","error_message","error"} on failure (coze-py reads
// error_code / error_message, @coze/api's device flow reads `error`, coze-go prints all three), X-Tt-Logid on every
// response. @coze/api sees no `code` in it and raises by HTTP status (401 AuthenticationError, 400 BadRequestError).
class OAuthEnvelope final : public http::Envelope {
 public:
  http::bhttp::response<http::bhttp::string_body> render(const http::Exchange& exchange,
                                                         const http::Refusal& refusal) const override;
  void decorate(http::bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override;
  const http::EnvelopeErrors& errors() const override;
};

http::Exchange::StringResponse file_success(const http::Exchange& exchange, const FileInfo& file);
// The JWT flow's answer: {access_token, expires_in} with expires_in the Unix second the token dies (not a duration).
http::Exchange::StringResponse token_success(const std::string& access_token, std::int64_t expires_at_s);

}  // namespace filegate::dialects::coze
