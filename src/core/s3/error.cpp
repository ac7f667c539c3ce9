#include "core/s3/error.hpp"

namespace filegate::core::s3 {
namespace {

std::string describe(const std::string& operation, int status, const std::string& code, const std::string& message) {
  std::string text = "S3 " + operation + ": ";
  text += status == 0 ? std::string("no answer") : std::to_string(status) + " " + code;
  if (!message.empty()) text += " (" + message + ")";
  return text;
}

}  // namespace

Error::Error(const std::string& operation, int status, std::string code, const std::string& message,
             std::string request_id)
    : std::runtime_error(describe(operation, status, code, message)),
      status_(status),
      code_(std::move(code)),
      request_id_(std::move(request_id)) {}

}  // namespace filegate::core::s3
