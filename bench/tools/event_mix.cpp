#include "event_mix.h"

#include <cstdio>
#include <ctime>

namespace orderflow::bench {
namespace {

std::string cents(long long value) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", value / 100, value % 100);
  return text;
}

std::string join_tab(std::initializer_list<std::string> fields) {
  std::string line;
  for (const auto& f : fields) {
    if (!line.empty()) line += '\t';
    line += f;
  }
  return line;
}

// Event n happened n seconds after the first: times differ as a real stream's do (indexes on
// (user, time) see distinct keys).
std::string time_of(std::uint64_t n) {
  const std::time_t seconds = 1'760'954'400 + static_cast<std::time_t>(n);  // 2025-10-20T10:00:00Z
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string copy_field(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

MixedEvent EventMix::make(std::uint64_t n, CopyRows* rows) const {
  const std::string time = time_of(n);
  const std::string id = run_ + "-" + std::to_string(n);
  const std::string user = "user-" + run_ + "-" + std::to_string(n % 5000);
  const std::string order = "order-" + run_ + "-" + std::to_string(n / 10);
  MixedEvent e;
  e.event_id = "evt-" + id;
  const auto slot = n % 10;
  std::string body;
  if (slot < 4) {
    e.event_type = "OrderPlaced";
    const std::string order_id = "order-" + id;
    const int lines = 1 + static_cast<int>(n % 3);
    long long total = 0;
    std::string items;
    for (int line = 1; line <= lines; ++line) {
      const long long price = 199 + static_cast<long long>((n * 7 + line) % 5000);
      const int quantity = 1 + static_cast<int>((n + line) % 4);
      total += price * quantity;
      const std::string sku = "SKU-" + std::to_string((n + line) % 500);
      if (!items.empty()) items += ',';
      items +=
          R"({"sku":")" + sku + R"(","quantity":)" + std::to_string(quantity) + R"(,"price":)" + cents(price) + "}";
    }
    e.key = order_id;
    body = R"("orderId":")" + order_id + R"(","userId":")" + user + R"(","totalAmount":)" + cents(total) +
           R"(,"currency":"USD","items":[)" + items + R"(],"placedAt":")" + time + "\"";
    // The lines as the processor stores them: the event's items array (migration 010).
    if (rows)
      rows->orders.push_back(
          join_tab({order_id, user, cents(total), "USD", "placed", time, "[" + items + "]", e.event_id}));
  } else if (slot < 7) {
    e.event_type = "PaymentSettled";
    const std::string payment_id = "pay-" + id;
    const long long amount = 500 + static_cast<long long>(n % 90000);
    e.key = order;
    body = R"("paymentId":")" + payment_id + R"(","orderId":")" + order + R"(","amount":)" + cents(amount) +
           R"(,"currency":"USD","paymentMethod":"credit_card","status":"completed","settledAt":")" + time + "\"";
    if (rows) {
      rows->payments.push_back(join_tab(
          {payment_id, order, "\\N", "\\N", cents(amount), "USD", "credit_card", "completed", time, e.event_id}));
    }
  } else if (slot < 9) {
    e.event_type = "UserCreated";
    const std::string user_id = "user-" + id;
    e.key = user_id;
    body = R"("userId":")" + user_id + R"(","email":"u)" + std::to_string(n) +
           R"(@example.com","firstName":"Jane","lastName":"Roe","createdAt":")" + time + "\"";
    if (rows)
      rows->users.push_back(
          join_tab({user_id, "u" + std::to_string(n) + "@example.com", "Jane", "Roe", time, e.event_id}));
  } else {
    e.event_type = "InventoryAdjusted";
    const std::string sku = "SKU-" + std::to_string(n % 500);
    const int quantity = 1 + static_cast<int>(n % 20);
    e.key = sku;
    body = R"("sku":")" + sku + R"(","quantity":)" + std::to_string(quantity) +
           R"(,"adjustmentType":"add","reason":"restock","adjustedAt":")" + time + "\"";
    if (rows) rows->inventory.emplace_back(sku, quantity);
  }
  e.json = R"({"eventId":")" + e.event_id + R"(","eventType":")" + e.event_type +
           R"(","schemaVersion":1,"timestamp":")" + time + "\"," + body + "}";
  if (rows) {
    rows->processed_events.push_back(
        join_tab({e.event_id, e.event_type, copy_field(e.json), "orderflow.events.validated", "0", std::to_string(n)}));
  }
  return e;
}

}  // namespace orderflow::bench
