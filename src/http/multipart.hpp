#pragma once
// Streaming multipart/form-data parser (RFC 7578 on top of RFC 2046 framing).
//
// The parser is push-based so that an upload of any size can be written straight to its destination as the request
// body arrives: part bodies are handed to the caller as slices of the fed chunks and are never accumulated. The only
// state carried between feed() calls is the number of bytes that might be the start of the next delimiter (at most
// the delimiter length) and, while inside a part's header block, the header bytes (bounded by
// MultipartLimits::max_part_header_bytes).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace filegate::http {

struct PartHeaders {
  std::string name;                     // form field name
  std::optional<std::string> filename;  // present only if the part had a filename (it may be present but empty)
  std::string content_type;             // empty if absent
};

struct MultipartLimits {
  std::size_t max_part_header_bytes = 16 * 1024;  // per part, including the blank line ending the header block
  std::size_t max_parts = 64;
};

class MultipartParser {
 public:
  // Every callback is optional. After a failure no further callbacks are made, so a part that received
  // on_part_begin but no on_part_end is incomplete and must be discarded by the caller.
  struct Callbacks {
    std::function<void(const PartHeaders&)> on_part_begin;
    std::function<void(std::string_view)> on_part_data;  // may be called many times per part, never with data of
                                                         // another part, never with an empty view
    std::function<void()> on_part_end;
  };

  // `boundary` is the value of the Content-Type boundary parameter (without the leading "--"). A boundary that is
  // empty, longer than 70 characters or contains CR/LF makes the parser failed() from the start.
  MultipartParser(const std::string& boundary, Callbacks callbacks, MultipartLimits limits = {});

  void feed(std::string_view chunk);  // no-op once failed() or done()
  void finish();                      // end of body: if the close delimiter was not seen, becomes failed
  bool done() const;                  // close delimiter seen; anything after it (the epilogue) is ignored
  bool failed() const;
  const std::string& error() const;  // human-readable reason when failed()

 private:
  enum class State {
    preamble,         // before the first delimiter; bytes are discarded
    after_delimiter,  // just matched a delimiter: expect "--", transport padding or CRLF
    padding,          // inside transport padding (spaces/tabs) after a delimiter
    delimiter_lf,     // saw CR after a delimiter, expect LF
    close_dash,       // saw the first '-' of a close delimiter
    headers,          // accumulating a part's header block
    body,             // streaming a part's body
    done,
    failed,
  };

  std::size_t scan_for_delimiter(std::string_view in);
  void step_after_delimiter(char c);
  std::size_t consume_headers(std::string_view in);
  void emit_data(std::string_view data);
  void fail(std::string reason);

  std::string delimiter_;  // CRLF "--" boundary: how a delimiter looks inside the body
  Callbacks callbacks_;
  MultipartLimits limits_;
  State state_ = State::preamble;
  // How many bytes at the end of the input seen so far match a prefix of delimiter_. Those bytes are withheld from
  // on_part_data until we know whether they start a delimiter; since they equal delimiter_[0, matched_), they need
  // no buffer of their own.
  std::size_t matched_ = 0;
  std::string header_block_;
  std::size_t parts_ = 0;
  std::string error_;
};

// Extracts the boundary parameter of a multipart/form-data Content-Type (quoted or not, case-insensitive type and
// parameter name). nullopt if the type is not multipart/form-data or the boundary is missing/empty/longer than 70.
std::optional<std::string> boundary_from_content_type(std::string_view content_type);

}  // namespace filegate::http
