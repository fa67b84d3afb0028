#pragma once

#include <stdexcept>
#include <string>

// The three kinds of failure a consumer stage knows (see kafka::BatchStage, which decides what
// to do about each in one place, kafka::classify):
//   Unavailable     — something we depend on is down (PostgreSQL, Kafka, Redis); the same work
//                     succeeds later: retried with jittered backoff, never dead-lettered.
//   MessageRefused  — this message can never be handled (a constraint, a value the database
//                     cannot store): isolated and dead-lettered with `reason`.
//   CannotContinue  — the process itself cannot go on: the stage stops and the process exits.
// Adapters translate their libraries' errors into these; anything else thrown while handling a
// message counts as refused (reason "internal_error"), so no bug in one message's path can
// wedge a partition.
namespace orderflow {

class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MessageRefused : public std::runtime_error {
 public:
  MessageRefused(std::string reason, const std::string& what) : std::runtime_error(what), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

class CannotContinue : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace orderflow
