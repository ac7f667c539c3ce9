#pragma once
// Only one `filegate serve` may own a data dir: two servers would each cache metadata the other changes.
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/unique_fd.hpp"

namespace filegate::cli {

class DataDirLock {
 public:
  explicit DataDirLock(const std::filesystem::path& data_dir) {
    const auto path = data_dir / "serve.lock";
    fd_ = core::UniqueFd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_) throw std::runtime_error("cannot open " + path.string());
    if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
      std::ifstream in(path);
      std::string pid;
      std::getline(in, pid);
      throw std::runtime_error("data dir " + data_dir.string() + " is in use by another filegate serve" +
                               (pid.empty() ? "" : " (pid " + pid + ")"));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_.get(), 0) != 0 || ::pwrite(fd_.get(), pid.data(), pid.size(), 0) < 0) {
      // The PID is a courtesy for the error message above; the lock itself is what matters.
    }
  }

 private:
  core::UniqueFd fd_;
};

}  // namespace filegate::cli
