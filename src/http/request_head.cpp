#include "http/request_head.hpp"

#include "core/text.hpp"

namespace filegate::http {
namespace {

bool has_repeated_slash(std::string_view path) { return path.find("//") != std::string_view::npos; }

std::string collapse_slashes(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const auto byte = core::text::from_hex(in.substr(i + 1, 2));
      if (!byte) return std::nullopt;
      out += *byte;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view in) { return decode(in, false); }
std::optional<std::string> query_decode(std::string_view in) { return decode(in, true); }

std::string percent_encode_utf8(std::string_view in) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    bool attr_char = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (attr_char) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 0xf]);
    }
  }
  return out;
}

RequestHead::RequestHead(bhttp::verb method, std::string_view method_string, std::string_view target,
                         const bhttp::fields& fields, bool keep_alive)
    : method_(method), method_string_(method_string), target_(target), fields_(&fields), keep_alive_(keep_alive) {
  const std::size_t q = target.find('?');
  path_ = target.substr(0, q);
  if (has_repeated_slash(path_)) {
    collapsed_path_ = collapse_slashes(path_);
    path_ = collapsed_path_;
  }
  if (q != std::string_view::npos) query_ = target.substr(q + 1);
}

std::optional<std::string> RequestHead::query(std::string_view name) const {
  std::optional<std::string> found;
  for_each_query_pair(query_, [&](std::string_view k, std::string_view v, bool) {
    auto key = query_decode(k);
    if (key && *key == name) {
      found = query_decode(v).value_or(std::string(v));
      return false;
    }
    return true;
  });
  return found;
}

std::vector<std::string> RequestHead::query_all(std::string_view name) const {
  std::vector<std::string> values;
  for_each_query_pair(query_, [&](std::string_view k, std::string_view v, bool) {
    auto key = query_decode(k);
    if (key && *key == name) values.push_back(query_decode(v).value_or(std::string(v)));
    return true;
  });
  return values;
}

std::string_view RequestHead::header(std::string_view name) const {
  auto it = fields_->find(name);
  return it == fields_->end() ? std::string_view() : std::string_view(it->value());
}

std::string_view RequestHead::header(bhttp::field name) const {
  auto it = fields_->find(name);
  return it == fields_->end() ? std::string_view() : std::string_view(it->value());
}

}  // namespace filegate::http
