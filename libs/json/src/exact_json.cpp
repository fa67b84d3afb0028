#include "orderflow/json/exact_json.h"

#include <charconv>
#include <iterator>
#include <limits>
#include <vector>

#include "orderflow/common/utf8.h"

namespace orderflow::exact_json {
namespace {

using nlohmann::json;

// Builds the document like nlohmann's own DOM parser, except for non-integer numbers.
class ExactBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(number_integer_t v) { return add(v); }
  bool number_unsigned(number_unsigned_t v) { return add(v); }
  bool number_float(number_float_t, const string_t& lexeme) {
    // Also reached for integers too large for 64 bits, which stay exact this way.
    return add(json::binary(std::vector<std::uint8_t>(lexeme.begin(), lexeme.end()), kDecimalSubtype));
  }
  bool string(string_t& v) { return add(std::move(v)); }
  bool binary(binary_t& v) { return add(std::move(v)); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool key(string_t& k) {
    if (stack_.back()->contains(k)) {
      error_ = ParseError{"duplicate key '" + to_valid_utf8(k.substr(0, 64)) + "'", 0, ParseError::Kind::kDuplicateKey};
      return false;
    }
    pending_key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    if (error_) return false;  // refused by a limit above, not a syntax error
    // nlohmann prefixes "[json.exception.parse_error.101] "; the rest is the useful part.
    std::string message = e.what();
    if (const auto end = message.find("] "); message.rfind("[json.exception", 0) == 0 && end != std::string::npos) {
      message.erase(0, end + 2);
    }
    // The message quotes the offending input, which may be any bytes.
    error_ = ParseError{to_valid_utf8(message), position};
    return false;
  }

  json take() { return std::move(root_); }
  const std::optional<ParseError>& error() const { return error_; }

 private:
  json* place(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[pending_key_];
    slot = std::move(value);
    return &slot;
  }
  bool add(json value) {
    place(std::move(value));
    return true;
  }
  bool open(json container) {
    if (stack_.size() >= kMaxDepth) {
      error_ = ParseError{"nested deeper than " + std::to_string(kMaxDepth) + " levels", 0, ParseError::Kind::kTooDeep};
      return false;
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json root_;
  std::vector<json*> stack_;  // the open containers; never deeper than kMaxDepth
  std::string pending_key_;
  std::optional<ParseError> error_;
};

// A string as nlohmann's dump() writes it (ensure_ascii off). Pure ASCII, nearly every string an
// event holds, is escaped here; anything else goes through nlohmann, which also replaces invalid
// UTF-8. Each dump() call builds a serializer (a locale lookup and a 512-byte indent string), which
// made writing an event cost more than parsing it.
void append_string(const std::string& text, std::string& out) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += json(text).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t unwritten = 0;  // text[unwritten, i) needs no escape and is not written yet
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out.append(text, unwritten, i - unwritten);
    unwritten = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[(c >> 4) & 0xF]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(text, unwritten);
  out.push_back('"');
}

template <typename Integer>
void append_integer(Integer value, std::string& out) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

void dump_into(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(k, out);
        out.push_back(':');
        dump_into(v, out);
      }
      out.push_back('}');
      return;
    }
    case json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& v : value) {
        if (!first) out.push_back(',');
        first = false;
        dump_into(v, out);
      }
      out.push_back(']');
      return;
    }
    case json::value_t::string:
      return append_string(value.get_ref<const json::string_t&>(), out);
    case json::value_t::number_integer:
      return append_integer(value.get<json::number_integer_t>(), out);
    case json::value_t::number_unsigned:
      return append_integer(value.get<json::number_unsigned_t>(), out);
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case json::value_t::null:
      out += "null";
      return;
    case json::value_t::binary:
      if (is_decimal_node(value)) {
        const auto& bytes = value.get_binary();
        out.append(bytes.begin(), bytes.end());
        return;
      }
      break;
    default:  // a double built in code (parsed input has none), a discarded value
      break;
  }
  out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::variant<json, ParseError> parse_exact(std::string_view text) {
  // nlohmann skips a leading byte order mark; PostgreSQL's JSON parser refuses one, and bytes
  // forwarded unchanged must mean the same to both (RFC 8259 section 8.1 lets a parser refuse it).
  if (text.substr(0, 3) == "\xEF\xBB\xBF") return ParseError{"a byte order mark is not JSON", 0};
  // nlohmann's lexer takes a NUL byte for the end of its input, so `{...}\0anything` would parse
  // as its prefix while the bytes forwarded unchanged are not JSON (PostgreSQL refuses them). JSON
  // has no place for a raw NUL, not even inside a string.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return ParseError{"a NUL byte at byte " + std::to_string(nul) + " is not JSON", nul};
  }
  ExactBuilder builder;
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true);
  if (!ok) {
    if (builder.error()) return *builder.error();
    return ParseError{"not valid JSON", 0};
  }
  return builder.take();
}

std::optional<std::int64_t> to_int64(const json& value) {
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  const auto decimal = is_decimal_node(value) ? to_decimal(value) : std::nullopt;
  if (!decimal) return std::nullopt;
  return decimal->to_int64();
}

std::string dump_exact(const json& value) {
  std::string out;
  dump_into(value, out);
  return out;
}

json decimal_node(const Decimal& value) {
  const std::string text = value.to_string();
  return json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kDecimalSubtype);
}

bool is_decimal_node(const json& value) {
  return value.is_binary() && value.get_binary().has_subtype() && value.get_binary().subtype() == kDecimalSubtype;
}

bool is_number(const json& value) {
  return value.is_number_integer() || is_decimal_node(value);
}

namespace {

// A number literal as sign × 0.DIGITS × 10^point, DIGITS without leading or trailing zeros.
struct Scientific {
  bool negative = false;
  std::string digits;      // empty for zero
  std::int64_t point = 0;  // saturated far beyond any literal's length
};

std::string number_text(const json& value) {
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  const auto& bytes = value.get_binary();
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Scientific scientific(std::string_view text) {
  constexpr std::int64_t kSaturated = std::int64_t{1} << 40;
  Scientific out;
  if (!text.empty() && text.front() == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  const auto exponent_at = text.find_first_of("eE");
  std::int64_t exponent = 0;
  if (exponent_at != std::string_view::npos) {
    std::string_view e = text.substr(exponent_at + 1);
    const bool down = !e.empty() && e.front() == '-';
    if (!e.empty() && (e.front() == '-' || e.front() == '+')) e.remove_prefix(1);
    for (char c : e) exponent = std::min(exponent * 10 + (c - '0'), kSaturated);
    if (down) exponent = -exponent;
    text = text.substr(0, exponent_at);
  }
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  std::string digits = std::string(whole) + std::string(fraction);
  std::int64_t point = static_cast<std::int64_t>(whole.size()) + exponent;
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return {out.negative, "", 0};
  point -= static_cast<std::int64_t>(first);
  digits.erase(0, first);
  digits.erase(digits.find_last_not_of('0') + 1);
  out.digits = std::move(digits);
  out.point = point;
  return out;
}

std::strong_ordering compare_magnitudes(const Scientific& a, const Scientific& b) {
  if (a.digits.empty() || b.digits.empty()) return !a.digits.empty() <=> !b.digits.empty();
  if (a.point != b.point) return a.point <=> b.point;
  const int c = a.digits.compare(b.digits);  // same point: digit by digit, a shorter prefix is smaller
  return c <=> 0;
}

}  // namespace

std::strong_ordering compare_numbers(const json& a, const json& b) {
  const Scientific x = scientific(number_text(a));
  const Scientific y = scientific(number_text(b));
  const bool x_negative = x.negative && !x.digits.empty();
  const bool y_negative = y.negative && !y.digits.empty();
  if (x_negative != y_negative) return x_negative ? std::strong_ordering::less : std::strong_ordering::greater;
  return x_negative ? compare_magnitudes(y, x) : compare_magnitudes(x, y);
}

// A JSON number literal is whole when every nonzero digit after the point is moved before it by
// the exponent. Read over the text, so no size limits the answer.
bool is_integral(const json& value) {
  if (value.is_number_integer()) return true;
  if (!is_decimal_node(value)) return false;
  const auto& bytes = value.get_binary();
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const auto exponent_at = text.find_first_of("eE");
  const std::string_view mantissa = text.substr(0, exponent_at);
  const auto point = mantissa.find('.');
  std::string_view fraction = point == std::string_view::npos ? std::string_view() : mantissa.substr(point + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.empty()) {
    // No fraction: whole unless a negative exponent moves nonzero digits after the point.
    if (exponent_at == std::string_view::npos || text[exponent_at + 1] != '-') return true;
    std::string_view whole = mantissa.substr(0, point);
    if (!whole.empty() && whole.front() == '-') whole.remove_prefix(1);
    if (whole.find_first_not_of('0') == std::string_view::npos) return true;  // zero
    std::size_t trailing_zeros = 0;
    while (trailing_zeros < whole.size() && whole[whole.size() - 1 - trailing_zeros] == '0') ++trailing_zeros;
    const std::string_view digits = text.substr(exponent_at + 2);
    // The exponent's magnitude, saturated: beyond any literal's length it only says "no".
    std::size_t shift = 0;
    for (char c : digits) shift = std::min<std::size_t>(shift * 10 + static_cast<std::size_t>(c - '0'), 1u << 30);
    return shift <= trailing_zeros;
  }
  if (exponent_at == std::string_view::npos || text[exponent_at + 1] == '-') return false;
  std::string_view digits = text.substr(exponent_at + 1);
  if (digits.front() == '+') digits.remove_prefix(1);
  std::size_t shift = 0;
  for (char c : digits) shift = std::min<std::size_t>(shift * 10 + static_cast<std::size_t>(c - '0'), 1u << 30);
  return shift >= fraction.size();
}

std::optional<Decimal> to_decimal(const json& value) {
  if (value.is_number_unsigned()) return Decimal::parse(std::to_string(value.get<std::uint64_t>()));
  if (value.is_number_integer()) return Decimal::from_integer(value.get<std::int64_t>());
  if (is_decimal_node(value)) {
    const auto& bytes = value.get_binary();
    return Decimal::parse(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  return std::nullopt;
}

}  // namespace orderflow::exact_json
