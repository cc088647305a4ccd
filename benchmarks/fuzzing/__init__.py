"""The parts of the fuzz job `benchmarks/fuzz.py`: the SPARQL grammar as Hypothesis strategies, the service under
test and its findings, the fuzzer (batches, checks, shrinking), and the report of a run."""
