#!/usr/bin/env python3
"""Trains orderflow's risk model from labelled traffic.

Input: the features the risk stage recorded for each assessment (risk_assessments.features, as
exported by train.sh) and orderflow-loadgen's --labels file (orderId,pattern for every planted
fraud pattern). Output: a model file for services/risk/models/ and a report of precision and
recall on held-out orders, next to the base model's on the same orders.

Labels: an order's assessment is fraud when its order carries an order-time pattern (velocity,
unusual_quantity, new_account_spree); a payment's when its order carries a payment-time pattern
(amount_mismatch, failed_payments). Orders are split 70/30 by a hash of their id, so every
assessment of one order is on the same side.

Plain Python on purpose: a logistic regression over a dozen features needs no numerical library.
Scoring stays in C++ (services/risk/src/risk_model.cpp); the transforms below are the same ones,
read from the same file.
"""
import argparse
import csv
import hashlib
import json
import math
import sys

ORDER_PATTERNS = {"velocity", "unusual_quantity", "new_account_spree"}
PAYMENT_PATTERNS = {"amount_mismatch", "failed_payments"}


def transform(term, value):
    if "cap" in term:
        value = min(value, term["cap"])
    if term.get("transform") == "log1p":
        value = math.log1p(max(0.0, value))
    return value


def score(model, features):
    logit = model["bias"]
    for term in model["features"]:
        logit += term["weight"] * transform(term, features.get(term["name"], 0.0))
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, logit))))


def held_out(order_id):
    return int(hashlib.sha256(order_id.encode()).hexdigest(), 16) % 10 < 3


def read_rows(features_path, labels_path):
    patterns = {}
    with open(labels_path, newline="") as f:
        for order_id, pattern in csv.reader(f):
            patterns[order_id] = pattern
    rows = []
    with open(features_path, newline="") as f:
        for subject_type, order_id, features in csv.reader(f):
            pattern = patterns.get(order_id, "")
            fraud = pattern in (ORDER_PATTERNS if subject_type == "order" else PAYMENT_PATTERNS)
            rows.append({"order": order_id, "subject": subject_type, "pattern": pattern if fraud else "",
                         "features": {k: float(v) for k, v in json.loads(features).items()}, "fraud": fraud})
    return rows


def fit(base, rows, epochs, rate, l2):
    """Batch gradient descent on the log loss, fraud weighted up to balance the classes."""
    terms = base["features"]
    xs = [[transform(t, r["features"].get(t["name"], 0.0)) for t in terms] for r in rows]
    ys = [1.0 if r["fraud"] else 0.0 for r in rows]
    positives = max(1.0, sum(ys))
    weight_of = {1.0: len(ys) / (2 * positives), 0.0: len(ys) / (2 * max(1.0, len(ys) - positives))}
    # Standardise for the descent, then fold the scaling back into the weights.
    means = [sum(x[j] for x in xs) / len(xs) for j in range(len(terms))]
    # A feature the traffic never varied cannot be learned: it keeps the base model's weight.
    # Nor is a feature the base model marks "fixed": a policy, not a pattern (missing reference data
    # is usually late, not fraud, however the training traffic happens to correlate with it).
    constant = {j for j in range(len(terms))
                if terms[j].get("fixed") or max(x[j] for x in xs) - min(x[j] for x in xs) < 1e-9}
    spreads = [1.0 if j in constant else math.sqrt(sum((x[j] - means[j]) ** 2 for x in xs) / len(xs))
               for j in range(len(terms))]
    zs = [[0.0 if j in constant else (x[j] - means[j]) / spreads[j] for j in range(len(terms))] for x in xs]
    w = [0.0] * len(terms)
    b = 0.0
    for _ in range(epochs):
        gw = [0.0] * len(terms)
        gb = 0.0
        for z, y in zip(zs, ys):
            p = 1 / (1 + math.exp(-max(-50.0, min(50.0, b + sum(wj * zj for wj, zj in zip(w, z))))))
            g = (p - y) * weight_of[y]
            gb += g
            for j, zj in enumerate(z):
                gw[j] += g * zj
        n = len(zs)
        b -= rate * gb / n
        w = [wj - rate * (gj / n + l2 * wj) for wj, gj in zip(w, gw)]
    # Its z is 0 throughout, so its fitted weight stays 0; the base weight's constant share is taken
    # out of the bias, so scores on the training data do not change.
    weights = [terms[j]["weight"] if j in constant else w[j] / spreads[j] for j in range(len(terms))]
    bias = b - sum(wj * mj for wj, mj in zip(weights, means))
    return weights, bias, [terms[j]["name"] for j in sorted(constant)]


def measure(model, rows, threshold):
    tp = fp = fn = 0
    caught = {}
    for r in rows:
        flagged = score(model, r["features"]) >= threshold
        tp += flagged and r["fraud"]
        fp += flagged and not r["fraud"]
        fn += (not flagged) and r["fraud"]
        if r["fraud"]:
            total, hit = caught.get(r["pattern"], (0, 0))
            caught[r["pattern"]] = (total + 1, hit + flagged)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, caught, tp, fp, fn


def best_threshold(model, rows):
    """The review threshold with the best F1 on the training rows."""
    best = (0.0, 0.5)
    for step in range(5, 96):
        threshold = step / 100
        precision, recall, *_ = measure(model, rows, threshold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        best = max(best, (f1, threshold))
    return best[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", required=True, help="CSV: subject_type,order_id,features_json")
    parser.add_argument("--labels", required=True, help="orderflow-loadgen --labels output")
    parser.add_argument("--base", required=True, help="the model file whose features and transforms to train")
    parser.add_argument("--version", required=True, help="the new model's version, e.g. risk-v2")
    parser.add_argument("--out", required=True, help="where to write the new model file")
    parser.add_argument("--report", help="where to write the report (Markdown); stdout as well")
    parser.add_argument("--epochs", type=int, default=400)
    args = parser.parse_args()

    with open(args.base) as f:
        base = json.load(f)
    rows = read_rows(args.features, args.labels)
    train = [r for r in rows if not held_out(r["order"])]
    test = [r for r in rows if held_out(r["order"])]
    if not any(r["fraud"] for r in train) or not any(r["fraud"] for r in test):
        sys.exit("train.py: no planted fraud on one side of the split; run the generator longer")

    weights, bias, kept = fit(base, train, args.epochs, rate=0.5, l2=0.001)
    model = {
        "version": args.version,
        "description": f"Logistic regression trained by tools/risk/train.py on {len(train)} assessments "
                       f"({sum(r['fraud'] for r in train)} planted fraud); held-out figures in its report.",
        "bias": round(bias, 4),
        "thresholds": {"review": 0.5, "decline": 0.9},
        "features": [dict(t, weight=round(w, 4)) for t, w in zip(base["features"], weights)],
    }
    review = best_threshold(model, train)
    model["thresholds"] = {"review": review, "decline": max(review, 0.9)}
    with open(args.out, "w") as f:
        json.dump(model, f, indent=2)
        f.write("\n")

    lines = [f"# Risk model {args.version}", "",
             f"Assessments: {len(rows)} ({sum(r['fraud'] for r in rows)} planted fraud); "
             f"trained on {len(train)}, held out {len(test)} (by order).", "",
             "| model | threshold | precision | recall | flagged fraud / all fraud | false alarms |",
             "|---|---|---|---|---|---|"]
    for name, candidate in ((base["version"], base), (args.version, model)):
        threshold = candidate["thresholds"]["review"]
        precision, recall, caught, tp, fp, fn = measure(candidate, test, threshold)
        lines.append(f"| {name} | {threshold} | {precision:.3f} | {recall:.3f} | {tp} / {tp + fn} | {fp} |")
    if kept:
        lines += ["", "Kept at the base model's weights (marked fixed, or never varied in the training traffic): " +
                  ", ".join(kept) + "."]
    lines += ["", f"Recall by planted pattern ({args.version}, held out):", ""]
    _, _, caught, *_ = measure(model, test, model["thresholds"]["review"])
    for pattern, (total, hit) in sorted(caught.items()):
        lines.append(f"- {pattern}: {hit} / {total}")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.report:
        with open(args.report, "w") as f:
            f.write(report)


if __name__ == "__main__":
    main()
