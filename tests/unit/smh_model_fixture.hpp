#pragma once
// What the SMH model tests share: the default library's model over a throw-away store, and a file put through the
// whole upload flow (begin, bytes, confirm).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/digests.hpp"
#include "core/random_ids.hpp"
#include "core/store.hpp"
#include "dialects/smh/model.hpp"

namespace filegate::test_support {

class SmhModelFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("filegate-smh-model-" + core::random_hex(6));
    store_ = core::Store::open_embedded(dir_, clock_);
    model_ = std::make_unique<dialects::smh::Model>(*store_);
    scope_ = dialects::smh::Scope{model_->default_library().library_id, "-"};
  }
  void TearDown() override {
    model_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  dialects::smh::Confirmed put_file(const std::vector<std::string>& path, std::string_view bytes,
                                    const std::string& strategy) {
    const dialects::smh::Upload u = model_->begin_upload(scope_, path, strategy, std::nullopt, {}, "", 3600'000);
    auto staged = store_->stage(true);
    staged->write(core::as_bytes(bytes));
    model_->attach_bytes(*staged, *model_->upload(u.confirm_key), "text/plain");
    return model_->confirm(*model_->upload(u.confirm_key), strategy);
  }

  std::filesystem::path dir_;
  core::ManualClock clock_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<dialects::smh::Model> model_;
  dialects::smh::Scope scope_;
};

}  // namespace filegate::test_support
