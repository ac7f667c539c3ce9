#pragma once
// Errors as data. Each dialect keeps a catalog: every error its platform documents for the endpoints filegate serves,
// with the HTTP status, the platform's code and message. A handler refuses a request by throwing a Refusal that names
// a catalog entry; the router turns it into the platform's envelope (Envelope::render). Nothing else answers errors,
// so the fault injector, `filegate errors` and the handlers all speak from the same table.
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace filegate::http {

struct HeaderPair {
  std::string_view name;
  std::string_view value;
};

// One documented error of a platform.
struct ErrorEntry {
  std::string_view name;     // unique within its catalog, e.g. "im.file_not_found"; what faults and the CLI name
  unsigned status;           // the HTTP status the platform answers it with
  std::string_view code;     // the platform's code as text: "234005", "paramError", "InvalidAccessToken"
  std::string_view message;  // the platform's own message
  // Endpoint names (see RouteSpec::endpoint) that can return it; empty: any endpoint of the catalog's surface.
  std::vector<std::string_view> endpoints = {};
  // Headers that come with it (e.g. Feishu's x-ogw-ratelimit-*), with the values a fault injects.
  std::vector<HeaderPair> headers = {};
};

// A catalog: the errors one envelope (one wire surface of a platform) can answer. Entries are named objects of their
// own (handlers throw `Refusal(errors::file_not_found)`), so a catalog lists their addresses.
using ErrorCatalog = std::span<const ErrorEntry* const>;

// Finds an entry by name or, failing that, by platform code; null when neither matches.
const ErrorEntry* find_error(ErrorCatalog catalog, std::string_view name_or_code);
// Whether `entry` can answer `endpoint`: it lists that endpoint, or lists none.
bool answers_endpoint(const ErrorEntry& entry, std::string_view endpoint);
// The same as find_error among the entries that can answer `endpoint` (codes repeat across endpoints, e.g. Drive's
// 1061001 is a 200 on uploads and a 500 elsewhere).
const ErrorEntry* find_error(ErrorCatalog catalog, std::string_view name_or_code, std::string_view endpoint);

// Thrown by handlers (and the models under them) to refuse a request with a catalog entry.
class Refusal : public std::exception {
 public:
  explicit Refusal(const ErrorEntry& entry) : entry_(&entry) {}
  // A more specific message than the catalog's (the platforms vary theirs by cause, e.g. which parameter is bad).
  Refusal(const ErrorEntry& entry, std::string message) : entry_(&entry), message_(std::move(message)) {}

  // Per-instance headers (e.g. the quota's real limit and reset); override the entry's defaults of the same name.
  Refusal& with_header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  const ErrorEntry& entry() const { return *entry_; }
  std::string_view message() const { return message_.empty() ? entry_->message : std::string_view(message_); }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  const char* what() const noexcept override { return entry_->name.data(); }

 private:
  const ErrorEntry* entry_;
  std::string message_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

}  // namespace filegate::http
