#include "core/s3/transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string_view>

#include "core/s3/error.hpp"
#include "core/text.hpp"

namespace filegate::core::s3 {
namespace {

// XML answers (a listing of 1000 keys is a few hundred KB) and error documents stay far below this.
constexpr std::size_t max_collected_body = 16 << 20;
// Idle handles kept for their open connections; beyond this, a returned handle is closed.
constexpr std::size_t max_idle_handles = 16;

void init_libcurl_once() {
  // curl_global_init is not thread-safe in every libcurl build: done once, before the first handle.
  static const CURLcode status = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (status != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
}

class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }
  void add(const std::string& line) {
    curl_slist* longer = curl_slist_append(list_, line.c_str());
    if (longer == nullptr) throw std::bad_alloc();
    list_ = longer;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// What the callbacks of one exchange share.
struct Exchange {
  CURL* handle;
  const char* operation;
  const Request& request;
  Response response;
  std::uint64_t sent = 0;
  std::exception_ptr failure;  // thrown by the reader or the sink, or a body of the wrong size
  bool status_known = false;
  bool to_sink = false;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const Request& request = exchange.request;
  const std::size_t room =
      static_cast<std::size_t>(std::min<std::uint64_t>(size * count, request.body_size - exchange.sent));
  if (room == 0 || request.body == nullptr) return 0;
  try {
    const std::size_t n = (*request.body)(std::span<std::byte>(reinterpret_cast<std::byte*>(buffer), room));
    if (n == 0 || n > room) {
      throw std::runtime_error(std::string("S3 ") + exchange.operation + ": the body's reader " +
                               (n == 0 ? "ended after " + std::to_string(exchange.sent) + " of " +
                                             std::to_string(request.body_size) + " bytes"
                                       : std::string("overfilled its buffer")));
    }
    exchange.sent += n;
    return n;
  } catch (...) {
    exchange.failure = std::current_exception();
    return CURL_READFUNC_ABORT;
  }
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    exchange.response.headers.clear();  // a new answer begins (after a 100 Continue, the final one)
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
  exchange.response.headers[name] = std::string(text::trim_ows(value));
  return n;
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (!exchange.status_known) {
    long status = 0;
    curl_easy_getinfo(exchange.handle, CURLINFO_RESPONSE_CODE, &status);
    exchange.to_sink = exchange.request.sink != nullptr && status >= 200 && status < 300;
    exchange.status_known = true;
  }
  try {
    if (exchange.to_sink) {
      (*exchange.request.sink)(std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), n));
      exchange.response.sunk += n;
    } else {
      if (exchange.response.body.size() + n > max_collected_body) {
        throw std::runtime_error(std::string("S3 ") + exchange.operation + ": an answer larger than expected");
      }
      exchange.response.body.append(data, n);
    }
    return n;
  } catch (...) {
    exchange.failure = std::current_exception();
    return 0;  // anything but n aborts the transfer
  }
}

template <typename T>
void set(CURL* handle, CURLoption option, T value) {
  if (curl_easy_setopt(handle, option, value) != CURLE_OK) {
    throw std::runtime_error("libcurl refused an option (option " + std::to_string(option) + ")");
  }
}

}  // namespace

struct Transport::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;

  ~Pool() {
    for (CURL* handle : idle) curl_easy_cleanup(handle);
  }
  CURL* acquire() {
    {
      const std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    CURL* handle = curl_easy_init();
    if (handle == nullptr) throw std::runtime_error("libcurl could not create a handle");
    return handle;
  }
  // The handle forgets its options but keeps its connections, so the next request reuses one.
  void release(CURL* handle) {
    curl_easy_reset(handle);
    const std::lock_guard lock(mutex);
    if (idle.size() < max_idle_handles) {
      idle.push_back(handle);
    } else {
      curl_easy_cleanup(handle);
    }
  }
};

Transport::Transport(const Config& config)
    : access_key_(config.access_key),
      secret_key_(config.secret_key),
      sigv4_provider_("aws:amz:" + config.region + ":s3"),
      connect_timeout_ms_(static_cast<long>(config.connect_timeout.count())),
      stall_timeout_s_(static_cast<long>(config.stall_timeout.count())),
      pool_(std::make_unique<Pool>()) {
  init_libcurl_once();
}

Transport::~Transport() = default;

Response Transport::perform(const char* operation, const Request& request) const {
  // Back to the pool however the exchange ends.
  struct Lease {
    Pool& pool;
    CURL* handle;
    ~Lease() { pool.release(handle); }
  };
  const Lease lease{*pool_, pool_->acquire()};
  CURL* handle = lease.handle;
  Exchange exchange{handle, operation, request, {}, 0, nullptr, false, false};

  HeaderList headers;
  for (const std::string& line : request.headers) headers.add(line);
  // The body is not hashed before it is sent: it streams, and the signature covers everything else.
  headers.add("x-amz-content-sha256: UNSIGNED-PAYLOAD");

  char error_text[CURL_ERROR_SIZE] = {};
  set(handle, CURLOPT_URL, request.url.c_str());
  set(handle, CURLOPT_HTTPHEADER, headers.get());
  set(handle, CURLOPT_ERRORBUFFER, error_text);
  set(handle, CURLOPT_NOSIGNAL, 1L);
  set(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  set(handle, CURLOPT_PATH_AS_IS, 1L);  // a key's "." and ".." segments are names, not directions
  set(handle, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms_);
  set(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  set(handle, CURLOPT_LOW_SPEED_TIME, stall_timeout_s_);
  set(handle, CURLOPT_USERNAME, access_key_.c_str());
  set(handle, CURLOPT_PASSWORD, secret_key_.c_str());
  set(handle, CURLOPT_AWS_SIGV4, sigv4_provider_.c_str());
  set(handle, CURLOPT_HEADERFUNCTION, &on_header);
  set(handle, CURLOPT_HEADERDATA, &exchange);
  set(handle, CURLOPT_WRITEFUNCTION, &on_write);
  set(handle, CURLOPT_WRITEDATA, &exchange);

  const std::string_view method = request.method;
  if (method == "HEAD") {
    set(handle, CURLOPT_NOBODY, 1L);
  } else if (method == "POST" && request.body != nullptr) {
    // A real POST: libcurl sends a small one without "Expect: 100-continue" and its round trip (an empty "Expect:"
    // header would suppress it too, but libcurl signs that header and then does not send it).
    set(handle, CURLOPT_POST, 1L);
    set(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body_size));
    set(handle, CURLOPT_READFUNCTION, &on_read);
    set(handle, CURLOPT_READDATA, &exchange);
  } else if (method == "PUT" || method == "POST") {
    // Upload mode: no Content-Type of libcurl's own (a bodiless POST must not give the object one), and a PUT's body
    // waits for the store's 100 Continue, so a refused request does not send megabytes first.
    set(handle, CURLOPT_UPLOAD, 1L);
    set(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body == nullptr ? 0 : request.body_size));
    set(handle, CURLOPT_READFUNCTION, &on_read);
    set(handle, CURLOPT_READDATA, &exchange);
    if (method == "POST") set(handle, CURLOPT_CUSTOMREQUEST, "POST");
  } else if (method != "GET") {
    set(handle, CURLOPT_CUSTOMREQUEST, request.method);
  }
  std::string range;
  if (request.range) {
    range = std::to_string(request.range->first) + "-" +
            (request.range->last ? std::to_string(*request.range->last) : std::string());
    set(handle, CURLOPT_RANGE, range.c_str());
  }

  const CURLcode result = curl_easy_perform(handle);
  if (exchange.failure) std::rethrow_exception(exchange.failure);
  if (result != CURLE_OK) {
    throw Error(operation, 0, "", error_text[0] != '\0' ? error_text : curl_easy_strerror(result));
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  exchange.response.status = static_cast<int>(status);
  return std::move(exchange.response);
}

}  // namespace filegate::core::s3
