// GET /api/v1/quota/{lib}/{space}: the space's quota as the Java SDK's QuotaCapacityResponse reads it,
// {"id", "capacity" (bytes, a string)}; filegate adds "usedSpace" (bytes, a string). No quota set: 404 NoQuota.
#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate::dialects::smh {

Response SmhDialect::quota_get(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const auto capacity = model_.quota(access.scope);
  if (!capacity) throw http::Refusal(errors::no_quota);
  boost::json::object body;
  body["id"] = 1;  // one quota per space here; SMH's quota ids may be shared by spaces
  body["capacity"] = std::to_string(*capacity);
  body["usedSpace"] = std::to_string(model_.used_bytes(access.scope));
  return json_reply(200, body);
}

}  // namespace filegate::dialects::smh
