#include "http/exchange.hpp"

#include <sys/sendfile.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <vector>

#include "http/connection_io.hpp"
#include "http/envelope.hpp"
#include "http/response_writer.hpp"

namespace filegate::http {
namespace {

using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::as_tuple(use_awaitable);

BodyError::Kind classify(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return BodyError::Kind::too_large;
  if (ec == beast::error::timeout) return BodyError::Kind::timeout;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == asio::error::eof ||
      ec == asio::error::connection_reset) {
    return BodyError::Kind::disconnected;
  }
  return BodyError::Kind::malformed;
}

}  // namespace

Exchange::Exchange(ConnectionIo& io, const RequestHead& request, std::string log_id)
    : io_(io), request_(request), log_id_(std::move(log_id)), envelope_(&filegate_envelope()) {}

const std::string& Exchange::param(const std::string& name) const {
  static const std::string empty;
  auto it = params_.find(name);
  return it == params_.end() ? empty : it->second;
}

bool Exchange::body_finished() const { return io_.parser->is_done(); }

void Exchange::note_caller(std::string_view id) const {
  caller_ = id;
  if (fault_hook_ && fault_id_.empty()) take_fault(fault_hook_->on_caller(*this));  // one fault per request
}

void Exchange::take_fault(std::optional<InjectedFault> fault) const {
  if (!fault) return;
  note_fault(fault->rule_id);
  shape_response(fault->shaping);
  if (fault->kind != InjectedFault::Kind::shape) throw FaultTakesOver{std::move(*fault)};
}

awaitable<void> Exchange::send_continue_if_expected() {
  if (continue_sent_) co_return;
  continue_sent_ = true;
  if (!beast::iequals(request_.header(bhttp::field::expect), "100-continue")) co_return;
  static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
  io_.stream.expires_after(io_.limits.write_idle_timeout);
  auto [ec, n] = co_await asio::async_write(io_.stream, asio::buffer(interim), as_tuple_awaitable);
  if (ec) {
    reusable_ = false;
    throw BodyError(BodyError::Kind::disconnected, ec.message());
  }
}

awaitable<std::size_t> Exchange::read_some(std::span<std::byte> into) {
  auto& parser = *io_.parser;
  if (parser.is_done() || into.empty()) co_return 0;
  co_await send_continue_if_expected();
  // Beast sizes each socket read by the free space in the connection's buffer, which after a request head is about
  // a kilobyte: an upload would then cost a syscall and a timer re-arm per kilobyte. Give bodies room.
  constexpr std::size_t kBodyReadBuffer = 256 * 1024;
  if (io_.buffer.capacity() < kBodyReadBuffer) io_.buffer.reserve(kBodyReadBuffer);
  while (!parser.is_done()) {
    parser.get().body().data = into.data();
    parser.get().body().size = into.size();
    io_.stream.expires_after(io_.limits.body_idle_timeout);
    auto [ec, n] = co_await bhttp::async_read_some(io_.stream, io_.buffer, parser, as_tuple_awaitable);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) {
      reusable_ = false;
      throw BodyError(classify(ec), ec.message());
    }
    const std::size_t got = into.size() - parser.get().body().size;
    bytes_received_ += got;
    if (got > 0) co_return got;
  }
  co_return 0;
}

awaitable<std::size_t> Exchange::read_fill(std::span<std::byte> into) {
  std::size_t filled = 0;
  while (filled < into.size()) {
    const std::size_t n = co_await read_some(into.subspan(filled));
    if (n == 0) break;
    filled += n;
  }
  co_return filled;
}

awaitable<void> Exchange::read_into(core::StagedBlob& blob) {
  // Straight into the blob's own buffer: no copy between the socket and the hashing.
  for (;;) {
    const std::span<std::byte> room = blob.next_buffer();
    const std::size_t n = co_await read_some(room);
    if (n == 0) co_return;
    blob.commit(n);
  }
}

awaitable<std::string> Exchange::read_all(std::size_t max_bytes) {
  std::string body;
  std::vector<std::byte> chunk(16 * 1024);
  for (;;) {
    std::size_t n = co_await read_some(chunk);
    if (n == 0) break;
    if (body.size() + n > max_bytes) {
      reusable_ = false;
      throw BodyError(BodyError::Kind::too_large, "body larger than " + std::to_string(max_bytes) + " bytes");
    }
    body.append(reinterpret_cast<const char*>(chunk.data()), n);
  }
  co_return body;
}

awaitable<void> Exchange::discard_body() {
  if (body_refused_ || io_.parser->is_done()) co_return;  // the common case: no allocation on the hot path
  std::vector<std::byte> sink(64 * 1024);
  while (co_await read_some(sink) > 0) {
  }
}

template <typename Header>
void Exchange::decorate(Header& header) {
  header.set(bhttp::field::server, "filegate");
  envelope_->decorate(header, log_id_);
}

// The serialised head of the response being sent, reused by every exchange of this thread so that a response
// costs no allocation for it. Only valid until the sending coroutine first suspends (write_response copies).
static std::string& head_buffer() {
  thread_local std::string buffer;
  buffer.clear();
  return buffer;
}

awaitable<void> Exchange::start_response() {
  if (responded_) throw std::logic_error("a response was already sent");
  responded_ = true;
  try {
    co_await discard_body();
  } catch (const BodyError&) {
    reusable_ = false;  // the rest of the body cannot be skipped: answer, then close
  }
}

awaitable<void> Exchange::respond(StringResponse response) {
  co_await start_response();
  decorate(response);
  response.keep_alive(request_.keep_alive() && reusable_);
  response.prepare_payload();
  status_ = response.result_int();
  std::string& head = head_buffer();
  serialize_response_head(response.base(), head);
  io_.response_head.assign(head);
  const std::string_view body = request_.method() == bhttp::verb::head ? std::string_view() : response.body();
  if (shaping_.delay.count() > 0 || shaping_.paces_body()) {
    // The head is copied: head_buffer() is only valid until this coroutine first suspends.
    const std::string own_head = head;
    // Named: no temporary with a destructor inside a co_await (src/README.md).
    const ChunkSource chunk_at = [body](std::uint64_t offset, std::size_t n) { return body.substr(offset, n); };
    co_await send_shaped(own_head, body.size(), chunk_at);
    co_return;
  }
  if (!co_await write_response(io_, head, body, false)) reusable_ = false;
  bytes_sent_ += body.size();
}

awaitable<void> Exchange::send_shaped(std::string_view head, std::uint64_t length, const ChunkSource& chunk_at) {
  asio::steady_timer timer(io_.stream.get_executor());
  if (shaping_.delay.count() > 0) {
    timer.expires_after(shaping_.delay);
    co_await timer.async_wait(as_tuple_awaitable);
  }
  const std::uint64_t rate = shaping_.bytes_per_second;
  const std::uint64_t to_send = std::min(length, shaping_.truncate_after.value_or(length));
  // Paced in slices of a twentieth of a second's worth, so the rate holds over short bodies too.
  const std::size_t slice =
      rate > 0 ? static_cast<std::size_t>(std::clamp<std::uint64_t>(rate / 20, 1, 64 * 1024)) : 64 * 1024;
  bool ok = co_await write_response(io_, head, {}, to_send > 0);
  std::uint64_t sent = 0;
  while (ok && sent < to_send) {
    const std::string_view chunk =
        chunk_at(sent, static_cast<std::size_t>(std::min<std::uint64_t>(slice, to_send - sent)));
    if (chunk.empty()) break;
    ok = co_await write_response(io_, {}, chunk, false);
    if (!ok) break;
    sent += chunk.size();
    bytes_sent_ += chunk.size();
    // The pause paces the next slice: after the last one the response is complete, and waiting would only hold
    // the connection and the journal's entry back.
    if (rate > 0 && sent < to_send) {
      timer.expires_after(std::chrono::microseconds(chunk.size() * 1'000'000 / rate));
      co_await timer.async_wait(as_tuple_awaitable);
    }
  }
  if (!ok || sent < length) {
    reusable_ = false;
    cut_short_ = sent < length;
  }
}

// Reads a small body into memory so header and body leave in one write (one syscall, one TCP segment).
static std::string read_small_body(const core::BlobReader& blob, std::uint64_t offset, std::uint64_t length) {
  std::string body(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(blob.fd.get(), body.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("blob shorter than its recorded size");
    done += static_cast<std::size_t>(n);
  }
  return body;
}

awaitable<void> Exchange::respond_with_file(bhttp::response_header<> header, const core::BlobReader& blob,
                                            std::uint64_t offset, std::uint64_t length) {
  if (responded_) throw std::logic_error("a response was already sent");
  // Below this size copying the body next to the head costs less than a second syscall; above it the head goes out
  // with MSG_MORE and sendfile follows, so the two still share segments (what nginx does with tcp_nopush).
  constexpr std::uint64_t kInlineBodyLimit = 16 * 1024;
  if (length <= kInlineBodyLimit && request_.method() != bhttp::verb::head) {
    StringResponse response(std::move(header), read_small_body(blob, offset, length));
    co_await respond(std::move(response));
    co_return;
  }
  co_await start_response();
  bhttp::response<bhttp::empty_body> response(std::move(header));
  decorate(response);
  response.keep_alive(request_.keep_alive() && reusable_);
  response.content_length(length);
  status_ = response.result_int();
  std::string& head = head_buffer();
  serialize_response_head(response.base(), head);
  io_.response_head.assign(head);
  const bool body_follows = request_.method() != bhttp::verb::head && length > 0;
  if (shaping_.delay.count() > 0 || shaping_.paces_body()) {
    // Paced bytes go through user space in small slices: a fault's bandwidth is far below sendfile's.
    const std::string own_head = head;
    std::string scratch;
    const ChunkSource chunk_at = [&](std::uint64_t at, std::size_t n) {
      scratch = read_small_body(blob, offset + at, n);
      return std::string_view(scratch);
    };
    co_await send_shaped(own_head, body_follows ? length : 0, chunk_at);
    co_return;
  }
  if (!co_await write_response(io_, head, {}, body_follows)) {
    reusable_ = false;
    co_return;
  }
  if (!body_follows) co_return;

  // The bytes go from the page cache to the socket without passing through user space.
  auto& socket = io_.stream.socket();
  if (!socket.native_non_blocking()) socket.native_non_blocking(true);  // sendfile has no MSG_DONTWAIT
  off_t position = static_cast<off_t>(offset);
  std::uint64_t remaining = length;
  while (remaining > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, 1u << 30));
    const ssize_t sent = ::sendfile(socket.native_handle(), blob.fd.get(), &position, want);
    if (sent > 0) {
      remaining -= static_cast<std::uint64_t>(sent);
      bytes_sent_ += static_cast<std::uint64_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (co_await wait_writable(socket, io_.limits.write_idle_timeout)) continue;
      break;  // the client stopped reading
    }
    break;  // error, or the blob is shorter than promised: the response cannot be completed
  }
  if (remaining > 0) reusable_ = false;
}

awaitable<bool> Exchange::begin_stream(bhttp::response_header<> header) {
  co_await start_response();
  streaming_ = true;
  // A stream ends when its client or the server goes away, so the connection is not kept for another request; the
  // chunking still tells the client where the response ends when the server ends it.
  reusable_ = false;
  bhttp::response<bhttp::empty_body> response(std::move(header));
  decorate(response);
  response.keep_alive(false);
  response.chunked(true);
  status_ = response.result_int();
  std::string& head = head_buffer();
  serialize_response_head(response.base(), head);
  io_.response_head.assign(head);
  if (!co_await write_response(io_, head, {}, false)) streaming_ = false;
  co_return streaming_;
}

awaitable<bool> Exchange::write_chunk(std::string_view data) {
  if (!streaming_) co_return false;
  if (data.empty()) co_return true;  // an empty chunk would end the stream
  // One write per chunk: its size line, the data and the CRLF that closes it, copied together (events are small).
  char size[16];
  const auto size_end = std::to_chars(size, size + sizeof size, data.size(), 16).ptr;
  std::string chunk;
  chunk.reserve(data.size() + sizeof size + 4);
  chunk.append(size, size_end).append("\r\n").append(data).append("\r\n");
  if (!co_await write_response(io_, chunk, {}, false)) {
    streaming_ = false;
    co_return false;
  }
  bytes_sent_ += data.size();
  co_return true;
}

awaitable<bool> Exchange::end_stream() {
  if (!streaming_) co_return false;
  streaming_ = false;
  static constexpr std::string_view kLastChunk = "0\r\n\r\n";
  co_return co_await write_response(io_, kLastChunk, {}, false);
}

}  // namespace filegate::http
