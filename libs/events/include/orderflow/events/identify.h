#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "orderflow/events/envelope.h"
#include "orderflow/events/problem.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::events {

// An event's identity read straight from its bytes, for a stage that needs nothing else (the
// processor, which leaves the body to PostgreSQL). The answer is always the one that
// exact_json::parse_exact() followed by read_identity() gives — the same identity, the same
// ParseError, the same Problems — only faster: simdjson checks the bytes into its flat tape (no
// node per value, no allocation per message), and only the envelope's own members are copied
// into a document for its schema. Any message simdjson cannot settle alone (a syntax error, a
// number beyond a double, nesting near the limit, a repeated key, an envelope member that is a
// non-integral number, a message over 64 KiB) goes through parse_exact(), so a refused message
// is described exactly as before.
using Identified = std::variant<EventIdentity, exact_json::ParseError, Problems>;
Identified identify(std::string_view message);

// The reference path identify() must agree with: parse_exact(), then read_identity().
Identified identify_exactly(std::string_view message);

// The whole answer as one line, e.g. "identity e-1 OrderPlaced" or "not json (syntax): ...", so
// that two answers compare as equal exactly when they are (the tests and the fuzz target do).
std::string describe(const Identified& answer);

}  // namespace orderflow::events
