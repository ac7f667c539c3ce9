// Files: upload (POST /v1/files/upload, multipart with one part "file") and metadata (GET /v1/files/retrieve).
// The platform documents one file per upload, at most 512 MB; a file is visible only to the account (a PAT, or an OAuth
// app for its access tokens) that uploaded it. Each endpoint needs its permission (uploadFile, retrieveFile).
#include <optional>

#include "core/mime_types.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/errors.hpp"
#include "http/blocking_work.hpp"
#include "http/form_upload.hpp"

namespace filegate::dialects::coze {
namespace {

// Refuses a form that holds no file that may be stored.
void check_upload(const http::FormUpload& form) {
  if (form.file_too_large) throw http::Refusal(errors::body_too_large);
  if (!form.file) throw http::Refusal(errors::invalid_param, "missing required multipart field: file");
  // An empty file is not something any Coze feature can use; refuse it rather than store it.
  if (form.file_size == 0) throw http::Refusal(errors::invalid_param, "file is empty");
}

// The part's own type when it says something, else one guessed from the name (the SDK sends octet-stream for
// Buffers and streams).
std::string content_type_for(const http::FormUpload& form, const std::string& file_name) {
  if (!form.file_content_type.empty() && form.file_content_type != "application/octet-stream") {
    return form.file_content_type;
  }
  return core::mime_type_for(file_name);
}

}  // namespace

http::awaitable<void> CozeDialect::upload_file(http::Exchange& exchange) {
  const Caller caller = authorize(exchange, kUploadFilePermission);

  http::FormLimits limits;
  limits.max_file_bytes = kMaxFileBytes;
  http::FormUpload form;
  try {
    form = co_await http::read_form_upload(exchange, services_.store, limits);
  } catch (const http::FormError&) {
    throw http::Refusal(errors::invalid_param, "invalid multipart/form-data body");
  }
  check_upload(form);

  const std::string file_name = file_name_or_default(form.file_name);
  const FileInfo file = co_await http::run_blocking(
      [&] { return model_.commit_file(*form.file, caller.owner, file_name, content_type_for(form, file_name)); });
  auto response = file_success(exchange, file);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> CozeDialect::retrieve_file(http::Exchange& exchange) {
  const Caller caller = authorize(exchange, kRetrieveFilePermission);

  const std::optional<std::string> file_id = exchange.request().query("file_id");
  if (!file_id || file_id->empty()) throw http::Refusal(errors::invalid_param, "missing required parameter: file_id");
  if (!is_file_id(*file_id)) {
    throw http::Refusal(errors::invalid_param, "invalid parameter file_id: must be a numeric string");
  }
  // Another token's file answers exactly like a missing one, so ids cannot be probed.
  const std::optional<FileInfo> file = model_.file(*file_id, caller.owner);
  if (!file) throw http::Refusal(errors::not_found, "file not found");
  auto response = file_success(exchange, *file);
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::coze
