#pragma once
// Puts a response on the wire with as few syscalls and allocations as possible: the head is serialised by hand into
// a reused buffer, head and body leave in one gathered send, and the socket's timer is only armed when the kernel
// cannot take everything at once (a slow reader), which on the common path it can.
#include <chrono>
#include <string>
#include <string_view>

#include "http/beast.hpp"

namespace filegate::http {

struct ConnectionIo;

// The status line and header fields as HTTP/1.1 text, ending with the empty line. Appends to `out`.
void serialize_response_head(const bhttp::response_header<>& header, std::string& out);

// Waits until the socket can take more bytes; false when `timeout` passes first (the client stopped reading) or the
// socket fails.
awaitable<bool> wait_writable(tcp::socket& socket, std::chrono::steady_clock::duration timeout);

// Sends `head` then `body` (either may be empty). `more_follows` tells the kernel further bytes come at once (by
// sendfile), so it holds a partial segment back instead of sending the head on its own. False on any error.
awaitable<bool> write_response(ConnectionIo& io, std::string_view head, std::string_view body, bool more_follows);

}  // namespace filegate::http
