#pragma once
// What a failed S3 request throws: the HTTP status and S3's error code, so callers tell a missing key from a refused
// signature from a store that did not answer. The text names the operation and the key, never a credential.
#include <stdexcept>
#include <string>

namespace filegate::core::s3 {

class Error : public std::runtime_error {
 public:
  Error(const std::string& operation, int status, std::string code, const std::string& message,
        std::string request_id = {});

  // 0 when no HTTP answer came (connection refused, timeout, a body that could not be sent); then code() is "".
  int status() const noexcept { return status_; }
  // S3's <Code>: "NoSuchKey", "NoSuchUpload", "NoSuchBucket", "SignatureDoesNotMatch", "InvalidRange", ... An answer
  // without a body (every HEAD) gets the code AWS's SDKs give it: "NotFound" for 404, "Forbidden" for 403, else
  // "HTTP <status>".
  const std::string& code() const noexcept { return code_; }
  const std::string& request_id() const noexcept { return request_id_; }

 private:
  int status_;
  std::string code_;
  std::string request_id_;
};

}  // namespace filegate::core::s3
