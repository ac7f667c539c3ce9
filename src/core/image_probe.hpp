#pragma once
// What kind of image a stored file is, and how large, read from its first bytes as image hosts check uploads:
// JPEG, PNG, GIF, WEBP, BMP (format and dimensions), ICO, TIFF and HEIC (format only: their dimensions sit in
// structures no upload limit here needs to reach).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "core/blob_store.hpp"

namespace filegate::core {

struct ImageInfo {
  std::string_view format;  // "jpeg", "png", "gif", "webp", "bmp", "ico", "tiff", "heic"
  std::uint32_t width = 0;  // 0 when the format's dimensions are not read
  std::uint32_t height = 0;
};

// Reads up to out.size() bytes at `offset`; returns how many it read (fewer at the end).
using ReadAt = std::function<std::size_t(std::uint64_t offset, std::span<std::byte> out)>;

// nullopt when the bytes are no image of a known format (or too short to tell).
std::optional<ImageInfo> probe_image(const ReadAt& read_at);
std::optional<ImageInfo> probe_image(const BlobReader& blob);
std::optional<ImageInfo> probe_image(std::string_view bytes);

}  // namespace filegate::core
