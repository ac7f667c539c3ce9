#include "core/direct_file_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <new>
#include <stdexcept>
#include <string>

#include "core/direct_io.hpp"
#include "core/random_ids.hpp"

using filegate::core::DirectFileReader;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlock = filegate::core::kDirectIoAlignment;

class DirectFileReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("filegate-reader-test-" + filegate::core::random_hex(6));
    content_.resize(8 * kBlock + 321);
    for (std::size_t i = 0; i < content_.size(); ++i) content_[i] = static_cast<char>((i * 2654435761u) >> 9);
    std::ofstream(path_, std::ios::binary).write(content_.data(), static_cast<std::streamsize>(content_.size()));
    buffer_ = static_cast<std::byte*>(::operator new[](content_.size() + kBlock, std::align_val_t{kBlock}));
  }
  void TearDown() override {
    ::operator delete[](buffer_, std::align_val_t{kBlock});
    fs::remove(path_);
  }
  std::string read(const DirectFileReader& reader, std::size_t at_buffer, std::size_t n, std::uint64_t offset) {
    reader.read_exactly({buffer_ + at_buffer, n}, offset);
    return {reinterpret_cast<const char*>(buffer_ + at_buffer), n};
  }

  fs::path path_;
  std::string content_;
  std::byte* buffer_ = nullptr;
};

TEST_F(DirectFileReaderTest, AlignedAndUnalignedReadsReturnTheFilesBytes) {
  const DirectFileReader reader(path_);
  EXPECT_EQ(reader.size(), content_.size());
  EXPECT_EQ(read(reader, 0, 4 * kBlock, 2 * kBlock), content_.substr(2 * kBlock, 4 * kBlock));  // aligned
  EXPECT_EQ(read(reader, 7, 100, 13), content_.substr(13, 100));                                // nothing aligned
  EXPECT_EQ(read(reader, 0, kBlock, 1), content_.substr(1, kBlock));                            // offset off by one
  EXPECT_EQ(read(reader, 0, 321, 8 * kBlock), content_.substr(8 * kBlock));                     // the short tail
  EXPECT_EQ(read(reader, 0, content_.size(), 0), content_);                                     // all of it
}

TEST_F(DirectFileReaderTest, ReadingPastTheEndIsAnErrorNotShortData) {
  const DirectFileReader reader(path_);
  EXPECT_THROW(reader.read_exactly({buffer_, kBlock}, 8 * kBlock), std::runtime_error);
}

TEST_F(DirectFileReaderTest, AMissingFileCannotBeOpened) {
  EXPECT_THROW(DirectFileReader(path_.string() + ".absent"), std::system_error);
}

}  // namespace
