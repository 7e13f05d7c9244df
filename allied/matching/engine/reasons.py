"""Why someone is left without a partner: the hard rules, in order, that empty the field, in a
sentence such as 'no mentor at band 8a or above in radiography with a free place'."""

from __future__ import annotations

import numpy as np

from allied.matching.engine.exclusions import Exclusions
from allied.matching.engine.features import Features
from allied.matching.engine.inputs import RANK_BAND, Constraints, Person, Roles
from allied.matching.engine.phrases import GENDERS, Words
from allied.matching.engine.results import Unplaced
from allied.matching.engine.scoring import FEASIBLE_MIN

EXCLUSION_WORDS = {
    "forbidden": "not ruled out by the facilitator",
    "line_manager": "outside their reporting line",
    "reporting_line": "outside their reporting line",
    "same_team": "outside their own team",
}


class Reasons:
    def __init__(
        self,
        mentees: list[Person],
        mentors: list[Person],
        features: Features,
        exclusions: Exclusions,
        scores: np.ndarray,
        constraints: Constraints,
        roles: Roles,
        words: Words,
    ) -> None:
        self.mentees, self.mentors = mentees, mentors
        self.features, self.exclusions, self.scores = features, exclusions, scores
        self.constraints, self.roles, self.words = constraints, roles, words
        self._rank_cache: dict[str, np.ndarray] = {}

    def mentee(self, row: int, load: np.ndarray, capacity: np.ndarray) -> Unplaced:
        person = self.mentees[row]
        filters = self._filters(row, None, person, "mentee")
        feasible = self.scores[row] > FEASIBLE_MIN
        return self._sentence(person, "mentee", filters, feasible, load >= capacity)

    def mentor(self, col: int, matched_rows: np.ndarray) -> Unplaced:
        person = self.mentors[col]
        filters = self._filters(None, col, person, "mentor")
        feasible = self.scores[:, col] > FEASIBLE_MIN
        return self._sentence(person, "mentor", filters, feasible, matched_rows)

    def _sentence(self, person, side, filters, feasible, taken) -> Unplaced:
        other = self.roles.mentor if side == "mentee" else self.roles.mentee
        others = self.roles.mentors if side == "mentee" else self.roles.mentees
        remaining = np.ones(feasible.size, bool)
        said: list[str] = []
        blocking: list[str] = []
        for code, phrase, allowed in filters:
            cut = remaining & ~allowed
            if cut.any():
                remaining &= allowed
                if phrase not in said:
                    said.append(phrase)
                if code not in blocking:
                    blocking.append(code)
        remaining &= feasible  # anything the filters above did not name
        described = " ".join([other, *said]) if said else other
        if feasible.size == 0:
            reason = f"no {others} in this run"
        elif not remaining.any():
            reason = f"no {described}"
        elif side == "mentee":
            blocking.append("capacity")
            reason = f"no {described} with a free place"
        else:
            blocking.append("placed_elsewhere")
            count = int(remaining.sum())
            noun = other if count == 1 else others
            reason = (
                f"the {count} {noun} who could be paired with them "
                f"{'is' if count == 1 else 'are'} matched elsewhere, which lets more people be "
                "matched or raises the total"
            )
        return Unplaced(person.id, side, reason, tuple(blocking))

    def _filters(self, row, col, person: Person, side: str):
        """(code, phrase, allowed mask over the other side) for each hard rule, in order."""
        found = []
        seniority = self._seniority(row, col, person, side)
        if seniority:
            found.append(seniority)
        own, theirs = ("mentee", "mentor") if side == "mentee" else ("mentor", "mentee")
        for term in self.features.terms:
            if term.violation is None or term.criterion == "seniority" or not term.violation.any():
                continue
            breach = self._breach(term, row, col)
            if not breach.any():
                continue
            if term.direction == own:
                phrase = self._own_phrase(term.criterion, person, row, col)
                found.append((term.criterion, phrase, ~breach))
            elif term.direction == theirs:
                phrase = "whose own essential preferences they meet"
                found.append((f"{term.criterion}_other", phrase, ~breach))
        for term in self.features.terms:
            if term.hard:
                breach = self._hard_breach(term, row, col)
                phrase = f"on their site ({self.words(person.site)}) for meeting in person"
                found.append(("site", phrase, ~breach))
        size = len(self.mentors) if side == "mentee" else len(self.mentees)
        others, why = (
            self.exclusions.for_mentee(row) if side == "mentee" else self.exclusions.for_mentor(col)
        )
        for code in ("line_manager", "reporting_line", "same_team", "forbidden"):
            ruled_out = others[why == Exclusions.REASONS.index(code)]
            if ruled_out.size:
                allowed = np.ones(size, bool)
                allowed[ruled_out] = False
                found.append((code, EXCLUSION_WORDS[code], allowed))
        return found

    def _seniority(self, row, col, person, side):
        gap = self.constraints.min_band_gap
        if gap is None or person.rank is None:
            return None
        if side == "mentee":
            ranks = self._ranks("mentors", 99)
            floor = person.rank + gap
            phrase = (
                f"at band {RANK_BAND[floor]} or above" if floor in RANK_BAND else "senior enough"
            )
            return ("seniority", phrase, ranks >= floor)
        ranks = self._ranks("mentees", -99)
        ceiling = person.rank - gap
        phrase = (
            f"at band {RANK_BAND[ceiling]} or below" if ceiling in RANK_BAND else "junior enough"
        )
        return ("seniority", phrase, ranks <= ceiling)

    def _ranks(self, side: str, unknown: int) -> np.ndarray:
        """Everyone's band rank on one side (`unknown` where not known), worked out once."""
        if side not in self._rank_cache:
            people = self.mentors if side == "mentors" else self.mentees
            self._rank_cache[side] = np.array([p.rank or unknown for p in people])
        return self._rank_cache[side]

    def _breach(self, term, row, col) -> np.ndarray:
        _, violation, a_codes, b_codes = term.table()
        if row is not None:
            return violation[a_codes[row], b_codes]
        return violation[a_codes, b_codes[col]]

    def _hard_breach(self, term, row, col) -> np.ndarray:
        a, b = self.features.a[:, term.cols], self.features.b[:, term.cols]
        if row is not None:
            return (b.astype(np.float64) @ a[row].astype(np.float64)) < 0
        return (a.astype(np.float64) @ b[col].astype(np.float64)) < 0

    def _own_phrase(self, attribute: str, person: Person, row, col) -> str:
        pref = getattr(person, f"{attribute}_preference")
        if attribute == "profession":
            field = self.words.profession(person.profession)
            return f"in {field}" if pref == "same" else f"outside {field}"
        if attribute == "ethnicity":
            codes_a, codes_b, vocabulary = self.features.codes["ethnicity"]
            code = vocabulary[codes_a[row] if row is not None else codes_b[col]]
            if pref == "same":
                return f"from {self.words.ethnicity(code)}"
            return "from a different ethnic background"
        if pref == "same":
            return f"who is {GENDERS.get(person.gender, self.words(person.gender))}"
        return "of a different gender"
