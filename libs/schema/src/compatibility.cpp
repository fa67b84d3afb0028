#include "orderflow/schema/compatibility.h"

#include <algorithm>
#include <set>

#include "orderflow/json/exact_json.h"

#include "ref_resolution.h"

namespace orderflow::schema {
namespace {

using nlohmann::json;
namespace exact = orderflow::exact_json;

struct Side {
  const json* schema;
  std::string document;
};

class Comparison {
 public:
  Comparison(const Registry& registry, std::vector<std::string> ignored)
      : registry_(registry), ignored_(std::move(ignored)) {}

  void compare(Side older, Side newer, const std::string& path, int depth = 0) {
    if (depth > 50) return;  // recursive schemas: what is above already was compared
    older = resolve(older);
    newer = resolve(newer);
    const json& o = *older.schema;
    const json& n = *newer.schema;
    if (n.is_boolean() && n.get<bool>()) return;
    if (o.is_boolean() && !o.get<bool>()) return;
    if (n.is_boolean() || o.is_boolean()) {
      report(path, "the newer schema refuses what the older one accepted");
      return;
    }
    compare_types(o, n, path);
    compare_values(o, n, path);
    compare_bounds(o, n, path);
    compare_object(older, newer, path, depth);
    if (o.contains("items") && n.contains("items") && o["items"].is_object() && n["items"].is_object()) {
      compare({&o["items"], older.document}, {&n["items"], newer.document}, path + "[]", depth + 1);
    } else if (n.contains("items") && !o.contains("items")) {
      report(path, "items constrained where they were not");
    }
  }

  std::vector<std::string> findings;

 private:
  Side resolve(Side side) const {
    while (side.schema->is_object() && side.schema->contains("$ref")) {
      auto target = resolve_ref(registry_, side.document, (*side.schema)["$ref"].get<std::string>());
      side = {target.schema, target.document};
    }
    return side;
  }

  void report(const std::string& path, const std::string& what) {
    findings.push_back((path.empty() ? std::string("(root)") : path) + ": " + what);
  }

  static std::set<std::string> types(const json& schema) {
    if (!schema.contains("type")) return {"array", "boolean", "integer", "null", "number", "object", "string"};
    const auto& t = schema["type"];
    std::set<std::string> out;
    if (t.is_string()) {
      out.insert(t.get<std::string>());
    } else {
      for (const auto& each : t) out.insert(each.get<std::string>());
    }
    if (out.count("number")) out.insert("integer");
    return out;
  }

  void compare_types(const json& o, const json& n, const std::string& path) {
    const auto older = types(o);
    const auto newer = types(n);
    for (const auto& t : older) {
      if (!newer.count(t)) report(path, "type " + t + " no longer accepted");
    }
  }

  void compare_values(const json& o, const json& n, const std::string& path) {
    if (n.contains("enum")) {
      if (!o.contains("enum") && !o.contains("const")) {
        report(path, "enum added");
      } else {
        const json older = o.contains("enum") ? o["enum"] : json::array({o["const"]});
        for (const auto& value : older) {
          const bool kept =
              std::any_of(n["enum"].begin(), n["enum"].end(), [&](const json& v) { return json_equal(v, value); });
          if (!kept) report(path, "enum value " + exact::dump_exact(value) + " removed");
        }
      }
    }
    if (n.contains("const") && !(o.contains("const") && json_equal(o["const"], n["const"]))) {
      report(path, "const " + exact::dump_exact(n["const"]) + " added or changed");
    }
    for (const char* keyword : {"pattern", "format"}) {
      if (n.contains(keyword) && !(o.contains(keyword) && o[keyword] == n[keyword])) {
        report(path, std::string(keyword) + " added or changed");
      }
    }
  }

  // `newer` must not tighten a bound: a maximum may only rise, a minimum only fall.
  void compare_bounds(const json& o, const json& n, const std::string& path) {
    auto lowered_max = [&](const char* keyword) {
      if (!n.contains(keyword)) return;
      if (!o.contains(keyword) || exact::to_decimal(n[keyword]) < exact::to_decimal(o[keyword])) {
        report(path, std::string(keyword) + " tightened to " + exact::dump_exact(n[keyword]));
      }
    };
    auto raised_min = [&](const char* keyword) {
      if (!n.contains(keyword)) return;
      if (!o.contains(keyword) || exact::to_decimal(n[keyword]) > exact::to_decimal(o[keyword])) {
        report(path, std::string(keyword) + " tightened to " + exact::dump_exact(n[keyword]));
      }
    };
    lowered_max("maxLength");
    lowered_max("maxItems");
    raised_min("minItems");
    raised_min("minimum");
    raised_min("exclusiveMinimum");
  }

  bool ignored(const std::string& name) const {
    return std::find(ignored_.begin(), ignored_.end(), name) != ignored_.end();
  }

  void compare_object(const Side& older, const Side& newer, const std::string& path, int depth) {
    const json& o = *older.schema;
    const json& n = *newer.schema;
    const json older_required = o.value("required", json::array());
    for (const auto& name : n.value("required", json::array())) {
      if (std::find(older_required.begin(), older_required.end(), name) == older_required.end()) {
        report(path, "field " + name.get<std::string>() + " became required");
      }
    }
    static const json kAnything = true;
    const json& older_properties = o.contains("properties") ? o["properties"] : json::object();
    const json& newer_properties = n.contains("properties") ? n["properties"] : json::object();
    const json& older_additional = o.contains("additionalProperties") ? o["additionalProperties"] : kAnything;
    const json& newer_additional = n.contains("additionalProperties") ? n["additionalProperties"] : kAnything;
    auto child = [&](const std::string& name) { return path.empty() ? name : path + "." + name; };

    for (const auto& [name, schema] : older_properties.items()) {
      if (ignored(name)) continue;
      const json& replacement = newer_properties.contains(name) ? newer_properties[name] : newer_additional;
      compare({&schema, older.document}, {&replacement, newer.document}, child(name), depth + 1);
    }
    for (const auto& [name, schema] : newer_properties.items()) {
      if (ignored(name) || older_properties.contains(name)) continue;
      // Documents valid before could carry this field only through additionalProperties.
      compare({&older_additional, older.document}, {&schema, newer.document}, child(name), depth + 1);
    }
    compare({&older_additional, older.document}, {&newer_additional, newer.document}, child("*"), depth + 1);
  }

  const Registry& registry_;
  std::vector<std::string> ignored_;
};

}  // namespace

std::vector<std::string> breaking_changes(const Registry& registry, const std::string& older, const std::string& newer,
                                          const std::vector<std::string>& ignored) {
  Comparison comparison(registry, ignored);
  comparison.compare({&registry.document(older), older}, {&registry.document(newer), newer}, "");
  return comparison.findings;
}

}  // namespace orderflow::schema
