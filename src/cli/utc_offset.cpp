#include "cli/utc_offset.hpp"

#include <charconv>

namespace filegate::cli {
namespace {

std::optional<int> two_digits(std::string_view text) {
  int value = 0;
  if (text.size() != 2) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + 2, value);
  if (ec != std::errc() || end != text.data() + 2) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::chrono::minutes> parse_utc_offset(std::string_view text) {
  if (text == "Z" || text == "z") return std::chrono::minutes(0);
  if (text.size() < 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const std::string_view digits = text.substr(1);
  const bool colon = digits.size() == 5 && digits[2] == ':';
  if (!colon && digits.size() != 4) return std::nullopt;
  const auto hours = two_digits(digits.substr(0, 2));
  const auto minutes = two_digits(digits.substr(colon ? 3 : 2));
  if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
  const std::chrono::minutes offset(*hours * 60 + *minutes);
  return text[0] == '-' ? -offset : offset;
}

}  // namespace filegate::cli
