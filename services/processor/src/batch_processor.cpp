#include "batch_processor.h"

#include <map>
#include <string_view>
#include <unordered_set>

#include "orderflow/common/failure.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/sha256.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/events/contract.h"
#include "orderflow/events/identify.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::processor {
namespace {

struct Decoded {
  std::vector<storage::IncomingEvent> events;  // distinct event ids, in arrival order
  std::vector<dead_letters::DeadLetter> dead_letters;
  std::unordered_map<std::string, const kafka::Message*> sources;  // event id -> its message
};

// The validator let these through, so a failure here means another producer wrote to the
// validated topic; such messages are dead-lettered, never dropped and never allowed to block.
Decoded decode(const std::vector<kafka::Message>& batch) {
  Decoded out;
  for (const auto& message : batch) {
    // Only the identity is read here; PostgreSQL reads the body once, as jsonb.
    auto identity = events::identify(message.value);
    if (auto* error = std::get_if<exact_json::ParseError>(&identity)) {
      out.dead_letters.push_back({message, "processor", events::reason::kNotJson, error->message});
      continue;
    }
    if (auto* problems = std::get_if<events::Problems>(&identity)) {
      out.dead_letters.push_back({message, "processor", events::reason::kInvalidEnvelope, events::describe(*problems)});
      continue;
    }
    auto& id = std::get<events::EventIdentity>(identity);
    if (const auto [first, inserted] = out.sources.emplace(id.event_id, &message); !inserted) {
      // The same event twice in one batch: a redelivery, or a different payload under its id.
      if (first->second->value != message.value) {
        out.dead_letters.push_back({message, "processor", events::reason::kConflict,
                                    "event id " + id.event_id + " arrived twice with different payloads"});
      }
      continue;
    }
    const auto trace = TraceContext::parse(kafka::header_value(message.headers, "traceparent"));
    out.events.push_back({id.event_id, id.event_type, message.value, message.topic, message.partition, message.offset,
                          trace ? trace->trace_id : ""});
  }
  return out;
}

}  // namespace

void BatchProcessor::handle(const std::vector<kafka::Message>& batch) {
  const auto outcome = process(batch);
  log::debug("batch done", {{"events", batch.size()},
                            {"applied", outcome.applied},
                            {"skippedByCache", outcome.skipped_by_cache},
                            {"skippedByDatabase", outcome.skipped_by_database},
                            {"deadLettered", outcome.dead_lettered}});
}

BatchOutcome BatchProcessor::process(const std::vector<kafka::Message>& batch) {
  BatchOutcome outcome;
  Decoded decoded = decode(batch);

  // Only an exact repeat (same id, same bytes) may skip the database; anything else goes to the
  // inbox, which tells a re-sent event from a conflicting one.
  std::unordered_map<std::string, std::string> fingerprints;
  for (const auto& event : decoded.events) fingerprints[event.event_id] = sha256_hex(event.payload);
  const auto remembered = cached(decoded.events);
  std::vector<storage::IncomingEvent> fresh;
  for (std::size_t i = 0; i < decoded.events.size(); ++i) {
    if (!remembered.empty() && remembered[i] == fingerprints[decoded.events[i].event_id]) {
      ++outcome.skipped_by_cache;
    } else {
      fresh.push_back(std::move(decoded.events[i]));
    }
  }

  sources_ = std::move(decoded.sources);
  storage::ApplyResult result;
  apply_isolating(fresh, result, decoded.dead_letters);
  outcome.applied = result.applied.size();
  outcome.skipped_by_database = result.duplicates.size();
  for (const auto& id : result.conflicts) {
    decoded.dead_letters.push_back({*sources_.at(id), "processor", events::reason::kConflict,
                                    "event id " + id + " was applied before with a different payload"});
  }

  for (const auto& id : result.without_effect) {
    decoded.dead_letters.push_back({*sources_.at(id), "processor", events::reason::kNoStorageEffect,
                                    "event " + id + " is of a type storage has no effect for"});
  }

  dead_letters_.send_all(decoded.dead_letters);
  outcome.dead_lettered = decoded.dead_letters.size();

  DedupCache::Fingerprints committed;
  for (const auto* ids : {&result.applied, &result.duplicates}) {
    for (const auto& id : *ids) committed.emplace_back(id, fingerprints[id]);
  }
  remember(committed);

  std::unordered_set<std::string> applied(result.applied.begin(), result.applied.end());
  std::map<std::string_view, std::size_t> applied_by_type;  // counted once per type and batch
  const bool log_each = log::enabled(log::Level::kInfo);
  for (const auto& event : fresh) {
    if (!applied.count(event.event_id)) continue;
    ++applied_by_type[event.event_type];
    if (!log_each) continue;
    log::info("event applied", {{"eventId", event.event_id},
                                {"eventType", event.event_type},
                                {"partition", event.partition},
                                {"offset", event.offset},
                                {"traceId", event.trace_id}});
  }
  for (const auto& [type, count] : applied_by_type) {
    metrics_.events.Add({{"stage", "processor"}, {"event_type", std::string(type)}, {"status", "applied"}})
        .Increment(static_cast<double>(count));
  }
  metrics_.dedup_cache_hits.Increment(static_cast<double>(outcome.skipped_by_cache));
  metrics_.dedup_database_hits.Increment(static_cast<double>(outcome.skipped_by_database));
  metrics_.dlq_entries.Increment(static_cast<double>(outcome.dead_lettered));
  metrics_.batch_size.Observe(static_cast<double>(batch.size()));
  return outcome;
}

void BatchProcessor::apply_isolating(const std::vector<storage::IncomingEvent>& events, storage::ApplyResult& result,
                                     std::vector<dead_letters::DeadLetter>& refused) {
  if (events.empty()) return;
  try {
    metrics::ScopedTimer timer(metrics_.db_apply_latency);
    auto part = store_.apply(events);
    result.applied.insert(result.applied.end(), part.applied.begin(), part.applied.end());
    result.duplicates.insert(result.duplicates.end(), part.duplicates.begin(), part.duplicates.end());
    result.conflicts.insert(result.conflicts.end(), part.conflicts.begin(), part.conflicts.end());
    result.without_effect.insert(result.without_effect.end(), part.without_effect.begin(), part.without_effect.end());
  } catch (const MessageRefused& e) {
    if (events.size() == 1) {
      refused.push_back({*sources_.at(events.front().event_id), "processor", e.reason(), e.what()});
      return;
    }
    const auto middle = events.begin() + static_cast<std::ptrdiff_t>(events.size() / 2);
    apply_isolating({events.begin(), middle}, result, refused);
    apply_isolating({middle, events.end()}, result, refused);
  }
}

std::vector<std::optional<std::string>> BatchProcessor::cached(const std::vector<storage::IncomingEvent>& events) {
  if (events.empty()) return {};
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const auto& e : events) ids.push_back(e.event_id);
  try {
    auto known = cache_.lookup(ids);
    set_degraded(false, "");
    return known;
  } catch (const std::exception& e) {
    set_degraded(true, e.what());
    return {};
  }
}

void BatchProcessor::remember(const DedupCache::Fingerprints& fingerprints) {
  if (fingerprints.empty()) return;
  try {
    cache_.remember(fingerprints);
  } catch (const std::exception& e) {
    // Harmless for correctness: the inbox still knows these ids.
    set_degraded(true, e.what());
  }
}

void BatchProcessor::set_degraded(bool degraded, const char* why) {
  if (degraded == degraded_) return;
  degraded_ = degraded;
  metrics_.redis_degraded.Set(degraded ? 1 : 0);
  if (degraded) {
    log::warn("Redis unavailable: deduplicating through the database inbox only", {{"error", why}});
  } else {
    log::info("Redis available again: deduplication cache back in use");
  }
}

}  // namespace orderflow::processor
