#pragma once
// Inputs of several values are written one value per line, so that the committed seeds read as the requests they
// stand for: the first n-1 lines are values, and the last value is everything after them (it may hold newlines).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace filegate::fuzz {

template <std::size_t N>
std::array<std::string_view, N> split_fields(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::array<std::string_view, N> fields{};
  for (std::size_t i = 0; i + 1 < N; ++i) {
    const std::size_t newline = rest.find('\n');
    fields[i] = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  }
  fields[N - 1] = rest;
  return fields;
}

}  // namespace filegate::fuzz
