#pragma once

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
namespace orderflow::json {

inline constexpr std::uint8_t kDecimalSubtype = 0xDE;

struct ParseError {
  std::string message;  // e.g. "syntax error at byte 17: unexpected '}'"
  std::size_t byte = 0;
};

std::variant<nlohmann::json, ParseError> parse_exact(std::string_view text);

std::string dump_exact(const nlohmann::json& value);

nlohmann::json decimal_node(const Decimal& value);
bool is_decimal_node(const nlohmann::json& value);
// True for integers and decimal nodes: what JSON calls a number.
bool is_number(const nlohmann::json& value);
// The exact value of a number node; empty for anything else or a number beyond Decimal's range.
std::optional<Decimal> to_decimal(const nlohmann::json& value);

}  // namespace orderflow::json
