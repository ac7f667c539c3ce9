// The sizes of a streamed upload's parts (core/s3_part_shipper.hpp): S3 takes at most 10,000 parts of at least 5 MiB
// (but the last) and at most 5 GiB, so the part size must grow with the offset for the largest objects. Sending the
// parts is covered against a real object store in s3_blob_store_integration_test.cpp.
#include "core/s3_part_shipper.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace {
using filegate::core::PartShipper;

constexpr std::uint64_t MiB = std::uint64_t{1} << 20;
constexpr std::uint64_t GiB = std::uint64_t{1} << 30;
constexpr std::uint64_t TiB = std::uint64_t{1} << 40;

TEST(PartShipper, PartsAreTheConfiguredSizeButNeverUnderS3sMinimum) {
  EXPECT_EQ(PartShipper::part_length(0, 16 * MiB), 16 * MiB);
  EXPECT_EQ(PartShipper::part_length(10 * GiB, 16 * MiB), 16 * MiB);
  EXPECT_EQ(PartShipper::part_length(0, 1 * MiB), 5 * MiB);
}

TEST(PartShipper, TenThousandPartsHoldTheLargestObjectS3Stores) {
  for (const std::uint64_t part_size : {5 * MiB, 16 * MiB, 64 * MiB}) {
    std::uint64_t offset = 0;
    int parts = 0;
    while (offset < 5 * TiB) {
      const std::uint64_t n = PartShipper::part_length(offset, part_size);
      EXPECT_LE(n, 5 * GiB) << "S3's largest part, at offset " << offset;
      offset += n;
      ++parts;
    }
    EXPECT_LE(parts, 10'000) << "part size " << part_size;
  }
}

}  // namespace
