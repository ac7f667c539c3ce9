#include "http/blob_response.hpp"

#include "http/range.hpp"

namespace filegate::http {

std::string content_disposition(std::string_view type, std::string_view filename) {
  std::string quoted;
  for (char c : filename) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;  // never let a name break the header
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return std::string(type) + "; filename=\"" + quoted + "\"; filename*=UTF-8''" + percent_encode_utf8(filename);
}

awaitable<void> send_blob(Exchange& exchange, const core::BlobReader& blob, const BlobResponseOptions& options) {
  const std::uint64_t size = blob.size;
  const std::string_view range_header = options.honor_range ? exchange.request().header(bhttp::field::range) : "";
  const RangeDecision decision = decide_range(range_header, size);

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

}  // namespace filegate::http
