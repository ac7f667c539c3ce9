#pragma once
// A zone given as its offset from UTC ("+08:00", "-05:30", "Z"), for the calendar the daily quotas follow.
#include <chrono>
#include <optional>
#include <string_view>

namespace filegate::cli {

// The offset `text` names, or nullopt when it is not ±HH:MM (hours up to 14, as real zones), ±HHMM or Z.
std::optional<std::chrono::minutes> parse_utc_offset(std::string_view text);

}  // namespace filegate::cli
