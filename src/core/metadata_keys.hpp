#pragma once
// Key arithmetic both metadata back ends share: the byte range of a prefix scan, and how a record is keyed in a
// read cache.
#include <optional>
#include <string>
#include <string_view>

namespace filegate::core {

// The least byte string above every string that starts with `prefix`; none for an empty prefix (or one of 0xFF
// bytes only), which every key starts with. Keys compare byte by byte, so those with `prefix` are
// [prefix, prefix_end(prefix)).
inline std::optional<std::string> prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) end.pop_back();
  if (end.empty()) return std::nullopt;
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

// A record's read-cache key, "<ns>\0<key>", written into `out` (reused by hot lookups: no allocation once grown).
inline void write_record_cache_key(std::string_view ns, std::string_view key, std::string& out) {
  out.assign(ns).push_back('\0');
  out.append(key);
}

inline std::string record_cache_key(std::string_view ns, std::string_view key) {
  std::string k;
  write_record_cache_key(ns, key, k);
  return k;
}

}  // namespace filegate::core
