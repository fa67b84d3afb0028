#include "orderflow/kafka/dead_letters.h"

#include "orderflow/common/logger.h"
#include "orderflow/common/time.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::kafka {

namespace {

std::string trace_id(const Headers& headers) {
  const auto trace = TraceContext::parse(header_value(headers, "traceparent"));
  return trace ? trace->trace_id : "";
}

}  // namespace

Headers KafkaDeadLetters::headers_for(const DeadLetter& letter) {
  Headers headers = letter.original.headers;
  headers.emplace_back("dlq.original.topic", letter.original.topic);
  headers.emplace_back("dlq.original.partition", std::to_string(letter.original.partition));
  headers.emplace_back("dlq.original.offset", std::to_string(letter.original.offset));
  headers.emplace_back("dlq.stage", letter.stage);
  headers.emplace_back("dlq.reason", letter.reason);
  headers.emplace_back("dlq.error", letter.error);
  headers.emplace_back("dlq.attempts", std::to_string(letter.attempts));
  headers.emplace_back("dlq.timestamp", format_rfc3339(std::chrono::system_clock::now()));
  return headers;
}

void KafkaDeadLetters::send_all(const std::vector<DeadLetter>& letters) {
  if (letters.empty()) return;
  DeliveryBatch batch(letters.size());
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const auto& letter = letters[i];
    producer_.produce(topic_, letter.original.key, letter.original.value, headers_for(letter), batch.callback(i));
  }
  const auto& reports = batch.wait();
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (!reports[i].delivered) {
      throw KafkaError("dead letter for " + letters[i].original.topic + "/" +
                           std::to_string(letters[i].original.partition) + "@" +
                           std::to_string(letters[i].original.offset) + " not written: " + reports[i].error,
                       reports[i].retriable);
    }
    log::warn("dead-lettered",
              {{"reason", letters[i].reason}, {"error", letters[i].error}, {"stage", letters[i].stage},
               {"topic", letters[i].original.topic}, {"partition", letters[i].original.partition},
               {"offset", letters[i].original.offset},
               {"traceId", trace_id(letters[i].original.headers)}});
  }
}

}  // namespace orderflow::kafka
