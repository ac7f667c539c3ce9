// Files: upload (POST /v1/files/upload, multipart with one part "file") and metadata (GET /v1/files/retrieve).
// The platform documents one file per upload, at most 512 MB; a file is visible only to the token that uploaded it.
#include <optional>

#include "core/mime_types.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/envelope.hpp"
#include "http/form_upload.hpp"

namespace filegate::dialects::coze {
namespace {

// Why an upload is refused; nullopt when the form holds a file that may be stored.
std::optional<std::string_view> upload_problem(const http::FormUpload& form) {
  if (form.file_too_large) return kFileTooLarge;
  if (!form.file) return "missing required multipart field: file";
  // An empty file is not something any Coze feature can use; refuse it rather than store it.
  if (form.file_size == 0) return "file is empty";
  return std::nullopt;
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
  auto pat = co_await authenticate(exchange);
  if (!pat) co_return;

  http::FormLimits limits;
  limits.max_file_bytes = kMaxFileBytes;
  http::FormUpload form;
  std::optional<std::string_view> problem;
  try {
    form = co_await http::read_form_upload(exchange, services_.store, limits);
    problem = upload_problem(form);
  } catch (const http::FormError&) {
    problem = "invalid multipart/form-data body";  // answered below: co_await is not allowed inside a handler
  } catch (const http::BodyError& e) {
    // A chunked body that runs past the route limit; timeouts and disconnects have nobody to answer.
    if (e.kind() == http::BodyError::Kind::too_large) {
      problem = kFileTooLarge;
    } else if (e.kind() == http::BodyError::Kind::malformed) {
      problem = "invalid request body";
    } else {
      throw;
    }
  }
  if (problem) {
    auto response = failure(exchange, kBadRequest, *problem);
    co_await exchange.respond(std::move(response));
    co_return;
  }

  const std::string file_name = file_name_or_default(form.file_name);
  const FileInfo file = model_.commit_file(*form.file, pat->id, file_name, content_type_for(form, file_name));
  auto response = file_success(exchange, file);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> CozeDialect::retrieve_file(http::Exchange& exchange) {
  auto pat = co_await authenticate(exchange);
  if (!pat) co_return;

  const std::optional<std::string> file_id = exchange.request().query("file_id");
  std::optional<std::string_view> problem;
  if (!file_id || file_id->empty()) {
    problem = "missing required parameter: file_id";
  } else if (!is_file_id(*file_id)) {
    problem = "invalid parameter file_id: must be a numeric string";
  }
  if (problem) {
    auto response = failure(exchange, kBadRequest, *problem);
    co_await exchange.respond(std::move(response));
    co_return;
  }

  // Another token's file answers exactly like a missing one, so ids cannot be probed.
  const std::optional<FileInfo> file = model_.file(*file_id, pat->id);
  if (!file) {
    auto response = failure(exchange, kNotFound, "file not found");
    co_await exchange.respond(std::move(response));
    co_return;
  }
  auto response = file_success(exchange, *file);
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::coze
