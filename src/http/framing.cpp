#include "http/framing.hpp"

#include <iterator>

#include "core/text.hpp"

namespace filegate::http {

bool framing_is_ambiguous(const bhttp::fields& fields, unsigned version) {
  auto codings = fields.equal_range(bhttp::field::transfer_encoding);
  if (codings.first == codings.second) return false;
  if (version < 11) return true;
  if (fields.count(bhttp::field::content_length) != 0) return true;
  if (std::next(codings.first) != codings.second) return true;  // two Transfer-Encoding lines
  return !core::text::iequals(core::text::trim_ows(codings.first->value()), "chunked");
}

}  // namespace filegate::http
