#pragma once
// The one-node Ceph (RADOS Gateway) that the S3 tests (binary s3_tests) run against: started once per run of the
// binary by scripts/ceph-s3.sh on free ports in a temporary directory, stopped (by PID) after the last test. Every
// test file of the binary includes this header; the environment is registered once (an inline variable).
// Ceph missing fails every test with a pointer to scripts/install-deps.sh; FILEGATE_SKIP_S3_TESTS=1 skips them.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/s3/client.hpp"

namespace filegate::s3_test {

namespace fs = std::filesystem;
using core::SystemClock;
using core::s3::Client;
using core::s3::Config;

constexpr const char* access_key = "filegatetestkey";
constexpr const char* secret_key = "filegate-test-secret-Zq8x";
constexpr const char* bucket = "filegate-test";

inline bool skipped() {
  const char* skip = std::getenv("FILEGATE_SKIP_S3_TESTS");
  return skip != nullptr && std::string_view(skip) == "1";
}

// The first of Ceph's programs the start script needs that is not on PATH, or "".
inline std::string missing_program() {
  const char* path = std::getenv("PATH");
  for (const char* program : {"monmaptool", "ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "ceph"}) {
    bool found = false;
    std::stringstream dirs(path == nullptr ? "" : path);
    for (std::string dir; !found && std::getline(dirs, dir, ':');) {
      found = !dir.empty() && access((fs::path(dir) / program).c_str(), X_OK) == 0;
    }
    if (!found) return program;
  }
  return "";
}

// Distinct ports nobody listens on: each socket stays bound until all are chosen.
inline std::vector<int> free_ports(int count) {
  std::vector<int> sockets;
  std::vector<int> ports;
  for (int i = 0; i < count; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("no free port");
    }
    sockets.push_back(fd);
    ports.push_back(ntohs(address.sin_port));
  }
  for (const int fd : sockets) close(fd);
  return ports;
}

inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Runs a shell command, returns its stdout; `status` gets its exit status.
inline std::string run(const std::string& command, int& status) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int raw = pclose(pipe);
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

inline std::string tail_of(const fs::path& file, std::size_t bytes) {
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

class CephStore : public testing::Environment {
 public:
  void SetUp() override {
    if (skipped()) return;
    if (const std::string program = missing_program(); !program.empty()) {
      problem = "Ceph's " + program +
                " is not installed: run scripts/install-deps.sh (FILEGATE_SKIP_S3_TESTS=1 skips these tests)";
      return;
    }
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = (fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "filegate-s3-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      problem = "no temporary directory";
      return;
    }
    dir = pattern;
    const std::vector<int> ports = free_ports(3);
    const fs::path log = dir / "start.log";
    const std::string command = "BASE=" + quoted((dir / "ceph").string()) + " RGW_PORT=" + std::to_string(ports[0]) +
                                " MON_PORT=" + std::to_string(ports[1]) + " MON2_PORT=" + std::to_string(ports[2]) +
                                " ACCESS_KEY=" + access_key + " SECRET_KEY=" + secret_key + " " +
                                quoted(FILEGATE_CEPH_S3_SCRIPT) + " start 2>" + quoted(log.string());
    const auto started = std::chrono::steady_clock::now();
    int status = 0;
    std::string out = run(command, status);
    if (status != 0) {
      problem = "scripts/ceph-s3.sh start failed (exit " + std::to_string(status) + "): " + tail_of(log, 2000) +
                "\nCeph's logs: " + (dir / "ceph" / "log").string();
      return;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    endpoint = out.substr(out.rfind('\n') + 1);
    std::cout << "Ceph S3 at " << endpoint << " after "
              << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()
              << " s" << std::endl;
    client = std::make_unique<Client>(config(), clock);
    try {
      client->create_bucket();
    } catch (const std::exception& e) {
      problem = std::string("creating the test bucket failed: ") + e.what();
    }
  }

  void TearDown() override {
    if (dir.empty()) return;
    client.reset();
    int status = 0;
    run("BASE=" + quoted((dir / "ceph").string()) + " " + quoted(FILEGATE_CEPH_S3_SCRIPT) + " stop", status);
    if (status == 0) {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    } else {
      std::cerr << "scripts/ceph-s3.sh stop failed; left " << dir << std::endl;
    }
  }

  Config config() const {
    Config c;
    c.endpoint = endpoint;
    c.bucket = bucket;
    c.access_key = access_key;
    c.secret_key = secret_key;
    return c;
  }

  std::string problem;  // why the store is not there; every test fails with it
  fs::path dir;
  std::string endpoint;
  SystemClock clock;
  std::unique_ptr<Client> client;
};

inline CephStore* const ceph = static_cast<CephStore*>(testing::AddGlobalTestEnvironment(new CephStore));

// A test that needs the store: skipped on purpose, or failing with why the store is not there.
class CephTest : public testing::Test {
 protected:
  void SetUp() override {
    if (skipped()) GTEST_SKIP() << "FILEGATE_SKIP_S3_TESTS=1";
    ASSERT_TRUE(ceph->problem.empty()) << ceph->problem;
  }
};

// Bytes that differ at every offset and between seeds, computed from (seed, offset) alone: bodies are produced
// and checked piece by piece, never held whole.
inline char pattern_byte(std::uint64_t seed, std::uint64_t offset) {
  std::uint64_t x = (offset / 8 + 1) * 0x9E3779B97F4A7C15ULL ^ seed;
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  return static_cast<char>(x >> ((offset % 8) * 8));
}

inline std::string pattern(std::uint64_t seed, std::uint64_t first, std::uint64_t count) {
  std::string out(count, '\0');
  for (std::uint64_t i = 0; i < count; ++i) out[i] = pattern_byte(seed, first + i);
  return out;
}

}  // namespace filegate::s3_test
