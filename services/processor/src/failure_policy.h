#pragma once

#include <exception>

namespace orderflow::processor {

// What to do about a failure, decided in this one place:
//   kRetry      — something we depend on is unavailable (PostgreSQL, Kafka, Redis); the same work
//                 will succeed later. Retried with backoff, never dead-lettered.
//   kDeadLetter — the data itself is refused (a constraint, a value PostgreSQL cannot store); it
//                 will fail the same way every time, so it is isolated and dead-lettered.
//   kStop       — the process cannot go on (out of memory); exit and let the supervisor restart.
enum class Disposition { kRetry, kDeadLetter, kStop };

Disposition classify(const std::exception& error);

}  // namespace orderflow::processor
