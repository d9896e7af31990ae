"""The peer of benches/triage.rs: the usual Python way to train a character n-gram text
classifier (scikit-learn's HashingVectorizer and SGDClassifier with log loss), on the same
texts. Prints train_seconds and predict_ms (one text at a time, median of 500)."""

import csv
import statistics
import sys
import time

from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
texts = [r["text"] for r in rows]
labels = [int(r["label"]) for r in rows]
cut = int(len(rows) * 0.8)
started = time.perf_counter()
vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**15, alternate_sign=False)
x = vectorizer.transform(texts[:cut])
model = SGDClassifier(loss="log_loss", max_iter=12, tol=None, random_state=7).fit(x, labels[:cut])
print(f"train_seconds {time.perf_counter() - started:.3f}")
times = []
for text in texts[cut : cut + 500]:
    t = time.perf_counter()
    model.predict_proba(vectorizer.transform([text]))
    times.append((time.perf_counter() - t) * 1000)
print(f"predict_ms {statistics.median(times):.3f}")
print(f"held_out_accuracy {model.score(vectorizer.transform(texts[cut:]), labels[cut:]):.3f}")
