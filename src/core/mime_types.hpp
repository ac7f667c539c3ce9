#pragma once
#include <string>
#include <string_view>

namespace filegate::core {

// The MIME type conventionally associated with a file name's extension; application/octet-stream if unknown.
std::string mime_type_for(std::string_view file_name);

}  // namespace filegate::core
