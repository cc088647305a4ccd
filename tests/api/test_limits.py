"""The time-out budget of a client (`limits.TimeoutBudget`) and its setting; the body cap is tested live in
test_security.py."""

from __future__ import annotations

import pytest

from itukg.api.config import SettingsError, timeout_budget
from itukg.api.limits import TimeoutBudget


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_waits_after_its_budget_until_the_oldest_time_out_leaves_the_window():
    clock = Clock()
    budget = TimeoutBudget(2, 600, clock=clock)
    budget.record("10.0.0.1")
    clock.now += 100
    assert budget.wait_s("10.0.0.1") == 0 and budget.refusal("10.0.0.1") is None
    budget.record("10.0.0.1")
    assert budget.wait_s("10.0.0.1") == pytest.approx(500)
    assert "2 of this client's queries" in budget.refusal("10.0.0.1")
    assert budget.wait_s("10.0.0.2") == 0  # another client is not concerned
    clock.now += 500
    assert budget.wait_s("10.0.0.1") == 0
    budget.record("10.0.0.1")  # the second and third are within 600 s: waits until the second leaves
    assert budget.wait_s("10.0.0.1") == pytest.approx(100)


def test_the_budget_remembers_a_bounded_number_of_clients(monkeypatch):
    monkeypatch.setattr(TimeoutBudget, "MAX_CLIENTS", 3)
    budget = TimeoutBudget(1, 600, clock=Clock())
    for n in range(5):
        budget.record(f"10.0.0.{n}")
    assert [budget.wait_s(f"10.0.0.{n}") > 0 for n in range(5)] == [False, False, True, True, True]
    budget.record(None)
    assert budget.wait_s(None) == 0


@pytest.mark.parametrize(("text", "expected"), [
    (None, (3, 600.0)), ("", (3, 600.0)), ("off", None), ("OFF", None), ("5/60", (5, 60.0)), (" 1/0.5 ", (1, 0.5)),
])
def test_the_timeout_budget_setting(text, expected):
    assert timeout_budget(text) == expected


@pytest.mark.parametrize("text", ["3", "0/600", "3/0", "-1/60", "a/b", "3/inf", "3/nan"])
def test_a_bad_timeout_budget_names_the_variable(text):
    with pytest.raises(SettingsError, match="ITUKG_TIMEOUT_BUDGET"):
        timeout_budget(text)
