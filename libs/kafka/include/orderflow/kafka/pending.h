#pragma once

namespace orderflow::kafka {

// Work that was started and finishes elsewhere: Kafka's acknowledgements of messages produced
// without waiting for them. Lets a stage poll its next batch while the last one is acknowledged.
class Pending {
 public:
  virtual ~Pending() = default;
  // True once the outcome is known; never blocks.
  virtual bool settled() const = 0;
  // Blocks until settled; throws what the work failed with (as the waiting call would have).
  virtual void wait() = 0;
};

}  // namespace orderflow::kafka
