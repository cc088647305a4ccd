"""Citations of resolutions in the forms ITU uses, each recorded as the fact it states."""

from __future__ import annotations

from .resolutions import CONF_LONG, RES, conference_in_force
from .text import Text
from .wording import join_and


class Citing(Text):
    def cite(self, key: str, form: str | None = None, year: bool = True) -> str:
        """Render a reference to a resolution and record the triple it states."""
        body, num, _title, first = RES[key]
        rng = self.rng
        y: int | None = None
        if body == "UNGA":
            f = form or rng.choice(["unga", "unga_short", "ga", "of"])
            text = {"unga": f"UNGA Resolution A/RES/{num}", "unga_short": f"UNGA Resolution {num}",
                    "ga": f"General Assembly resolution A/RES/{num}",
                    "of": f"resolution {num} of the United Nations General Assembly"}[f]
        elif body == "Council":
            mod, cy = first
            paren = f" ({mod} {cy})" if mod else f" ({cy})"
            if not year:
                f = form or rng.choice(["council", "council_res", "of"])
                text = {"council": f"Council Resolution {num}", "council_res": f"Council Res. {num}",
                        "of": f"Resolution {num} of the Council"}[f]
            else:
                y = cy
                f = form or rng.choice(["council", "council_res", "bare", "council"])
                text = {"council": f"Council Resolution {num}{paren}",
                        "council_res": f"Council Res. {num}{paren}",
                        "bare": f"Resolution {num}{paren}",
                        "of": f"Resolution {num}{paren} of the Council"}[f]
        else:
            place, cy = conference_in_force(body, self.start)
            rev = "" if first == (place, cy) else "Rev. "
            paren = f" ({rev}{place}, {cy})"
            if not year:
                if body == "PP":
                    f = form or rng.choice(["pp", "of", "plen"])
                    text = {"pp": f"PP Resolution {num}", "of": f"Resolution {num} of the Plenipotentiary "
                                                                "Conference",
                            "plen": f"Plenipotentiary Resolution {num}"}[f]
                elif body == "RA":
                    text = f"Resolution ITU-R {num}"
                else:
                    text = f"{body} Resolution {num}"
            else:
                y = cy
                if body == "PP":
                    f = form or rng.choice(["pp_res", "pp", "bare", "bare", "of", "plen", "res"])
                    text = {"pp_res": f"PP Res. {num}{paren}", "pp": f"PP Resolution {num}{paren}",
                            "bare": f"Resolution {num}{paren}",
                            "of": f"Resolution {num}{paren} {CONF_LONG['PP']}",
                            "plen": f"Plenipotentiary Resolution {num}{paren}",
                            "res": f"Res. {num}{paren}"}[f]
                elif body == "RA":
                    text = f"Resolution ITU-R {num}{paren}"
                else:
                    f = form or rng.choice(["short", "short", "of"])
                    text = (f"{body} Resolution {num}{paren}" if f == "short"
                            else f"Resolution {num}{paren} {CONF_LONG[body]}")
        triple = (body, num, y)
        if triple not in self._cited:
            self._cited.add(triple)
            self.citations.append([body, num, y])
        return text

    def cite_titled(self, key: str) -> str:
        title = RES[key][2]
        return f"{self.cite(key)}, “{title}”" if title and self.rng.random() < 0.5 else self.cite(key)

    def cite_pair(self, k1: str, k2: str) -> str:
        """'Resolutions 133 and 102 (Rev. Bucharest, 2022)': both share the conference and year."""
        b1, n1, _, f1 = RES[k1]
        b2, n2, _, f2 = RES[k2]
        assert b1 == b2 == "PP" and f1 is None and f2 is None
        place, cy = conference_in_force("PP", self.start)
        for n in (n1, n2):
            if ("PP", n, cy) not in self._cited:
                self._cited.add(("PP", n, cy))
                self.citations.append(["PP", n, cy])
        return f"Resolutions {n1} and {n2} (Rev. {place}, {cy})"

    def cite_list_null(self, keys: list[str], prefix: str) -> str:
        """'Resolutions 101, 102, 133 and 180', year null; the body must be stated or stated elsewhere."""
        nums = []
        for k in keys:
            b, n, _, _ = RES[k]
            nums.append(n)
            if (b, n, None) not in self._cited:
                self._cited.add((b, n, None))
                self.citations.append([b, n, None])
        return f"{prefix}{join_and(nums, self.rng, oxford=False)}"

    # --- symbols ------------------------------------------------------------------------------------
