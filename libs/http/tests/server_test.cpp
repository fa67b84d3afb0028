// The HTTP conventions and limits every service shares, checked on a real server bound to a free
// port, with a client library for the ordinary cases and raw bytes for the hostile ones.
#include "orderflow/http/server.h"

#include <atomic>
#include <future>
#include <gtest/gtest.h>
#include <httplib.h>
#include <mutex>
#include <thread>

#include "raw_connection.h"

namespace orderflow::http {
namespace {

using orderflow::testing::RawConnection;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.port = 0;
    options_.max_body_bytes = 1024;
    options_.max_discarded_body_bytes = 4096;
    options_.max_header_count = 50;
    options_.max_header_bytes = 16 << 10;
    options_.threads = 4;
    server_ = std::make_unique<Server>(options_, std::make_shared<metrics::Registry>());
    server_->route("POST", "/things", [this](const Request& req, Response& res) {
      ++things_posted_;
      reply_json(res, 202, {{"bytes", req.body.size()}});
    });
    server_->route("GET", "/things/{id}", [](const Request& req, Response& res) {
      if (req.path_params.at(0) == "boom") throw std::runtime_error("boom");
      reply_json(res, 200, {{"id", req.path_params.at(0)}});
    });
    server_->start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  int raw_status(const std::string& request) {
    RawConnection connection(server_->port());
    EXPECT_TRUE(connection.connected());
    connection.send(request);
    return connection.read_status();
  }

  std::string metrics() { return client_->Get("/metrics")->body; }

  ServerOptions options_;
  std::atomic<int> things_posted_{0};  // requests POST /things handled
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

nlohmann::json body(const httplib::Result& result) {
  return nlohmann::json::parse(result->body);
}

TEST_F(ServerTest, WrongMethodOnAKnownPathIs405WithAllow) {
  auto result = client_->Delete("/things");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "POST, OPTIONS");
  EXPECT_EQ(body(result)["error"], "method_not_allowed");
}

TEST_F(ServerTest, OptionsAnswersWithAllow) {
  auto result = client_->Options("/things/1");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 204);
  EXPECT_EQ(result->get_header_value("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(ServerTest, TraceIs405AndAnInventedMethodIs501CountedAsOther) {
  EXPECT_EQ(raw_status("TRACE /things HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405);
  for (const char* method : {"XQ1", "XQ2", "XQ3"}) {
    EXPECT_EQ(raw_status(std::string(method) + " /things HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 501);
  }
  std::string text;
  for (int i = 0; i < 100 && text.find(R"(code="501",method="other")") == std::string::npos; ++i) text = metrics();
  EXPECT_NE(text.find(R"(http_requests_total{code="501",method="other",route="unmatched"} 3)"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("XQ1"), std::string::npos);
}

TEST_F(ServerTest, UnknownPathIsJson404) {
  auto result = client_->Get("/nothing-here");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(body(result)["error"], "not_found");
}

TEST_F(ServerTest, PathParametersArePercentDecoded) {
  auto result = client_->Get("/things/a%20b");
  ASSERT_TRUE(result);
  EXPECT_EQ(body(result)["id"], "a b");
}

TEST_F(ServerTest, APathWithNulOrInvalidUtf8Is400NotAnotherEntity) {
  for (const char* path : {"/things/1%00x", "/things/%ff", "/things/%zz", "/things/%"}) {
    auto result = client_->Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 400) << path;
    EXPECT_EQ(body(result)["error"], "bad_path") << path;
  }
}

TEST_F(ServerTest, OversizedBodyIsJson413) {
  auto result = client_->Post("/things", std::string(4096, 'x'), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(body(result)["error"], "payload_too_large");
}

TEST_F(ServerTest, AChunkedBodyOverTheLimitIs413) {
  const std::string chunk = "200\r\n" + std::string(512, 'x') + "\r\n";
  std::string request = "POST /things HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += chunk;  // 1.5 times the limit
  EXPECT_EQ(raw_status(request + "0\r\n\r\n"), 413);
}

TEST_F(ServerTest, AChunkedBodyThatGoesOnAndOnLosesItsConnection) {
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  connection.send("POST /things HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "400\r\n" + std::string(1024, 'x') + "\r\n";
  int sent = 0;
  while (sent < 65536 && connection.send(chunk)) ++sent;  // 64 MiB if it were all read
  EXPECT_LT(sent, 65536);
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

TEST_F(ServerTest, AChunkedBodyWithinTheLimitIsTaken) {
  const std::string request =
      "POST /things HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n";
  RawConnection connection(server_->port());
  connection.send(request);
  const std::string response = connection.read_all();
  EXPECT_EQ(response.substr(9, 3), "202");
  EXPECT_NE(response.find(R"({"bytes":5})"), std::string::npos);
}

TEST_F(ServerTest, AnyContentEncodingIs415) {
  httplib::Headers headers = {{"Content-Encoding", "gzip"}};
  auto result = client_->Post("/things", headers, "xxxx", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 415);
}

TEST_F(ServerTest, TooManyHeadersAre431) {
  std::string request = "GET /things/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
  for (int i = 0; i < 60; ++i) request += "X-Filler-" + std::to_string(i) + ": y\r\n";
  EXPECT_EQ(raw_status(request + "\r\n"), 431);
}

TEST_F(ServerTest, HeadersLargerThanTheLimitAre431) {
  std::string request = "GET /things/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
  for (int i = 0; i < 10; ++i) request += "X-Filler-" + std::to_string(i) + ": " + std::string(8000, 'y') + "\r\n";
  EXPECT_EQ(raw_status(request + "\r\n"), 431);
}

// The default header limit (also the size of each connection's libmicrohttpd memory pool) takes
// the largest bearer token the JWT verifier accepts (JwtVerifier::kMaxTokenBytes, 8 KiB) with a
// client's ordinary headers beside it.
TEST(ServerDefaults, TheLargestBearerTokenWithOrdinaryHeadersFitsTheDefaultHeaderLimit) {
  ServerOptions options;
  options.port = 0;
  Server server(options, std::make_shared<metrics::Registry>());
  server.route("POST", "/things", [](const Request& req, Response& res) {
    reply_json(res, 202, {{"authorization", req.get_header_value("Authorization").size()}});
  });
  server.start();
  std::string request = "POST /things HTTP/1.1\r\nHost: orderflow.example:8080\r\nConnection: close\r\n";
  request += "Authorization: Bearer " + std::string(8192, 'a') + "\r\n";
  request += "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0\r\n";
  request += "Accept: application/json\r\nAccept-Encoding: gzip, deflate, br\r\n";
  request += "Traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n";
  request += "Idempotency-Key: 123e4567-e89b-12d3-a456-426614174000\r\nCookie: " + std::string(1024, 'c') + "\r\n";
  request += "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.connected());
  connection.send(request);
  EXPECT_EQ(connection.read_status(), 202);
  server.stop();
}

// libmicrohttpd builds the answer's headers in the memory its request left in the connection's
// pool: a request handled with too little left would have its connection dropped unanswered
// after its effect (and its client would retry it). Every request within the limit (counting 64
// bytes per header field) is handled and answered; every one beyond it is refused unhandled: 431,
// or, in the few hundred bytes where the pool itself is full, a closed connection.
TEST_F(ServerTest, EveryRequestWithinTheHeaderLimitIsAnsweredAndNoneBeyondItIsHandled) {
  const std::size_t limit = options_.max_header_bytes;
  for (std::size_t size = limit - 6144; size <= limit + 5120; size += 37) {
    for (const bool with_body : {false, true}) {
      std::string request = "POST /things HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
      request +=
          std::string(with_body ? "Content-Type: application/json\r\nContent-Length: 2\r\n" : "Content-Length: 0\r\n");
      std::size_t fields = with_body ? 4 : 3;
      // Headers of ~300 bytes each up to `size`, as tokens, cookies and tracing headers add up.
      for (int i = 0; request.size() + 2 < size; ++i, ++fields) {
        const std::size_t room = size - 2 - request.size();
        const std::size_t value = std::min<std::size_t>(300, room > 16 ? room - 16 : 1);
        request += "X-F" + std::to_string(i) + ": " + std::string(value, 'v') + "\r\n";
      }
      request += "\r\n";
      const bool within = request.size() + fields * 64 <= limit;
      if (with_body) request += "{}";
      const int before = things_posted_.load();
      RawConnection connection(server_->port());
      ASSERT_TRUE(connection.connected());
      connection.send(request);
      const int status = connection.read_status();
      const bool handled = things_posted_.load() > before;
      if (within) {
        EXPECT_EQ(status, 202) << request.size() << " bytes, " << fields << " fields, body " << with_body;
      } else {
        EXPECT_TRUE(status == 431 || status == 0) << request.size() << " bytes: " << status;
        EXPECT_FALSE(handled) << request.size() << " bytes, " << fields << " fields: beyond the limit, yet handled";
      }
    }
  }
}

TEST_F(ServerTest, APostWithoutBodyOrLengthIsAnsweredAtOnce) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(raw_status("POST /things HTTP/1.1\r\nHost: x\r\n\r\n"), 202);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(500));
}

TEST_F(ServerTest, AHandlerThatThrowsGivesJson500AndTheServerLivesOn) {
  auto result = client_->Get("/things/boom");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(body(result)["error"], "internal_error");
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

TEST_F(ServerTest, IdleConnectionsDoNotDelayOtherClients) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  // Half of them started a request and stalled in the middle of its headers.
  for (std::size_t i = 0; i < idle.size(); i += 2) idle[i]->send("POST /things HTTP/1.1\r\nHost: x\r\nContent-Le");
  const auto started = std::chrono::steady_clock::now();
  auto result = client_->Post("/things", "{}", "application/json");
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 202);
  EXPECT_LT(took, std::chrono::seconds(1));
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndCode) {
  client_->Post("/things", "{}", "application/json");
  client_->Get("/nothing-here");
  // Requests are counted just after their response is written, so poll for the count.
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    text = metrics();
    if (text.find(R"(route="unmatched")") != std::string::npos) break;
  }
  EXPECT_NE(text.find(R"(http_requests_total{code="202",method="POST",route="/things"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(http_requests_total{code="404",method="GET",route="unmatched"} 1)"), std::string::npos);
}

TEST_F(ServerTest, ReadinessReflectsTheCheck) {
  server_->set_readiness([](std::string& detail) {
    detail = "database down";
    return false;
  });
  auto result = client_->Get("/ready");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  EXPECT_EQ(body(result)["detail"], "database down");
}

TEST_F(ServerTest, RefusalsOfRequestsWithABodyAreAnsweredWhateverTheMethod) {
  for (const char* request :
       {"DELETE /things HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "GET /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "OPTIONS /things HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "XQ1 /things HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "POST /things HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\nContent-Length: 5\r\n\r\nhello"}) {
    const auto started = std::chrono::steady_clock::now();
    const int status = raw_status(request);
    EXPECT_GE(status, 204) << request;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1)) << request;
  }
}

TEST(ServerLimits, BodiesBeyondTheServersBufferBudgetAre503) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  options.max_buffered_body_bytes = 1500;
  Server server(options, std::make_shared<metrics::Registry>());
  server.route("POST", "/things", [](const Request& req, Response& res) {
    reply_json(res, 202, {{"bytes", req.body.size()}});
  });
  server.start();
  // A holds 900 bytes of an unfinished body; B's 1000 bytes do not fit beside them.
  RawConnection a(server.port());
  a.send("POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + std::string(900, 'a'));
  RawConnection b(server.port());
  b.send("POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
  // B's body goes only once A's share is held (the two connections may be on different threads).
  httplib::Client client("127.0.0.1", server.port());
  auto held = [&] {
    return client.Get("/metrics")->body.find("http_request_body_buffered_bytes 900") != std::string::npos;
  };
  for (int i = 0; i < 500 && !held(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(held());
  b.send(std::string(1000, 'b'));
  EXPECT_EQ(b.read_status(), 503);
  a.send(std::string(100, 'a'));
  EXPECT_EQ(a.read_status(), 202);
}

TEST(ServerLimits, ABodyThatTricklesInPastTheRequestTimeoutLosesItsConnection) {
  ServerOptions options;
  options.request_timeout = std::chrono::seconds(1);
  Server server(options, std::make_shared<metrics::Registry>());
  server.route("POST", "/things", [](const Request&, Response& res) { reply_json(res, 202, {}); });
  server.start();
  RawConnection slow(server.port());
  slow.send("POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
  const auto started = std::chrono::steady_clock::now();
  // One byte every 100 ms: never idle, never done. The server closes it soon after the timeout.
  while (slow.send("x") && std::chrono::steady_clock::now() - started < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(ServerLimits, RequestsBeyondTheHandlerQueueAre503WithRetryAfter) {
  ServerOptions options;
  options.threads = 1;
  options.max_queued_requests = 1;
  Server server(options, std::make_shared<metrics::Registry>());
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> entered{0};
  server.route("GET", "/slow", [&](const Request&, Response& res) {
    ++entered;
    released.wait();
    reply_json(res, 200, {{"ok", true}});
  });
  server.start();
  auto get = [&] { return httplib::Client("127.0.0.1", server.port()).Get("/slow"); };
  auto first = std::async(std::launch::async, get);  // takes the one handler thread
  while (entered == 0) std::this_thread::yield();
  // One of the next two waits in the queue, the other finds it full and is answered at once.
  auto second = std::async(std::launch::async, get);
  auto third = std::async(std::launch::async, get);
  while (second.wait_for(std::chrono::milliseconds(1)) != std::future_status::ready &&
         third.wait_for(std::chrono::milliseconds(1)) != std::future_status::ready) {
  }
  release.set_value();
  const auto a = second.get();
  const auto b = third.get();
  ASSERT_TRUE(a && b && first.get());
  EXPECT_EQ((a->status == 503) + (b->status == 503), 1);
  const auto& refused = a->status == 503 ? a : b;
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(refused->body)["error"], "overloaded");
}

// An answer owed by an async route holds no worker: with one worker, a second request is served
// while the first still waits; the first is answered from another thread when its work is done.
TEST(AsyncRoutes, AWaitingAnswerHoldsNoWorkerAndComesFromAnotherThread) {
  ServerOptions options;
  options.threads = 1;
  Server server(options, std::make_shared<metrics::Registry>());
  std::mutex mutex;
  std::vector<Responder> owed;
  server.route_async("POST", "/later", [&](const Request& request, Responder responder) {
    std::lock_guard lock(mutex);
    owed.push_back(responder);
    EXPECT_EQ(request.body, "x");
  });
  server.route("GET", "/now", [](const Request&, Response& res) { reply_json(res, 200, {{"now", true}}); });
  server.start();
  auto later = std::async(std::launch::async, [&] {
    return httplib::Client("127.0.0.1", server.port()).Post("/later", "x", "text/plain");
  });
  auto owed_count = [&] {
    std::lock_guard lock(mutex);
    return owed.size();
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (owed_count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_EQ(owed_count(), 1u) << "the async handler never ran";
  const auto now = httplib::Client("127.0.0.1", server.port()).Get("/now");
  ASSERT_TRUE(now);
  EXPECT_EQ(now->status, 200) << "served by the one worker while /later's answer is owed";
  EXPECT_EQ(later.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  std::thread([&] {
    Response response;
    reply_json(response, 202, {{"done", true}});
    owed.front().send(std::move(response));
    owed.front().send(Response{});  // a second answer is ignored
  }).join();
  const auto answered = later.get();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 202);
  EXPECT_EQ(nlohmann::json::parse(answered->body)["done"], true);
}

TEST(AsyncRoutes, AnAnswerDroppedUnsentIs500NotAHangingConnection) {
  Server server(ServerOptions{}, std::make_shared<metrics::Registry>());
  server.route_async("POST", "/forgets", [](const Request&, Responder) {});
  server.start();
  const auto result = httplib::Client("127.0.0.1", server.port()).Post("/forgets", "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(nlohmann::json::parse(result->body)["error"], "internal_error");
}

TEST(AsyncRoutes, StopWaitsForTheAnswersStillOwed) {
  Server server(ServerOptions{}, std::make_shared<metrics::Registry>());
  std::promise<Responder> handed;
  server.route_async("POST", "/later", [&](const Request&, Responder responder) { handed.set_value(responder); });
  server.start();
  auto later = std::async(std::launch::async, [&] {
    return httplib::Client("127.0.0.1", server.port()).Post("/later", "{}", "application/json");
  });
  Responder responder = handed.get_future().get();
  auto stopping = std::async(std::launch::async, [&] { server.stop(); });
  // stop() does not return while the answer is owed (closing the connection would lose it) ...
  EXPECT_EQ(stopping.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  Response response;
  reply_json(response, 202, {{"done", true}});
  responder.send(std::move(response));
  stopping.get();  // ... and returns once it is sent, with the client answered
  const auto answered = later.get();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 202);
}

// A server at its connection limit stops accepting (libmicrohttpd takes the listening socket out of
// its epoll set) and accepts again once connections close.
TEST(ServerLimits, AConnectionBeyondTheLimitIsServedOnceOthersClose) {
  ServerOptions options;
  options.io_threads = 1;
  options.max_connections = 2;
  Server server(options, std::make_shared<metrics::Registry>());
  server.start();
  const std::string health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  auto first = std::make_unique<RawConnection>(server.port());
  auto second = std::make_unique<RawConnection>(server.port());
  first->send(health);
  second->send(health);
  ASSERT_EQ(first->read_status(), 200);
  ASSERT_EQ(second->read_status(), 200);
  RawConnection waiting(server.port());  // queued in the listen backlog: the server is full
  waiting.send(health);
  first.reset();
  second.reset();
  EXPECT_EQ(waiting.read_status(), 200);  // within the read timeout, long before any idle timeout
}

}  // namespace
}  // namespace orderflow::http
