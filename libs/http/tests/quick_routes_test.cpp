// Routes declared quick are handled on the I/O threads: checked on a real server with one worker,
// held busy, so whatever is answered meanwhile was not handled by it.
#include <future>
#include <gtest/gtest.h>
#include <httplib.h>
#include <mutex>
#include <thread>
#include <vector>

#include "orderflow/http/server.h"

namespace orderflow::http {
namespace {

const Server::Quick kAlwaysQuick = [](const Request&) { return true; };

class QuickRoutes : public ::testing::Test {
 protected:
  void SetUp() override { options_.threads = 1; }
  void TearDown() override {
    if (!released_) release_.set_value();  // a failed test still lets the server stop
  }

  // Occupies the one worker until release() (a route that is not quick, waiting on a promise).
  void hold_the_worker() {
    server_->route("POST", "/slow", [this](const Request&, Response& res) {
      held_.set_value();
      release_.get_future().wait();
      reply_json(res, 200, {});
    });
  }
  void start_holding() {
    slow_ = std::async(std::launch::async, [this] { return client().Post("/slow", "{}", "application/json"); });
    held_.get_future().wait();
  }
  void release() {
    released_ = true;
    release_.set_value();
    ASSERT_TRUE(slow_.get());
  }
  httplib::Client client() { return httplib::Client("127.0.0.1", server_->port()); }

  // Records each `may_wait` the guard was called with; would wait whenever it may not.
  Server::Guard recording_guard() {
    return [this](Request&, Response&, bool may_wait) {
      std::lock_guard lock(mutex_);
      guard_calls_.push_back(may_wait);
      return may_wait ? Server::Admission::kAdmitted : Server::Admission::kWouldWait;
    };
  }
  std::vector<bool> guard_calls() {
    std::lock_guard lock(mutex_);
    return std::exchange(guard_calls_, {});
  }

  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::promise<void> held_, release_;
  bool released_ = false;
  std::future<httplib::Result> slow_;
  std::mutex mutex_;
  std::vector<bool> guard_calls_;
};

TEST_F(QuickRoutes, AreAnsweredWhileEveryWorkerIsBusyAtOnceOrFromAnotherThread) {
  server_ = std::make_unique<Server>(options_, std::make_shared<metrics::Registry>());
  hold_the_worker();
  server_->route_async(
      "POST", "/refuses",
      [](const Request&, Responder responder) {
        Response response;
        reply_error(response, 400, "invalid_request", "refused at once");
        responder.send(std::move(response));
      },
      nullptr, kAlwaysQuick);
  server_->route_async(
      "POST", "/later",
      [](const Request& request, Responder responder) {
        std::thread([responder, body = request.body] {
          Response response;
          reply_json(response, 202, {{"body", body}});
          responder.send(std::move(response));
        }).detach();
      },
      nullptr, kAlwaysQuick);
  server_->start();
  start_holding();

  httplib::Client keep_alive = client();
  for (int i = 0; i < 3; ++i) {  // several on one connection: each answer resumes it
    const auto refused = keep_alive.Post("/refuses", "{}", "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    const auto later = keep_alive.Post("/later", "x" + std::to_string(i), "text/plain");
    ASSERT_TRUE(later);
    EXPECT_EQ(later->status, 202);
    EXPECT_EQ(nlohmann::json::parse(later->body)["body"], "x" + std::to_string(i));
  }
  release();
}

TEST_F(QuickRoutes, AGuardThatWouldWaitRunsAgainOnAWorker) {
  server_ = std::make_unique<Server>(options_, std::make_shared<metrics::Registry>());
  server_->route_async(
      "POST", "/guarded", [](const Request&, Responder responder) { responder.send(Response{}); }, recording_guard(),
      kAlwaysQuick);
  server_->start();
  const auto result = client().Post("/guarded", "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(guard_calls(), (std::vector<bool>{false, true})) << "on the I/O thread, then on a worker";
}

TEST_F(QuickRoutes, ABodyOverTheInlineLimitOrARequestNotQuickGoesToAWorker) {
  options_.max_inline_body_bytes = 8;
  server_ = std::make_unique<Server>(options_, std::make_shared<metrics::Registry>());
  const Server::Quick quick_without_header = [](const Request& request) { return !request.has_header("X-Slow"); };
  server_->route_async(
      "POST", "/guarded", [](const Request&, Responder responder) { responder.send(Response{}); }, recording_guard(),
      quick_without_header);
  server_->start();

  ASSERT_TRUE(client().Post("/guarded", "12345678", "text/plain"));
  EXPECT_EQ(guard_calls(), (std::vector<bool>{false, true})) << "a body at the limit is tried inline";
  ASSERT_TRUE(client().Post("/guarded", "123456789", "text/plain"));
  EXPECT_EQ(guard_calls(), (std::vector<bool>{true})) << "a body over the limit goes straight to a worker";
  ASSERT_TRUE(client().Post("/guarded", httplib::Headers{{"X-Slow", "1"}}, "1", "text/plain"));
  EXPECT_EQ(guard_calls(), (std::vector<bool>{true})) << "so does a request its route does not call quick";
}

}  // namespace
}  // namespace orderflow::http
