#include "orderflow/kafka/message_writer.h"

#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::kafka {
namespace {

class Written : public Pending {
 public:
  bool settled() const override { return true; }
  void wait() override {}
};

// The delivery reports of one start_all, checked when waited for.
class PendingDeliveries : public Pending {
 public:
  PendingDeliveries(std::string topic, std::size_t count) : topic_(std::move(topic)), batch_(count) {}

  DeliveryBatch& batch() { return batch_; }
  bool settled() const override { return batch_.complete(); }
  void wait() override {
    for (const auto& report : batch_.wait()) {
      if (!report.delivered) {
        throw KafkaError("writing to " + topic_ + " failed: " + report.error, report.retriable, report.about_message);
      }
    }
  }

 private:
  std::string topic_;
  DeliveryBatch batch_;
};

}  // namespace

std::unique_ptr<Pending> MessageWriter::start_all(const std::string& topic, const std::vector<Message>& messages) {
  write_all(topic, messages);
  return std::make_unique<Written>();
}

std::unique_ptr<Pending> ProducerWriter::start_all(const std::string& topic, const std::vector<Message>& messages) {
  auto pending = std::make_unique<PendingDeliveries>(topic, messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    producer_.produce(topic, messages[i].key, messages[i].value, messages[i].headers, pending->batch().callback(i));
  }
  return pending;
}

void ProducerWriter::write_all(const std::string& topic, const std::vector<Message>& messages) {
  if (messages.empty()) return;
  auto pending = start_all(topic, messages);
  // The whole batch is queued: sent now rather than after linger.ms (a flush overrides it since
  // librdkafka 1.8). A flush also waits for anything else in flight on this producer.
  producer_.flush(producer_.delivery_timeout());
  pending->wait();
}

}  // namespace orderflow::kafka
