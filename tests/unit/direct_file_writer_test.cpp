#include "core/direct_file_writer.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <system_error>

#include "core/direct_io.hpp"
#include "core/random_ids.hpp"

using filegate::core::DirectFileWriter;
using filegate::core::random_hex;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlock = filegate::core::kDirectIoAlignment;

// A page-aligned buffer of recognisable bytes, as the ingest pipeline hands over.
struct AlignedBytes {
  explicit AlignedBytes(std::size_t size)
      : size(size), data(static_cast<std::byte*>(::operator new[](size, std::align_val_t{kBlock}))) {
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::byte>((i * 2654435761u) >> 11);
  }
  ~AlignedBytes() { ::operator delete[](data, std::align_val_t{kBlock}); }
  std::span<const std::byte> span(std::size_t from, std::size_t n) const { return {data + from, n}; }
  std::string str() const { return {reinterpret_cast<const char*>(data), size}; }
  std::size_t size;
  std::byte* data;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Whether `dir`'s file system takes O_DIRECT at all (tmpfs does not).
bool supports_o_direct(const fs::path& dir) {
  const fs::path probe = dir / ("probe-" + random_hex(6));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_DIRECT, 0600);
  if (fd < 0) return false;
  ::close(fd);
  fs::remove(probe);
  return true;
}

class DirectFileWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-direct-test-" + random_hex(6));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DirectFileWriterTest, AlignedBuffersThenAnOddTailLandInOrder) {
  const AlignedBytes bytes(3 * 64 * kBlock + 777);
  DirectFileWriter writer(dir_ / "blob");
  const bool direct_possible = supports_o_direct(dir_);
  EXPECT_EQ(writer.direct(), direct_possible);
  writer.append(bytes.span(0, 64 * kBlock));
  writer.append(bytes.span(64 * kBlock, 64 * kBlock));
  writer.append(bytes.span(128 * kBlock, 64 * kBlock));
  // Where the file system allows it, every full buffer went around the page cache.
  EXPECT_EQ(writer.direct(), direct_possible);
  writer.append(bytes.span(192 * kBlock, 777));
  EXPECT_FALSE(writer.direct());  // the tail is not aligned: buffered from here on
  writer.sync_and_close();
  EXPECT_EQ(read_file(dir_ / "blob"), bytes.str());
}

TEST_F(DirectFileWriterTest, UnalignedBytesFirstAreWrittenBufferedAndStayCorrect) {
  const AlignedBytes bytes(5 * kBlock);
  DirectFileWriter writer(dir_ / "blob");
  writer.append(bytes.span(1, 100));  // unaligned address and length
  EXPECT_FALSE(writer.direct());
  writer.append(bytes.span(101, 3 * kBlock));  // would be aligned in length, but the file offset is not
  writer.append(bytes.span(101 + 3 * kBlock, 5 * kBlock - 101 - 3 * kBlock));
  writer.sync_and_close();
  EXPECT_EQ(read_file(dir_ / "blob"), bytes.str().substr(1));
}

TEST_F(DirectFileWriterTest, AnEmptyFileIsCreatedAndAnExistingOneIsNeverOverwritten) {
  {
    DirectFileWriter writer(dir_ / "empty");
    writer.sync_and_close();
  }
  EXPECT_TRUE(fs::exists(dir_ / "empty"));
  EXPECT_EQ(fs::file_size(dir_ / "empty"), 0u);
  EXPECT_THROW(DirectFileWriter(dir_ / "empty"), std::system_error);
}

TEST_F(DirectFileWriterTest, FileSystemsWithoutODirectGetBufferedWrites) {
  const fs::path shm = "/dev/shm";
  if (!fs::is_directory(shm) || supports_o_direct(shm)) GTEST_SKIP() << "no tmpfs without O_DIRECT here";
  const fs::path path = shm / ("filegate-direct-test-" + random_hex(6));
  const AlignedBytes bytes(4 * kBlock + 5);
  {
    DirectFileWriter writer(path);
    EXPECT_FALSE(writer.direct());
    writer.append(bytes.span(0, 4 * kBlock));
    writer.append(bytes.span(4 * kBlock, 5));
    writer.sync_and_close();
  }
  EXPECT_EQ(read_file(path), bytes.str());
  fs::remove(path);
}

}  // namespace
