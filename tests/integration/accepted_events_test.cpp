// The gateway's accepted-event notes against a real Redis: a request holding a 202 is answered only
// once its ids are noted, so GET /events/{id} on the read-api knows them from that moment.
#include "accepted_events.h"

#include <future>
#include <gtest/gtest.h>
#include <unistd.h>

#include "test_stack.h"

namespace orderflow::testing {
namespace {

TEST(AcceptedEvents, ARequestIsAnsweredOnlyOnceItsIdsAreNoted) {
  redis::RedisClient writer({shared_stack().redis_url(), std::chrono::milliseconds(500)});
  redis::RedisClient reader({shared_stack().redis_url(), std::chrono::milliseconds(500)});
  gateway::AcceptedEvents notes(writer, std::chrono::seconds(60));
  const std::string run = std::to_string(getpid());
  std::vector<std::promise<std::vector<bool>>> answered(50);
  for (int request = 0; request < 50; ++request) {
    const std::vector<std::string> ids = {"a-" + run + "-" + std::to_string(request),
                                          "b-" + run + "-" + std::to_string(request)};
    notes.mark(ids, [&reader, ids, &promise = answered[static_cast<std::size_t>(request)]] {
      std::vector<bool> noted;
      for (const auto& id : ids) noted.push_back(reader.command({"GET", gateway::AcceptedEvents::key(id)}).text == "1");
      promise.set_value(noted);
    });
  }
  for (auto& answer : answered) {
    auto future = answer.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(future.get(), (std::vector<bool>{true, true}));
  }
}

TEST(AcceptedEvents, WithoutIdsToNoteARequestIsAnsweredAtOnce) {
  redis::RedisClient writer({shared_stack().redis_url(), std::chrono::milliseconds(500)});
  gateway::AcceptedEvents notes(writer, std::chrono::seconds(60));
  bool answered = false;
  notes.mark({}, [&] { answered = true; });
  EXPECT_TRUE(answered);
}

}  // namespace
}  // namespace orderflow::testing
