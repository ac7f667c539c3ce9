#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements and transactions. Nothing more.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace filegate::core::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  bool step();  // true while a row is available
  void run();   // steps to completion, expecting no rows
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  explicit Connection(const std::filesystem::path& file);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  std::int64_t pragma_integer(std::string_view pragma);
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view what);

}  // namespace filegate::core::sqlite
