"""What the benchmarks measure, in child processes of their own (so that each peak memory is
one measurement's own). Kept in a package so that `make bench`, which runs every
`bench/*.py`, does not run these by themselves."""
