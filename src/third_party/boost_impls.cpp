// Boost.JSON and Boost.URL are header-only here; their out-of-line definitions are compiled exactly once, in this file.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
