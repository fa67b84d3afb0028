#include "orderflow/kafka/dead_letters.h"

#include <algorithm>

#include "orderflow/common/logger.h"
#include "orderflow/common/time.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/common/utf8.h"
#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::kafka {

namespace {

std::string trace_id(const Headers& headers) {
  const auto trace = TraceContext::parse(header_value(headers, "traceparent"));
  return trace ? trace->trace_id : "";
}

}  // namespace

std::string bounded_error_text(std::string_view text) {
  constexpr std::string_view kCut = " [cut]";
  // Making text valid UTF-8 never shrinks it, so a prefix of 4x the limit shows whether it fits.
  const std::size_t window = 4 * kMaxErrorBytes;
  std::string head = to_valid_utf8(text.substr(0, std::min(text.size(), window)));
  if (text.size() <= window && head.size() <= kMaxErrorBytes) return head;
  return truncate_utf8(head, kMaxErrorBytes - kCut.size()) + std::string(kCut);
}

EncodedDeadLetter encode_dead_letter(const DeadLetter& letter) {
  std::size_t original_bytes = letter.original.key.size() + letter.original.value.size();
  for (const auto& [name, value] : letter.original.headers) original_bytes += name.size() + value.size();
  const bool copied = original_bytes <= kMaxCopiedBytes;
  EncodedDeadLetter out;
  if (copied) {
    out.key = letter.original.key;
    out.value = letter.original.value;
    out.headers = letter.original.headers;
  } else {
    out.headers.emplace_back("dlq.original.omitted", std::to_string(original_bytes));
  }
  Headers& headers = out.headers;
  headers.emplace_back("dlq.original.topic", letter.original.topic);
  headers.emplace_back("dlq.original.partition", std::to_string(letter.original.partition));
  headers.emplace_back("dlq.original.offset", std::to_string(letter.original.offset));
  headers.emplace_back("dlq.stage", letter.stage);
  headers.emplace_back("dlq.reason", letter.reason);
  headers.emplace_back("dlq.error", bounded_error_text(letter.error));
  headers.emplace_back("dlq.attempts", std::to_string(letter.attempts));
  headers.emplace_back("dlq.timestamp", format_rfc3339(std::chrono::system_clock::now()));
  return out;
}

void KafkaDeadLetters::send_all(const std::vector<DeadLetter>& letters) {
  if (letters.empty()) return;
  DeliveryBatch batch(letters.size());
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const auto encoded = encode_dead_letter(letters[i]);
    producer_.produce(topic_, encoded.key, encoded.value, encoded.headers, batch.callback(i));
  }
  const auto& reports = batch.wait();
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (!reports[i].delivered) {
      throw KafkaError("dead letter for " + letters[i].original.topic + "/" +
                           std::to_string(letters[i].original.partition) + "@" +
                           std::to_string(letters[i].original.offset) + " not written: " + reports[i].error,
                       reports[i].retriable, reports[i].about_message);
    }
    log::warn("dead-lettered",
              {{"reason", letters[i].reason}, {"error", bounded_error_text(letters[i].error)}, {"stage", letters[i].stage},
               {"topic", letters[i].original.topic}, {"partition", letters[i].original.partition},
               {"offset", letters[i].original.offset},
               {"traceId", trace_id(letters[i].original.headers)}});
  }
}

}  // namespace orderflow::kafka
