#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "orderflow/common/worker_pool.h"
#include "orderflow/http/server.h"
#include "orderflow/metrics/metrics.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

struct StoredResponse {
  int status = 0;
  std::string body;
};

// Remembers, per Idempotency-Key, the request it came with and the answer it got.
class IdempotencyStore {
 public:
  enum class Claim {
    kNew,       // first time: go ahead, then complete() or release()
    kInFlight,  // the first request with this key is still being handled
    kMismatch,  // the key came with a different request before
    kReplay,    // done before: answer with `response`
  };
  struct ClaimResult {
    Claim claim = Claim::kNew;
    StoredResponse response;
  };

  virtual ~IdempotencyStore() = default;
  // Throws when the store is unavailable.
  virtual ClaimResult claim(const std::string& key, const std::string& request_hash) = 0;
  virtual void complete(const std::string& key, const std::string& request_hash, const StoredResponse& response) = 0;
  // Forgets the key, so a retry with it is handled anew (used when the request was not accepted).
  virtual void release(const std::string& key) = 0;
};

// In Redis: a short in-flight lease (so a gateway that died mid-request frees the key soon), then
// the answer for `retention` (24 h by default).
class RedisIdempotencyStore : public IdempotencyStore {
 public:
  RedisIdempotencyStore(redis::RedisClient& client, std::chrono::seconds retention, std::chrono::seconds lease)
      : client_(client), retention_(retention), lease_(lease) {}
  ClaimResult claim(const std::string& key, const std::string& request_hash) override;
  void complete(const std::string& key, const std::string& request_hash, const StoredResponse& response) override;
  void release(const std::string& key) override;

 private:
  std::mutex mutex_;  // one connection shared by the HTTP threads
  redis::RedisClient& client_;
  std::chrono::seconds retention_;
  std::chrono::seconds lease_;
};

// Stripe's Idempotency-Key semantics around a POST handler, per client (client_scoped_key):
//   same key, same request  -> the first answer again, with Idempotent-Replayed: true, nothing published
//   same key, other request -> 422 idempotency_key_reused
//   same key, first one still in flight -> 409 idempotency_key_in_use
// Answers that accepted nothing (5xx) are not kept, so the client's retry with the key runs anew.
// If the store is unavailable the request runs without it (the event id is derived from the key,
// so the processor's inbox still keeps a repeat from having a second effect).
class IdempotentHandler {
 public:
  IdempotentHandler(IdempotencyStore& store, metrics::Registry& registry);
  // Requests without an Idempotency-Key go straight to `handler`. With one, the key is claimed
  // first, and the handler's answer is kept in the store before it is sent. The answer comes on
  // librdkafka's thread, so keeping it (a Redis round trip) is handed to a thread of this class's
  // own: Kafka's delivery reports never wait on Redis.
  http::AsyncHandler wrap(http::AsyncHandler handler);

 private:
  void handle(const http::AsyncHandler& handler, const http::Request& request, const http::Responder& responder);
  // Keeps `response` as the key's answer (or forgets the key after a refusal), then sends it.
  void record_and_send(const std::string& key, const std::string& request_hash, http::Response response,
                       const http::Responder& responder);

  IdempotencyStore& store_;
  prometheus::Family<prometheus::Counter>& outcomes_;
  WorkerPool recorder_{1, 100'000};  // one thread: the store is one connection behind a mutex
};

// The Idempotency-Key of `request` in its client's own namespace ("<client>/<key>"; no client name
// holds a '/', neither an API key's nor a JWT caller's "jwt:<sub>"), so one client can neither replay nor squat
// another's keys, as Stripe scopes them per account. Without authentication, the key as sent.
std::string client_scoped_key(const http::Request& request);

// The event id of the `index`-th event of a request made with Idempotency-Key `key`: a UUID
// (version 8) derived from the key, the same for every retry of that request.
std::string event_id_for_key(const std::string& key, const std::string& path, std::size_t index);

}  // namespace orderflow::gateway
