#pragma once
// Coze's response envelope, always JSON: {code:0,msg:"",data,detail:{logid}} on success and
// {code,msg,detail:{logid}} on failure, with an HTTP status that matches the code. @coze/api classifies errors by
// HTTP status or code (400/4000 BadRequestError, 401/4100 AuthenticationError, 404/4200 NotFoundError) and takes
// `logid` from detail.logid, else the X-Tt-Logid header; coze-py and coze-go look only at code and msg.
#include <cstdint>
#include <string_view>

#include "dialects/coze/model.hpp"
#include "http/exchange.hpp"

namespace filegate::dialects::coze {

inline constexpr std::int64_t kBadRequest = 4000;
inline constexpr std::int64_t kAuthenticationInvalid = 4100;
inline constexpr std::int64_t kNotFound = 4200;

// The documented upload limit, and how a file over it is refused.
inline constexpr std::uint64_t kMaxFileBytes = 512ull << 20;
inline constexpr std::string_view kFileTooLarge = "file size exceeds the limit of 512 MB";

http::Exchange::StringResponse file_success(const http::Exchange& exchange, const FileInfo& file);
// The HTTP status follows from the code (4000 → 400, 4100 → 401, 4200 → 404).
http::Exchange::StringResponse failure(const http::Exchange& exchange, std::int64_t code, std::string_view msg);

}  // namespace filegate::dialects::coze
