#pragma once
// Whether a request's head delimits its body in one way only. A pure function of the head, so that the request-head
// fuzzer and the unit tests check the same rule the server applies.
#include "http/beast.hpp"

namespace filegate::http {

// RFC 9112 §6.1 and §6.3: a request's body is delimited by chunking only when "chunked" is its one and final
// transfer coding, and never by both Transfer-Encoding and Content-Length. HTTP/1.0 has no transfer codings, so an
// HTTP/1.0 message that names one has faulty framing whatever it names (§6.1). Anything else would let a front proxy
// and filegate disagree on where the body ends (request smuggling): the server refuses it and closes the connection.
// `version` is the message's, 10 or 11.
bool framing_is_ambiguous(const bhttp::fields& fields, unsigned version);

}  // namespace filegate::http
