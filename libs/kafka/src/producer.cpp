#include "orderflow/kafka/producer.h"

#include <future>
#include <librdkafka/rdkafka.h>
#include <memory>

#include "orderflow/common/logger.h"

#include "handles.h"

namespace orderflow::kafka {
namespace {

void on_delivery_report(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  std::unique_ptr<Producer::DeliveryCallback> callback(static_cast<Producer::DeliveryCallback*>(message->_private));
  if (!callback) return;
  DeliveryReport report;
  report.delivered = message->err == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (report.delivered) {
    report.partition = message->partition;
    report.offset = message->offset;
  } else {
    report.error = rd_kafka_err2str(message->err);
    report.retriable = detail::is_retriable(message->err);
    report.about_message = detail::is_about_message(message->err);
  }
  // An exception must not cross librdkafka's C frames: that would end the process.
  try {
    (*callback)(report);
  } catch (const std::exception& e) {
    log::error("delivery callback failed", {{"error", e.what()}});
  }
}

}  // namespace

Producer::Producer(const ClientConfig& config, const ProducerOptions& options)
    : statistics_(config.statistics), options_(options) {
  detail::ConfPtr conf = detail::make_conf(config);
  detail::set(conf.get(), "enable.idempotence", "true");
  detail::set(conf.get(), "acks", "all");
  detail::set(conf.get(), "message.timeout.ms", std::to_string(options.delivery_timeout.count()));
  detail::set(conf.get(), "linger.ms", std::to_string(options.linger.count()));
  detail::set(conf.get(), "compression.type", "lz4");
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &on_delivery_report);

  char error[512];
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof error);
  if (!handle_) throw KafkaError(std::string("cannot create Kafka producer: ") + error, false);
  conf.release();  // owned by the handle now

  poll_thread_ = std::thread([this] {
    while (!stopping_.load(std::memory_order_acquire)) rd_kafka_poll(handle_, 100);
  });
}

Producer::~Producer() {
  const int undelivered = flush(options_.close_timeout);
  if (undelivered > 0) {
    log::error(
        "producer closed with undelivered messages",
        {{"undelivered", undelivered}, {"hint", "they were not acknowledged by Kafka; their senders got errors"}});
  }
  if (undelivered > 0) {
    // Failed now, while the poll thread still serves delivery reports: destroying the handle would
    // drop what is left without running (or freeing) their callbacks.
    rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(handle_, 1000);
  }
  stopping_.store(true, std::memory_order_release);
  poll_thread_.join();
  detail::destroy(handle_, statistics_);
}

std::string Producer::name() const {
  return rd_kafka_name(handle_);
}

void Producer::produce(const std::string& topic, std::string_view key, std::string_view value, const Headers& headers,
                       DeliveryCallback on_delivery) {
  auto callback = std::make_unique<DeliveryCallback>(std::move(on_delivery));
  rd_kafka_headers_t* kafka_headers = rd_kafka_headers_new(headers.size());
  for (const auto& [name, header_value] : headers) {
    rd_kafka_header_add(kafka_headers, name.data(), static_cast<ssize_t>(name.size()), header_value.data(),
                        static_cast<ssize_t>(header_value.size()));
  }
  const rd_kafka_resp_err_t err = rd_kafka_producev(
      handle_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_HEADERS(kafka_headers), RD_KAFKA_V_OPAQUE(callback.get()), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(kafka_headers);  // only owned by librdkafka on success
    DeliveryReport report;
    report.error = rd_kafka_err2str(err);
    report.retriable = err == RD_KAFKA_RESP_ERR__QUEUE_FULL || detail::is_retriable(err);
    report.about_message = detail::is_about_message(err);
    (*callback)(report);
    return;
  }
  callback.release();  // freed by on_delivery_report
}

DeliveryReport Producer::produce_and_wait(const std::string& topic, std::string_view key, std::string_view value,
                                          const Headers& headers) {
  auto promise = std::make_shared<std::promise<DeliveryReport>>();
  auto future = promise->get_future();
  produce(topic, key, value, headers, [promise](const DeliveryReport& report) { promise->set_value(report); });
  return future.get();
}

int Producer::flush(std::chrono::milliseconds timeout) {
  rd_kafka_flush(handle_, static_cast<int>(timeout.count()));
  return rd_kafka_outq_len(handle_);
}

int Producer::queue_length() const {
  return rd_kafka_outq_len(handle_);
}

}  // namespace orderflow::kafka
