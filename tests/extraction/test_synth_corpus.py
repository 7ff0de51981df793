"""The synthetic corpus (tests/extraction/corpus_synth, built by make_synth_corpus.py)
scored per format by the shared scorer's matching: documents unlike the dev corpus
(other provinces, a ministry, minutes, a decision, a draft, a lost "Số:" line, task
tables with other columns), so that the rules stay general.

    .venv/bin/python tests/extraction/test_synth_corpus.py   # prints the scores per format
"""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import make_synth_corpus  # noqa: E402

from dondoc.extraction.extract import extract_file  # noqa: E402

# The shared scorer beside the checkout (development and CI); a copy of its matching below otherwise.
SCORER = HERE.parents[2].parent / "shared" / "eval" / "score_extraction.py"
THRESHOLD = 0.9


def _load_scorer():
    if SCORER.exists():
        spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.score_document
    return _score_document


def _fold(text) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("*", " ").replace("_", " ").lower().split())


_ABBR = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "bql": "ban quan ly", "vp": "van phong"}


def _same_unit(pred, gold) -> bool:
    p = " ".join(_ABBR.get(w, w) for w in _fold(pred).split())
    g = " ".join(_ABBR.get(w, w) for w in _fold(gold).split())
    return bool(p) and (p == g or p.startswith(g + " "))


def _score_document(gold: dict, pred: dict) -> dict:
    """The scorer's task matching (anchor in text, one prediction per gold task), lead
    and due, for when the shared scorer is not on this machine."""
    ptasks = pred.get("tasks", [])
    texts = [_fold(t.get("text")) for t in ptasks]
    used: set[int] = set()
    s = {"gold": len(gold["tasks"]), "pred": len(ptasks), "tp": 0, "lead_ok": 0, "due_ok": 0}
    s.update({"missed": [], "errors": [], "doc_fields": 0, "doc_fields_ok": 0})
    for g in gold["tasks"]:
        hit = next((i for i, t in enumerate(texts) if i not in used and _fold(g["anchor"]) in t), None)
        if hit is None:
            s["missed"].append(g["anchor"])
            continue
        used.add(hit)
        s["tp"] += 1
        p = ptasks[hit]
        s["lead_ok"] += any(_same_unit(p.get("lead"), alt) for alt in g["lead"])
        accepted = g.get("due") if isinstance(g.get("due"), list) else [g.get("due")]
        s["due_ok"] += (p.get("deadline") or {}).get("due") in accepted
    return s


def score_format(folder: Path, verbose: bool = False) -> dict:
    score_document = _load_scorer()
    total = {"gold": 0, "pred": 0, "tp": 0, "lead_ok": 0, "due_ok": 0, "doc_fields": 0, "doc_fields_ok": 0}
    total.update({"urgent_ok": 0, "coord_tp": 0, "coord_pred": 0, "coord_gold": 0, "recur": 0, "recur_ok": 0})
    for gpath in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        _, pred = extract_file(folder / gold["source"])
        s = score_document(gold, pred)
        for key in total:
            total[key] += s.get(key, 0)
        if verbose:
            for line in s.get("missed", []):
                print(f"  {gpath.name}: missed {line}")
            for line in s.get("spurious", []):
                print(f"  {gpath.name}: spurious {line}")
            for line in s.get("errors", []):
                print(f"  {gpath.name}: {line}")
    p = total["tp"] / total["pred"] if total["pred"] else 1.0
    r = total["tp"] / total["gold"] if total["gold"] else 1.0
    m = total["tp"] or 1
    cp = total["coord_tp"] / total["coord_pred"] if total["coord_pred"] else 1.0
    cr = total["coord_tp"] / total["coord_gold"] if total["coord_gold"] else 1.0
    return {
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "urgent": round(total["urgent_ok"] / m, 4),
        "coord-f1": round(2 * cp * cr / (cp + cr), 4) if cp + cr else 0.0,
        "recurrence": round(total["recur_ok"] / total["recur"], 4) if total["recur"] else 1.0,
        "lead": round(total["lead_ok"] / m, 4),
        "due": round(total["due_ok"] / m, 4),
        "doc": round(total["doc_fields_ok"] / total["doc_fields"], 4) if total["doc_fields"] else 1.0,
        "gold": total["gold"],
        "pred": total["pred"],
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("synth")
    built = make_synth_corpus.build(out)
    return {fmt: files for fmt, files in built.items() if files}


@pytest.mark.parametrize("fmt", make_synth_corpus.FORMATS)
def test_synthetic_corpus_scores(corpus, fmt):
    if fmt not in corpus:
        pytest.skip(f"{fmt}: LibreOffice (soffice) is not installed")
    scores = score_format(corpus[fmt][0].parent)
    for key in ("f1", "lead", "due"):
        assert scores[key] >= THRESHOLD, (fmt, scores)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for fmt, files in make_synth_corpus.build(Path(tmp)).items():
            if files:
                print(fmt, score_format(files[0].parent, verbose="-v" in sys.argv))
