#include "orderflow/auth/key_directory.h"

#include "orderflow/common/logger.h"

namespace orderflow::auth {

KeyDirectory::KeyDirectory(Load load, std::chrono::milliseconds refresh, std::chrono::milliseconds max_staleness)
    : load_(std::move(load)), max_staleness_(max_staleness) {
  try {
    reload();
  } catch (const std::exception& e) {
    log::warn("API keys not loaded yet; every key is refused until they are", {{"error", e.what()}});
  }
  refresher_ = std::thread([this, refresh] { refresh_loop(refresh); });
}

KeyDirectory::~KeyDirectory() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  refresher_.join();
}

std::shared_ptr<const Client> KeyDirectory::find(std::string_view secret) const {
  if (secret.empty()) return nullptr;
  const std::string hash = hash_api_key(secret);
  std::shared_ptr<const Snapshot> snapshot;
  {
    std::lock_guard lock(snapshot_mutex_);
    snapshot = snapshot_;
  }
  const auto it = snapshot->find(hash);
  return it == snapshot->end() ? nullptr : it->second;
}

void KeyDirectory::reload() {
  auto next = std::make_shared<Snapshot>();
  for (auto& key : load_()) next->emplace(key.hash, std::make_shared<const Client>(std::move(key.client)));
  {
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = std::move(next);
  }
  last_loaded_ = std::chrono::steady_clock::now().time_since_epoch().count();
  loaded_ = true;
}

bool KeyDirectory::usable() const {
  if (!loaded_) return false;
  const std::chrono::steady_clock::time_point last{std::chrono::steady_clock::duration(last_loaded_.load())};
  return std::chrono::steady_clock::now() - last < max_staleness_;
}

std::size_t KeyDirectory::size() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_->size();
}

void KeyDirectory::refresh_loop(std::chrono::milliseconds refresh) {
  bool failing = false;
  std::unique_lock lock(stop_mutex_);
  while (!stop_signal_.wait_for(lock, refresh, [this] { return stopping_; })) {
    lock.unlock();
    try {
      reload();
      if (failing) log::info("API keys reloaded again");
      failing = false;
    } catch (const std::exception& e) {
      if (!failing) log::warn("API keys could not be reloaded; the last set stays in use", {{"error", e.what()}});
      failing = true;
    }
    lock.lock();
  }
}

}  // namespace orderflow::auth
