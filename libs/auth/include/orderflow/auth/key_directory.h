#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "orderflow/auth/key_store.h"

namespace orderflow::auth {

// The active keys, in memory, by hash: looking a key up costs a SHA-256 and a hash-map probe, and
// no round trip. A background thread reloads the set every `refresh`, so a key created or revoked
// with `orderflow-keys` takes effect within that time, on every replica, without a restart. When a
// reload fails the last set stays in use (a database outage does not lock every client out).
class KeyDirectory {
 public:
  using Load = std::function<std::vector<StoredKey>()>;

  // Keys not reloaded for `max_staleness` stop being usable (see usable()).
  KeyDirectory(Load load, std::chrono::milliseconds refresh,
               std::chrono::milliseconds max_staleness = std::chrono::minutes(10));
  ~KeyDirectory();
  KeyDirectory(const KeyDirectory&) = delete;
  KeyDirectory& operator=(const KeyDirectory&) = delete;

  // The client whose key this is, or null for an unknown or revoked key.
  std::shared_ptr<const Client> find(std::string_view secret) const;
  // Loads once now; throws what the load throws.
  void reload();
  // True once a load succeeded: until then every key would be refused.
  bool loaded() const { return loaded_.load(); }
  // Loaded, and reloaded within max_staleness: past it a key revoked meanwhile might still pass,
  // so the guard refuses every request (503) until a reload succeeds.
  bool usable() const;
  std::size_t size() const;

 private:
  using Snapshot = std::unordered_map<std::string, std::shared_ptr<const Client>>;  // by hash
  void refresh_loop(std::chrono::milliseconds refresh);

  Load load_;
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
  std::atomic<bool> loaded_{false};
  std::chrono::milliseconds max_staleness_;
  std::atomic<std::chrono::steady_clock::rep> last_loaded_{0};  // steady_clock ticks
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread refresher_;
};

}  // namespace orderflow::auth
