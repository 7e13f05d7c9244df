"""A problem found in an input file, said the way a spreadsheet user will look for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one row. `line` is the row number a spreadsheet shows: the column
    names are line 1, the first person line 2 (a cell with a line break inside quotes is still
    one row, as in Excel)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f'line {self.line}, column "{self.column}"' if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


class CsvInputError(ValueError):
    """Raised with every problem in a file at once, so the file is corrected in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))
