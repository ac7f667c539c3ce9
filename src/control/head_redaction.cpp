#include "control/head_redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace filegate::control {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Appends one line unless it would pass the bound; then notes, once, that lines were left out.
class BoundedLines {
 public:
  explicit BoundedLines(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  void add(std::string_view name, std::string_view separator, std::string_view value) {
    if (full_) return;
    const std::size_t length = name.size() + separator.size() + value.size() + 1;
    if (out_.size() + length > max_bytes_) {
      out_ += kLeftOut;
      full_ = true;
      return;
    }
    out_.append(name).append(separator).append(value).push_back('\n');
  }
  std::string take() { return std::move(out_); }

 private:
  static constexpr std::string_view kLeftOut = "…\n";
  const std::size_t max_bytes_;
  std::string out_;
  bool full_ = false;
};

}  // namespace

bool is_secret_header(std::string_view name) {
  const std::string lowered = lower(name);
  static constexpr std::array<std::string_view, 4> kWhole = {"authorization", "proxy-authorization", "cookie",
                                                             "set-cookie"};
  static constexpr std::array<std::string_view, 4> kParts = {"token", "secret", "signature", "password"};
  if (std::find(kWhole.begin(), kWhole.end(), lowered) != kWhole.end()) return true;
  return std::any_of(kParts.begin(), kParts.end(),
                     [&](std::string_view part) { return lowered.find(part) != std::string::npos; });
}

std::string redacted_header_value(std::string_view name, std::string_view value) {
  if (!is_secret_header(name)) return std::string(value);
  // A scheme is one word of letters, digits and '-' before a space: kept, since which scheme came is no secret.
  const auto space = value.find(' ');
  const std::string_view scheme = value.substr(0, space);
  const bool has_scheme =
      space != std::string_view::npos && !scheme.empty() && scheme.size() <= 32 &&
      std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
  return has_scheme ? std::string(scheme) + " ***" : std::string("***");
}

std::string redacted_request_fields(const http::bhttp::fields& fields, std::size_t max_bytes) {
  BoundedLines lines(max_bytes);
  for (const auto& field : fields) {
    const std::string_view name(field.name_string().data(), field.name_string().size());
    const std::string_view value(field.value().data(), field.value().size());
    lines.add(name, ": ", redacted_header_value(name, value));
  }
  return lines.take();
}

std::string redacted_response_head(std::string_view head, std::size_t max_bytes) {
  BoundedLines lines(max_bytes);
  bool status_line = true;
  while (!head.empty()) {
    const auto end = head.find("\r\n");
    const std::string_view line = head.substr(0, end);
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 2);
    if (line.empty()) break;  // the blank line that ends the head
    if (status_line) {
      lines.add(line, "", "");
      status_line = false;
      continue;
    }
    const auto colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    lines.add(name, ": ", redacted_header_value(name, value));
  }
  return lines.take();
}

}  // namespace filegate::control
