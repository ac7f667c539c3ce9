// Image uploads are checked by format and resolution read from the first bytes; each format's header is built here
// the way its specification lays it out.
#include <gtest/gtest.h>

#include <string>

#include "core/image_probe.hpp"

namespace {

using filegate::core::probe_image;

std::string be16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string be32(unsigned v) { return be16(v >> 16) + be16(v & 0xFFFF); }
std::string le16(unsigned v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(unsigned v) { return le16(v & 0xFFFF) + le16(v >> 16); }

TEST(ImageProbe, ReadsPngDimensionsFromIhdr) {
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + be32(13) + "IHDR" + be32(640) + be32(480) + "\x08\x06";
  const auto info = probe_image(png);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->format, "png");
  EXPECT_EQ(info->width, 640u);
  EXPECT_EQ(info->height, 480u);
}

TEST(ImageProbe, ReadsGifScreenSize) {
  const auto info = probe_image("GIF89a" + le16(2001) + le16(10) + std::string(8, '\0'));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->format, "gif");
  EXPECT_EQ(info->width, 2001u);
  EXPECT_EQ(info->height, 10u);
}

TEST(ImageProbe, WalksJpegSegmentsToTheFrameHeader) {
  // SOI, an APP0 segment of 16 bytes, then SOF0 (length 17, precision 8, height 300, width 400).
  const std::string jpeg = std::string("\xFF\xD8", 2) + std::string("\xFF\xE0", 2) + be16(16) + std::string(14, 'j') +
                           std::string("\xFF\xC0", 2) + be16(17) + "\x08" + be16(300) + be16(400) + std::string(12, 0);
  const auto info = probe_image(jpeg);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->format, "jpeg");
  EXPECT_EQ(info->width, 400u);
  EXPECT_EQ(info->height, 300u);
}

TEST(ImageProbe, ReadsBmpAndTopDownBmp) {
  const std::string header = "BM" + std::string(16, '\0');
  auto info = probe_image(header + le32(32) + le32(16) + std::string(8, '\0'));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 32u);
  EXPECT_EQ(info->height, 16u);
  info = probe_image(header + le32(32) + le32(static_cast<unsigned>(-16)) + std::string(8, '\0'));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->height, 16u) << "a negative height means top-down rows";
}

TEST(ImageProbe, ReadsWebpLossless) {
  // VP8L: signature byte 0x2f, then 14 bits width-1 and 14 bits height-1.
  const unsigned bits = (100 - 1) | ((50 - 1) << 14);
  const std::string webp = "RIFF" + le32(100) + "WEBPVP8L" + le32(10) + "\x2f" + le32(bits) + std::string(8, 0);
  const auto info = probe_image(webp);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->format, "webp");
  EXPECT_EQ(info->width, 100u);
  EXPECT_EQ(info->height, 50u);
}

TEST(ImageProbe, NamesFormatsWithoutReadingTheirSize) {
  EXPECT_EQ(probe_image(std::string("\0\0\1\0\1\0", 6) + std::string(20, 0))->format, "ico");
  EXPECT_EQ(probe_image(std::string("II*\0", 4) + std::string(20, 0))->format, "tiff");
  EXPECT_EQ(probe_image(be32(24) + "ftypheic" + std::string(20, 0))->format, "heic");
}

TEST(ImageProbe, RefusesWhatIsNoImage) {
  EXPECT_FALSE(probe_image("%PDF-1.7 not an image at all"));
  EXPECT_FALSE(probe_image(""));
  EXPECT_FALSE(probe_image(std::string("\x89PNG", 4))) << "too short to hold IHDR";
  // A JPEG whose scan starts before any frame header names no size.
  EXPECT_FALSE(probe_image(std::string("\xFF\xD8\xFF\xDA", 4) + be16(8) + std::string(20, 0)));
}

}  // namespace
