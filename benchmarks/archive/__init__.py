"""The synthetic archive of `benchmarks/generate_reports.py`: what the reports talk about (people, resolutions,
themes, bodies, phrases, wording) and how one report is written (text → citing → opening, contributions →
writer). Standard library only; the output depends only on the count and the seed."""
