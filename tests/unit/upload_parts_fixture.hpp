#pragma once
// A store in a temporary directory with one UploadParts over it: what the multipart-upload tests share.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string_view>

#include "core/clock.hpp"
#include "core/random_ids.hpp"
#include "core/store.hpp"
#include "core/upload_parts.hpp"

namespace filegate::test_support {

class UploadPartsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("filegate-parts-test-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    uploads_ = std::make_unique<core::UploadParts>(*store_, "test.upload");
  }
  void TearDown() override {
    uploads_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void put(const core::UploadSession& s, std::uint64_t seq, std::string_view bytes) {
    auto staged = store_->stage();
    staged->write(core::as_bytes(bytes));
    uploads_->put_part(s, seq, *staged);
  }

  // Part files on disk, of every session.
  std::size_t part_files() const {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ / "parts")) n += e.is_regular_file();
    return n;
  }

  core::ManualClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::UploadParts> uploads_;
};

}  // namespace filegate::test_support
