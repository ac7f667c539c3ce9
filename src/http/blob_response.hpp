#pragma once
// Serving stored bytes: Range (206 / 416), Content-Type, Content-Disposition and Accept-Ranges, body by sendfile.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/blob_store.hpp"
#include "http/exchange.hpp"
#include "http/refusal.hpp"

namespace filegate::http {

struct BlobResponseOptions {
  std::string content_type = "application/octet-stream";
  std::optional<std::string> attachment_filename;  // when set: Content-Disposition: attachment; filename...
  bool honor_range = true;
  std::vector<std::pair<std::string, std::string>> extra_headers;
  // A Range that cannot be satisfied is refused with this entry (and its Content-Range), in the route's envelope;
  // null: a bare 416.
  const ErrorEntry* range_refusal = nullptr;
};

awaitable<void> send_blob(Exchange& exchange, const core::BlobReader& blob, const BlobResponseOptions& options);

// `attachment; filename="<name>"; filename*=UTF-8''<percent-encoded name>`: the quoted form for old parsers (ASCII
// only, '_' for any other character, a quote, a backslash or a control byte), the RFC 6266 form for everyone else
// (bytes that are not UTF-8 as U+FFFD). Only visible ASCII and spaces, whatever bytes a stored name holds.
std::string content_disposition(std::string_view type, std::string_view filename);

}  // namespace filegate::http
