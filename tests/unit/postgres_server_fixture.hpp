#pragma once
// One throwaway PostgreSQL server for the whole test binary (scripts/postgres.sh, on a free loopback port), and a
// fresh database in it for each test, so tests never see each other's rows.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/postgres_db.hpp"
#include "core/random_ids.hpp"

namespace filegate::testing {

class PostgresServer : public ::testing::Environment {
 public:
  static PostgresServer& instance() {
    static PostgresServer* server = nullptr;
    if (server == nullptr) {
      server = new PostgresServer;  // owned by GoogleTest once registered
      ::testing::AddGlobalTestEnvironment(server);
    }
    return *server;
  }

  void SetUp() override {
    std::array<char, 64> dir_template{};
    const std::string pattern = (std::filesystem::temp_directory_path() / "filegate-pg-XXXXXX").string();
    std::copy(pattern.begin(), pattern.end(), dir_template.begin());
    ASSERT_NE(::mkdtemp(dir_template.data()), nullptr);
    dir_ = std::filesystem::path(dir_template.data()) / "pg";
    const std::string command =
        std::string(FILEGATE_SCRIPTS_DIR) + "/postgres.sh start " + dir_.string() + " " + std::to_string(free_port());
    FILE* out = ::popen(command.c_str(), "r");
    ASSERT_NE(out, nullptr);
    std::array<char, 256> line{};
    if (std::fgets(line.data(), line.size(), out) != nullptr) url_ = line.data();
    while (!url_.empty() && url_.back() == '\n') url_.pop_back();
    ASSERT_EQ(::pclose(out), 0) << "scripts/postgres.sh could not start a server (is PostgreSQL installed? "
                                   "scripts/install-deps.sh installs it)";
  }

  void TearDown() override {
    if (dir_.empty()) return;
    const std::string command = std::string(FILEGATE_SCRIPTS_DIR) + "/postgres.sh stop " + dir_.string();
    [[maybe_unused]] int rc = std::system(command.c_str());
    std::filesystem::remove_all(dir_.parent_path());
  }

  // A new, empty database; its URL.
  std::string new_database() {
    const std::string name = "t" + core::random_hex(6);
    core::postgres::Connection(url_).exec("CREATE DATABASE " + name);
    return url_.substr(0, url_.rfind('/') + 1) + name;
  }

 private:
  static int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
  }

  std::filesystem::path dir_;
  std::string url_;
};

}  // namespace filegate::testing
