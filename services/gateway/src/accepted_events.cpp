#include "accepted_events.h"

#include "orderflow/common/logger.h"

namespace orderflow::gateway {

AcceptedEvents::AcceptedEvents(redis::RedisClient& client, std::chrono::seconds retention, std::size_t max_pending)
    : client_(client), retention_(retention), max_pending_(max_pending), writer_([this] { run(); }) {}

AcceptedEvents::~AcceptedEvents() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void AcceptedEvents::mark(const std::vector<std::string>& event_ids, std::function<void()> then) {
  if (event_ids.empty()) return then();
  {
    std::unique_lock lock(mutex_);
    if (pending_.size() + event_ids.size() > max_pending_) {
      dropped_ += event_ids.size();
      lock.unlock();
      return then();
    }
    pending_.insert(pending_.end(), event_ids.begin(), event_ids.end());
    answers_.push_back(std::move(then));
  }
  wake_.notify_one();
}

void AcceptedEvents::run() {
  std::vector<std::string> batch;
  std::vector<std::function<void()>> answers;
  for (;;) {
    std::size_t dropped = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, nothing left
      batch.swap(pending_);
      answers.swap(answers_);
      std::swap(dropped, dropped_);
    }
    if (dropped > 0) log::warn("accepted events not noted in Redis: too many waiting", {{"count", dropped}});
    write(batch);
    for (auto& answer : answers) {
      try {
        answer();
      } catch (const std::exception& e) {
        log::error("answering an accepted request failed", {{"error", e.what()}});
      }
    }
    batch.clear();
    answers.clear();
  }
}

void AcceptedEvents::write(const std::vector<std::string>& event_ids) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(event_ids.size());
  const std::string seconds = std::to_string(retention_.count());
  for (const auto& id : event_ids) commands.push_back({"SET", key(id), "1", "EX", seconds});
  try {
    client_.pipeline(commands);
  } catch (const std::exception& e) {
    log::warn("accepted events not noted in Redis", {{"count", event_ids.size()}, {"error", e.what()}});
  }
}

}  // namespace orderflow::gateway
