// orderflow's JSON Schema validator (libs/schema) against Valijson (Debian's libvalijson-dev), on
// what decides which one orderflow keeps: the official draft-07 suite, the differential corpus of
// tests/api (events with the reference validator's verdicts), speed on orderflow's own schemas,
// and hostile strings. Usage:
//   orderflow-bench-validators SUITE_DIR PROTO_SCHEMAS_DIR [CORPUS.jsonl]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/schema/validator.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace orderflow;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Valijson with orderflow's schemas: relative $refs are fetched from proto-schemas/.
class Valijson {
 public:
  explicit Valijson(fs::path base) : base_(std::move(base)) {}

  // Throws when Valijson cannot load the schema.
  void add(const std::string& name, const json& document) {
    auto schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    const fs::path dir = (base_ / name).parent_path();
    auto fetch = [dir](const std::string& uri) -> const json* { return new json(json::parse(read_file(dir / uri))); };
    auto release = [](const json* doc) { delete doc; };
    parser.populateSchema(adapter, *schema, fetch, release);
    schemas_[name] = std::move(schema);
  }

  bool valid(const std::string& name, const json& instance) {
    valijson::adapters::NlohmannJsonAdapter target(instance);
    return validator_.validate(*schemas_.at(name), target, nullptr);
  }

 private:
  fs::path base_;
  std::map<std::string, std::unique_ptr<valijson::Schema>> schemas_;
  valijson::Validator validator_;  // kept: it caches its compiled regexes
};

struct Tally {
  int agree = 0, disagree = 0, cannot = 0;
};

bool remote_ref(const json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string() && value.get<std::string>().find("://") != std::string::npos) return true;
      if (remote_ref(value)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& value : node) {
      if (remote_ref(value)) return true;
    }
  }
  return false;
}

void official_suite(const fs::path& suite) {
  Tally ours, theirs;
  for (const auto& entry : fs::directory_iterator(suite)) {
    if (entry.path().extension() != ".json") continue;
    const std::string text = read_file(entry.path());
    const auto exact = std::get<json>(exact_json::parse_exact(text));
    const auto plain = json::parse(text);
    for (std::size_t g = 0; g < exact.size(); ++g) {
      if (remote_ref(plain[g]["schema"])) continue;
      schema::Registry registry;
      bool ours_loaded = true;
      try {
        registry.add("s", exact[g]["schema"]);
      } catch (const std::exception&) {
        ours_loaded = false;
      }
      Valijson valijson(suite);
      bool theirs_loaded = true;
      try {
        valijson.add("s", plain[g]["schema"]);
      } catch (const std::exception&) {
        theirs_loaded = false;
      }
      for (std::size_t t = 0; t < exact[g]["tests"].size(); ++t) {
        const bool expected = plain[g]["tests"][t]["valid"];
        if (!ours_loaded) {
          ++ours.cannot;
        } else {
          const bool got = registry.validate("s", exact[g]["tests"][t]["data"]).empty();
          ++(got == expected ? ours.agree : ours.disagree);
        }
        if (!theirs_loaded) {
          ++theirs.cannot;
        } else {
          bool got = false;
          try {
            got = valijson.valid("s", plain[g]["tests"][t]["data"]);
          } catch (const std::exception&) {
            ++theirs.cannot;
            continue;
          }
          ++(got == expected ? theirs.agree : theirs.disagree);
        }
      }
    }
  }
  std::printf(
      "| official draft-07 suite (%s) | libs/schema: %d right, %d wrong, %d not supported | Valijson: %d right, %d "
      "wrong, %d not supported |\n",
      suite.filename().c_str(), ours.agree, ours.disagree, ours.cannot, theirs.agree, theirs.disagree, theirs.cannot);
}

std::string schema_of(const json& event) {
  const std::string type = event.value("eventType", "");
  if (type == "UserCreated") return "events/user_created.v1.json";
  if (type == "PaymentSettled") return "events/payment_settled.v1.json";
  if (type == "InventoryAdjusted") return "events/inventory_adjusted.v1.json";
  if (type == "ProductUpserted") return "events/product_upserted.v1.json";
  if (type == "OrderPlaced") {
    const auto version = event.find("schemaVersion");
    return version != event.end() && *version == 2 ? "events/order_placed.v2.json" : "events/order_placed.v1.json";
  }
  return "";
}

void corpus(const fs::path& schemas, const fs::path& file) {
  const auto& registry = events::Contract::instance().registry();
  Valijson valijson(schemas);
  for (const char* name :
       {"events/user_created.v1.json", "events/order_placed.v1.json", "events/order_placed.v2.json",
        "events/payment_settled.v1.json", "events/inventory_adjusted.v1.json", "events/product_upserted.v1.json"}) {
    valijson.add(name, json::parse(read_file(schemas / name)));
  }
  Tally ours, theirs;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto plain = json::parse(line);
    const auto exact = std::get<json>(exact_json::parse_exact(line));
    const std::string name = schema_of(plain["event"]);
    if (name.empty()) continue;
    const bool expected = plain["valid"];
    ++((registry.validate(name, exact["event"]).empty() == expected) ? ours.agree : ours.disagree);
    ++((valijson.valid(name, plain["event"]) == expected) ? theirs.agree : theirs.disagree);
  }
  std::printf(
      "| differential corpus (%d events, reference: jsonschema + regress) | libs/schema: %d agree, %d disagree | "
      "Valijson: %d agree, %d disagree |\n",
      ours.agree + ours.disagree, ours.agree, ours.disagree, theirs.agree, theirs.disagree);
}

double per_second(int n, const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) work();
  return n / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void speed(const fs::path& schemas) {
  const auto& registry = events::Contract::instance().registry();
  Valijson valijson(schemas);
  const std::string name = "events/order_placed.v1.json";
  valijson.add(name, json::parse(read_file(schemas / name)));
  const std::string text = read_file(schemas / "examples/seed002_order_placed.json");
  const auto exact = std::get<json>(exact_json::parse_exact(text));
  const auto plain = json::parse(text);
  if (!registry.validate(name, exact).empty() || !valijson.valid(name, plain))
    std::printf("the example is not valid\n");
  const int n = 100'000;
  const double ours = per_second(n, [&] { registry.validate(name, exact); });
  const double theirs = per_second(n, [&] { valijson.valid(name, plain); });
  std::printf(
      "| speed: seed 002's OrderPlaced, one core | libs/schema: %.0f validations/s | Valijson: %.0f validations/s |\n",
      ours, theirs);
}

// Runs `work` in a child process: a crash there is reported, not suffered.
std::string survives(const std::function<bool()>& work) {
  std::fflush(stdout);
  const pid_t child = fork();
  if (child == 0) _exit(work() ? 0 : 1);
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) return std::string("crashed (signal ") + std::to_string(WTERMSIG(status)) + ")";
  return WEXITSTATUS(status) == 0 ? "accepted" : "refused";
}

void hostile(const fs::path& schemas) {
  const std::string name = "events/user_created.v1.json";
  const auto& registry = events::Contract::instance().registry();
  Valijson valijson(schemas);
  valijson.add(name, json::parse(read_file(schemas / name)));
  for (const std::size_t size : {1'000u, 100'000u, 1'000'000u}) {
    json event = json::parse(read_file(schemas / "examples/seed002_user_created.json"));
    event["createdAt"] = std::string(size, '1');  // a date-time made of digits
    const auto exact = std::get<json>(exact_json::parse_exact(event.dump()));
    std::printf("| hostile: a %zu-digit createdAt | libs/schema: %s | Valijson: %s |\n", size,
                survives([&] { return registry.validate(name, exact).empty(); }).c_str(),
                survives([&] { return valijson.valid(name, event); }).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s SUITE_DIR PROTO_SCHEMAS_DIR [CORPUS.jsonl]\n", argv[0]);
    return 2;
  }
  std::printf("| | orderflow (libs/schema) | Valijson 1.0 (Debian) |\n|---|---|---|\n");
  official_suite(argv[1]);
  if (argc > 3) corpus(argv[2], argv[3]);
  speed(argv[2]);
  hostile(argv[2]);
  return 0;
}
