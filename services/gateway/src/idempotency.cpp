#include "idempotency.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "orderflow/common/logger.h"
#include "orderflow/common/sha256.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

constexpr std::size_t kMaxKeyLength = 255;

std::string redis_key(const std::string& key) {
  return "orderflow:idempotency:" + key;
}

}  // namespace

std::string client_scoped_key(const http::Request& request) {
  const std::string key = request.get_header_value("Idempotency-Key");
  // No caller name holds a '/', so the first one ends the name: no two (name, key) pairs meet.
  return request.caller.authenticated() ? request.caller.name + "/" + key : key;
}

std::string event_id_for_key(const std::string& key, const std::string& path, std::size_t index) {
  const std::string d = sha256("orderflow-idempotency|" + key + "|" + path + "|" + std::to_string(index));
  unsigned char b[16];
  for (int i = 0; i < 16; ++i) b[i] = static_cast<unsigned char>(d[i]);
  b[6] = static_cast<unsigned char>(0x80 | (b[6] & 0x0f));  // version 8: derived
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));  // RFC 9562 variant
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return text;
}

IdempotencyStore::ClaimResult RedisIdempotencyStore::claim(const std::string& key, const std::string& request_hash) {
  const std::string in_flight = exact_json::dump_exact({{"state", "in_flight"}, {"hash", request_hash}});
  std::lock_guard lock(mutex_);
  // Two rounds: the key may expire between a refused SET NX and the GET that follows it.
  for (int round = 0; round < 2; ++round) {
    const auto set = client_.command({"SET", redis_key(key), in_flight, "NX", "EX", std::to_string(lease_.count())});
    if (set.type == redis::Reply::Type::kStatus) return {Claim::kNew, {}};
    const auto stored = client_.command({"GET", redis_key(key)});
    if (stored.type != redis::Reply::Type::kString) continue;
    const auto parsed = exact_json::parse_exact(stored.text);
    const auto* entry_ptr = std::get_if<nlohmann::json>(&parsed);
    if (!entry_ptr || !entry_ptr->is_object()) continue;
    const auto& entry = *entry_ptr;
    if (entry.value("hash", "") != request_hash) return {Claim::kMismatch, {}};
    if (entry.value("state", "") == "in_flight") return {Claim::kInFlight, {}};
    return {Claim::kReplay, {entry.value("status", 500), entry.value("body", "")}};
  }
  return {Claim::kInFlight, {}};
}

void RedisIdempotencyStore::complete(const std::string& key, const std::string& request_hash,
                                     const StoredResponse& response) {
  const std::string done = exact_json::dump_exact(
      {{"state", "done"}, {"hash", request_hash}, {"status", response.status}, {"body", response.body}});
  std::lock_guard lock(mutex_);
  client_.command({"SET", redis_key(key), done, "EX", std::to_string(retention_.count())});
}

void RedisIdempotencyStore::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  client_.command({"DEL", redis_key(key)});
}

IdempotentHandler::IdempotentHandler(IdempotencyStore& store, metrics::Registry& registry)
    : store_(store),
      outcomes_(
          prometheus::BuildCounter()
              .Name("idempotency_requests_total")
              .Help("Requests with an Idempotency-Key, by outcome (new, replayed, in_flight, mismatch, store_down)")
              .Register(registry)) {}

http::AsyncHandler IdempotentHandler::wrap(http::AsyncHandler handler) {
  return [this, handler = std::move(handler)](const http::Request& request, const http::Responder& responder) {
    if (!request.has_header("Idempotency-Key")) return handler(request, responder);
    handle(handler, request, responder);
  };
}

void IdempotentHandler::handle(const http::AsyncHandler& handler, const http::Request& request,
                               const http::Responder& responder) {
  http::Response refusal;
  const std::string sent = request.get_header_value("Idempotency-Key");
  if (sent.empty() || sent.size() > kMaxKeyLength) {
    http::reply_error(refusal, 400, "invalid_idempotency_key",
                      "Idempotency-Key must be 1 to " + std::to_string(kMaxKeyLength) + " characters");
    return responder.send(std::move(refusal));
  }
  const std::string key = client_scoped_key(request);
  const std::string request_hash = sha256_hex(request.method + " " + request.path + "\n" + request.body);
  IdempotencyStore::ClaimResult claim;
  try {
    claim = store_.claim(key, request_hash);
  } catch (const std::exception& e) {
    outcomes_.Add({{"outcome", "store_down"}}).Increment();
    log::warn("idempotency store unavailable; handling the request without it", {{"error", e.what()}});
    return handler(request, responder);
  }
  switch (claim.claim) {
    case IdempotencyStore::Claim::kInFlight:
      outcomes_.Add({{"outcome", "in_flight"}}).Increment();
      http::reply_error(refusal, 409, "idempotency_key_in_use",
                        "a request with this Idempotency-Key is still being handled; retry shortly");
      return responder.send(std::move(refusal));
    case IdempotencyStore::Claim::kMismatch:
      outcomes_.Add({{"outcome", "mismatch"}}).Increment();
      http::reply_error(refusal, 422, "idempotency_key_reused",
                        "this Idempotency-Key was used with a different request");
      return responder.send(std::move(refusal));
    case IdempotencyStore::Claim::kReplay: {
      outcomes_.Add({{"outcome", "replayed"}}).Increment();
      http::Response replay;
      replay.status = claim.response.status;
      replay.set_header("Idempotent-Replayed", "true");
      replay.set_content(claim.response.body, "application/json");
      return responder.send(std::move(replay));
    }
    case IdempotencyStore::Claim::kNew:
      break;
  }
  outcomes_.Add({{"outcome", "new"}}).Increment();
  try {
    handler(request, http::Responder([this, key, request_hash, responder](http::Response&& response) {
              auto answer = std::make_shared<http::Response>(std::move(response));
              // This is librdkafka's thread: it never waits on Redis. With the recorder far behind, the
              // answer goes out unkept, as when the store is down.
              if (!recorder_.try_post([this, key, request_hash, answer, responder] {
                    record_and_send(key, request_hash, std::move(*answer), responder);
                  })) {
                log::warn("idempotency store far behind; the answer was not kept", {{"status", answer->status}});
                responder.send(std::move(*answer));
              }
            }));
  } catch (...) {
    try {
      store_.release(key);
    } catch (const std::exception&) {
      // The lease expires by itself.
    }
    throw;
  }
}

void IdempotentHandler::record_and_send(const std::string& key, const std::string& request_hash,
                                        http::Response response, const http::Responder& responder) {
  try {
    // Only a request that was processed keeps its answer (as Stripe does): a refusal of a
    // malformed request is not stored, so the client may fix it and retry under the same key.
    if (response.status < 200 || response.status >= 300) {
      store_.release(key);
    } else {
      store_.complete(key, request_hash, {response.status, response.body});
    }
  } catch (const std::exception& e) {
    log::warn("idempotency store unavailable; the answer was not kept", {{"error", e.what()}});
  }
  responder.send(std::move(response));
}

}  // namespace orderflow::gateway
