#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "orderflow/http/message.h"

namespace orderflow::http {

// Answers one request, once, from any thread. A handler that waits for something slow (Kafka's
// acknowledgement) keeps a copy and returns at once; whoever finishes the work sends the answer,
// so no thread sits parked per request. The first send() is the answer and later ones are
// ignored. If every copy is dropped without a send (a bug, or a callback that never ran), the
// request is answered 500 rather than left hanging.
class Responder {
 public:
  using Send = std::function<void(Response&&)>;

  explicit Responder(Send send);

  void send(Response response) const;

 private:
  struct State {
    Send send;
    std::atomic<bool> sent{false};
    ~State();
  };
  std::shared_ptr<State> state_;
};

// A request handler that fills in the answer before it returns.
using Handler = std::function<void(const Request&, Response&)>;
// A request handler that answers through a Responder, possibly after it has returned. The request
// stays valid until the answer is sent.
using AsyncHandler = std::function<void(const Request&, Responder)>;

// `handler` as an AsyncHandler that answers as soon as it returns.
AsyncHandler answer_on_return(Handler handler);

// Runs `handler` and waits for its answer on the calling thread: for callers that need the answer
// before going on (an idempotency store recording it, a test).
Response call_and_wait(const AsyncHandler& handler, const Request& request);

}  // namespace orderflow::http
