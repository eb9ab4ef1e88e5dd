"""The installed `independence` command, run as a person runs it: exit codes, JSON, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from tests.helpers import count_rows, run

TREND_KEYS = ["verdict", "slope_per_week", "interval", "p_value", "change", "weeks", "evidence", "latest", "recent"]
JSON_KEYS = ["user", "source", "file", "rows_read", "entries_added", "duplicates_skipped", "rejected", "rejects"]


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    assert "ingest" in result.stdout and "demo" in result.stdout


def test_ingest_json_prints_one_object_per_file_with_exactly_the_documented_keys(fixtures, db_path):
    result = run(
        "ingest",
        str(fixtures / "daylio" / "era_2021.csv"),
        str(fixtures / "checkin" / "checkins.csv"),
        "--user",
        "ana",
        "--db",
        str(db_path),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(obj) for obj in objects] == [JSON_KEYS, JSON_KEYS]
    assert [(obj["source"], obj["entries_added"], obj["rejected"]) for obj in objects] == [
        ("daylio", 5, 2),
        ("checkin", 3, 4),
    ]
    assert objects[0]["rejects"][0] == {"line": 6, "reason": "cannot read time '25:61'"}


def test_human_summary_names_counts_and_rejected_lines_but_never_note_text(fixtures, db_path):
    result = run("ingest", str(fixtures / "daylio" / "era_2021.csv"), "--user", "ana", "--db", str(db_path))
    assert result.returncode == 0
    assert "entries added 5" in result.stdout and "line 6: cannot read time '25:61'" in result.stdout
    assert "let's talk" not in result.stdout + result.stderr


def test_db_path_can_come_from_the_environment(fixtures, tmp_path):
    db = tmp_path / "from_env.duckdb"
    result = run("ingest", str(fixtures / "daylio" / "era_2020.csv"), "--user", "ana", env={"INDEPENDENCE_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert count_rows(db, "select count(*) from entries") == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("other_app.csv", b"Date,Mood,Notes\n1,2,3\n", "from no supported app"),
        ("garbage.csv", bytes(range(256)) * 4, "binary content"),
        ("missing.csv", None, "no such file"),
    ],
)
def test_files_that_cannot_load_exit_non_zero_with_the_reason(tmp_path, db_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("ingest", str(path), "--user", "ana", "--db", str(db_path), "--json")
    assert result.returncode == 1
    assert message in result.stderr and str(path) in result.stderr
    assert message in json.loads(result.stdout)["error"]
    assert not db_path.exists() or count_rows(db_path, "select count(*) from entries") == 0


def test_a_bad_file_does_not_stop_the_good_ones_but_the_exit_code_reports_it(fixtures, tmp_path, db_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run("ingest", str(empty), str(fixtures / "daylio" / "era_2020.csv"), "--user", "ana", "--db", str(db_path))
    assert result.returncode == 1
    assert count_rows(db_path, "select count(*) from entries") == 2


def test_unmapped_moods_explain_how_to_map_them(fixtures, db_path):
    result = run("ingest", str(fixtures / "daylio" / "italian.csv"), "--user", "ana", "--db", str(db_path))
    assert result.returncode == 1
    assert (
        '"ottimo" = \n' in result.stderr + "\n"
        and " = 3" not in result.stderr
        and "--moods" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_a_user_id_with_path_characters_is_refused(fixtures, db_path):
    result = run("ingest", str(fixtures / "daylio" / "era_2020.csv"), "--user", "../etc", "--db", str(db_path))
    assert result.returncode == 1 and "invalid user id" in result.stderr
    assert not db_path.exists()


def test_the_cli_import_never_loads_prefect(fixtures, db_path):
    code = (
        "import sys; from independence.cli import app; "
        f"sys.argv = ['independence', 'ingest', {str(fixtures / 'daylio' / 'era_2020.csv')!r}, "
        f"'--user', 'ana', '--db', {str(db_path)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('prefect loaded' if 'prefect' in sys.modules else 'prefect not loaded')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.strip().endswith("prefect not loaded")


def test_demo_loads_the_samples_into_a_fresh_warehouse_and_says_where(tmp_path):
    data_dir = tmp_path / "demo"
    first = run("demo", "--data-dir", str(data_dir))
    second = run("demo", "--data-dir", str(data_dir))
    assert first.returncode == 0, first.stderr
    assert second.stdout == first.stdout  # rebuilt from scratch: same imports, same build, same insights
    assert "entries added" in first.stdout and f"Warehouse: {data_dir.resolve()}" in first.stdout
    assert "Insights for demo" in first.stdout and "Time apart" in first.stdout
    db = data_dir / "warehouse.duckdb"
    assert count_rows(db, "select count(*) from imports") == 2
    assert count_rows(db, "select count(*) from entries where source = 'daylio' and mood_score is null") == 0


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    assert run("demo", "--data-dir", str(data_dir)).returncode == 0
    return data_dir / "warehouse.duckdb"


def test_insights_json_has_exactly_the_documented_shape_for_the_demo_persona(demo_db):
    result = run("insights", "--user", "demo", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    insights = json.loads(result.stdout)
    assert list(insights) == [
        "user",
        "generated_at",
        "coverage",
        "speaks_to",
        "signs",
        "conflicts",
        "apart_vs_together",
        "tag_effects",
        "moments",
        "insights",
    ]
    assert list(insights["coverage"]) == [
        "first_day",
        "last_day",
        "entries",
        "days_logged",
        "other_entries",
        "weeks_with_data",
        "imports",
        "apps",
        "tagging_change",
        "skipping",
        "windows",
        "feeling_words",
        "in_window",
    ]
    assert insights["coverage"]["apps"] == ["checkin", "daylio"]
    assert insights["coverage"]["in_window"]["tags"] > 10 and insights["tag_effects"], "the demo tests its tags"
    assert insights["speaks_to"] == {"count": 6, "signs": list(insights["signs"]), "without_inputs": []}
    moods = count_rows(demo_db, "select count(*) from entries where mood_score is not null")
    assert insights["coverage"]["entries"] == moods
    assert insights["coverage"]["other_entries"] == count_rows(demo_db, "select count(*) from entries") - moods
    signs = [
        "alone_comfort",
        "decision_confidence",
        "time_apart_comfort",
        "needs_expression",
        "conflict_calmness",
        "happiness_ownership",
    ]
    assert list(insights["signs"]) == signs
    for by_series in insights["signs"].values():
        assert list(by_series) == ["observed", "self_rated"]
        for trend in by_series.values():
            assert list(trend) == [*TREND_KEYS, "no_verdict", "weeks_needed", "shift", "called_by"]
    assert insights["conflicts"]["episodes"] == count_rows(
        demo_db, "select count(*) from mart_conflict_episodes where week_start >= date '2025-11-03'"
    )
    for effect in insights["tag_effects"]:
        assert list(effect) == ["tag", "mood_difference", "ci95", "q_value", "days_with", "days_without"]
        assert effect["q_value"] < 0.1
    assert len(insights["insights"]) >= 8


def test_build_twice_gives_the_same_models_and_the_same_insights(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())

    def judged() -> dict:
        result = run("insights", "--user", "demo", "--db", str(db), "--json")
        assert result.returncode == 0, result.stderr
        return {key: value for key, value in json.loads(result.stdout).items() if key != "generated_at"}

    first = run("build", "--full", "--db", str(db))
    assert first.returncode == 0 and "models for 1 person (every person), every data test passed" in first.stdout
    before = judged()
    assert run("build", "--full", "--db", str(db)).returncode == 0
    assert judged() == before and before["user"] == "demo"
    nothing_new = run("build", "--db", str(db))  # no import since: nobody to rebuild, nothing changes
    assert "models for 0 people" in nothing_new.stdout and judged() == before
    with duckdb.connect(str(db), read_only=True) as con:  # judged when asked, never stored to disagree later
        assert not con.execute("select * from information_schema.tables where table_name = 'user_insights'").fetchall()


def test_insights_build_first_when_an_import_is_newer_than_the_last_build(fixtures, db_path):
    assert (
        run("ingest", str(fixtures / "daylio" / "era_2021.csv"), "--user", "ana", "--db", str(db_path)).returncode == 0
    )
    result = run("insights", "--user", "ana", "--db", str(db_path), "--weeks", "8")
    assert result.returncode == 0, result.stderr
    assert "Insights for ana" in result.stdout and "not enough data" in result.stdout
    assert count_rows(db_path, "select count(*) from builds") == 1


def test_a_signals_file_needs_a_user_and_a_bad_one_is_named(db_path, tmp_path):
    vocabulary = tmp_path / "mine.toml"
    vocabulary.write_text("[hobbyz]\ntags = ['x']\n", encoding="utf-8")
    no_user = run("build", "--db", str(db_path), "--signals", str(vocabulary))
    assert no_user.returncode == 1 and "pass --user ID with --signals FILE" in no_user.stderr
    bad = run("build", "--db", str(db_path), "--signals", str(vocabulary), "--user", "ana")
    assert bad.returncode == 1 and f"{vocabulary}: unknown signal [hobbyz]" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_insights_refuse_an_invalid_user_id(db_path):
    result = run("insights", "--user", "../etc", "--db", str(db_path))
    assert result.returncode == 1 and "invalid user id" in result.stderr
    assert not db_path.exists()


def test_demo_ends_with_the_path_of_its_report(demo_db):
    report = demo_db.parent / "reports" / "demo" / "latest.html"
    assert report.read_text(encoding="utf-8").startswith("<!doctype html>")
    result = run("demo", "--data-dir", str(demo_db.parent))
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("Report") and last.endswith(".html") and Path(last.split(": ")[-1]).is_file()


def test_report_from_an_export_file_in_one_step_leaves_no_warehouse_behind(tmp_path):
    samples = REPO / "data" / "samples"
    result = run(
        "report", str(next(samples.glob("daylio_export_*.csv"))), "--moods", str(samples / "moods.toml"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1].removeprefix("Report: "))
    assert path.parent == tmp_path / "data" / "reports" / "me" and path.suffix == ".html"
    assert (path.parent / "latest.html").read_bytes() == path.read_bytes()
    assert "entries added 512" in result.stdout
    assert [p.name for p in tmp_path.rglob("*.duckdb*")] == []


def test_report_for_a_user_as_pdf_to_a_chosen_path(demo_db, tmp_path):
    out = tmp_path / "mine.pdf"
    result = run("report", "--user", "demo", "--db", str(demo_db), "--format", "pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF") and str(out.resolve()) in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "give either an export FILE or --user ID"),
        (("--user", "demo", "--format", "docx"), 2, "choose one of html, pdf, png"),
        (("--user", "nobody"), 1, "no entries for user 'nobody'"),
    ],
)
def test_report_refuses_unclear_requests_with_the_reason(demo_db, tmp_path, args, code, message):
    result = run("report", *args, "--db", str(demo_db), cwd=tmp_path)
    assert result.returncode == code and message in result.stderr
    assert not (tmp_path / "data").exists()


def test_report_from_an_unreadable_export_names_the_file(tmp_path):
    broken = tmp_path / "export.csv"
    broken.write_text("this is not an export\n", encoding="utf-8")
    result = run("report", str(broken), cwd=tmp_path)
    assert result.returncode == 1 and "export.csv" in result.stderr
    assert not (tmp_path / "data").exists()


def test_an_unexpected_error_is_one_line_and_the_rest_of_the_batch_still_imports(
    fixtures, db_path, monkeypatch, capsys
):
    """A bug (here forced) in one file's import never shows a traceback nor stops the next file."""
    import independence.pipelines.imports as imports
    from independence.cli import main

    real = imports.capped_import

    def broken_for_daylio(path, *args, **kwargs):
        if "daylio" in str(path):
            raise RuntimeError("a bug")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(imports, "capped_import", broken_for_daylio)
    files = [str(fixtures / "daylio" / "era_2021.csv"), str(fixtures / "checkin" / "checkins.csv")]
    monkeypatch.setattr(
        sys, "argv", ["independence", "ingest", *files, "--user", "ana", "--db", str(db_path), "--json"]
    )
    with pytest.raises(SystemExit) as ended:
        main()
    out, err = capsys.readouterr()
    objects = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert ended.value.code == 1 and [obj["file"] for obj in objects] == files
    assert "failed unexpectedly (RuntimeError)" in objects[0]["error"] and objects[1]["entries_added"] > 0
    assert "Traceback" not in err and err.count("\n") == 1


def test_weekly_says_what_to_do_when_prefects_temporary_server_is_slow_to_start(tmp_path, demo_db):
    # Dask runs as a Prefect flow, which starts a temporary server when none is configured
    result = run(
        "weekly",
        "--task-runner",
        "dask",
        "--db",
        str(demo_db),
        "--reports-dir",
        str(tmp_path / "reports"),
        env={
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_API_URL": "",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1",
        },
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr
    assert not (tmp_path / "reports").exists()


OWN_WORDS = REPO / "tests" / "fixtures" / "daylio" / "own_words.csv"


def words_of(db: Path, user: str = "sam", *args: str) -> subprocess.CompletedProcess:
    return run("vocabulary", "--user", user, "--db", str(db), *args)


def test_vocabulary_lists_every_tag_with_its_meaning_and_an_honest_suggestion(db_path):
    assert run("ingest", str(OWN_WORDS), "--user", "sam", "--db", str(db_path)).returncode == 0
    result = words_of(db_path, "sam", "--json")
    assert result.returncode == 0, result.stderr
    tags = {row["tag"]: row for row in json.loads(result.stdout)}
    assert set(tags) == {"work", "Sasha time", "alone"}
    assert {"tag", "entries", "signal", "suggested"} <= set(tags["work"])
    assert (tags["alone"]["signal"], tags["alone"]["meaning_from"], tags["alone"]["suggested"]) == (
        "alone",
        "default",
        None,
    )
    assert (tags["Sasha time"]["signal"], tags["Sasha time"]["suggested"]) == (None, "with_partner")
    assert (tags["work"]["signal"], tags["work"]["suggested"]) == (None, None)
    assert tags["Sasha time"]["entries"] == 60 and tags["Sasha time"]["mood_with"] > tags["Sasha time"]["mood_without"]
    text = words_of(db_path).stdout
    assert "Sasha time" in text and "time with my partner?" in text and "--map 'TAG=MEANING'" in text


def test_a_mapping_rebuilds_that_person_only_and_changes_what_their_report_reads(db_path, fixtures):
    assert run("ingest", str(OWN_WORDS), "--user", "sam", "--db", str(db_path)).returncode == 0
    assert (
        run("ingest", str(fixtures / "daylio" / "era_2021.csv"), "--user", "ana", "--db", str(db_path)).returncode == 0
    )
    before = json.loads(run("insights", "--user", "sam", "--db", str(db_path), "--json").stdout)
    assert before["apart_vs_together"]["entries_together"] == 0
    assert before["signs"]["time_apart_comfort"]["observed"]["no_verdict"] == "no_inputs"
    ana_before = count_rows(db_path, "select count(*) from mart_weekly_signs where user_id = 'ana'")
    mapped = words_of(db_path, "sam", "--map", "sasha-time=with_partner")
    assert mapped.returncode == 0, mapped.stderr
    assert "Changed 1 term(s); sam was rebuilt" in mapped.stdout
    assert count_rows(db_path, "select users from builds order by build_id desc limit 1") == 1  # sam only
    assert count_rows(db_path, "select count(*) from mart_weekly_signs where user_id = 'ana'") == ana_before
    after = json.loads(run("insights", "--user", "sam", "--db", str(db_path), "--json").stdout)
    assert after["apart_vs_together"]["entries_together"] == 60 and after["apart_vs_together"]["difference"] < 0
    assert after["signs"]["time_apart_comfort"]["observed"]["no_verdict"] != "no_inputs"
    assert "time_apart_comfort" in after["speaks_to"]["signs"]
    assert words_of(db_path, "sam", "--unmap", "Sasha Time").returncode == 0
    again = json.loads(run("insights", "--user", "sam", "--db", str(db_path), "--json").stdout)
    assert again["apart_vs_together"] == before["apart_vs_together"]


def test_a_meaning_that_does_not_exist_is_refused_with_the_choices(db_path):
    assert run("ingest", str(OWN_WORDS), "--user", "sam", "--db", str(db_path)).returncode == 0
    result = words_of(db_path, "sam", "--map", "Sasha time=boyfriend")
    assert result.returncode == 1 and "'boyfriend' is not a meaning a tag can have" in result.stderr
    assert "with_partner" in result.stderr and "Traceback" not in result.stderr
    assert count_rows(db_path, "select count(*) from user_signal_terms") == 0
    missing = words_of(db_path, "nobody")
    assert missing.returncode == 1 and "no entries for user 'nobody'" in missing.stderr


def test_report_from_a_file_reads_the_tags_with_a_vocabulary_file_and_keeps_nothing(tmp_path):
    words = tmp_path / "words.toml"
    words.write_text('[with_partner]\ntags = ["Sasha time"]\n', encoding="utf-8")
    listed = run("vocabulary", str(OWN_WORDS), "--signals", str(words), "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert {row["tag"]: row["signal"] for row in json.loads(listed.stdout)}["Sasha time"] == "with_partner"
    refused = run("vocabulary", str(OWN_WORDS), "--map", "work=own_activity", cwd=tmp_path)
    assert refused.returncode == 2 and "--signals words.toml" in refused.stderr
    plain = run("report", str(OWN_WORDS), "--out", str(tmp_path / "plain.html"), cwd=tmp_path)
    mapped = run("report", str(OWN_WORDS), "--signals", str(words), "--out", str(tmp_path / "mine.html"), cwd=tmp_path)
    assert plain.returncode == mapped.returncode == 0, mapped.stderr
    assert "cannot be compared yet (30 entries apart, 0 together;" in (tmp_path / "plain.html").read_text()
    assert "Apart from your partner your mood averaged" in (tmp_path / "mine.html").read_text()
    assert [p.name for p in tmp_path.rglob("*.duckdb*")] == []


def test_a_weekly_run_says_what_it_did_in_words_a_person_reads():
    from independence.cli import weekly_summary

    nothing = weekly_summary({"week": "2026-W49", "due": 0, "written": 0, "seconds": 25.0}, Path("reports"))
    assert (
        nothing.startswith("Week 2026-W49: no one has entries newer than their last report")
        and "0 report" not in nothing
    )
    one = weekly_summary({"week": "2026-W49", "due": 1, "written": 1, "seconds": 3.2}, Path("reports"))
    many = weekly_summary({"week": "2026-W49", "due": 3, "written": 2, "seconds": 3.2}, Path("reports"))
    assert "1 report written for 1 person with new entries" in one and "2 reports written for 3 people" in many
    forced = weekly_summary({"week": "2026-W49", "due": 3, "written": 3, "seconds": 1.3}, Path("reports"), forced=True)
    assert "3 reports written for 3 people (--force: every one, new entries or not) in 1.3 s" in forced
