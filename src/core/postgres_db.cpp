#include "core/postgres_db.hpp"

#include <libpq-fe.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <bit>
#include <cstring>

namespace filegate::core::postgres {
namespace {

constexpr int kBinary = 1;

std::string connection_message(const pg_conn* conn) {
  const char* message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

void throw_unless_ok(const pg_conn* conn, const Result& result) {
  const pg_result* raw = result.get();
  const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  const char* state = raw != nullptr ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = raw != nullptr ? PQresultErrorMessage(raw) : nullptr;
  std::string text = message != nullptr && *message != '\0' ? message : connection_message(conn);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  throw Error(text, state != nullptr ? state : "");
}

Param::Param(std::int64_t value) : is_int8_(true) {
  const auto big_endian = std::bit_cast<std::array<char, 8>>(std::endian::native == std::endian::little
                                                                 ? __builtin_bswap64(static_cast<std::uint64_t>(value))
                                                                 : static_cast<std::uint64_t>(value));
  int8_ = big_endian;
}

Result::~Result() {
  if (result_ != nullptr) PQclear(result_);
}

int Result::rows() const { return PQntuples(result_); }

std::uint64_t Result::affected() const {
  const char* n = PQcmdTuples(result_);
  return n != nullptr && *n != '\0' ? std::stoull(n) : 0;
}

std::string_view Result::bytes(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

std::int64_t Result::int64(int row, int column) const {
  const std::string_view raw = bytes(row, column);
  if (raw.size() != 8) throw Error("column " + std::to_string(column) + " is not an int8", "");
  std::uint64_t value = 0;
  std::memcpy(&value, raw.data(), 8);
  if constexpr (std::endian::native == std::endian::little) value = __builtin_bswap64(value);
  return static_cast<std::int64_t>(value);
}

Connection::Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = connection_message(conn_);
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
    throw Error("cannot connect to PostgreSQL at " + redacted_url(url) + ": " + message, "");
  }
  // libpq prints the server's notices ("relation … already exists, skipping") on stderr: they say nothing a user
  // needs, and errors come as exceptions anyway.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Result Connection::exec(std::string_view sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats(params.size(), kBinary);
  values.reserve(params.size());
  lengths.reserve(params.size());
  for (const Param& p : params) {
    values.push_back(p.bytes().data());
    lengths.push_back(static_cast<int>(p.bytes().size()));
  }
  const std::string statement(sql);
  Result result(PQexecParams(conn_, statement.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                             lengths.data(), formats.data(), kBinary));
  throw_unless_ok(conn_, result);
  return result;
}

void Connection::exec_script(std::string_view sql) {
  const std::string script(sql);
  const Result result(PQexec(conn_, script.c_str()));
  throw_unless_ok(conn_, result);
}

bool Connection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

int Connection::socket() const { return PQsocket(conn_); }

void Connection::consume() {
  if (PQconsumeInput(conn_) == 0) throw Error("PostgreSQL connection lost: " + connection_message(conn_), "");
}

std::optional<Notification> Connection::next_notification() {
  PGnotify* n = PQnotifies(conn_);
  if (n == nullptr) return std::nullopt;
  Notification out{n->relname, n->extra};
  PQfreemem(n);
  return out;
}

Transaction::Transaction(Connection& c) : connection_(c) { connection_.exec("BEGIN"); }

Transaction::~Transaction() {
  if (done_) return;
  try {
    if (connection_.healthy()) connection_.exec("ROLLBACK");
  } catch (...) {
    // The connection is broken; the server rolls the transaction back when it notices.
  }
}

void Transaction::commit() {
  done_ = true;
  connection_.exec("COMMIT");
}

Pool::Lease Pool::take() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(c));
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<Connection>(url_));
  } catch (...) {
    lock.lock();
    --open_;
    freed_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mutex_);
  if (c->healthy()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
  }
  freed_.notify_one();
}

std::string redacted_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "(an unparsable URL)";
  boost::urls::url copy(*parsed);
  if (copy.has_password()) copy.set_password("***");
  // libpq also takes a password as a query parameter.
  for (auto param : copy.params()) {
    if (param.key == "password") {
      copy.params().set("password", "***");
      break;
    }
  }
  return std::string(copy.buffer());
}

}  // namespace filegate::core::postgres
