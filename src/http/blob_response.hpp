#pragma once
// Serving stored bytes: Range (206 / 416), Content-Type, Content-Disposition and Accept-Ranges, body by sendfile.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/blob_store.hpp"
#include "core/store.hpp"
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

// The object's bytes, opened without stalling the event loop: at once when the blob store has them at hand (a local
// file, a cached copy), on the blocking pool when they must be fetched first (an S3 store's cache miss). Throws as
// core::Store::open does.
awaitable<core::BlobReader> open_blob(const core::Store& store, const core::ObjectRecord& object);

// For downloads the platform itself redirects to object storage: a URL of the object's bytes in the blob store,
// valid until `expires_s`, served with the object's type (and as an attachment under its name when asked), when the
// store hands such URLs out (core::BlobStore::presigned_url); nothing when filegate serves the bytes itself (without
// looking the object up) or the object is gone.
std::optional<std::string> presigned_download_url(core::Store& store, std::string_view object_id,
                                                  std::int64_t expires_s, bool attachment);

// `attachment; filename="<name>"; filename*=UTF-8''<percent-encoded name>`: the quoted form for old parsers (ASCII
// only, '_' for any other character, a quote, a backslash or a control byte), the RFC 6266 form for everyone else
// (bytes that are not UTF-8 as U+FFFD). Only visible ASCII and spaces, whatever bytes a stored name holds.
std::string content_disposition(std::string_view type, std::string_view filename);

}  // namespace filegate::http
