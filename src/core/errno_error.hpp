#pragma once
#include <cerrno>
#include <string>
#include <system_error>

namespace filegate::core {

// Throws std::system_error for the errno a failed system call left, with `what` saying which call on what.
[[noreturn]] inline void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace filegate::core
