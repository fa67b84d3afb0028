#include "orderflow/schema/validator.h"

#include <algorithm>
#include <mutex>
#include <re2/re2.h>
#include <set>
#include <shared_mutex>

#include "orderflow/json/exact_json.h"

#include "ecma_pattern.h"
#include "formats.h"
#include "ref_resolution.h"

namespace orderflow::schema {
namespace {

using nlohmann::json;
namespace exact = orderflow::exact_json;

constexpr int kMaxDepth = 200;  // $ref cycles that never consume the instance end here

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string item_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

bool is_integer(const json& value) {
  return exact::is_integral(value);
}

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return exact::is_number(value);
  if (type == "integer") return is_integer(value);
  return false;
}

std::string describe_type(const json& value) {
  if (exact::is_number(value)) return is_integer(value) ? "integer" : "number";
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

// $ref targets resolved once per (document, reference): resolving one parses a JSON pointer,
// joins paths and looks documents up by name, a quarter of a validation's cost when done each time.
// Filled on first use (validation runs on many threads), emptied when a document is added.
struct Registry::RefCache {
  std::shared_mutex mutex;
  std::unordered_map<std::string, std::unordered_map<std::string, RefTarget>> targets;  // document -> $ref -> target
};

Registry::Registry() : refs_(std::make_unique<RefCache>()) {}
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
  std::unique_lock lock(refs_->mutex);
  refs_->targets.clear();  // a target may lie in the document replaced
  documents_[name] = document;
}

// Documents are added before validation starts, so a target handed out stays valid.
const RefTarget& Registry::ref_target(const std::string& document, const std::string& reference) const {
  {
    std::shared_lock lock(refs_->mutex);
    if (const auto in_document = refs_->targets.find(document); in_document != refs_->targets.end()) {
      if (const auto target = in_document->second.find(reference); target != in_document->second.end()) {
        return target->second;
      }
    }
  }
  RefTarget target = resolve_ref(*this, document, reference);  // a $ref to nothing throws: never cached
  std::unique_lock lock(refs_->mutex);
  return refs_->targets[document].try_emplace(reference, std::move(target)).first->second;
}

const json& Registry::document(const std::string& name) const {
  const auto it = documents_.find(name);
  if (it == documents_.end()) throw SchemaError("no schema named '" + name + "'");
  return it->second;
}

const RE2& Registry::pattern(const std::string& source) const {
  return *patterns_.at(source);
}

std::vector<Violation> Registry::validate(const std::string& name, const json& instance) const {
  Violations out;
  validate_node(document(name), name, instance, "", out, 0);
  return out.take();
}

void Registry::check_string(const json& schema, const std::string& text, const std::string& path,
                            Violations& out) const {
  if (const auto max = schema.find("maxLength"); max != schema.end() && code_points(text) > max->get<std::size_t>()) {
    out.add({path, "maxLength", "must be at most " + number_text(*max) + " characters"});
    return;  // a pattern or format would only say the same about an oversized string, more slowly
  }
  if (const auto p = schema.find("pattern");
      p != schema.end() && !RE2::PartialMatch(text, pattern(p->get_ref<const std::string&>()))) {
    out.add({path, "pattern", "must match " + p->get<std::string>()});
  }
  if (const auto format = schema.find("format"); format != schema.end()) {
    const std::string& name = format->get_ref<const std::string&>();
    if (name == "date-time" && !is_date_time(text)) {
      out.add({path, "format", "must be an RFC 3339 date-time such as 2025-10-06T17:00:00Z"});
    } else if (name == "email" && !is_email(text)) {
      out.add({path, "format", "must be an e-mail address"});
    }
  }
}

void Registry::validate_node(const json& schema, const std::string& document_name, const json& instance,
                             const std::string& path, Violations& out, int depth) const {
  if (depth > kMaxDepth) throw SchemaError("$ref recursion deeper than " + std::to_string(kMaxDepth));
  if (schema.is_boolean()) {
    if (!schema.get<bool>()) out.add({path, "false", "no value is allowed here"});
    return;
  }

  if (const auto ref = schema.find("$ref"); ref != schema.end()) {
    const RefTarget& target = ref_target(document_name, ref->get_ref<const std::string&>());
    validate_node(*target.schema, target.document, instance, path, out, depth + 1);
    return;
  }

  if (const auto type = schema.find("type"); type != schema.end()) {
    bool matches = false;
    if (type->is_string()) {
      matches = has_type(instance, type->get_ref<const std::string&>());
    } else {
      for (const auto& t : *type) matches = matches || has_type(instance, t.get_ref<const std::string&>());
    }
    if (!matches) {
      const std::string expected = type->is_string() ? type->get<std::string>() : type->dump();
      out.add({path, "type", "must be of type " + expected + ", not " + describe_type(instance)});
      return;  // the other keywords would only repeat the same complaint
    }
  }

  if (const auto options = schema.find("enum"); options != schema.end()) {
    const bool listed =
        std::any_of(options->begin(), options->end(), [&](const json& o) { return json_equal(o, instance); });
    if (!listed) out.add({path, "enum", "must be one of " + exact::dump_exact(*options)});
  }
  if (const auto constant = schema.find("const"); constant != schema.end()) {
    if (!json_equal(*constant, instance)) out.add({path, "const", "must be " + exact::dump_exact(*constant)});
  }

  if (instance.is_string()) check_string(schema, instance.get_ref<const std::string&>(), path, out);

  if (exact::is_number(instance)) {
    if (const auto min = schema.find("minimum"); min != schema.end()) {
      const auto order = compare_numbers(instance, *min);
      if (!order || *order < 0) out.add({path, "minimum", "must be at least " + number_text(*min)});
    }
    if (const auto min = schema.find("exclusiveMinimum"); min != schema.end()) {
      const auto order = compare_numbers(instance, *min);
      if (!order || *order <= 0) out.add({path, "exclusiveMinimum", "must be greater than " + number_text(*min)});
    }
    if (const auto max = schema.find("maximum"); max != schema.end()) {
      const auto order = compare_numbers(instance, *max);
      if (!order || *order > 0) out.add({path, "maximum", "must be at most " + number_text(*max)});
    }
    if (const auto max = schema.find("exclusiveMaximum"); max != schema.end()) {
      const auto order = compare_numbers(instance, *max);
      if (!order || *order >= 0) out.add({path, "exclusiveMaximum", "must be less than " + number_text(*max)});
    }
  }

  if (instance.is_object()) {
    if (const auto required = schema.find("required"); required != schema.end()) {
      for (const auto& name : *required) {
        if (!instance.contains(name.get<std::string>())) {
          out.add({child_path(path, name.get<std::string>()), "required", "is required"});
        }
      }
    }
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (const auto& [key, value] : instance.items()) {
      if (properties != schema.end() && properties->contains(key)) {
        validate_node(properties->at(key), document_name, value, child_path(path, key), out, depth + 1);
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          out.add({child_path(path, key), "additionalProperties", "is not a known field"});
        } else {
          validate_node(*additional, document_name, value, child_path(path, key), out, depth + 1);
        }
      }
    }
  }

  if (instance.is_array()) {
    if (const auto min = schema.find("minItems"); min != schema.end() && instance.size() < min->get<std::size_t>()) {
      out.add({path, "minItems", "must have at least " + number_text(*min) + " items"});
    }
    if (const auto max = schema.find("maxItems"); max != schema.end() && instance.size() > max->get<std::size_t>()) {
      out.add({path, "maxItems", "must have at most " + number_text(*max) + " items"});
      return;  // the items of an array refused for its length are not worth a problem each
    }
    if (const auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < instance.size(); ++i) {
        if (items->is_array()) {
          if (i < items->size())
            validate_node((*items)[i], document_name, instance[i], item_path(path, i), out, depth + 1);
        } else {
          validate_node(*items, document_name, instance[i], item_path(path, i), out, depth + 1);
        }
      }
    }
  }
}

}  // namespace orderflow::schema
