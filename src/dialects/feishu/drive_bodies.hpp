#pragma once
// The JSON bodies of Drive's chunked upload, read into what the routes act on. Pure functions (the fuzzers call them):
// a body that is not what the platform documents throws the platform's refusal, drive_params_error.
#include <cstdint>
#include <string>

#include "dialects/feishu/drive_rules.hpp"

namespace filegate::dialects::feishu {

// upload_prepare's {file_name, parent_type, parent_node, size, extra?}: the target, and the declared size in `size`.
// The strings must be strings and size a non-negative integer (not a double); extra may be null.
UploadTarget parse_upload_prepare(const std::string& body, std::uint64_t& size);

// upload_finish's {upload_id, block_num}: the upload id (a non-empty string), and the block count in `block_num`.
std::string parse_upload_finish(const std::string& body, std::uint64_t& block_num);

}  // namespace filegate::dialects::feishu
