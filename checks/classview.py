r"""The class at a glance: per problem the counts of each verdict, and the wrong answers grouped.

Wrong answers are grouped into classes of *equivalent* answers, by the grader's own comparison
(:func:`derivax.grading.same_answer`: the same reading, domains and assumptions as grading against
the key), not by their text: ``2 - 2a``, ``2(1-a)`` and ``-2a + 2`` are one mistake. Two answers
are put in one class only when they were shown equivalent; an unsettled comparison keeps them
apart. Answers that are equivalent to the same known mistake (:class:`derivax.answerkeys.Mistake`)
are one class without further comparison.

The work is bounded: answers that read the same (SymPy's text of the reading) are bucketed first,
so a mistake 300 students made costs one comparison per class, and at most ``max_comparisons``
comparisons are made in all (beyond that, buckets stay apart and the summary says so).

Classes are listed largest first, each with how many students gave it, one representative answer
(the commonest spelling), the message with its counterexample, and the known mistake it matches,
so that an instructor can write feedback for the largest unanticipated mistake and re-run.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from derivax.answerkeys import Key
from derivax.grading import AnswerResult, StudentResult, same_answer

__all__ = ["AnswerClass", "ClassSummary", "ProblemSummary", "summarise"]

STATUSES = ("correct", "incorrect", "undecided", "unparsed", "missing")


@dataclass
class AnswerClass:
    """Equivalent wrong answers to one problem."""

    representative: str
    read_as: str
    message: str
    mistake: str = ""
    students: list[str] = field(default_factory=list)
    spellings: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": len(self.students),
            "representative": self.representative,
            "read_as": self.read_as,
            "message": self.message,
            "known_mistake": self.mistake,
            "students": list(self.students),
            "spellings": [answer for answer, _ in self.spellings.most_common()],
        }


@dataclass
class ProblemSummary:
    problem: str
    counts: dict[str, int]
    classes: list[AnswerClass]
    max_score: float = 0.0
    mean_score: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "problem": self.problem,
            "counts": dict(self.counts),
            "max_score": self.max_score,
            "mean_score": self.mean_score,
            "incorrect_classes": [c.as_dict() for c in self.classes],
        }


@dataclass
class ClassSummary:
    students: int
    scores: list[float]
    max_score: float
    problems: list[ProblemSummary]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "students": self.students,
            "max_score": self.max_score,
            "scores": list(self.scores),
            "mean_score": statistics.fmean(self.scores) if self.scores else 0.0,
            "problems": [p.as_dict() for p in self.problems],
            "notes": list(self.notes),
        }


def summarise(
    students: Sequence[StudentResult],
    keys: Mapping[str, Key],
    *,
    timeout_s: float = 2.0,
    max_comparisons: int = 2000,
    seed: int = 0,
) -> ClassSummary:
    """Counts per problem and verdict, and the incorrect answers grouped into equivalence classes."""
    budget = [max_comparisons]
    notes: list[str] = []
    problems = []
    # a student whose grading was lost or whose file was not read has no scores: never a zero in a mean or a histogram
    # (the class mean of a class whose answers were all right read 0: probe helper-189 F3)
    graded = [s for s in students if not s.error]
    if len(graded) < len(students):
        notes.append(f"{len(students) - len(graded)} students not graded (left out of the scores and means)")
    for problem, key in keys.items():
        answers = [(s, r) for s in graded for r in s.results if r.problem == problem]
        counts = Counter(r.status for _, r in answers)
        wrong = [(s.student, r) for s, r in answers if r.status == "incorrect"]
        classes = _group(key, wrong, budget, timeout_s, seed)
        scores = [r.score for _, r in answers]
        problems.append(
            ProblemSummary(
                problem, {k: counts.get(k, 0) for k in STATUSES}, classes, key.points, statistics.fmean(scores) if scores else 0.0
            )
        )
    if budget[0] <= 0:
        notes.append(f"stopped comparing wrong answers after {max_comparisons} comparisons: some classes may be one mistake")
    scores = [s.score for s in graded]
    return ClassSummary(len(students), scores, float(sum(k.points for k in keys.values())), problems, notes)


def _group(key: Key, wrong: list[tuple[str, AnswerResult]], budget: list[int], timeout_s: float, seed: int) -> list[AnswerClass]:
    """Buckets of the same reading (or the same known mistake), then buckets merged when shown equivalent."""
    buckets: dict[str, list[tuple[str, AnswerResult]]] = {}
    for student, result in wrong:
        label = f"mistake:{result.mistake}" if result.mistake else f"read:{' '.join((result.read_as or result.answer).split())}"
        buckets.setdefault(label, []).append((student, result))
    classes: list[AnswerClass] = []
    for members in sorted(buckets.values(), key=len, reverse=True):
        spellings = Counter(r.answer for _, r in members)
        first = next(r for _, r in members if r.answer == spellings.most_common(1)[0][0])
        home = None
        if not first.mistake:
            for candidate in classes:
                if candidate.mistake or budget[0] <= 0:
                    continue
                budget[0] -= 1
                if same_answer(key, candidate.representative, first.answer, timeout_s=timeout_s, seed=seed):
                    home = candidate
                    break
        if home is None:
            home = AnswerClass(first.answer, first.read_as, first.message, first.mistake)
            classes.append(home)
        home.students.extend(student for student, _ in members)
        home.spellings.update(spellings)
    classes.sort(key=lambda c: len(c.students), reverse=True)
    return classes
