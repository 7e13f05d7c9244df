"""Matching's tables are written by Allied's one CSV/XLSX writer, which neutralises formulas."""

from allied.core.spreadsheets import FORMATS, save, write_csv, write_xlsx

__all__ = ["FORMATS", "save", "write_csv", "write_xlsx"]
