#include "control/console_assets.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace filegate::control {

const ConsoleAsset* find_console_asset(std::string_view name) {
  const auto assets = console_assets();
  const auto it = std::find_if(assets.begin(), assets.end(), [&](const ConsoleAsset& a) { return a.name == name; });
  return it == assets.end() ? nullptr : &*it;
}

std::string_view console_content_type(std::string_view name) {
  // Only the kinds a static web page is made of; text types name their charset so a browser never guesses.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const auto dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view extension = name.substr(dot);
    for (const auto& [suffix, type] : kTypes) {
      if (extension == suffix) return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace filegate::control
