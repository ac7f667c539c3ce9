#pragma once
// Reads a multipart/form-data upload: small text fields into memory, the file part streamed into a staged blob.
// Parts may come in any order; nothing is committed here — the caller validates the fields, then commits or drops.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/store.hpp"
#include "http/exchange.hpp"

namespace filegate::http {

struct FormLimits {
  std::string file_field = "file";
  std::uint64_t max_file_bytes = 0;         // beyond it the file's bytes are dropped and file_too_large is set
  std::size_t max_field_bytes = 64 * 1024;  // per text field
  bool with_md5 = false;
  // Called as the file part begins, with the text fields read so far; it may throw (a Refusal) to refuse the request
  // before a byte of the file is written. For forms whose file comes last and whose fields sign it (COS POST Object).
  std::function<void(const std::map<std::string, std::string>& fields)> before_file;
};

struct FormUpload {
  std::map<std::string, std::string> fields;
  std::unique_ptr<core::StagedBlob> file;  // null when the form had no file part
  std::optional<std::string> file_name;    // the file part's filename parameter, if it had one
  std::string file_content_type;
  std::uint64_t file_size = 0;  // counted even when too large
  bool file_too_large = false;
  bool field_after_file = false;  // a text field followed the file part (COS wants the file last)
};

// The body is not multipart/form-data, or its framing is broken.
class FormError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

awaitable<FormUpload> read_form_upload(Exchange& exchange, core::Store& store, const FormLimits& limits);

// The same with the default limits and a file of at most `max_file_bytes`; a body that is not a well-formed form
// yields nullopt, for the caller to answer in its platform's terms.
awaitable<std::optional<FormUpload>> read_valid_form_upload(Exchange& exchange, core::Store& store,
                                                            std::uint64_t max_file_bytes);
// By value: a coroutine keeps its parameters, and a caller's temporary would not outlive it.
awaitable<std::optional<FormUpload>> read_valid_form_upload(Exchange& exchange, core::Store& store, FormLimits limits);

}  // namespace filegate::http
