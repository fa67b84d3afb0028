#include "orderflow/kafka/dead_letter_topic.h"

#include "orderflow/common/logger.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::kafka {
namespace {

std::string trace_id(const Headers& headers) {
  const auto trace = TraceContext::parse(header_value(headers, "traceparent"));
  return trace ? trace->trace_id : "";
}

}  // namespace

void DeadLetterTopic::send_all(const std::vector<dead_letters::DeadLetter>& letters) {
  if (letters.empty()) return;
  DeliveryBatch batch(letters.size());
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const auto encoded = dead_letters::encode(letters[i]);
    producer_.produce(topic_, encoded.key, encoded.value, encoded.headers, batch.callback(i));
  }
  const auto& reports = batch.wait();
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const auto& original = letters[i].original;
    if (!reports[i].delivered) {
      throw KafkaError("dead letter for " + original.topic + "/" + std::to_string(original.partition) + "@" +
                           std::to_string(original.offset) + " not written: " + reports[i].error,
                       reports[i].retriable, reports[i].about_message);
    }
    log::warn("dead-lettered", {{"reason", letters[i].reason},
                                {"error", dead_letters::bounded_error_text(letters[i].error)},
                                {"stage", letters[i].stage},
                                {"topic", original.topic},
                                {"partition", original.partition},
                                {"offset", original.offset},
                                {"traceId", trace_id(original.headers)}});
  }
}

}  // namespace orderflow::kafka
