#pragma once
// The web console's static files (src/control/console/), built into the binary: CMake turns each file into bytes in
// a generated source (cmake/embed_files.cmake), so the console needs no files beside the binary and no network.
#include <cstddef>
#include <span>
#include <string_view>

namespace filegate::control {

struct ConsoleAsset {
  std::string_view name;    // the file's name in src/control/console/, e.g. "console.js"
  std::string_view sha256;  // of the bytes, lower-case hex: the ETag
  std::string_view bytes;
};

// Every embedded file, in name order (defined in the generated source).
std::span<const ConsoleAsset> console_assets();

// The asset named `name`; null when there is none.
const ConsoleAsset* find_console_asset(std::string_view name);

// The Content-Type a file is served with, by its extension; application/octet-stream for one not listed.
std::string_view console_content_type(std::string_view name);

}  // namespace filegate::control
