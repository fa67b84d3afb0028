#include "orderflow/http/responder.h"

#include <future>

#include "orderflow/http/server.h"

namespace orderflow::http {

Responder::Responder(Send send) : state_(std::make_shared<State>()) {
  state_->send = std::move(send);
}

void Responder::send(Response response) const {
  if (state_->sent.exchange(true)) return;
  state_->send(std::move(response));
}

Responder::State::~State() {
  if (sent.exchange(true)) return;
  try {
    Response response;
    reply_error(response, 500, "internal_error", "the request could not be handled; it was not accepted");
    send(std::move(response));
  } catch (...) {
    // A destructor must not throw; the connection's idle timeout closes it instead.
  }
}

AsyncHandler answer_on_return(Handler handler) {
  return [handler = std::move(handler)](const Request& request, Responder responder) {
    Response response;
    handler(request, response);
    responder.send(std::move(response));
  };
}

Response call_and_wait(const AsyncHandler& handler, const Request& request) {
  // Shared with the responder: a copy the handler kept may answer after this returns by throwing.
  auto answer = std::make_shared<std::promise<Response>>();
  auto answered = answer->get_future();
  handler(request, Responder([answer](Response&& response) { answer->set_value(std::move(response)); }));
  return answered.get();
}

}  // namespace orderflow::http
