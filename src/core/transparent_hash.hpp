#pragma once
// Lets unordered maps keyed by std::string be searched with a string_view, without building a string per lookup
// (use with std::equal_to<>).
#include <cstddef>
#include <functional>
#include <string_view>

namespace filegate::core {

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace filegate::core
