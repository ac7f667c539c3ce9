#pragma once
// The parts of a request known before its body is read: method, path, query and headers. A view: the target and the
// header fields stay in the parser's message, which outlives the request's handling, so nothing is copied per request.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/beast.hpp"

namespace filegate::http {

class RequestHead {
 public:
  // `target` and `fields` must outlive this object.
  RequestHead(bhttp::verb method, std::string_view method_string, std::string_view target, const bhttp::fields& fields,
              bool keep_alive);
  RequestHead(const RequestHead&) = delete;  // path_ may point into collapsed_path_
  RequestHead& operator=(const RequestHead&) = delete;

  bhttp::verb method() const { return method_; }
  std::string_view method_string() const { return method_string_; }
  std::string_view target() const { return target_; }
  // The path as sent (still percent-encoded), with runs of '/' collapsed: SDKs given a base URL ending in '/'
  // produce "//open-apis/...", which the real platforms accept.
  std::string_view path() const { return path_; }
  std::string_view raw_query() const { return query_; }

  // Percent-decoded value of the first `name=` query parameter; a bare `name` yields "".
  std::optional<std::string> query(std::string_view name) const;
  // Every value of a repeated parameter (`?a=1&a=2`), decoded, in order.
  std::vector<std::string> query_all(std::string_view name) const;
  bool has_query(std::string_view name) const { return query(name).has_value(); }

  std::string_view header(std::string_view name) const;
  std::string_view header(bhttp::field name) const;
  const bhttp::fields& headers() const { return *fields_; }
  bool keep_alive() const { return keep_alive_; }

 private:
  bhttp::verb method_;
  std::string_view method_string_;
  std::string_view target_;
  std::string collapsed_path_;  // only used when the path had repeated slashes
  std::string_view path_;
  std::string_view query_;
  const bhttp::fields* fields_;
  bool keep_alive_;
};

// Calls f(name, value, has_equals) for each non-empty `name[=value]` pair of a query string, undecoded, until f
// returns false.
template <typename F>
void for_each_query_pair(std::string_view query, F&& f) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      if (!f(pair, std::string_view(), false)) return;
    } else {
      if (!f(pair.substr(0, eq), pair.substr(eq + 1), true)) return;
    }
  }
}

// Decodes %XX escapes (and nothing else: '+' stays '+', as in paths). nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view in);
// Decodes a query component, where '+' also means space.
std::optional<std::string> query_decode(std::string_view in);
std::string percent_encode_utf8(std::string_view in);  // RFC 5987 attr-char safe encoding

}  // namespace filegate::http
