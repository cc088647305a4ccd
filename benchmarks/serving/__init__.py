"""The parts of the service benchmark `benchmarks/serve.py`: settings, processes (servers, ports, memory, CPU), the
store it builds, the peers, `--before`, the workloads and wrk, the profile, and the summary it reports."""
