#pragma once
// Two pieces of work on one chunk of data, on two cores: an upload's chunk is hashed on a helper thread while the
// calling thread writes the same bytes to disk, so ingest runs at the slower of the two rather than their sum.
// Never slower than doing both in turn: if no helper is free, the caller runs the second piece itself.
#include <functional>

namespace filegate::core {

// Runs `here` on the calling thread and `elsewhere` on an idle helper thread (or, when none is idle by the time
// `here` is done, on the calling thread too), and returns when both are done. Exceptions from either are rethrown
// here (the first one, if both throw). Helpers are shared by the process: one per core beyond the first.
void fork_join(const std::function<void()>& here, const std::function<void()>& elsewhere);

}  // namespace filegate::core
