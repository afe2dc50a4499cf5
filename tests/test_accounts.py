"""Accounts, invites, roles and sign-in sessions, on a real SQLite file."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from salescoach import keys
from salescoach.accounts import signin
from salescoach.accounts.signin import SignIns
from salescoach.accounts.users import AccountError, Accounts, Role, token_hash
from salescoach.cli import cli
from tests.page_client import PASSWORD, add_account


@pytest.fixture
def accounts(store) -> Accounts:
    return Accounts(store)


def with_password(accounts: Accounts, login: str, name: str, team: str | None = None) -> None:
    add_account(accounts, login, name, team=team)


def test_an_invite_sets_the_password_once_and_the_hash_is_argon2(accounts, store):
    accounts.add("Ana@Example.com", "Ana Lima", team="north")
    token = accounts.invite("ana@example.com")
    assert accounts.verify("ana@example.com", PASSWORD) is None
    account = accounts.redeem(token, PASSWORD)
    assert account.login == "ana@example.com" and account.rep_id == "ana-lima"
    with pytest.raises(AccountError, match="already used"):
        accounts.redeem(token, "another password 1")
    [(hashed,)] = store.db.execute("select password_hash from accounts").fetchall()
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert accounts.verify("ANA@example.com", PASSWORD).name == "Ana Lima"
    assert accounts.verify("ana@example.com", PASSWORD + "x") is None
    assert accounts.verify("nobody", PASSWORD) is None


def test_invites_expire_are_replaced_and_unknown_ones_are_refused(accounts, store):
    accounts.add("ben", "Ben Okoro")
    old = accounts.invite("ben")
    new = accounts.invite("ben")
    with pytest.raises(AccountError, match="not valid"):
        accounts.invited(old)
    store.db.execute("update invites set expires_at = '2000-01-01T00:00:00+00:00'")
    with pytest.raises(AccountError, match="expired"):
        accounts.redeem(new, PASSWORD)
    with pytest.raises(AccountError, match="not valid"):
        accounts.invited("made-up")
    assert accounts.get("ben").has_password is False


@pytest.mark.parametrize(
    ("login", "name", "password", "message"),
    [
        ("a", "Ann", PASSWORD, "login is 2-64"),
        ("x" * 65, "Ann", PASSWORD, "login is 2-64"),
        ("ann smith", "Ann", PASSWORD, "login is 2-64"),
        ("ann", "1234", PASSWORD, "not a name"),
        ("ann", "A" * 61, PASSWORD, "at most 60"),
        ("ann", "Ann", "short", "at least 10"),
        ("ann", "Ann", "x" * 257, "at most 256"),
    ],
)
def test_bad_account_input_is_refused_with_the_reason_and_nothing_half_written(
    accounts, store, login, name, password, message
):
    with pytest.raises(AccountError, match=message):
        accounts.add(login, name)
        accounts.redeem(accounts.invite(login), password)
    if message.startswith("at least") or message.startswith("at most 256"):
        assert accounts.get(login).has_password is False
    else:
        assert store.db["accounts"].count == 0


def test_a_typed_name_rep_is_kept_and_a_rep_has_one_account(accounts, store):
    rid = store.ensure_rep("Ana Lima")
    store.start_session("s1", rid, "web-old", "x", "D")
    accounts.add("ana", "ana  lima", team="north")
    assert accounts.get("ana").rep_id == rid
    assert store.db["reps"].get(rid)["team"] == "north"
    with pytest.raises(AccountError, match="already belongs"):
        accounts.add("ana2", "Ana Lima")
    with pytest.raises(AccountError, match="taken"):
        accounts.add("ANA", "Someone Else")


def test_an_admin_attaches_a_typed_name_rep_by_renaming_the_account(accounts, store):
    typed = store.ensure_rep("ana")
    store.start_session("old", typed, "web-old", "x", "D")
    accounts.add("ana@example.com", "Ana Lima", team="north")
    store.start_session("new", "ana-lima", "web-1-aa", "x", "D")
    accounts.add("ben", "Ben Okoro")
    with pytest.raises(AccountError, match="belongs to the account 'ben'"):
        accounts.rename("ana@example.com", "Ben Okoro")
    account = accounts.rename("ana@example.com", "ana")
    assert account.rep_id == "ana" and account.name == "ana"
    assert {r["id"]: r["rep_id"] for r in store.db["sessions"].rows} == {"old": "ana", "new": "ana"}
    assert store.db["reps"].get("ana")["team"] == "north"
    assert "ana-lima" not in {r["id"] for r in store.db["reps"].rows}


def test_who_may_see_whom(accounts):
    accounts.add("rep", "Rae Rep", team="north")
    accounts.add("lead", "Lou Lead", role=Role.LEAD, team="north", leads=("east",))
    accounts.add("boss", "Bo Admin", role=Role.ADMIN)
    rep, lead, boss = (accounts.get(x) for x in ("rep", "lead", "boss"))
    assert rep.may_see("rae-rep", "north") and not rep.may_see("sam", "north")
    assert lead.leads == ("east", "north") and lead.visible_teams() == ("east", "north")
    assert lead.may_see("sam", "north") and lead.may_see("sam", "east")
    assert not lead.may_see("sam", "south") and not lead.may_see("sam", None)
    assert boss.may_see("sam", "south") and boss.visible_teams() is None
    assert rep.visible_teams() == () and not rep.sees_reports


def test_sessions_end_on_sign_out_disable_and_reset(accounts):
    with_password(accounts, "ana", "Ana Lima")
    signins = SignIns(accounts)
    token = signins.open(accounts.get("ana"))
    live = signins.session(token)
    assert live.account.login == "ana" and live.sender.startswith(f"web-{live.account.id}-")
    assert signins.session(token + "x") is None and signins.session(None) is None
    accounts.set_disabled("ana", True)
    assert signins.session(token) is None
    accounts.set_disabled("ana", False)
    token = signins.open(accounts.get("ana"))
    accounts.reset("ana")
    assert signins.session(token) is None
    assert accounts.verify("ana", PASSWORD) is None


def test_sign_in_is_throttled_per_login_and_per_address(accounts):
    signins = SignIns(accounts)
    for _ in range(signin.MAX_FAILURES_PER_LOGIN):
        assert not signins.throttled("ana", "10.0.0.1")
        signins.attempt("Ana")
    assert signins.throttled("ana", "10.0.0.9")
    assert signins.throttled("\uff21\uff2e\uff21", "10.0.0.9"), "full-width ANA is ana"
    assert not signins.throttled("ben", "10.0.0.9")
    signins.succeeded("ANA")
    assert not signins.throttled("ana", "10.0.0.9")
    for _ in range(signin.MAX_FAILURES_PER_ADDRESS):
        signins.failed("10.0.0.7")
    assert signins.throttled("carl", "10.0.0.7") and not signins.throttled("carl", "10.0.0.8")


def test_moving_a_lead_to_another_team_stops_the_old_one(accounts):
    accounts.add("lee", "Lee Park", role=Role.LEAD, team="north", leads=("east",))
    assert accounts.change("lee", team="south").leads == ("east", "south")
    assert accounts.change("lee", role=Role.REP).leads == ()
    assert accounts.change("lee", role=Role.LEAD).leads == ("south",)


def test_a_new_password_ends_every_other_session(accounts):
    with_password(accounts, "ana", "Ana Lima")
    signins = SignIns(accounts)
    mine, stolen = signins.open(accounts.get("ana")), signins.open(accounts.get("ana"))
    accounts.set_password("ana", "a brand new secret", keep_session=token_hash(mine))
    assert signins.session(mine) is not None and signins.session(stolen) is None


def test_the_identity_is_signed_for_one_conversation(accounts, monkeypatch):
    monkeypatch.setenv(keys.STATE_KEY_ENV, "test-key")
    keys.state_key.cache_clear()
    with_password(accounts, "ana", "Ana Lima", team="north")
    web = SignIns(accounts).session(SignIns(accounts).open(accounts.get("ana")))
    sealed = signin.identity(web)
    assert signin.trusted_identity(sealed, web.sender)["name"] == "Ana Lima"
    assert signin.trusted_identity(sealed, "web-other") is None
    assert signin.trusted_identity({**sealed, "name": "Ben Okoro"}, web.sender) is None
    assert signin.trusted_identity("nonsense", web.sender) is None
    keys.state_key.cache_clear()


def run(db_path, *args, input=None):
    return CliRunner().invoke(cli, [*args, "--db", str(db_path)], input=input)


def test_the_user_commands(db_path, store):
    added = run(db_path, "user", "add", "ana", "--name", "Ana Lima", "--team", "north")
    assert added.exit_code == 0, added.output
    assert "http://127.0.0.1:8080/invite/" in added.output
    assert run(db_path, "user", "add", "ana", "--name", "X Y").exit_code == 2
    assert run(db_path, "user", "add", "a b", "--name", "X Y").exit_code == 2
    long_team = run(db_path, "user", "add", "cy", "--name", "Cy Long", "--team", "T" * 41)
    assert long_team.exit_code == 2 and "at most 40" in long_team.output
    odd = run(db_path, "user", "add", "dee", "--name", "Dee \u202eevil")
    assert odd.exit_code == 2 and "text-direction" in odd.output
    emoji = run(db_path, "user", "add", "dee", "--name", "Dee", "--team", "\U0001f600")
    assert emoji.exit_code == 2 and "team:" in emoji.output
    assert store.db["accounts"].count == 1
    listed = run(db_path, "user", "list", "--json")
    assert json.loads(listed.output)["state"] == "invited"
    lead = run(
        db_path, "user", "add", "lee", "--name", "Lee Park", "--role", "lead", "--lead-of", "south"
    )
    assert lead.exit_code == 0
    changed = run(db_path, "user", "set", "lee", "--team", "north")
    assert "leads north, south" in changed.output
    assert "disabled" in run(db_path, "user", "disable", "ana").output
    states = [
        json.loads(line)["state"]
        for line in run(db_path, "user", "list", "--json").output.splitlines()
    ]
    assert states == ["disabled", "invited"]
    assert run(db_path, "user", "reset", "nobody").exit_code == 2
    assert "invite for ana" in run(db_path, "user", "reset", "ana").output


def test_export_and_delete_take_every_trace_of_a_rep(db_path, store, tmp_path):
    accounts = Accounts(store)
    accounts.add("ana", "Ana Lima", team="north")
    accounts.add("ben", "Ben Okoro", team="north")
    for sid, rep, sender in (("s1", "ana-lima", "web-1-aa"), ("s2", "ben-okoro", "web-2-bb")):
        store.start_session(sid, rep, sender, "logistics-backup-dominant", "D")
        result = {"score": 50, "feedback": ["tip"]}
        store.record_turn(f"t-{sid}", sid, 1, "How do you back up today?", "Tapes.", result)
    tracker = tmp_path / "tracker.db"
    with sqlite3.connect(tracker) as conn:
        conn.execute("create table events (id integer primary key, sender_id text, data text)")
        conn.executemany(
            "insert into events (sender_id, data) values (?, '{}')",
            [("web-1-aa",), ("web-1-zz",), ("web-2-bb",)],
        )
    exported = json.loads(run(db_path, "user", "export", "ana").output)
    assert exported["account"]["name"] == "Ana Lima"
    assert [c["turns"][0]["rep"] for c in exported["calls"]] == ["How do you back up today?"]
    refused = run(db_path, "user", "delete", "ana", "--tracker-db", str(tracker), input="n\n")
    assert refused.exit_code == 1 and store.db["accounts"].count == 2
    deleted = run(db_path, "user", "delete", "ana", "--tracker-db", str(tracker), input="y\n")
    assert deleted.exit_code == 0, deleted.output
    assert "1 call(s), 2 conversation event(s)" in deleted.output
    assert [r["rep_id"] for r in store.db["sessions"].rows] == ["ben-okoro"]
    assert store.db["turns"].count == 1 and store.db["reps"].count == 1
    with sqlite3.connect(tracker) as conn:
        assert conn.execute("select sender_id from events").fetchall() == [("web-2-bb",)]
    assert run(db_path, "user", "export", "ana").exit_code == 2


def test_make_runs_first_run_makes_a_local_admin_and_later_says_how_to_sign_in(db_path, store):
    first = run(db_path, "user", "local", "--url", "http://127.0.0.1:8080")
    assert first.exit_code == 0 and "first run: made the account 'local'" in first.output
    token = first.output.split("/invite/")[1].split()[0]
    accounts = Accounts(store)
    assert accounts.get("local").role is Role.ADMIN
    accounts.redeem(token, PASSWORD)
    later = run(db_path, "user", "local", "--url", "http://127.0.0.1:8080")
    assert "sign in at http://127.0.0.1:8080 as 'local'" in later.output
    assert "/invite/" not in later.output and store.db["accounts"].count == 1
