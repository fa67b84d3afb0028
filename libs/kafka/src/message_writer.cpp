#include "orderflow/kafka/message_writer.h"

#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::kafka {

void ProducerWriter::write_all(const std::string& topic, const std::vector<Message>& messages) {
  if (messages.empty()) return;
  DeliveryBatch batch(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    producer_.produce(topic, messages[i].key, messages[i].value, messages[i].headers, batch.callback(i));
  }
  // The whole batch is queued: sent now rather than after linger.ms (a flush overrides it since
  // librdkafka 1.8). A flush also waits for anything else in flight on this producer; the stages
  // that forward through a writer produce from their one thread.
  producer_.flush(producer_.delivery_timeout());
  const auto& reports = batch.wait();
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (!reports[i].delivered) {
      throw KafkaError("writing to " + topic + " failed: " + reports[i].error, reports[i].retriable,
                       reports[i].about_message);
    }
  }
}

}  // namespace orderflow::kafka
