"""The peer of benches/triage.rs: the same method the usual Python way, on the same texts.
scikit-learn's HashingVectorizer for words (2^14) and char_wb 3-5 grams (2^16), each
weighed by TfidfTransformer(sublinear_tf=True), and SGDClassifier with log loss, balanced
class weights and 30 epochs. Prints train_seconds and predict_ms (one text at a time,
median of 500)."""

import csv
import statistics
import sys
import time

from scipy.sparse import hstack
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import SGDClassifier

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
texts = [r["text"] for r in rows]
labels = [int(r["label"]) for r in rows]
cut = int(len(rows) * 0.8)
started = time.perf_counter()
words = HashingVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", n_features=2**14,
                          alternate_sign=False, norm=None)
grams = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**16,
                          alternate_sign=False, norm=None)
tw = TfidfTransformer(sublinear_tf=True).fit(words.transform(texts[:cut]))
tg = TfidfTransformer(sublinear_tf=True).fit(grams.transform(texts[:cut]))


def features(batch):
    return hstack([tw.transform(words.transform(batch)), tg.transform(grams.transform(batch))]).tocsr()


x = features(texts[:cut])
model = SGDClassifier(loss="log_loss", max_iter=30, tol=None, class_weight="balanced",
                      random_state=7).fit(x, labels[:cut])
print(f"train_seconds {time.perf_counter() - started:.3f}")
times = []
for text in texts[cut : cut + 500]:
    t = time.perf_counter()
    model.predict_proba(features([text]))
    times.append((time.perf_counter() - t) * 1000)
print(f"predict_ms {statistics.median(times):.3f}")
print(f"held_out_accuracy {model.score(features(texts[cut:]), labels[cut:]):.3f}")
