#include "http/blob_response.hpp"

#include "core/text.hpp"
#include "http/blocking_work.hpp"
#include "http/range.hpp"

namespace filegate::http {

namespace {

// The quoted `filename="…"` is for recipients that do not read filename*: RFC 6266 appendix D asks it to be plain
// ASCII without '\' (not every agent unescapes a quoted-pair), so every character that cannot appear as itself
// (non-ASCII, a control byte, '"' or '\') becomes one '_'. `name` is well-formed UTF-8, so a byte from 0x80 to 0xBF
// continues a character that already became '_'.
std::string ascii_filename(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 && byte <= 0xBF) continue;
    const bool as_itself = byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\';
    out.push_back(as_itself ? c : '_');
  }
  return out;
}

}  // namespace

std::string content_disposition(std::string_view type, std::string_view filename) {
  // filename* declares UTF-8 (RFC 8187 §3.2.1), so its percent-decoded octets must be UTF-8: a stored name's stray
  // bytes become U+FFFD rather than being percent-encoded as they are, which a recipient could not decode (JavaScript's
  // decodeURIComponent throws on "%FF") and would lose the whole name for one bad byte.
  const std::string name = core::text::well_formed_utf8(filename);
  return std::string(type) + "; filename=\"" + ascii_filename(name) + "\"; filename*=UTF-8''" +
         percent_encode_utf8(name);
}

awaitable<void> send_blob(Exchange& exchange, const core::BlobReader& blob, const BlobResponseOptions& options) {
  const std::uint64_t size = blob.size;
  const std::string_view range_header = options.honor_range ? exchange.request().header(bhttp::field::range) : "";
  const RangeDecision decision = decide_range(range_header, size);

  if (decision.kind == RangeKind::unsatisfiable && options.range_refusal) {
    Refusal refusal(*options.range_refusal);
    refusal.with_header("Content-Range", unsatisfied_range_value(size));
    throw refusal;
  }
  if (decision.kind == RangeKind::unsatisfiable) {
    Exchange::StringResponse res{bhttp::status::range_not_satisfiable, 11};
    res.set(bhttp::field::content_range, unsatisfied_range_value(size));
    res.set(bhttp::field::accept_ranges, "bytes");
    for (const auto& [name, value] : options.extra_headers) res.set(name, value);
    co_await exchange.respond(std::move(res));
    co_return;
  }

  bhttp::response_header<> header;
  header.version(11);
  header.set(bhttp::field::content_type, options.content_type);
  if (options.honor_range) header.set(bhttp::field::accept_ranges, "bytes");
  if (options.attachment_filename) {
    header.set(bhttp::field::content_disposition, content_disposition("attachment", *options.attachment_filename));
  }
  for (const auto& [name, value] : options.extra_headers) header.set(name, value);

  if (decision.kind == RangeKind::partial) {
    header.result(bhttp::status::partial_content);
    header.set(bhttp::field::content_range, content_range_value(decision.range, size));
    co_await exchange.respond_with_file(std::move(header), blob, decision.range.first, decision.range.length());
  } else {
    header.result(bhttp::status::ok);
    co_await exchange.respond_with_file(std::move(header), blob, 0, size);
  }
}

awaitable<core::BlobReader> open_blob(const core::Store& store, const core::ObjectRecord& object) {
  if (std::optional<core::BlobReader> at_hand = store.open_if_at_hand(object)) co_return std::move(*at_hand);
  co_return co_await run_blocking([&] { return store.open(object); });
}

std::optional<std::string> presigned_download_url(core::Store& store, std::string_view object_id,
                                                  std::int64_t expires_s, bool attachment) {
  if (!store.blobs().presigns_downloads()) return std::nullopt;
  const auto object = store.metadata().object(object_id);
  if (!object) return std::nullopt;
  const std::string_view type = object->content_type.empty() ? std::string_view("application/octet-stream")
                                                             : std::string_view(object->content_type);
  return store.blobs().presigned_url(object->digests.sha256_hex, expires_s, type,
                                     attachment ? content_disposition("attachment", object->name) : "");
}

}  // namespace filegate::http
