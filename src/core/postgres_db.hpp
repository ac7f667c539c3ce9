#pragma once
// A thin RAII layer over libpq: a connection, parameterised statements, results, a pool. Nothing more.
// Every parameter and every result column travels in binary format, so text, bytea and int8 values are exact bytes
// (no quoting, no escaping, no locale): text is raw bytes, int8 is 8 bytes big-endian. Columns read with
// Result::int64 must therefore be int8 (cast in SQL where needed).
#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace filegate::core::postgres {

// A failed statement or connection: the server's message, and its SQLSTATE ("" when the connection failed).
class Error : public std::runtime_error {
 public:
  Error(const std::string& what, std::string sqlstate) : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// A statement parameter: bytes as they are (text or bytea) or an int8.
class Param {
 public:
  Param(std::string_view bytes) : bytes_(bytes) {}    // NOLINT(google-explicit-constructor): reads as the value
  Param(const std::string& bytes) : bytes_(bytes) {}  // NOLINT(google-explicit-constructor)
  Param(const char* bytes) : bytes_(bytes) {}         // NOLINT(google-explicit-constructor)
  Param(std::int64_t value);                          // NOLINT(google-explicit-constructor)

  std::string_view bytes() const { return is_int8_ ? std::string_view(int8_.data(), int8_.size()) : bytes_; }

 private:
  std::string_view bytes_;
  std::array<char, 8> int8_{};  // an int8 parameter's big-endian bytes (kept inside, so a copy stays valid)
  bool is_int8_ = false;
};

class Result {
 public:
  explicit Result(pg_result* result) : result_(result) {}
  Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;
  ~Result();

  int rows() const;
  // How many rows an INSERT, UPDATE or DELETE changed.
  std::uint64_t affected() const;
  std::string_view bytes(int row, int column) const;  // text or bytea
  std::string text(int row, int column) const { return std::string(bytes(row, column)); }
  std::int64_t int64(int row, int column) const;  // int8
  const pg_result* get() const { return result_; }

 private:
  pg_result* result_;
};

// Throws Error with the server's message and SQLSTATE unless `result` is a success.
void throw_unless_ok(const pg_conn* conn, const Result& result);

struct Notification {
  std::string channel;
  std::string payload;
};

class Connection {
 public:
  // `url`: a libpq connection URL (postgresql://user@host:port/db?…); a password may also come from PGPASSWORD or
  // ~/.pgpass, as libpq reads them. Throws Error naming the server, never the password.
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result exec(std::string_view sql, const std::vector<Param>& params = {});
  // Several statements separated by semicolons, without parameters or results: schema migrations.
  void exec_script(std::string_view sql);
  bool healthy() const;

  // LISTEN/NOTIFY: the socket to poll, then consume() and take what arrived.
  int socket() const;
  void consume();
  std::optional<Notification> next_notification();

 private:
  pg_conn* conn_ = nullptr;
};

// BEGIN on construction; ROLLBACK unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

// Connections shared by the threads of one process: at most `size` open at once; a caller waits for a free one.
// A connection that broke is dropped when given back and a new one is made the next time one is needed.
class Pool {
 public:
  Pool(std::string url, std::size_t size) : url_(std::move(url)), size_(size) {}

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_) pool_.give_back(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  Lease take();
  const std::string& url() const { return url_; }

 private:
  void give_back(std::unique_ptr<Connection> c);

  std::string url_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

// The URL with any password replaced by "***": what may be shown in a banner or a log line.
std::string redacted_url(std::string_view url);

}  // namespace filegate::core::postgres
