#pragma once
// One place for the Boost.Asio / Boost.Beast includes and namespace aliases used across the HTTP layer.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace filegate::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
template <typename T>
using awaitable = asio::awaitable<T>;
}  // namespace filegate::http
