#pragma once
// Feishu's response envelopes: {code,msg,data} on success; on failure {code,msg,error:{log_id,troubleshooter}} with
// the documented HTTP status, except the token endpoints' flat {code,data:{},msg} and the OAuth 2 endpoint's
// {code,error,error_description}. Every response carries X-Tt-Logid
// (what the official samples print) and X-Request-Id (the Go SDK's fallback), both the request's log id.
#include <boost/json/object.hpp>

#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::feishu {
namespace bhttp = boost::beast::http;

http::Exchange::StringResponse success(boost::json::object data);

// One surface's way of answering: the Open API's JSON (with its catalog) or the temporary links' (with theirs). A
// surface may have several instances that differ only in the entries they answer unexpected failures with, so that
// each API keeps its own internal-error and bad-body codes.
class FeishuEnvelope final : public http::Envelope {
 public:
  FeishuEnvelope(http::ErrorCatalog catalog, http::EnvelopeErrors errors) : catalog_(catalog), errors_(errors) {}

  bhttp::response<bhttp::string_body> render(const http::Exchange& exchange,
                                             const http::Refusal& refusal) const override;
  void decorate(bhttp::fields& headers, std::string_view log_id) const override;
  http::ErrorCatalog catalog() const override { return catalog_; }
  const http::EnvelopeErrors& errors() const override { return errors_; }

 private:
  http::ErrorCatalog catalog_;
  http::EnvelopeErrors errors_;
};

}  // namespace filegate::dialects::feishu
