#pragma once
// Whether a Host header may be copied into a URL handed back to clients.
#include <string_view>

namespace filegate::http {

// A plain `host[:port]`: a name or IPv4 address of letters, digits, '-', '.' and '_', or a bracketed IPv6 address
// of hex digits, ':' and '.'; then optionally ':' and 1 to 5 digits. Nothing else (no userinfo, path, spaces,
// control or non-ASCII bytes), so that a hostile Host cannot inject into the URLs built from it.
bool is_plain_host(std::string_view host);

}  // namespace filegate::http
