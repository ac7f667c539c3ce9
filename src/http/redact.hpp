#pragma once
// Secrets never reach a log: a request target is logged only after the values of credential and signature query
// parameters have been replaced by "***".
#include <span>
#include <string>
#include <string_view>

namespace filegate::http {

// The query parameters whose values are secrets (compared case-insensitively, after percent-decoding the name):
// tokens and secrets the platforms accept in the query, and the signatures of signed URLs, COS/OSS style and
// filegate's own (`?expires=…&signature=…`, `?q-expires=…&q-signature=…`).
std::span<const std::string_view> secret_query_parameters();

// `target` with the value of every secret query parameter replaced by "***"; the rest byte for byte.
std::string redact_target(std::string_view target);

}  // namespace filegate::http
