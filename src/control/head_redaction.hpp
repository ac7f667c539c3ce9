#pragma once
// Request and response heads as the request journal keeps them: one "Name: value" line per field, with the values
// of credentials (Authorization, cookies, access tokens, signatures, secrets) replaced by "***", within a size bound.
#include <cstddef>
#include <string>
#include <string_view>

#include "http/beast.hpp"

namespace filegate::control {

// Whether a header's value is a secret: Authorization, Proxy-Authorization, Cookie and Set-Cookie, and every name
// that contains "token", "secret", "signature" or "password" (x-acs-dingtalk-access-token, X-Lark-Signature,
// x-cos-security-token …), in any case.
bool is_secret_header(std::string_view name);

// The value as kept: "***" for a secret, after its scheme when it has one ("Bearer ***", "OSS ***"); else as sent.
std::string redacted_header_value(std::string_view name, std::string_view value);

// The request's fields, one "Name: value\n" line each, redacted. At most `max_bytes`: the lines that do not fit are
// left out and "…\n" says so (lines are never cut, so a value is never cut inside a character).
std::string redacted_request_fields(const http::bhttp::fields& fields, std::size_t max_bytes);

// A serialised response head (status line and fields, CRLF-separated) the same way: its status line, then the fields.
std::string redacted_response_head(std::string_view head, std::size_t max_bytes);

}  // namespace filegate::control
