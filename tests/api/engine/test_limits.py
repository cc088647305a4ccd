"""The time-out budget of a client (`limits.TimeoutBudget`), admission of concurrent queries
(`limits.Admission`), the ledger of crashes (`limits.CrashLedger`) and their settings; the body cap is tested
live in test_security.py, admission live in test_admission.py."""

from __future__ import annotations

import asyncio

import pytest

from itukg.api.config import SettingsError, query_slots, timeout_budget
from itukg.api.engine.limits import Admission, AdmissionRefused, CrashLedger, TimeoutBudget


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


# ------------------------------------------------------------------------------------------ admission


def _admit(admission: Admission, clients: list[str]) -> tuple[list[str], list[str]]:
    """Run one coroutine per client that enters, holds its slot until released, and leaves: (the order in
    which they were admitted, the clients refused)."""
    admitted: list[str] = []
    refused: list[str] = []

    async def run():
        release = asyncio.Event()

        async def one(client: str):
            try:
                await admission.enter(client)
            except AdmissionRefused:
                refused.append(client)
                return
            admitted.append(client)
            await release.wait()
            admission.leave(client)

        tasks = [asyncio.create_task(one(c)) for c in clients]
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(*tasks)

    asyncio.run(run())
    return admitted, refused


def test_one_client_runs_at_most_its_share_and_the_rest_wait_in_line():
    admission = Admission(2, 4, wait_s=5)
    admitted, refused = _admit(admission, ["a"] * 5 + ["b"])
    assert refused == []
    assert admitted[:3] == ["a", "a", "b"]  # b was not held up behind a's queue
    assert sorted(admitted) == ["a"] * 5 + ["b"]
    assert admission._all == 0 and not admission._running


def test_a_query_that_waits_too_long_is_refused():
    admission = Admission(1, 1, wait_s=0.01)
    admitted, refused = _admit(admission, ["a", "a", "b"])
    assert admitted == ["a"] and sorted(refused) == ["a", "b"]
    assert admission.refused == 2 and admission._all == 0 and not admission._waiting


def test_the_query_slots_setting():
    assert query_slots(None) == (4, 6) and query_slots("2/8") == (2, 8)
    for bad in ("0/4", "5/4", "four", "4"):
        with pytest.raises(SettingsError, match="ITUKG_QUERY_SLOTS"):
            query_slots(bad)


# ------------------------------------------------------------------------------------------ crashes


def test_a_query_alone_at_a_crash_is_its_cause():
    clock = Clock()
    ledger = CrashLedger(refuse_s=600, clock=clock)
    key = ledger.key("SELECT * { ?s ?p ?o } ORDER BY ?s")
    ledger.started(1, key)
    ledger.crashed(1)
    assert ledger.refused_for(key) == pytest.approx(600) and ledger.crashes == 1
    clock.now += 601
    assert ledger.refused_for(key) == 0


def test_among_several_the_cause_is_the_one_at_two_crashes():
    ledger = CrashLedger(clock=Clock())
    culprit, bystander, other = (ledger.key(t) for t in ("culprit", "bystander", "other"))
    for key in (culprit, bystander):
        ledger.started(1, key)
    ledger.crashed(1)
    assert not ledger.refused_for(culprit) and not ledger.refused_for(bystander)
    for key in (culprit, other):  # sent again, beside another query
        ledger.started(2, key)
    ledger.crashed(2)
    assert ledger.refused_for(culprit) and not ledger.refused_for(other) and not ledger.refused_for(bystander)


def test_a_finished_query_is_not_blamed():
    ledger = CrashLedger(clock=Clock())
    done, running = ledger.key("done"), ledger.key("running")
    ledger.started(1, done)
    ledger.finished(1, done)
    ledger.started(1, running)
    ledger.crashed(1)
    assert not ledger.refused_for(done) and ledger.refused_for(running)
