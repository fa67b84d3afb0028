#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/message.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace orderflow::kafka {

struct ProducerOptions {
  // How long the client keeps retrying a message before reporting it undelivered.
  std::chrono::milliseconds delivery_timeout{10'000};
  std::chrono::milliseconds linger{5};
  // Bound on the destructor's flush; anything still queued after it is logged as undelivered.
  std::chrono::milliseconds close_timeout{10'000};
};

struct DeliveryReport {
  bool delivered = false;
  bool retriable = false;      // when not delivered: may a later attempt succeed?
  bool about_message = false;  // when not delivered: refused for what this message is (its size)
  std::string error;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
};

// An idempotent producer with acks=all: a message is reported delivered only once every in-sync
// replica has it, and the client's retries never write it twice. Those settings are fixed here.
//
// Delivery callbacks run on the thread serving the producer (its poll thread, or the caller of
// flush()); keep them short. An exception from one is logged, never let into librdkafka.
class Producer {
 public:
  using DeliveryCallback = std::function<void(const DeliveryReport&)>;

  Producer(const ClientConfig& config, const ProducerOptions& options);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues the message. The callback is called exactly once with the
  // outcome; when the message cannot even be queued, it is called before produce() returns.
  void produce(const std::string& topic, std::string_view key, std::string_view value, const Headers& headers,
               DeliveryCallback on_delivery);

  // Produce and block until the delivery report arrives.
  DeliveryReport produce_and_wait(const std::string& topic, std::string_view key, std::string_view value,
                                  const Headers& headers = {});

  // Sends what is queued at once (linger.ms does not apply during a flush) and waits for all of it
  // to be delivered or fail; returns how many are still queued.
  int flush(std::chrono::milliseconds timeout);
  int queue_length() const;
  std::chrono::milliseconds delivery_timeout() const { return options_.delivery_timeout; }
  // librdkafka's name for this client: the `handle` label of its statistics series.
  std::string name() const;

 private:
  rd_kafka_t* handle_ = nullptr;
  StatisticsMetrics* statistics_ = nullptr;  // told when the handle is gone
  ProducerOptions options_;
  std::atomic<bool> stopping_{false};
  std::thread poll_thread_;
};

}  // namespace orderflow::kafka
