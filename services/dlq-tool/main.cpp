// orderflow-dlq: look into the dead letter queue and send letters back through the pipeline.
//
//   orderflow-dlq count                                  dead letters by reason
//   orderflow-dlq list [--reason R] [--event-id ID] [--limit N]
//   orderflow-dlq show PARTITION:OFFSET                  one letter: headers and payload
//   orderflow-dlq redrive (--reason R | --event-id ID | --all) [--dry-run]
//
// Redrive puts the original key, value and headers back on the raw topic, so the event is
// validated and applied again. Applying is idempotent by event id: redriving a letter twice, or
// one whose event was applied meanwhile, has no further effect. Kafka settings come from the same
// environment variables as the services (KAFKA_BROKERS, TOPIC_*).
#include <cstdio>
#include <iostream>

#include "orderflow/common/settings.h"
#include "orderflow/kafka/delivery_batch.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/kafka/topic_snapshot.h"
#include "orderflow/kafka/topics.h"

#include "dead_letter_view.h"

using namespace orderflow;

namespace {

int usage() {
  std::cerr << "usage: orderflow-dlq count | list [--reason R] [--event-id ID] [--limit N] | show P:O |\n"
               "       redrive (--reason R | --event-id ID | --all) [--dry-run]\n";
  return 2;
}

std::string one_line(std::string text, std::size_t max) {
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text.size() > max ? text.substr(0, max - 3) + "..." : text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string command = argv[1];
  dlq_tool::Filter filter;
  std::size_t limit = 100;
  bool all = false, dry_run = false;
  std::string position;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--reason")
      filter.reason = value();
    else if (arg == "--event-id")
      filter.event_id = value();
    else if (arg == "--limit")
      limit = std::stoul(value());
    else if (arg == "--all")
      all = true;
    else if (arg == "--dry-run")
      dry_run = true;
    else if (command == "show" && position.empty())
      position = arg;
    else
      return usage();
  }

  char program[] = "orderflow-dlq";
  char* no_args[] = {program, nullptr};
  Settings settings("dlq", 1, no_args);
  const auto config = kafka::read_client_config(settings, "orderflow-dlq");
  const auto topics = kafka::read_topics(settings);
  settings.finish();

  try {
    std::vector<dead_letters::ReadDeadLetter> letters;
    for (const auto& m : kafka::read_topic_snapshot(config, topics.dead_letters, kafka::kStartupRequestTimeout)) {
      letters.push_back(dead_letters::read(m));
    }

    if (command == "count") {
      for (const auto& [reason, count] : dlq_tool::count_by_reason(letters))
        std::printf("%8zu  %s\n", count, reason.c_str());
      std::printf("%8zu  total\n", letters.size());
    } else if (command == "list") {
      std::size_t shown = 0;
      for (const auto& l : letters) {
        if (!filter.matches(l) || shown++ >= limit) continue;
        std::printf("%-10s %-22s %-10s %-38s %s\n", l.position().c_str(), l.reason.c_str(), l.stage.c_str(),
                    l.event_id.value_or("-").c_str(), one_line(l.error, 80).c_str());
      }
    } else if (command == "show") {
      for (const auto& l : letters) {
        if (l.position() != position) continue;
        std::printf("position  %s\nkey       %s\n", l.position().c_str(), l.message.key.c_str());
        for (const auto& [k, v] : l.message.headers) std::printf("header    %s: %s\n", k.c_str(), v.c_str());
        std::printf("payload   %s\n", l.message.value.c_str());
        return 0;
      }
      std::cerr << "no dead letter at " << position << "\n";
      return 1;
    } else if (command == "redrive") {
      if (!all && !filter.reason && !filter.event_id) return usage();
      std::vector<const dead_letters::ReadDeadLetter*> chosen;
      std::size_t not_copied = 0;
      for (const auto& l : letters) {
        if (!filter.matches(l)) continue;
        // A letter whose original was too large to copy holds no value to put back.
        if (!kafka::header_value(l.message.headers, dead_letters::header::kOriginalOmitted).empty()) {
          ++not_copied;
          continue;
        }
        chosen.push_back(&l);
      }
      if (not_copied > 0) {
        std::fprintf(stderr,
                     "skipping %zu dead letters whose original was too large to copy (dlq.original.omitted); "
                     "their originals are at dlq.original.topic/partition/offset\n",
                     not_copied);
      }
      if (dry_run) {
        std::printf("would redrive %zu dead letters to %s\n", chosen.size(), topics.raw.c_str());
        return 0;
      }
      kafka::Producer producer(config, {});
      kafka::DeliveryBatch batch(chosen.size());
      for (std::size_t i = 0; i < chosen.size(); ++i) {
        producer.produce(topics.raw, chosen[i]->message.key, chosen[i]->message.value,
                         dead_letters::redrive_headers(*chosen[i]), batch.callback(i));
      }
      std::size_t failed = 0;
      for (const auto& report : batch.wait()) failed += report.delivered ? 0 : 1;
      std::printf("redrove %zu dead letters to %s (%zu failed)\n", chosen.size() - failed, topics.raw.c_str(), failed);
      return failed == 0 ? 0 : 1;
    } else {
      return usage();
    }
  } catch (const std::exception& e) {
    std::cerr << "orderflow-dlq: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
