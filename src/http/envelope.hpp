#pragma once
// How one wire surface of a platform answers: its error body (JSON envelope, COS/OSS XML, …), the request-id headers
// on every response, and which catalog entries stand for the failures no handler answers itself — an unknown path, a
// body over the route's limit, a malformed body, an unexpected exception. The router holds one per route scope.
#include "http/beast.hpp"
#include "http/refusal.hpp"

namespace filegate::http {

class Exchange;

struct EnvelopeErrors {
  const ErrorEntry* not_found;  // no route under the scope's prefixes matches
  const ErrorEntry* too_large;  // the body is over the route's limit (RouteOptions::too_large may name another)
  const ErrorEntry* malformed;  // the body cannot be parsed as HTTP (bad chunking, …)
  const ErrorEntry* internal;   // an unexpected exception; its text goes to the log only
  // A token or signed URL past its expiry: what a fault's "expire" answers. Null where nothing expires.
  const ErrorEntry* expired = nullptr;
};

class Envelope {
 public:
  virtual ~Envelope() = default;

  // The platform's error response for `refusal` (status, body, the entry's and refusal's headers).
  virtual bhttp::response<bhttp::string_body> render(const Exchange& exchange, const Refusal& refusal) const = 0;
  // Adds the headers every response of this surface carries, e.g. its request id.
  virtual void decorate(bhttp::fields& headers, std::string_view log_id) const = 0;
  // Every error this surface can answer (for the fault injector and `filegate errors`).
  virtual ErrorCatalog catalog() const = 0;
  virtual const EnvelopeErrors& errors() const = 0;
};

// Sets the entry's headers, then the refusal's own (which win): for every envelope's render.
void apply_headers(bhttp::fields& headers, const Refusal& refusal);

// The envelope of paths no dialect claims, and of filegate's own API: {"error":{"code","message"}} and X-Request-Id.
const Envelope& filegate_envelope();

}  // namespace filegate::http
