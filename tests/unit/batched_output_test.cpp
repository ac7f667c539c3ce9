#include "core/batched_output.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {
using filegate::core::BatchedOutput;
using namespace std::chrono_literals;

// A file the output appends to, read back by path: the reader never moves the writer's position.
class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "batched_output_XXXXXX").string();
    ::close(::mkstemp(pattern.data()));
    path_ = pattern;
    f = std::fopen(path_.c_str(), "ab");
  }
  ~TempFile() {
    std::fclose(f);
    std::filesystem::remove(path_);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  std::string text() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  std::FILE* f;

 private:
  std::filesystem::path path_;
};

TEST(BatchedOutput, LinesFromManyThreadsArriveWholeAndInEachThreadsOrder) {
  TempFile file;
  constexpr int threads = 4;
  constexpr int lines_each = 5000;
  {
    BatchedOutput output(file.f, 5ms);
    std::vector<std::jthread> writers;
    for (int t = 0; t < threads; ++t) {
      writers.emplace_back([&output, t] {
        for (int i = 0; i < lines_each; ++i)
          output.append("thread " + std::to_string(t) + " line " + std::to_string(i) + "\n");
      });
    }
  }
  std::istringstream lines(file.text());
  std::map<int, int> next;
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    int t = -1;
    int i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "thread %d line %d", &t, &i), 2) << line;
    EXPECT_EQ(i, next[t]++) << "thread " << t;
    ++count;
  }
  EXPECT_EQ(count, threads * lines_each);
}

TEST(BatchedOutput, AnIdleOutputShowsItsLastLineAfterTheDelayWithoutAFlush) {
  TempFile file;
  BatchedOutput output(file.f, 20ms);
  output.append("only line\n");
  std::string text;
  for (int i = 0; i < 500 && text.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    text = file.text();
  }
  EXPECT_EQ(text, "only line\n");
}

TEST(BatchedOutput, FlushWritesAtOnceAndTheDestructorWritesTheRest) {
  TempFile file;
  {
    BatchedOutput output(file.f, std::chrono::hours(1));
    output.append("first\n");
    output.flush();
    EXPECT_EQ(file.text(), "first\n");
    output.append("second\n");
    EXPECT_EQ(file.text(), "first\n") << "buffered until the delay, a flush or the end";
  }
  EXPECT_EQ(file.text(), "first\nsecond\n");
}

TEST(BatchedOutput, AFullBatchIsWrittenWithoutWaitingForTheDelay) {
  TempFile file;
  BatchedOutput output(file.f, std::chrono::hours(1));
  const std::string line(1000, 'x');
  std::size_t appended = 0;
  while (appended < 1024 * 1024) {
    output.append(line);
    appended += line.size();
  }
  // The flusher writes full batches as they fill, and a caller far ahead of it writes itself: most is out already.
  std::size_t written = 0;
  for (int i = 0; i < 500 && written < appended / 2; ++i) {
    written = file.text().size();
    if (written < appended / 2) std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(written, appended / 2);
  EXPECT_EQ(written % line.size(), 0U) << "batches never split an append";
}

}  // namespace
