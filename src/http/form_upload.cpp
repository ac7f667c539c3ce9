#include "http/form_upload.hpp"

#include <vector>

#include "http/multipart.hpp"

namespace filegate::http {
namespace {

// Routes the parser's callbacks into a FormUpload. A class of its own, out of the coroutine (src/README.md, rule 1).
class FormCollector {
 public:
  FormCollector(const std::string& boundary, core::Store& store, const FormLimits& limits)
      : store_(store),
        limits_(limits),
        parser_(boundary, MultipartParser::Callbacks{
                              [this](const PartHeaders& part) { begin_part(part); },
                              [this](std::string_view data) { part_data(data); },
                              [this] { end_part(); },
                          }) {}

  bool feed(std::string_view chunk) {
    parser_.feed(chunk);
    return !parser_.failed();
  }

  FormUpload finish() {
    parser_.finish();
    if (parser_.failed()) throw FormError("malformed multipart body: " + parser_.error());
    if (!oversized_field_.empty()) throw FormError(oversized_field_);
    return std::move(form_);
  }

 private:
  void begin_part(const PartHeaders& part) {
    in_file_ = part.name == limits_.file_field && !form_.file && !form_.file_too_large;
    current_field_ = nullptr;
    if (!in_file_ && (form_.file || form_.file_too_large)) form_.field_after_file = true;
    if (in_file_) {
      if (limits_.before_file) limits_.before_file(form_.fields);
      form_.file = store_.stage(limits_.with_md5);
      form_.file_name = part.filename;
      form_.file_content_type = part.content_type;
    } else {
      current_field_ = &form_.fields[part.name];
      current_field_->clear();
    }
  }

  void part_data(std::string_view data) {
    if (in_file_) {
      form_.file_size += data.size();
      if (form_.file_size > limits_.max_file_bytes) {
        // Drop what was staged but keep counting, so the caller can still report the size.
        form_.file_too_large = true;
        form_.file.reset();
        in_file_ = false;
        dropping_file_ = true;
      } else {
        form_.file->write(core::as_bytes(data));
      }
    } else if (dropping_file_) {
      form_.file_size += data.size();
    } else if (current_field_) {
      if (current_field_->size() + data.size() > limits_.max_field_bytes) {
        oversized_field_ = "a form field is larger than " + std::to_string(limits_.max_field_bytes) + " bytes";
      } else {
        current_field_->append(data);
      }
    }
  }

  void end_part() {
    in_file_ = false;
    dropping_file_ = false;
    current_field_ = nullptr;
  }

  core::Store& store_;
  const FormLimits& limits_;
  FormUpload form_;
  std::string* current_field_ = nullptr;
  bool in_file_ = false;
  bool dropping_file_ = false;
  std::string oversized_field_;
  MultipartParser parser_;  // last: its callbacks use the members above
};

}  // namespace

awaitable<FormUpload> read_form_upload(Exchange& exchange, core::Store& store, const FormLimits& limits) {
  auto boundary = boundary_from_content_type(exchange.request().header(bhttp::field::content_type));
  if (!boundary) throw FormError("the request is not multipart/form-data with a boundary");
  FormCollector collector(*boundary, store, limits);
  std::vector<std::byte> chunk(1 << 20);  // file parts then reach the store in large pieces
  for (;;) {
    const std::size_t n = co_await exchange.read_fill(chunk);
    if (n > 0 && !collector.feed({reinterpret_cast<const char*>(chunk.data()), n})) break;
    if (n < chunk.size()) break;
  }
  co_return collector.finish();
}

awaitable<std::optional<FormUpload>> read_valid_form_upload(Exchange& exchange, core::Store& store,
                                                            std::uint64_t max_file_bytes) {
  FormLimits limits;
  limits.max_file_bytes = max_file_bytes;
  co_return co_await read_valid_form_upload(exchange, store, std::move(limits));
}

awaitable<std::optional<FormUpload>> read_valid_form_upload(Exchange& exchange, core::Store& store, FormLimits limits) {
  try {
    co_return co_await read_form_upload(exchange, store, limits);
  } catch (const FormError&) {
  }
  co_return std::nullopt;
}

}  // namespace filegate::http
