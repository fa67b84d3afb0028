#pragma once

#include <compare>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "orderflow/common/decimal.h"

// JSON in which no number passes through a binary float.
//
// nlohmann::json turns "149.99" into a double. parse_exact() keeps integers as integers and stores
// every other number as its exact decimal text (a binary node tagged kDecimalSubtype, which no
// JSON input can produce), and dump_exact() writes those back verbatim. Everything else is plain
// nlohmann::json.
//
// THE RULE: every path that carries client data — HTTP bodies, Kafka payloads, Redis entries,
// anything read back from PostgreSQL — parses with parse_exact() and writes with dump_exact()
// (http::reply_json() does). nlohmann::json::parse and dump() are only for data orderflow's own
// dependencies produce and no client can shape (librdkafka's statistics), where a binary double is
// harmless.
//
// parse_exact() is the one entry point for bytes from outside. It refuses what nlohmann would take
// but no client may send: nesting deeper than kMaxDepth (every later walk over a document —
// validation, copy, dump — recurses per level, so depth is the one dimension that must be bounded
// before anything else runs) and an object with the same key twice (the last would silently win).
namespace orderflow::exact_json {

inline constexpr std::uint8_t kDecimalSubtype = 0xDE;
// Arrays and objects nested deeper than this are refused; orderflow's documents use four levels.
inline constexpr std::size_t kMaxDepth = 32;

struct ParseError {
  enum class Kind { kSyntax, kTooDeep, kDuplicateKey };
  std::string message;  // e.g. "syntax error at byte 17: unexpected '}'"
  std::size_t byte = 0;
  Kind kind = Kind::kSyntax;
};

std::variant<nlohmann::json, ParseError> parse_exact(std::string_view text);

std::string dump_exact(const nlohmann::json& value);

nlohmann::json decimal_node(const Decimal& value);
bool is_decimal_node(const nlohmann::json& value);
// True for integers and decimal nodes: what JSON calls a number.
bool is_number(const nlohmann::json& value);
// The exact value of a number node; empty for anything else or a number beyond Decimal's range.
std::optional<Decimal> to_decimal(const nlohmann::json& value);
// True for a number whose value is a whole number, whatever its size or how it is written
// ("1.0", "1e2", forty digits): draft-07's "integer", which sets no range.
bool is_integral(const nlohmann::json& value);
// Orders two number nodes exactly, whatever their size (a forty-digit integer, 1e400).
std::strong_ordering compare_numbers(const nlohmann::json& a, const nlohmann::json& b);
// The value of an integer, also when written with a zero fraction or an exponent ("1.0", "1e2");
// empty for anything else and for integers beyond 64 bits.
std::optional<std::int64_t> to_int64(const nlohmann::json& value);

}  // namespace orderflow::exact_json
