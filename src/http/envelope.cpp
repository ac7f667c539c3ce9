#include "http/envelope.hpp"

#include <algorithm>

#include <boost/json/object.hpp>

#include "http/exchange.hpp"
#include "http/json_response.hpp"

namespace filegate::http {

const ErrorEntry* find_error(ErrorCatalog catalog, std::string_view name_or_code) {
  for (const ErrorEntry* entry : catalog) {
    if (entry->name == name_or_code) return entry;
  }
  for (const ErrorEntry* entry : catalog) {
    if (entry->code == name_or_code) return entry;
  }
  return nullptr;
}

bool answers_endpoint(const ErrorEntry& entry, std::string_view endpoint) {
  return entry.endpoints.empty() ||
         std::find(entry.endpoints.begin(), entry.endpoints.end(), endpoint) != entry.endpoints.end();
}

const ErrorEntry* find_error(ErrorCatalog catalog, std::string_view name_or_code, std::string_view endpoint) {
  const ErrorEntry* by_code = nullptr;
  for (const ErrorEntry* entry : catalog) {
    if (!answers_endpoint(*entry, endpoint)) continue;
    if (entry->name == name_or_code) return entry;
    if (!by_code && entry->code == name_or_code) by_code = entry;
  }
  return by_code;
}

void apply_headers(bhttp::fields& headers, const Refusal& refusal) {
  for (const HeaderPair& header : refusal.entry().headers) headers.set(header.name, header.value);
  for (const auto& [name, value] : refusal.headers()) headers.set(name, value);
}

namespace {

// filegate's own errors, for paths no dialect claims (and, later, its admin API).
const ErrorEntry kNotFound{"not_found", 404, "NotFound", "no such API in filegate"};
const ErrorEntry kTooLarge{"too_large", 413, "RequestTooLarge", "the request body is too large"};
const ErrorEntry kMalformed{"malformed", 400, "MalformedRequest", "the request body is malformed"};
const ErrorEntry kInternal{"internal", 500, "InternalError",
                           "internal error; the server log has the details under this request id"};
// Found by its status when a request line is over the head limit (http/head_overflow.hpp).
const ErrorEntry kUriTooLong{"uri_too_long", 414, "URITooLong", "the request URI is too long"};
const ErrorEntry* const kFilegateErrors[] = {&kNotFound, &kTooLarge, &kMalformed, &kInternal, &kUriTooLong};

class FilegateEnvelope final : public Envelope {
 public:
  bhttp::response<bhttp::string_body> render(const Exchange& exchange, const Refusal& refusal) const override {
    auto res = json_response(
        refusal.entry().status,
        boost::json::object{
            {"error",
             {{"code", refusal.entry().code}, {"message", refusal.message()}, {"request_id", exchange.log_id()}}}});
    apply_headers(res, refusal);
    return res;
  }
  void decorate(bhttp::fields& headers, std::string_view log_id) const override { headers.set("X-Request-Id", log_id); }
  ErrorCatalog catalog() const override { return kFilegateErrors; }
  const EnvelopeErrors& errors() const override {
    static const EnvelopeErrors errors{&kNotFound, &kTooLarge, &kMalformed, &kInternal};
    return errors;
  }
};

}  // namespace

const Envelope& filegate_envelope() {
  static const FilegateEnvelope envelope;
  return envelope;
}

}  // namespace filegate::http
