#pragma once
// Serving stored bytes: Range (206 / 416), Content-Type, Content-Disposition and Accept-Ranges, body by sendfile.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/blob_store.hpp"
#include "http/exchange.hpp"

namespace filegate::http {

struct BlobResponseOptions {
  std::string content_type = "application/octet-stream";
  std::optional<std::string> attachment_filename;  // when set: Content-Disposition: attachment; filename...
  bool honor_range = true;
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

awaitable<void> send_blob(Exchange& exchange, const core::BlobReader& blob, const BlobResponseOptions& options);

// `attachment; filename="<name>"; filename*=UTF-8''<percent-encoded name>`: the quoted form for old parsers
// (quotes and backslashes escaped, control bytes dropped), the RFC 6266 form for everyone else.
std::string content_disposition(std::string_view type, std::string_view filename);

}  // namespace filegate::http
