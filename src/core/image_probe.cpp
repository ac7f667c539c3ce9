#include "core/image_probe.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace filegate::core {
namespace {

using Header = std::array<unsigned char, 32>;

std::uint32_t be16(const unsigned char* p) { return (p[0] << 8) | p[1]; }
std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::uint32_t le16(const unsigned char* p) { return p[0] | (p[1] << 8); }
std::uint32_t le24(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16); }
std::uint32_t le32(const unsigned char* p) { return le24(p) | (std::uint32_t{p[3]} << 24); }

bool starts_with(const Header& h, std::size_t have, std::string_view magic, std::size_t at = 0) {
  return have >= at + magic.size() && std::memcmp(h.data() + at, magic.data(), magic.size()) == 0;
}

std::size_t read(const ReadAt& read_at, std::uint64_t offset, unsigned char* out, std::size_t n) {
  return read_at(offset, std::span<std::byte>(reinterpret_cast<std::byte*>(out), n));
}

// JPEG keeps its size in the first start-of-frame segment, after any number of other segments: walk them.
std::optional<ImageInfo> probe_jpeg(const ReadAt& read_at) {
  constexpr int kMaxSegments = 1024;
  std::uint64_t at = 2;
  for (int i = 0; i < kMaxSegments; ++i) {
    std::array<unsigned char, 9> segment{};
    if (read(read_at, at, segment.data(), 4) != 4 || segment[0] != 0xFF) return std::nullopt;
    const unsigned char marker = segment[1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    const bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      if (read(read_at, at, segment.data(), segment.size()) != segment.size()) return std::nullopt;
      return ImageInfo{"jpeg", be16(&segment[7]), be16(&segment[5])};
    }
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end of image or scan data before any frame
    at += 2 + be16(&segment[2]);
  }
  return std::nullopt;
}

std::optional<ImageInfo> probe_webp(const Header& h, std::size_t have) {
  if (have < 30) return std::nullopt;
  if (starts_with(h, have, "VP8 ", 12)) return ImageInfo{"webp", le16(&h[26]) & 0x3FFF, le16(&h[28]) & 0x3FFF};
  if (starts_with(h, have, "VP8L", 12)) {
    const std::uint32_t bits = le32(&h[21]);
    return ImageInfo{"webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (starts_with(h, have, "VP8X", 12)) return ImageInfo{"webp", le24(&h[24]) + 1, le24(&h[27]) + 1};
  return std::nullopt;
}

}  // namespace

std::optional<ImageInfo> probe_image(const ReadAt& read_at) {
  Header h{};
  const std::size_t have = read(read_at, 0, h.data(), h.size());
  if (starts_with(h, have, "\xFF\xD8\xFF")) return probe_jpeg(read_at);
  if (starts_with(h, have, "\x89PNG\r\n\x1A\n") && starts_with(h, have, "IHDR", 12) && have >= 24) {
    return ImageInfo{"png", be32(&h[16]), be32(&h[20])};
  }
  if ((starts_with(h, have, "GIF87a") || starts_with(h, have, "GIF89a")) && have >= 10) {
    return ImageInfo{"gif", le16(&h[6]), le16(&h[8])};
  }
  if (starts_with(h, have, "RIFF") && starts_with(h, have, "WEBP", 8)) return probe_webp(h, have);
  if (starts_with(h, have, "BM") && have >= 26) {
    // Height is negative for top-down bitmaps.
    const auto height = static_cast<std::int32_t>(le32(&h[22]));
    return ImageInfo{"bmp", le32(&h[18]),
                     static_cast<std::uint32_t>(height < 0 ? -static_cast<std::int64_t>(height) : height)};
  }
  if (starts_with(h, have, std::string_view("\0\0\1\0", 4))) return ImageInfo{"ico"};
  if (starts_with(h, have, std::string_view("II*\0", 4)) || starts_with(h, have, std::string_view("MM\0*", 4))) {
    return ImageInfo{"tiff"};
  }
  if (starts_with(h, have, "ftyp", 4)) {
    for (const std::string_view brand : {"heic", "heix", "hevc", "mif1", "msf1"}) {
      if (starts_with(h, have, brand, 8)) return ImageInfo{"heic"};
    }
  }
  return std::nullopt;
}

std::optional<ImageInfo> probe_image(const BlobReader& blob) {
  return probe_image([&](std::uint64_t offset, std::span<std::byte> out) -> std::size_t {
    if (offset >= blob.size) return 0;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), blob.size - offset));
    const ssize_t got = ::pread(blob.fd.get(), out.data(), n, static_cast<off_t>(offset));
    return got < 0 ? 0 : static_cast<std::size_t>(got);
  });
}

std::optional<ImageInfo> probe_image(std::string_view bytes) {
  return probe_image([&](std::uint64_t offset, std::span<std::byte> out) -> std::size_t {
    if (offset >= bytes.size()) return 0;
    const std::size_t n = std::min<std::size_t>(out.size(), bytes.size() - offset);
    std::memcpy(out.data(), bytes.data() + offset, n);
    return n;
  });
}

}  // namespace filegate::core
