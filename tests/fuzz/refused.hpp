#pragma once
// The body checks throw the platform's refusal for a body it would refuse: an answer, not a failure of the fuzz
// target. Anything else thrown escapes and libFuzzer reports it.
#include <utility>

#include "http/refusal.hpp"

namespace filegate::fuzz {

// Runs f; true when it returned, false when it refused.
template <typename F>
bool accepted(F&& f) {
  try {
    std::forward<F>(f)();
    return true;
  } catch (const http::Refusal&) {
    return false;
  }
}

}  // namespace filegate::fuzz
