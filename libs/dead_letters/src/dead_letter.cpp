#include "orderflow/dead_letters/dead_letter.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "orderflow/common/time.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/common/utf8.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::dead_letters {
namespace {

// Headers are bytes anyone may have written; what is read from them is UTF-8 text.
std::string text_header(const kafka::Message& message, const char* name, std::size_t max_bytes) {
  return truncate_utf8(to_valid_utf8(kafka::header_value(message.headers, name)), max_bytes);
}

long long number_or_zero(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

bool is_identifier(std::string_view id) {
  if (id.empty() || id.size() > 128 || !std::isalnum(static_cast<unsigned char>(id.front()))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
  });
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

int attempts(const kafka::Message& original) {
  const auto redrives = number_or_zero(kafka::header_value(original.headers, header::kRedrives));
  return static_cast<int>(std::clamp<long long>(redrives, 0, 1'000'000)) + 1;
}

std::optional<std::string> event_id_of(std::string_view payload) {
  if (payload.size() > kMaxCopiedBytes) return std::nullopt;
  const auto parsed = exact_json::parse_exact(payload);
  const auto* event = std::get_if<nlohmann::json>(&parsed);
  if (!event || !event->is_object()) return std::nullopt;
  const auto id = event->find("eventId");
  if (id == event->end() || !id->is_string() || !is_identifier(id->get_ref<const std::string&>())) return std::nullopt;
  return id->get<std::string>();
}

EncodedDeadLetter encode(const DeadLetter& letter) {
  std::size_t original_bytes = letter.original.key.size() + letter.original.value.size();
  for (const auto& [name, value] : letter.original.headers) original_bytes += name.size() + value.size();
  const bool copied = original_bytes <= kMaxCopiedBytes;
  EncodedDeadLetter out;
  if (copied) {
    out.key = letter.original.key;
    out.value = letter.original.value;
    out.headers = letter.original.headers;
  } else {
    out.headers.emplace_back(header::kOriginalOmitted, std::to_string(original_bytes));
  }
  kafka::Headers& headers = out.headers;
  headers.emplace_back(header::kOriginalTopic, letter.original.topic);
  headers.emplace_back(header::kOriginalPartition, std::to_string(letter.original.partition));
  headers.emplace_back(header::kOriginalOffset, std::to_string(letter.original.offset));
  headers.emplace_back(header::kStage, letter.stage);
  headers.emplace_back(header::kReason, letter.reason);
  headers.emplace_back(header::kError, bounded_error_text(letter.error));
  headers.emplace_back(header::kAttempts, std::to_string(attempts(letter.original)));
  headers.emplace_back(header::kTimestamp, format_rfc3339(std::chrono::system_clock::now()));
  return out;
}

std::string ReadDeadLetter::position() const {
  return std::to_string(message.partition) + ":" + std::to_string(message.offset);
}

ReadDeadLetter read(const kafka::Message& message) {
  ReadDeadLetter letter;
  letter.message = message;
  letter.reason = text_header(message, header::kReason, 64);
  letter.error = bounded_error_text(kafka::header_value(message.headers, header::kError));
  letter.stage = text_header(message, header::kStage, 64);
  letter.original_topic = text_header(message, header::kOriginalTopic, 255);
  letter.original_partition =
      static_cast<std::int32_t>(number_or_zero(kafka::header_value(message.headers, header::kOriginalPartition)));
  letter.original_offset = number_or_zero(kafka::header_value(message.headers, header::kOriginalOffset));
  letter.attempts = static_cast<int>(
      std::clamp<long long>(number_or_zero(kafka::header_value(message.headers, header::kAttempts)), 1, 1'000'000));
  letter.event_id = event_id_of(message.value);
  if (const auto trace = TraceContext::parse(kafka::header_value(message.headers, "traceparent"))) {
    letter.trace_id = trace->trace_id;
  }
  return letter;
}

kafka::Headers redrive_headers(const ReadDeadLetter& letter) {
  kafka::Headers headers;
  for (const auto& [k, v] : letter.message.headers) {
    if (k.rfind(header::kPrefix, 0) != 0) headers.emplace_back(k, v);
  }
  headers.emplace_back(header::kRedrivenFrom, letter.position());
  headers.emplace_back(header::kRedrives, std::to_string(letter.attempts));
  return headers;
}

std::string redis_entry(const DeadLetter& letter) {
  const bool copied = letter.original.value.size() <= kMaxCopiedBytes;
  const auto event_id = copied ? event_id_of(letter.original.value) : std::nullopt;
  nlohmann::json entry = {
      {"eventId", event_id ? nlohmann::json(*event_id) : nlohmann::json(nullptr)},
      {"originalData", copied ? nlohmann::json(letter.original.value) : nlohmann::json(nullptr)},
      {"error", letter.reason + ": " + bounded_error_text(letter.error)},
      {"reason", letter.reason},
      {"stage", letter.stage},
      {"topic", letter.original.topic},
      {"partition", letter.original.partition},
      {"offset", letter.original.offset},
      {"timestamp", format_rfc3339(std::chrono::system_clock::now())},
      {"retryCount", attempts(letter.original) - 1},
  };
  if (!copied) entry["originalOmitted"] = letter.original.value.size();
  return exact_json::dump_exact(entry);
}

}  // namespace orderflow::dead_letters
