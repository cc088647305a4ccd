#!/usr/bin/env python3
"""Generate synthetic reports of ITU Council working group meetings, with the facts each one states.

    python benchmarks/generate_reports.py --count N --seed S --out DIR

For each report the script writes ``DIR/<stem>.txt`` in the house style of the published reports, that is,
plain text as extracted from the DOCX: a tab after paragraph numbers, "· " bullets, curly quotes, an
optional "Purpose / Action required" preface and a signature line at the end. It also writes
``DIR/<stem>.expected.json`` with the facts the text states, in the format of
``tests/corpus/*.expected.json`` and following the conventions in ``tests/corpus/README.md``. The
generator records each fact when it writes the sentence that states it, so the oracle is exact by
construction. Sentences that state nothing (the discussion, staff named without a role, decisions that
are not resolutions) are there as distractors.

The output depends only on ``--count`` and ``--seed``. The script uses the standard library only. A
report averages about 85 lines and 17 KB, and 1,000 reports take about two seconds.

What varies:

- the body: CWG-Internet, CWG-WSIS&SDG, CWG-FHR, CWG-COP, CWG-LANG, CWG-SFP or EG-ITRs;
- the meeting number, written with ordinals in words or in digits;
- the dates: one to three days, in five phrasings, some with the weekday;
- the place: in person, hybrid, or virtual (always virtual during 2020-2021);
- the ITU elected officials, who are those in office on the date;
- the group's Chair, Vice-Chairs (named by region in several ways), Acting Chairs and Secretaries, in several
  phrasings, with a signature by whoever presided;
- 2 to 12 contributions. Submitting states are named in ITU style ("Korea (Republic of)") and plainly, alone
  or in lists joined by "and", "&" or commas only;
- secretariat reports, the agenda (possibly revised), the previous meeting's report, the Chair's report to
  the Council and documents of unstated kind. Symbols are written with a hyphen or a space, with
  "(Rev.N)" or " (Rev.N)", and in "Document X –", "X:" or "(Document X)" form;
- resolutions cited in the forms ITU uses ("PP Res. 102 (Rev. Bucharest, 2022)", "Council Resolution 1305
  (Mod. 2019)", bare lists, "Resolutions 133 and 102 (...)", WTDC, WTSA, "Resolution ITU-R 61", UNGA),
  each with the revision in force on the meeting date;
- consultation topics with their questions in five layouts;
- the six outcomes;
- occasionally (about 10% of reports) one symbol given both to a contribution and to a secretariat report.

Every (body, meeting number) pair is unique within one run, so a whole run can be loaded into one store.
Meeting numbers rise with the dates within each body. Dates fall between 2020 and 2025 for counts up to a
few thousand. Larger runs push them later, and meeting numbers grow past what real groups have reached.

The generator's parts are in the package `archive/` beside this script (people, resolutions, wording, themes,
bodies, phrases; text, citing, opening, contributions and writer for one report); this module keeps the run and
the command line, and every public name it had.
"""


from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # imported from elsewhere (tests, other benchmarks): the package beside this file
    sys.path.insert(0, str(HERE))

from archive.bodies import BODIES, SECRETARIAT_BODY, SECRETARIAT_REPORTS  # noqa: E402
from archive.people import (BLOCS, OFFICIAL_ROLE, OFFICIAL_SHORT, OFFICIALS_BEFORE_2023,  # noqa: E402
                            OFFICIALS_FROM_2023, PEOPLE, REGIONS, STATE_BY_ISO, STATES, Person, build_teams,
                            make_person)
from archive.phrases import (ACTIONS, CONTEXT, DISCUSSION_EXTRA, ELABORATION, GENERIC_CONTEXT,  # noqa: E402
                             GENERIC_ELABORATION, NEUTRAL, OPPOSE, OPTIONAL_SECTIONS, PROPOSAL_ITEMS,
                             SEC_DISCUSSION, SECRETARIAT_DETAIL, SECRETARIAT_REPLY, SUPPORT, TOPIC_RATIONALE)
from archive.resolutions import CONF_LONG, CONFERENCES, RES, THEME_RES, conference_in_force  # noqa: E402
from archive.text import Doc  # noqa: E402
from archive.themes import (COP_THEMES, FHR_THEMES, INTERNET_THEMES, ITR_THEMES, LANG_THEMES,  # noqa: E402
                            SFP_THEMES, THEME_MORE, WSIS_THEMES)
from archive.wording import (MONTHS, WEEKDAYS, D, date_phrase, fmt_date, join_and, number_word,  # noqa: E402
                             ordinal_digits, ordinal_words)
from archive.writer import ReportWriter  # noqa: E402

__all__ = [
    "ACTIONS", "BLOCS", "BODIES", "CONF_LONG", "CONFERENCES", "CONTEXT", "COP_THEMES", "D", "DISCUSSION_EXTRA",
    "Doc", "ELABORATION", "FHR_THEMES", "GENERIC_CONTEXT", "GENERIC_ELABORATION", "INTERNET_THEMES", "ITR_THEMES",
    "LANG_THEMES", "MONTHS", "NEUTRAL", "OFFICIAL_ROLE", "OFFICIAL_SHORT", "OFFICIALS_BEFORE_2023",
    "OFFICIALS_FROM_2023", "OPPOSE", "OPTIONAL_SECTIONS", "PEOPLE", "PROPOSAL_ITEMS", "Person", "REGIONS", "RES",
    "ReportWriter", "SEC_DISCUSSION", "SECRETARIAT_BODY", "SECRETARIAT_DETAIL", "SECRETARIAT_REPLY",
    "SECRETARIAT_REPORTS", "SFP_THEMES", "STATE_BY_ISO", "STATES", "SUPPORT", "THEME_MORE", "THEME_RES",
    "TOPIC_RATIONALE", "WEEKDAYS", "WINDOW", "WSIS_THEMES", "build_teams", "conference_in_force", "date_phrase",
    "fmt_date", "generate", "join_and", "main", "make_person", "number_word", "ordinal_digits", "ordinal_words",
    "schedule",
]


# ---------------------------------------------------------------------------------------------------
# The run.
# ---------------------------------------------------------------------------------------------------
WINDOW = (D(2020, 1, 13), D(2025, 12, 12))


def schedule(rng: random.Random, count: int) -> list[tuple[str, int, dt.date, dt.date]]:
    """Assign each report a body, a unique meeting number and dates rising with the number."""
    names = list(BODIES)
    weights = [BODIES[b]["weight"] for b in names]
    bodies = [rng.choices(names, weights)[0] for _ in range(count)]
    per_body: dict[str, list[int]] = {}
    for i, b in enumerate(bodies):
        per_body.setdefault(b, []).append(i)
    out: list = [None] * count
    span = (WINDOW[1] - WINDOW[0]).days
    for b, idxs in per_body.items():
        k = len(idxs)
        slot = span / k
        starts = []
        for j in range(k):
            day = WINDOW[0] + dt.timedelta(days=int(j * slot + rng.random() * max(slot - 4, 1)))
            while day.weekday() > 2:  # start Monday to Wednesday so that meetings end within the week
                day += dt.timedelta(days=1)
            starts.append(day)
        starts.sort()
        info = BODIES[b]
        last_num = info["base"] - 1
        last_end = D(1900, 1, 1)
        for j, i in enumerate(idxs):
            start = max(starts[j], last_end + dt.timedelta(days=1))
            while start.weekday() > 2:
                start += dt.timedelta(days=1)
            years = (start - WINDOW[0]).days / 365.25
            num = max(last_num + 1, info["base"] + int(info["rate"] * years))
            length = rng.choices([0, 1, 2], [5, 3, 2] if b != "CWG-FHR" else [2, 3, 5])[0]
            end = start + dt.timedelta(days=length)
            out[i] = (b, num, start, end)
            last_num, last_end = num, end
    return out


def generate(count: int, seed: int, out_dir: str) -> list[str]:
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    teams = build_teams(rng)
    plan = schedule(rng, count)
    stems = []
    for i, (body, number, start, end) in enumerate(plan):
        r = random.Random(seed * 1_000_003 + i)
        themes = BODIES[body]["themes"]
        topical = [t for th in themes for t, _ in th[2]]
        prev_topic = r.choice(topical) if topical else None
        writer = ReportWriter(r, body, number, start, end, teams, prev_topic)
        text, facts = writer.write()
        stem = f"{BODIES[body]['slug']}-{number}-report"
        with open(os.path.join(out_dir, stem + ".txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
        with open(os.path.join(out_dir, stem + ".expected.json"), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(facts, ensure_ascii=False, indent=1))
            fh.write("\n")
        stems.append(stem)
    return stems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="number of reports to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same files")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be non-negative")
    t0 = time.perf_counter()
    stems = generate(args.count, args.seed, args.out)
    print(f"wrote {len(stems)} reports to {args.out} in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
