#include "core/node_registry.hpp"

#include <mutex>

#include "core/postgres_db.hpp"

namespace filegate::core {
namespace {

class PostgresNodeRegistry final : public NodeRegistry {
 public:
  explicit PostgresNodeRegistry(std::string url) : url_(std::move(url)) {}

  void announce(const std::string& id, const std::string& url) override {
    const std::lock_guard lock(mutex_);
    db().exec(
        "INSERT INTO filegate_nodes(id, url, started_at, seen_at) VALUES($1, $2, now(), now()) "
        "ON CONFLICT(id) DO UPDATE SET url = excluded.url, seen_at = now()",
        {id, url});
  }

  void leave(const std::string& id) override {
    const std::lock_guard lock(mutex_);
    db().exec("DELETE FROM filegate_nodes WHERE id = $1", {id});
  }

  std::vector<NodeInfo> live_nodes() override {
    const std::lock_guard lock(mutex_);
    const auto rows = db().exec(
        "SELECT id, url, (extract(epoch FROM started_at) * 1000)::int8 FROM filegate_nodes "
        "WHERE seen_at > now() - make_interval(secs => $1::int8) ORDER BY started_at, id",
        {static_cast<std::int64_t>(kPresumedGoneAfter.count())});
    std::vector<NodeInfo> nodes;
    nodes.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row)
      nodes.push_back({rows.text(row, 0), rows.text(row, 1), rows.int64(row, 2)});
    return nodes;
  }

 private:
  // The connection, made again after it broke (a restarted database): a renewal that failed is retried on it.
  postgres::Connection& db() {
    if (!db_ || !db_->healthy()) db_ = std::make_unique<postgres::Connection>(url_);
    return *db_;
  }

  const std::string url_;
  std::mutex mutex_;  // one connection, used by one thread at a time
  std::unique_ptr<postgres::Connection> db_;
};

}  // namespace

std::unique_ptr<NodeRegistry> open_postgres_node_registry(const std::string& url) {
  return std::make_unique<PostgresNodeRegistry>(url);
}

}  // namespace filegate::core
