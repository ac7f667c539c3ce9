#include "http/multipart.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace filegate::http {
namespace {

namespace text = core::text;

// RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
constexpr std::size_t kMaxBoundaryLength = 70;

bool is_ows(char c) { return c == ' ' || c == '\t'; }

// Control characters (other than HTAB) are never legitimate inside header values; rejecting them keeps NUL, CR and
// LF out of field names and filenames that the rest of the server may use in paths or log lines.
bool is_ctl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view take_token(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_tchar(s[i])) ++i;
  return s.substr(start, i - start);
}

// RFC 9110 §5.6.4 quoted-string, starting at the opening quote. Bytes >= 0x80 (raw UTF-8) are kept as they are.
std::optional<std::string> take_quoted_string(std::string_view s, std::size_t& i) {
  std::string out;
  ++i;  // opening quote
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') return out;
    if (c == '\\') {
      if (i == s.size()) break;
      c = s[i++];
    }
    if (is_ctl(c)) return std::nullopt;
    out.push_back(c);
  }
  return std::nullopt;  // unterminated
}

struct Parameter {
  std::string name;  // lower-cased
  std::string value;
};

// Parses `*( OWS ";" OWS [ name "=" value ] )` (RFC 9110 §5.6.6), i.e. everything after a media type or a disposition
// type. Whitespace around '=' is tolerated. A repeated parameter name is rejected: RFC 6266 §4.1 calls such values
// invalid, and picking one of them silently could let two components disagree about a field name or filename.
std::optional<std::vector<Parameter>> parse_parameters(std::string_view s) {
  std::vector<Parameter> params;
  std::size_t i = 0;
  const auto skip_ows = [&] {
    while (i < s.size() && is_ows(s[i])) ++i;
  };
  while (true) {
    skip_ows();
    if (i == s.size()) return params;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_ows();
    if (i == s.size() || s[i] == ';') continue;  // empty list element

    Parameter p;
    const std::string_view name = take_token(s, i);
    if (name.empty()) return std::nullopt;
    for (char c : name) p.name.push_back(to_lower(c));
    skip_ows();
    if (i == s.size() || s[i] != '=') return std::nullopt;
    ++i;
    skip_ows();
    if (i < s.size() && s[i] == '"') {
      auto quoted = take_quoted_string(s, i);
      if (!quoted) return std::nullopt;
      p.value = std::move(*quoted);
    } else {
      const std::string_view token = take_token(s, i);
      if (token.empty()) return std::nullopt;
      p.value = token;
    }
    for (const Parameter& seen : params) {
      if (seen.name == p.name) return std::nullopt;
    }
    params.push_back(std::move(p));
  }
}

const std::string* find_parameter(const std::vector<Parameter>& params, std::string_view name) {
  for (const Parameter& p : params) {
    if (p.name == name) return &p.value;
  }
  return nullptr;
}

// RFC 8187 §3.2.1 ext-value: charset "'" [ language ] "'" value-chars. Only UTF-8 is supported; RFC 8187 makes it the
// one charset recipients must understand, and every client that sends filename* uses it.
std::optional<std::string> decode_ext_value(std::string_view v) {
  const std::size_t charset_end = v.find('\'');
  if (charset_end == std::string_view::npos || !text::iequals(v.substr(0, charset_end), "utf-8")) return std::nullopt;
  const std::size_t language_end = v.find('\'', charset_end + 1);
  if (language_end == std::string_view::npos) return std::nullopt;

  std::string out;
  for (std::size_t i = language_end + 1; i < v.size(); ++i) {
    char c = v[i];
    if (c == '%') {
      if (i + 2 >= v.size()) return std::nullopt;
      const auto byte = text::from_hex(v.substr(i + 1, 2));
      if (!byte) return std::nullopt;
      c = byte->front();
      i += 2;
      // Same rule as for quoted strings: no control characters, however they are spelled.
      if (is_ctl(c)) return std::nullopt;
    } else if (!is_tchar(c) || c == '*' || c == '\'' || c == '%') {
      return std::nullopt;  // not an attr-char (which is tchar minus these three)
    }
    out.push_back(c);
  }
  return out;
}

// Parses a Content-Disposition value into `out`. Returns an error message, or an empty string on success.
std::string parse_content_disposition(std::string_view value, PartHeaders& out) {
  std::size_t i = 0;
  if (!text::iequals(take_token(value, i), "form-data")) return "part is not form-data";
  const auto params = parse_parameters(value.substr(i));
  if (!params) return "malformed Content-Disposition header";

  const std::string* name = find_parameter(*params, "name");
  if (name == nullptr) return "part has no name";
  out.name = *name;

  // RFC 6266 §4.3: filename* carries the exact (non-ASCII-safe) name and wins over the plain fallback.
  if (const std::string* ext = find_parameter(*params, "filename*")) {
    auto decoded = decode_ext_value(*ext);
    if (!decoded) return "malformed filename* parameter";
    out.filename = std::move(*decoded);
  } else if (const std::string* filename = find_parameter(*params, "filename")) {
    out.filename = *filename;
  }
  return {};
}

// Parses a complete header block (ending with the empty line). Returns an error message, or empty on success.
std::string parse_part_headers(std::string_view block, PartHeaders& out) {
  bool have_disposition = false;
  bool have_content_type = false;
  while (true) {
    // The block always ends with CRLF CRLF (or is just CRLF), so every line, including the final empty one, is
    // terminated and find() cannot fail.
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol + 2);
    if (line.empty()) break;

    // A bare CR or LF would be a line break some other component might honour; obs-fold continuation lines
    // (leading whitespace) are rejected as RFC 9110 §5.5 allows, because no real client sends them here.
    if (line.find_first_of("\r\n") != std::string_view::npos) return "malformed part header";
    std::size_t i = 0;
    const std::string_view name = take_token(line, i);
    if (name.empty() || i == line.size() || line[i] != ':') return "malformed part header";
    const std::string_view value = text::trim_ows(line.substr(i + 1));

    if (text::iequals(name, "content-disposition")) {
      if (have_disposition) return "duplicate Content-Disposition header";
      have_disposition = true;
      if (std::string error = parse_content_disposition(value, out); !error.empty()) return error;
    } else if (text::iequals(name, "content-type")) {
      if (have_content_type) return "duplicate Content-Type header";
      have_content_type = true;
      for (char c : value) {
        if (is_ctl(c)) return "malformed part header";
      }
      out.content_type = value;
    }
    // Other headers (e.g. the deprecated Content-Transfer-Encoding) carry nothing we act on.
  }
  if (!have_disposition) return "part has no Content-Disposition header";
  return {};
}

}  // namespace

MultipartParser::MultipartParser(const std::string& boundary, Callbacks callbacks, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary), callbacks_(std::move(callbacks)), limits_(limits) {
  // The scanner below relies on CR occurring in the delimiter only at its first position.
  if (boundary.empty() || boundary.size() > kMaxBoundaryLength || boundary.find_first_of("\r\n") != std::string::npos) {
    fail("invalid multipart boundary");
    return;
  }
  // RFC 2046 §5.1.1: the CRLF before a boundary belongs to the delimiter, but the first boundary may open the body
  // with no CRLF in front. Pretending the body is preceded by CRLF lets a single matcher handle both cases; it is
  // safe because preamble bytes are never emitted.
  matched_ = 2;
}

void MultipartParser::feed(std::string_view chunk) {
  while (!chunk.empty() && state_ != State::done && state_ != State::failed) {
    std::size_t used = 1;
    switch (state_) {
      case State::preamble:
      case State::body:
        used = scan_for_delimiter(chunk);
        break;
      case State::headers:
        used = consume_headers(chunk);
        break;
      default:
        step_after_delimiter(chunk.front());
        break;
    }
    chunk.remove_prefix(used);
  }
}

void MultipartParser::finish() {
  if (state_ == State::done || state_ == State::failed) return;
  fail(state_ == State::preamble ? "no multipart boundary found in body" : "truncated body");
}

bool MultipartParser::done() const { return state_ == State::done; }
bool MultipartParser::failed() const { return state_ == State::failed; }
const std::string& MultipartParser::error() const { return error_; }

// Consumes bytes up to and including the next complete delimiter (or all of `in`), passing body bytes on when in the
// body state. Returns the number of bytes consumed.
std::size_t MultipartParser::scan_for_delimiter(std::string_view in) {
  // Bytes withheld by earlier calls; they are delimiter_[0, carried).
  const std::size_t carried = matched_;
  bool found = false;
  std::size_t i = 0;
  while (i < in.size()) {
    if (matched_ == 0) {
      // A delimiter can only start at a CR, so jump straight to the next one instead of looking at every byte.
      const std::size_t cr = in.find('\r', i);
      if (cr == std::string_view::npos) {
        i = in.size();
        break;
      }
      i = cr;
    }
    const char c = in[i++];
    if (c == delimiter_[matched_]) {
      ++matched_;
    } else {
      // The boundary contains no CR, so a failed partial match cannot hide the start of another one inside the
      // withheld bytes (no KMP fallback needed): the only possible restart is the current byte itself.
      matched_ = (c == '\r') ? 1 : 0;
    }
    if (matched_ == delimiter_.size()) {
      found = true;
      break;
    }
  }

  if (state_ == State::body) {
    // Everything before the (possibly now empty) withheld tail is part data. Positions are relative to `in`; the
    // carried bytes occupy [-carried, 0). Since the withheld region only ever moves forward, data_end >= -carried.
    const auto data_end = static_cast<std::ptrdiff_t>(i) - static_cast<std::ptrdiff_t>(matched_);
    const auto carried_released = static_cast<std::ptrdiff_t>(carried) + std::min<std::ptrdiff_t>(data_end, 0);
    emit_data(std::string_view(delimiter_).substr(0, static_cast<std::size_t>(carried_released)));
    if (data_end > 0) emit_data(in.substr(0, static_cast<std::size_t>(data_end)));
  }

  if (found) {
    matched_ = 0;
    if (state_ == State::body && callbacks_.on_part_end) callbacks_.on_part_end();
    state_ = State::after_delimiter;
  }
  return i;
}

// RFC 2046 §5.1.1: a delimiter is followed either by "--" (close delimiter) or by optional transport padding
// (linear whitespace) and CRLF.
void MultipartParser::step_after_delimiter(char c) {
  switch (state_) {
    case State::after_delimiter:
      if (c == '-') {
        state_ = State::close_dash;
        return;
      }
      [[fallthrough]];
    case State::padding:
      if (c == ' ' || c == '\t') {
        state_ = State::padding;
      } else if (c == '\r') {
        state_ = State::delimiter_lf;
      } else {
        fail("malformed multipart boundary line");
      }
      return;
    case State::delimiter_lf:
      if (c != '\n') {
        fail("malformed multipart boundary line");
      } else if (parts_ == limits_.max_parts) {
        fail("too many parts");
      } else {
        header_block_.clear();
        state_ = State::headers;
      }
      return;
    case State::close_dash:
      if (c == '-') {
        state_ = State::done;
      } else {
        fail("malformed multipart boundary line");
      }
      return;
    default:
      return;  // unreachable: feed() only dispatches the states above here
  }
}

// Accumulates the header block up to its terminating empty line, then starts the part. Returns bytes consumed.
std::size_t MultipartParser::consume_headers(std::string_view in) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    header_block_.push_back(in[i]);
    if (header_block_.size() > limits_.max_part_header_bytes) {
      fail("part headers too large");
      return i + 1;
    }
    const std::string_view block = header_block_;
    if (block == "\r\n" || block.ends_with("\r\n\r\n")) {
      PartHeaders headers;
      if (std::string error = parse_part_headers(block, headers); !error.empty()) {
        fail(std::move(error));
      } else {
        ++parts_;
        state_ = State::body;
        if (callbacks_.on_part_begin) callbacks_.on_part_begin(headers);
      }
      return i + 1;
    }
  }
  return in.size();
}

void MultipartParser::emit_data(std::string_view data) {
  if (!data.empty() && callbacks_.on_part_data) callbacks_.on_part_data(data);
}

void MultipartParser::fail(std::string reason) {
  state_ = State::failed;
  error_ = std::move(reason);
}

std::optional<std::string> boundary_from_content_type(std::string_view content_type) {
  const std::string_view s = text::trim_ows(content_type);
  // type "/" subtype, both tokens (RFC 9110 §8.3.1).
  std::size_t i = 0;
  take_token(s, i);
  if (i < s.size() && s[i] == '/') {
    ++i;
    take_token(s, i);
  }
  if (!text::iequals(s.substr(0, i), "multipart/form-data")) return std::nullopt;

  const auto params = parse_parameters(s.substr(i));
  if (!params) return std::nullopt;
  const std::string* boundary = find_parameter(*params, "boundary");
  if (boundary == nullptr || boundary->empty() || boundary->size() > kMaxBoundaryLength) return std::nullopt;
  return *boundary;
}

}  // namespace filegate::http
