"""Test support code that test modules import: the role world, and how it is built."""
