#!/usr/bin/env python3
"""Compares ways of combining the offline engine's OCR passes without re-running OCR.

Input: the JSON lines written by `OcrRowsReplay passes` (one line per receipt, each pass's four scored fields with
their confidence and whether they are right). Usage:

    mvn -o -q test-compile && mvn -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp-test.txt -Dmdep.includeScope=test
    CP=target/test-classes:target/classes:$(cat /tmp/cp-test.txt)
    LEDGERLENS_DATA_DIR=/tmp/ll-data java -cp $CP dev.ledgerlens.eval.OcrRowsReplay dump \
        ../shared/data/sroie-train-sample /tmp/rows.jsonl          # OCR, about 8 minutes
    java -cp $CP dev.ledgerlens.eval.OcrRowsReplay passes /tmp/rows.jsonl /tmp/passes.jsonl   # seconds
    python3 bench/ocr-votes.py /tmp/passes.jsonl

Passes are in the engine's order: Tesseract mode 4 (Sauvola), Tesseract mode 6 (Otsu), PP-OCR. A vote is the
reading's confidence times its pass's weight; names and addresses are compared without case and spacing, as
PassVote.combine does.
"""
import collections
import json
import sys

FIELDS = ['company', 'date', 'address', 'total']
rows = [json.loads(line) for line in open(sys.argv[1])]


def right(passes, field, weights):
    votes = collections.defaultdict(float)
    correct = {}
    for i, p in enumerate(passes):
        reading = p[field]
        if reading['value'] is None:
            continue
        key = reading['key'] if field in ('company', 'address') else reading['value']
        votes[key] += weights[i] * (reading['confidence'] or 0.5)
        correct.setdefault(key, reading['right'])
    return bool(votes) and correct[max(votes, key=votes.get)]


def accuracy(selected, weights):
    result = {}
    for field in FIELDS:
        w = weights.get(field, weights.get('*')) if isinstance(weights, dict) else weights
        hits = sum(right([r['passes'][i] for i in selected if i < len(r['passes'])], field,
                         [w[i] for i in selected if i < len(r['passes'])]) for r in rows)
        result[field] = 100.0 * hits / len(rows)
    return result


def show(name, result):
    hmean = len(FIELDS) / sum(1 / max(result[f], 1e-9) for f in FIELDS)
    print(f"| {name} | " + " | ".join(f"{result[f]:.1f}" for f in FIELDS) + f" | {hmean:.1f} |")


if all(r.get('ms') for r in rows):
    print(f"{len(rows)} receipts, mean {sum(r['ms'] for r in rows) / len(rows) / 1000:.2f} s per receipt for all passes")
else:
    print(f"{len(rows)} receipts")
print("| combination | company | date | address | total | H-mean |")
print("|---|---|---|---|---|---|")
show("Tesseract mode 4 alone", accuracy([0], [1, 1, 1]))
show("Tesseract modes 4 + 6", accuracy([0, 1], [1, 1, 1]))
show("PP-OCR alone", accuracy([2], [1, 1, 1]))
for w in (1, 1.5, 2, 3):
    show(f"all three, PP-OCR weight {w} on every field", accuracy([0, 1, 2], [1, 1, w]))
show("all three, PP-OCR weight 2 on company and total",
     accuracy([0, 1, 2], {'company': [1, 1, 2], 'total': [1, 1, 2], '*': [1, 1, 1]}))
show("all three, PP-OCR weight 2 on company and total, 1.5 on address (shipped)",
     accuracy([0, 1, 2], {'company': [1, 1, 2], 'total': [1, 1, 2], 'address': [1, 1, 1.5], '*': [1, 1, 1]}))
show("all three, PP-OCR weight 2 on company, address and total",
     accuracy([0, 1, 2], {'company': [1, 1, 2], 'address': [1, 1, 2], 'total': [1, 1, 2], '*': [1, 1, 1]}))
show("all three, PP-OCR weight 3 on company, address and total",
     accuracy([0, 1, 2], {'company': [1, 1, 3], 'address': [1, 1, 3], 'total': [1, 1, 3], '*': [1, 1, 1]}))
show("any pass right (upper bound of voting)",
     {f: 100.0 * sum(any(p[f]['right'] for p in r['passes']) for r in rows) / len(rows) for f in FIELDS})
