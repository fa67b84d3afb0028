#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orderflow::auth {

// A token bucket: `per_second` tokens flow in, at most `burst` are held; a request takes one.
struct RateLimit {
  double per_second = 0;
  double burst = 0;
};

// A client of the write API, as an API key identifies it.
struct Client {
  std::string name;                      // [a-z0-9][a-z0-9._-]{0,62}: it appears in metrics and keys
  std::vector<std::string> event_types;  // the types it may publish; "*" for all
  std::optional<RateLimit> rate_limit;   // none: the gateway's default
};

bool is_valid_client_name(std::string_view name);

// "OrderPlaced,PaymentSettled" or "*" <-> the list, as stored.
std::string join_event_types(const std::vector<std::string>& types);
std::vector<std::string> split_event_types(std::string_view text);

}  // namespace orderflow::auth
