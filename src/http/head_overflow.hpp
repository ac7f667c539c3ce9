#pragma once
// A request head the parser refused as over the head limit is answered by the platform whose path it names, in its
// own envelope, as that platform answers an unknown path under its prefixes. First what can still be known of the
// head: its method, its target (only the start of it when the request line itself overflowed), and which part
// overflowed; then the envelope's answer.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/envelope.hpp"
#include "http/router.hpp"

namespace filegate::http {

struct OverflowedHead {
  std::string method;
  std::string target;
  bool request_line_overflowed;  // true: the URI is too long; false: the header fields are
};

// `parsed_method` and `parsed_target` are what the parser kept of the request line ("" when it never completed one);
// `buffered` is what the connection read and the parser left unconsumed (the whole head so far in that case);
// `limit` the head limit in bytes, which a request line alone may not reach.
OverflowedHead inspect_overflowed_head(std::string_view parsed_method, std::string_view parsed_target,
                                       std::string_view buffered, std::size_t limit);

// The envelope that speaks for `target`'s path, and its answer: the entry of its catalog with the HTTP status of the
// condition, 414 for a URI too long, 431 for header fields too large (SMH documents URITooLong and
// HeaderFieldsTooLarge). Without one, a URI too long is the envelope's generic invalid request (its `malformed`
// entry), saying why; header fields get no refusal, and the server answers its plain-text 431.
struct HeadRefusal {
  const Envelope* envelope;  // never null
  std::optional<Refusal> refusal;
};
HeadRefusal refuse_overflowed_head(const Router& router, std::string_view target, bool uri_too_long);

}  // namespace filegate::http
