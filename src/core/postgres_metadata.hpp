#pragma once
// The metadata of filegate nodes that share one store: PostgreSQL. Same contract as the embedded SQLite store
// (all-or-nothing commits, create fails if the key is taken, consume if it is missing, key-ordered scans), with
// each node caching reads and every commit telling the other nodes, through LISTEN/NOTIFY, which entries to drop.
#include <memory>
#include <string>
#include <string_view>

#include "core/metadata_store.hpp"

namespace filegate::core {

// postgresql://… or postgres://…: a URL this back end takes.
bool is_postgres_url(std::string_view url);

// Connects (a pool of connections, one more to listen), creates or migrates the schema (its tables are named
// filegate_*, so the database may hold others) and starts listening for the other nodes' commits.
std::unique_ptr<MetadataStore> open_postgres_metadata(const std::string& url);

}  // namespace filegate::core
