#include "orderflow/schema/validator.h"

#include <algorithm>
#include <mutex>
#include <re2/re2.h>
#include <set>
#include <shared_mutex>

#include "orderflow/json/exact_json.h"

#include "compiled_node.h"
#include "ecma_pattern.h"
#include "formats.h"
#include "ref_resolution.h"

namespace orderflow::schema {
namespace {

using nlohmann::json;
namespace exact = orderflow::exact_json;

constexpr int kMaxDepth = 200;  // $ref cycles that never consume the instance end here

unsigned type_bit(const std::string& type) {
  if (type == "object") return kObjectType;
  if (type == "array") return kArrayType;
  if (type == "string") return kStringType;
  if (type == "boolean") return kBooleanType;
  if (type == "null") return kNullType;
  if (type == "number") return kNumberType;
  if (type == "integer") return kIntegerType;
  return 0;  // no instance has it
}

// The TypeBits an instance satisfies: an integer is a number too.
unsigned type_bits(const json& value) {
  if (value.is_object()) return kObjectType;
  if (value.is_array()) return kArrayType;
  if (value.is_string()) return kStringType;
  if (value.is_boolean()) return kBooleanType;
  if (value.is_null()) return kNullType;
  if (exact::is_number(value)) return exact::is_integral(value) ? kNumberType | kIntegerType : kNumberType;
  return 0;
}

std::string describe_type(const json& value) {
  if (exact::is_number(value)) return exact::is_integral(value) ? "integer" : "number";
  return value.type_name();
}

// Compares two numbers exactly, whatever their size.
std::optional<std::strong_ordering> compare_numbers(const json& a, const json& b) {
  return exact::compare_numbers(a, b);
}

std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string number_text(const json& value) {
  return exact::dump_exact(value);
}

}  // namespace

// Collects the first kMaxViolations and counts the rest.
class Registry::Violations {
 public:
  void add(Violation violation) {
    if (++total_ <= kMaxViolations) list_.push_back(std::move(violation));
  }
  std::vector<Violation> take() {
    if (total_ > kMaxViolations) {
      list_.push_back({"", "maxViolations",
                       std::to_string(total_ - kMaxViolations) + " more problems not listed (" +
                           std::to_string(total_) + " in all)"});
    }
    return std::move(list_);
  }

 private:
  std::vector<Violation> list_;
  std::size_t total_ = 0;
};

// Where in the instance a validation is: a chain through the callers' frames, made into text
// ("items[0].price") only for a violation; most documents have none.
struct Registry::InstancePath {
  const InstancePath* parent = nullptr;
  const std::string* key = nullptr;  // a property; when null (and parent set), an array item
  std::size_t index = 0;

  std::string text() const {
    if (!parent) return "";
    std::string above = parent->text();
    if (key) return above.empty() ? *key : above + "." + *key;
    return above + "[" + std::to_string(index) + "]";
  }
  std::string child_text(const std::string& name) const {
    const std::string here = text();
    return here.empty() ? name : here + "." + name;
  }
};

// Every schema of every document, compiled when documents are added. A $ref may point anywhere
// in a document, so a target that is not among them (a pointer into an enum, say) is compiled on
// its first use, under the lock.
struct Registry::Compiled {
  std::shared_mutex mutex;
  std::unordered_map<const json*, std::unique_ptr<CompiledNode>> nodes;
};

Registry::Registry() : compiled_(std::make_unique<Compiled>()) {}
Registry::~Registry() = default;
Registry::Registry(Registry&&) noexcept = default;

bool json_equal(const json& a, const json& b) {
  if (exact::is_number(a) && exact::is_number(b)) {
    const auto order = compare_numbers(a, b);
    return order ? *order == 0 : exact::dump_exact(a) == exact::dump_exact(b);
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!json_equal(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.items()) {
      const auto it = b.find(key);
      if (it == b.end() || !json_equal(value, *it)) return false;
    }
    return true;
  }
  return a == b;
}

const std::vector<std::string>& Registry::supported_keywords() {
  static const std::vector<std::string> kKeywords = {"type",       "required",
                                                     "properties", "additionalProperties",
                                                     "enum",       "const",
                                                     "pattern",    "format",
                                                     "minimum",    "exclusiveMinimum",
                                                     "maximum",    "exclusiveMaximum",
                                                     "maxLength",  "minItems",
                                                     "maxItems",   "items",
                                                     "$ref"};
  return kKeywords;
}

const std::vector<std::string>& Registry::annotation_keywords() {
  static const std::vector<std::string> kAnnotations = {"$schema", "$comment", "title",      "description",
                                                        "default", "examples", "definitions"};
  return kAnnotations;
}

void Registry::check_keywords(const json& schema) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) throw SchemaError("a schema must be an object or a boolean: " + schema.dump());
  // Draft 7 ignores keys that are not keywords; a keyword this validator does not implement is
  // refused, so no schema can silently rely on an assertion that is never made.
  static const std::set<std::string> kDraft7Keywords = {"$id",
                                                        "$schema",
                                                        "$ref",
                                                        "$comment",
                                                        "title",
                                                        "description",
                                                        "default",
                                                        "readOnly",
                                                        "writeOnly",
                                                        "examples",
                                                        "multipleOf",
                                                        "maximum",
                                                        "exclusiveMaximum",
                                                        "minimum",
                                                        "exclusiveMinimum",
                                                        "maxLength",
                                                        "minLength",
                                                        "pattern",
                                                        "additionalItems",
                                                        "items",
                                                        "maxItems",
                                                        "minItems",
                                                        "uniqueItems",
                                                        "contains",
                                                        "maxProperties",
                                                        "minProperties",
                                                        "required",
                                                        "additionalProperties",
                                                        "definitions",
                                                        "properties",
                                                        "patternProperties",
                                                        "dependencies",
                                                        "propertyNames",
                                                        "const",
                                                        "enum",
                                                        "type",
                                                        "format",
                                                        "contentMediaType",
                                                        "contentEncoding",
                                                        "if",
                                                        "then",
                                                        "else",
                                                        "allOf",
                                                        "anyOf",
                                                        "oneOf",
                                                        "not"};
  const auto& supported = supported_keywords();
  const auto& annotations = annotation_keywords();
  for (const auto& [keyword, value] : schema.items()) {
    if (!kDraft7Keywords.count(keyword)) continue;
    const bool known = std::find(supported.begin(), supported.end(), keyword) != supported.end();
    const bool annotation = std::find(annotations.begin(), annotations.end(), keyword) != annotations.end();
    if (!known && !annotation) throw SchemaError("unsupported JSON Schema keyword '" + keyword + "'");
  }
  if (const auto it = schema.find("definitions"); it != schema.end()) {
    for (const auto& [name, sub] : it->items()) check_keywords(sub);
  }
  if (const auto it = schema.find("$ref"); it != schema.end()) return;  // siblings of $ref are ignored
  if (const auto it = schema.find("properties"); it != schema.end()) {
    for (const auto& [name, sub] : it->items()) check_keywords(sub);
  }
  if (const auto it = schema.find("additionalProperties"); it != schema.end()) check_keywords(*it);
  if (const auto it = schema.find("items"); it != schema.end()) {
    if (it->is_array()) {
      for (const auto& sub : *it) check_keywords(sub);
    } else {
      check_keywords(*it);
    }
  }
  if (const auto it = schema.find("pattern"); it != schema.end()) {
    const std::string source = it->get<std::string>();
    if (!patterns_.count(source)) {
      RE2::Options options;
      options.set_log_errors(false);
      auto compiled = std::make_unique<RE2>(ecma_to_re2(source), options);
      if (!compiled->ok()) throw SchemaError("pattern '" + source + "' does not compile: " + compiled->error());
      patterns_.emplace(source, std::move(compiled));
    }
  }
}

void Registry::add(const std::string& name, const json& document) {
  check_keywords(document);
  std::optional<json> replaced;
  if (const auto it = documents_.find(name); it != documents_.end()) replaced = std::move(it->second);
  documents_[name] = document;
  try {
    compile_all();
  } catch (...) {
    // The registry stays as it was: the document it had under `name`, or none.
    if (replaced) {
      documents_[name] = std::move(*replaced);
    } else {
      documents_.erase(name);
    }
    compile_all();
    throw;
  }
}

// Every document again: the one replaced may hold the target of another's $ref, and documents are
// few and added once, before validation starts.
void Registry::compile_all() {
  std::unique_lock lock(compiled_->mutex);
  compiled_->nodes.clear();
  for (const auto& [name, document] : documents_) compile(document, name);
}

namespace {

// A keyword whose value must be a string; check_keywords() let any JSON through for some.
const std::string& text_of(const json& value, const char* keyword) {
  if (!value.is_string()) throw SchemaError(std::string("'") + keyword + "' must be a string, not " + value.dump());
  return value.get_ref<const std::string&>();
}

}  // namespace

// Called with the lock held. `document` is the name the schema's document is kept under.
// A node enters the map only once it is complete: one that failed to compile (a $ref into a place
// check_keywords() never saw, with a pattern never compiled) must fail every validation that
// reaches it, not be found half-filled by the next one.
const CompiledNode* Registry::compile(const json& schema, const std::string& document) const {
  if (const auto known = compiled_->nodes.find(&schema); known != compiled_->nodes.end()) return known->second.get();
  auto compiled = std::make_unique<CompiledNode>();
  CompiledNode& node = *compiled;
  node.source = &schema;
  node.document = &documents_.find(document)->first;
  auto publish = [&] { return compiled_->nodes.emplace(&schema, std::move(compiled)).first->second.get(); };
  if (schema.is_boolean()) {
    node.boolean = schema.get<bool>();
    return publish();
  }
  if (!schema.is_object()) return publish();  // only a $ref can lead here; it asserts nothing
  auto keyword = [&](const char* name) -> const json* {
    const auto it = schema.find(name);
    return it == schema.end() ? nullptr : &*it;
  };
  if (const json* definitions = keyword("definitions"); definitions && definitions->is_object()) {
    for (const auto& [name, sub] : definitions->items()) compile(sub, document);
  }
  if (const json* ref = keyword("$ref")) {
    node.ref = &text_of(*ref, "$ref");
    return publish();
  }
  if ((node.type = keyword("type"))) {
    if (node.type->is_string()) {
      node.types = type_bit(node.type->get_ref<const std::string&>());
    } else if (node.type->is_array()) {
      for (const auto& t : *node.type) node.types |= type_bit(text_of(t, "type"));
    } else {
      throw SchemaError("'type' must be a string or an array of strings, not " + node.type->dump());
    }
  }
  node.enum_values = keyword("enum");
  node.const_value = keyword("const");
  node.max_length = keyword("maxLength");
  if (const json* pattern = keyword("pattern")) {
    node.pattern_source = &text_of(*pattern, "pattern");
    const auto compiled_pattern = patterns_.find(*node.pattern_source);
    if (compiled_pattern == patterns_.end()) {
      throw SchemaError("pattern '" + *node.pattern_source + "' lies where no schema keyword leads");
    }
    node.pattern = compiled_pattern->second.get();
  }
  if (const json* format = keyword("format")) {
    const std::string& name = text_of(*format, "format");
    if (name == "date-time") node.format = CompiledNode::Format::kDateTime;
    if (name == "email") node.format = CompiledNode::Format::kEmail;
  }
  node.minimum = keyword("minimum");
  node.exclusive_minimum = keyword("exclusiveMinimum");
  node.maximum = keyword("maximum");
  node.exclusive_maximum = keyword("exclusiveMaximum");
  node.required = keyword("required");
  if (const json* properties = keyword("properties"); properties && properties->is_object()) {
    node.has_properties = true;
    for (const auto& [name, sub] : properties->items()) node.properties.emplace(name, compile(sub, document));
  }
  if (const json* additional = keyword("additionalProperties")) {
    if (additional->is_boolean() && !additional->get<bool>()) {
      node.forbids_additional = true;
    } else {
      node.additional = compile(*additional, document);
    }
  }
  node.min_items = keyword("minItems");
  node.max_items = keyword("maxItems");
  if (const json* items = keyword("items")) {
    if (items->is_array()) {
      node.items_by_position = true;
      for (const auto& sub : *items) node.item_schemas.push_back(compile(sub, document));
    } else {
      node.items = compile(*items, document);
    }
  }
  return publish();
}

// Documents are added before validation starts, so a target handed out stays valid. Two threads
// may resolve the same $ref at once: both find the same node.
const CompiledNode& Registry::ref_target(const CompiledNode& node) const {
  if (const auto* known = node.ref_target.load(std::memory_order_acquire)) return *known;
  const RefTarget target = resolve_ref(*this, *node.document, *node.ref);  // a $ref to nothing throws
  const CompiledNode* compiled = nullptr;
  {
    std::shared_lock lock(compiled_->mutex);
    if (const auto it = compiled_->nodes.find(target.schema); it != compiled_->nodes.end()) compiled = it->second.get();
  }
  if (!compiled) {
    std::unique_lock lock(compiled_->mutex);
    compiled = compile(*target.schema, target.document);
  }
  node.ref_target.store(compiled, std::memory_order_release);
  return *compiled;
}

const json& Registry::document(const std::string& name) const {
  const auto it = documents_.find(name);
  if (it == documents_.end()) throw SchemaError("no schema named '" + name + "'");
  return it->second;
}

std::vector<Violation> Registry::validate(const std::string& name, const json& instance) const {
  const json& root = document(name);
  const CompiledNode* compiled = nullptr;
  {
    std::shared_lock lock(compiled_->mutex);
    compiled = compiled_->nodes.at(&root).get();
  }
  Violations out;
  validate_node(*compiled, instance, InstancePath{}, out, 0);
  return out.take();
}

void Registry::check_string(const CompiledNode& schema, const std::string& text, const InstancePath& path,
                            Violations& out) const {
  if (schema.max_length && code_points(text) > schema.max_length->get<std::size_t>()) {
    out.add({path.text(), "maxLength", "must be at most " + number_text(*schema.max_length) + " characters"});
    return;  // a pattern or format would only say the same about an oversized string, more slowly
  }
  if (schema.pattern && !RE2::PartialMatch(text, *schema.pattern)) {
    out.add({path.text(), "pattern", "must match " + *schema.pattern_source});
  }
  if (schema.format == CompiledNode::Format::kDateTime && !is_date_time(text)) {
    out.add({path.text(), "format", "must be an RFC 3339 date-time such as 2025-10-06T17:00:00Z"});
  } else if (schema.format == CompiledNode::Format::kEmail && !is_email(text)) {
    out.add({path.text(), "format", "must be an e-mail address"});
  }
}

void Registry::validate_node(const CompiledNode& schema, const json& instance, const InstancePath& path,
                             Violations& out, int depth) const {
  if (depth > kMaxDepth) throw SchemaError("$ref recursion deeper than " + std::to_string(kMaxDepth));
  if (schema.boolean) {
    if (!*schema.boolean) out.add({path.text(), "false", "no value is allowed here"});
    return;
  }
  if (schema.ref) {
    validate_node(ref_target(schema), instance, path, out, depth + 1);
    return;
  }

  if (schema.type && (type_bits(instance) & schema.types) == 0) {
    const std::string expected = schema.type->is_string() ? schema.type->get<std::string>() : schema.type->dump();
    out.add({path.text(), "type", "must be of type " + expected + ", not " + describe_type(instance)});
    return;  // the other keywords would only repeat the same complaint
  }

  if (const json* options = schema.enum_values) {
    const bool listed =
        std::any_of(options->begin(), options->end(), [&](const json& o) { return json_equal(o, instance); });
    if (!listed) out.add({path.text(), "enum", "must be one of " + exact::dump_exact(*options)});
  }
  if (schema.const_value && !json_equal(*schema.const_value, instance)) {
    out.add({path.text(), "const", "must be " + exact::dump_exact(*schema.const_value)});
  }

  if (instance.is_string()) check_string(schema, instance.get_ref<const std::string&>(), path, out);

  if (exact::is_number(instance)) {
    if (const json* min = schema.minimum) {
      const auto order = compare_numbers(instance, *min);
      if (!order || *order < 0) out.add({path.text(), "minimum", "must be at least " + number_text(*min)});
    }
    if (const json* min = schema.exclusive_minimum) {
      const auto order = compare_numbers(instance, *min);
      if (!order || *order <= 0)
        out.add({path.text(), "exclusiveMinimum", "must be greater than " + number_text(*min)});
    }
    if (const json* max = schema.maximum) {
      const auto order = compare_numbers(instance, *max);
      if (!order || *order > 0) out.add({path.text(), "maximum", "must be at most " + number_text(*max)});
    }
    if (const json* max = schema.exclusive_maximum) {
      const auto order = compare_numbers(instance, *max);
      if (!order || *order >= 0) out.add({path.text(), "exclusiveMaximum", "must be less than " + number_text(*max)});
    }
  }

  if (instance.is_object()) {
    if (const json* required = schema.required) {
      for (const auto& name : *required) {
        const std::string& field = name.get_ref<const std::string&>();
        if (!instance.contains(field)) out.add({path.child_text(field), "required", "is required"});
      }
    }
    for (const auto& [key, value] : instance.items()) {
      const InstancePath here{&path, &key, 0};
      const auto property = schema.has_properties ? schema.properties.find(key) : schema.properties.end();
      if (property != schema.properties.end()) {
        validate_node(*property->second, value, here, out, depth + 1);
      } else if (schema.forbids_additional) {
        out.add({here.text(), "additionalProperties", "is not a known field"});
      } else if (schema.additional) {
        validate_node(*schema.additional, value, here, out, depth + 1);
      }
    }
  }

  if (instance.is_array()) {
    if (const json* min = schema.min_items; min && instance.size() < min->get<std::size_t>()) {
      out.add({path.text(), "minItems", "must have at least " + number_text(*min) + " items"});
    }
    if (const json* max = schema.max_items; max && instance.size() > max->get<std::size_t>()) {
      out.add({path.text(), "maxItems", "must have at most " + number_text(*max) + " items"});
      return;  // the items of an array refused for its length are not worth a problem each
    }
    const std::size_t checked =
        schema.items_by_position ? std::min(instance.size(), schema.item_schemas.size()) : instance.size();
    if (schema.items_by_position || schema.items) {
      for (std::size_t i = 0; i < checked; ++i) {
        const CompiledNode& item = schema.items_by_position ? *schema.item_schemas[i] : *schema.items;
        validate_node(item, instance[i], InstancePath{&path, nullptr, i}, out, depth + 1);
      }
    }
  }
}

}  // namespace orderflow::schema
