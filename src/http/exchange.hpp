#pragma once
// One request and its response, as a handler sees it. The body is pulled by the handler (so uploads stream to disk
// at the pace the handler writes), and whatever the handler leaves unread is drained before the response goes out,
// which keeps keep-alive framing intact (the Lark SDK sends "{}" with every GET) and lets a client that is still
// sending read an early error instead of a reset.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string>

#include "core/blob_store.hpp"
#include "http/beast.hpp"
#include "http/fault_hook.hpp"
#include "http/request_head.hpp"

namespace filegate::http {

// Why a request body could not be read. Handlers map it to their platform's error, or let it propagate.
class BodyError : public std::runtime_error {
 public:
  enum class Kind { too_large, malformed, timeout, disconnected };
  BodyError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct ConnectionIo;  // the session's stream, buffer and parser; defined by the server
class Envelope;

class Exchange {
 public:
  using StringResponse = bhttp::response<bhttp::string_body>;

  Exchange(ConnectionIo& io, const RequestHead& request, std::string log_id);

  const RequestHead& request() const { return request_; }
  const std::string& log_id() const { return log_id_; }

  // Who answers this request (set by the server from the route match): the surface's envelope, which adds its
  // request-id headers to every response, and the route's endpoint name ("" when no route matched).
  void set_route(const Envelope& envelope, std::string_view endpoint) {
    envelope_ = &envelope;
    endpoint_ = endpoint;
  }
  const Envelope& envelope() const { return *envelope_; }
  std::string_view endpoint() const { return endpoint_; }

  // Route parameters (":name" segments), still percent-encoded as sent.
  const std::string& param(const std::string& name) const;
  void set_params(std::map<std::string, std::string> params) { params_ = std::move(params); }
  const std::map<std::string, std::string>& params() const { return params_; }

  // Reads the next bytes of the request body into `into`; 0 means the body has ended. Throws BodyError.
  awaitable<std::size_t> read_some(std::span<std::byte> into);
  // Reads until `into` is full or the body has ended; returns the count (less than into.size() only at the end).
  // Uploads use it so that the store gets large chunks to hash and write, not one socket read's worth at a time.
  awaitable<std::size_t> read_fill(std::span<std::byte> into);
  // Streams the rest of the body into a staged blob. Throws BodyError.
  awaitable<void> read_into(core::StagedBlob& blob);
  // Reads a whole small body (JSON) into memory; over `max_bytes` throws BodyError(too_large).
  awaitable<std::string> read_all(std::size_t max_bytes);
  // Reads and drops the rest of the body.
  awaitable<void> discard_body();
  bool body_finished() const;
  // The body will not be read at all (it is over a limit): the response goes out at once and the connection closes.
  void refuse_body() {
    body_refused_ = true;
    reusable_ = false;
  }
  bool body_refused() const { return body_refused_; }
  // The connection closes once the response is out, and the response says so (Connection: close): a client that
  // reused it for its next request would otherwise see that request fail.
  void close_after_response() { reusable_ = false; }

  // Sends a complete response. Adds the envelope's per-request headers (its request id) and keep-alive.
  awaitable<void> respond(StringResponse response);
  // Sends `length` bytes of `blob` from `offset` with the given status and headers, by sendfile.
  // For HEAD requests only the header is sent.
  awaitable<void> respond_with_file(bhttp::response_header<> header, const core::BlobReader& blob, std::uint64_t offset,
                                    std::uint64_t length);

  // A response of unknown length (server-sent events), in HTTP/1.1 chunked transfer coding: begin_stream sends the
  // head, each write_chunk one chunk (an empty `data` sends nothing), end_stream the last chunk. Each returns false
  // once the client is gone (a write failed, or it read nothing for the write timeout); the stream is then over. The
  // connection closes after a stream (Connection: close). Streams are for GET: the head is sent whatever the method.
  awaitable<bool> begin_stream(bhttp::response_header<> header);
  awaitable<bool> write_chunk(std::string_view data);
  awaitable<bool> end_stream();

  // Notes for the request's record (the access log): who the dialect authenticated (an app id, library id, token
  // id), and the platform code of the error envelope that answered. Noting changes nothing the client sees, hence
  // const: the dialects authenticate from a const Exchange.
  // Learning the caller also consults the fault hook's caller rules: a fault that takes over the request is thrown
  // from here as FaultTakesOver, before the handler acts on the caller's behalf.
  void note_caller(std::string_view id) const;
  const std::string& caller() const { return caller_; }
  // `code` must outlive the exchange: a catalog entry's code.
  void note_platform_code(std::string_view code) { platform_code_ = code; }
  std::string_view platform_code() const { return platform_code_; }
  // The id of the fault rule that shaped this request's answer ("" when none fired): for the request journal.
  void note_fault(std::string id) const { fault_id_ = std::move(id); }
  const std::string& fault_id() const { return fault_id_; }

  // Faults (http/fault_hook.hpp): the hook the server consults for this request, and how its response goes out.
  void set_fault_hook(FaultHook* hook) { fault_hook_ = hook; }
  FaultHook* fault_hook() const { return fault_hook_; }
  // Notes a fault the hook decided on and shapes the response by it; throws FaultTakesOver unless it only shapes.
  // Const for the same reason as note_caller: a fault may fire where the dialect authenticates.
  void take_fault(std::optional<InjectedFault> fault) const;
  void shape_response(const ResponseShaping& shaping) const { shaping_ = shaping; }
  // A fault cut the response short (truncate_after): the connection must close at once, without draining.
  bool cut_short() const { return cut_short_; }

  bool responded() const { return responded_; }
  unsigned status() const { return status_; }
  std::uint64_t bytes_received() const { return bytes_received_; }
  std::uint64_t bytes_sent() const { return bytes_sent_; }
  // False when the connection cannot carry another request (unread body, error, client asked to close).
  bool reusable() const { return reusable_; }

 private:
  awaitable<void> send_continue_if_expected();
  // Marks the exchange answered and skips what is left of the request body (a body that cannot be skipped makes the
  // connection close after the response). Every way of answering starts here.
  awaitable<void> start_response();
  // The fault shaping's delay, then `head` and the `length` body bytes `chunk_at(offset, n)` yields, paced to the
  // shaping's bandwidth and cut at its truncate_after.
  using ChunkSource = std::function<std::string_view(std::uint64_t offset, std::size_t n)>;
  awaitable<void> send_shaped(std::string_view head, std::uint64_t length, const ChunkSource& chunk_at);
  template <typename Header>
  void decorate(Header& header);

  ConnectionIo& io_;
  const RequestHead& request_;
  std::string log_id_;
  const Envelope* envelope_;
  std::string_view endpoint_;
  std::map<std::string, std::string> params_;
  bool continue_sent_ = false;
  bool body_refused_ = false;
  bool responded_ = false;
  bool reusable_ = true;
  bool streaming_ = false;  // between begin_stream and end_stream
  unsigned status_ = 0;
  std::uint64_t bytes_received_ = 0;
  std::uint64_t bytes_sent_ = 0;
  mutable std::string caller_;
  std::string_view platform_code_;
  mutable std::string fault_id_;
  FaultHook* fault_hook_ = nullptr;
  mutable ResponseShaping shaping_;
  bool cut_short_ = false;
};

}  // namespace filegate::http
