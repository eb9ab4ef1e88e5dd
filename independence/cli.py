"""Entry point `independence`: parse the command line, call one use case, print the result.

Interactive commands never start Prefect; only `weekly` and `schedule` do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from independence.config import (
    COHORT_DEMO_DIR,
    COHORT_WEEKS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_WEEKS,
    DEMO_DIR,
    DEMO_WEEKS,
    PREFECT_SERVER_LOG,
    REPORTS_DIR,
    SPACES_DIR,
    settings,
)
from independence.errors import InsightsError

if TYPE_CHECKING:
    from independence.pipelines.vocabulary import PersonWords
    from independence.warehouse.load import ImportSummary

app = typer.Typer(
    help="Honest insight reports about emotional independence from mood and journal app exports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
REJECTS_PRINTED = 20  # rejected rows a command prints (line and reason); the rest are in rejected_rows

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="INDEPENDENCE_DB", help="Warehouse file [default: data/warehouse.duckdb]."),
]
SourceOption = Annotated[str, typer.Option(help="auto (recognised from the content) or an app: see README.")]
MoodsOption = Annotated[Path | None, typer.Option(help='TOML file of mood levels: "vaguely ok" = 3.')]
ScaleOption = Annotated[int, typer.Option(help="Points of a configurable mood scale (Moodistory), 2-11.")]
ColumnsOption = Annotated[Path | None, typer.Option(help="TOML map from form question text to columns.")]
FrontMatterOption = Annotated[
    Path | None, typer.Option(help="TOML naming the mood, date and tags keys of Obsidian daily notes.")
]
SignalsOption = Annotated[
    Path | None,
    typer.Option("--signals", help="This user's TOML vocabulary (format of independence/analysis/signals.toml); kept."),
]
WeeksOption = Annotated[int, typer.Option("--weeks", min=4, max=520, help="Trend window in calendar weeks.")]
TaskRunnerOption = Annotated[
    str | None,
    typer.Option(
        "--task-runner", help="threads (this process) or dask [default: INDEPENDENCE_TASK_RUNNER or threads]."
    ),
]
DaskAddressOption = Annotated[
    str | None, typer.Option("--dask-address", help="An existing Dask scheduler, tcp://host:8786 (with dask).")
]
ReportsDirOption = Annotated[Path, typer.Option("--reports-dir", help="Where reports go, one folder per user.")]


def echo_error(message: str) -> None:
    """Print an error message on stderr."""
    typer.echo(f"error: {message}", err=True)


def echo_waiting(message: str) -> None:
    """Print that the command waits for the warehouse (another process holds it)."""
    typer.echo(message, err=True)


IMPORT_STEPS = {
    "validated": "read and checked every row",
    "staged": "compared with what is stored",
}


def echo_import_step(stage: str) -> None:
    """Print one step of a large import as it happens (stderr, so --json output stays clean): a table's name
    says its rows are stored, other steps are words already."""
    if stage in IMPORT_STEPS:
        words = IMPORT_STEPS[stage]
    else:
        words = f"stored the {stage.replace('_', ' ')}" if stage.isidentifier() else stage
    typer.echo(f"  {words}", err=True)


def summary_text(summary: ImportSummary) -> str:
    """Return a person-readable import summary: counts, then the first rejected lines and reasons."""
    lines = [
        f"{summary.file}: {summary.source_format}, user {summary.user}",
        f"  rows read {summary.rows_read}, entries added {summary.entries_added}, "
        f"duplicates skipped {summary.duplicates_skipped}, rejected {summary.rejected}",
    ]
    lines += [f"  line {reject['line']}: {reject['reason']}" for reject in summary.rejects[:REJECTS_PRINTED]]
    if summary.rejected > REJECTS_PRINTED:
        lines.append(
            f"  … and {summary.rejected - REJECTS_PRINTED} more (table rejected_rows, import {summary.import_id})"
        )
    return "\n".join(lines)


def failure_json(file: Path, user: str, source: str, error: InsightsError) -> dict:
    """Return the JSON object for a file that could not be imported: zero counts and the error.

    `source` is the app the file was recognised as when it got that far, else the one asked for.
    """
    return {
        "user": user,
        "source": getattr(error, "source", None) or source,
        "file": str(file),
        "rows_read": 0,
        "entries_added": 0,
        "duplicates_skipped": 0,
        "rejected": 0,
        "rejects": [],
        "error": str(error),
    }


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Export files to import.", show_default=False)],
    user: Annotated[str, typer.Option("--user", help="User id: 1-64 letters, digits, '-', '_', '.'.")],
    source: SourceOption = "auto",
    moods: MoodsOption = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file.")] = False,
    scale: ScaleOption = 5,
    columns: ColumnsOption = None,
    front_matter: FrontMatterOption = None,
) -> None:
    """Import export files into the warehouse; each file is one all-or-nothing transaction."""
    from independence.ingest.options import source_options
    from independence.pipelines.imports import capped_import, imported_exports

    options = source_options(scale, columns, front_matter)
    configured = settings()

    def import_one(file: Path) -> ImportSummary:
        return capped_import(
            file,
            user,
            configured.upload_memory_mb,
            db_path=db,
            source=source,
            moods_path=moods,
            options=options,
            on_wait=echo_waiting,
            progress=echo_import_step,
        )

    failed = False
    for outcome in imported_exports(files, import_one, raise_unexpected=configured.debug):
        if outcome.summary is not None:
            summary = outcome.summary
            typer.echo(json.dumps(summary.as_json(), ensure_ascii=False) if as_json else summary_text(summary))
            continue
        failed = True
        error = outcome.error
        if outcome.unexpected:  # a bug of ours: this file is not imported, the next ones still are
            error = InsightsError(unexpected_text(f"{outcome.file}: importing it", error))
        echo_error(str(error))
        if as_json:
            typer.echo(json.dumps(failure_json(outcome.file, user, source, error), ensure_ascii=False))
    if failed:
        raise typer.Exit(code=1)


@app.command()
def build(
    db: DbOption = None,
    user: Annotated[str | None, typer.Option("--user", help="With --signals: whose vocabulary it is.")] = None,
    signals: SignalsOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Rebuild every person, not only those with new imports.")
    ] = False,
) -> None:
    """Rebuild the transforms of people with new imports (--full: everyone), with every data test; same data, same
    tables. Insights and reports are judged from them when asked for."""
    from independence.pipelines.builds import built_models

    typer.echo(f"Building the models of {'everyone' if full else 'people with new imports'}...", err=True)
    result = built_models(db, user, signals, full=full)
    who = "every person" if full else "people with new imports since the last build"
    typer.echo(
        f"Built {result.models} models for {'1 person' if result.users == 1 else f'{result.users} people'} ({who}), "
        f"every data test passed, in {result.seconds:.2f} s; build {result.build_id}."
    )


def insights_text(result: dict) -> str:
    """Return the insights as text: a verdict table of the six signs, then the sentences."""
    from independence.signs import SIGNS

    words = {"improving": "↑ improving", "declining": "↓ declining", "steady": "→ no clear change"}

    def said(trend: dict) -> str:
        if trend["no_verdict"] == "no_inputs":
            return "– not in your data"
        return words.get(trend["verdict"], "… not enough data")

    lines = [f"Insights for {result['user']}", f"  {'sign':<22}{'from entries':<22}{'check-in ratings':<22}"]
    for key, by_series in result["signs"].items():
        observed, rated = (said(by_series[series]) for series in ("observed", "self_rated"))
        lines.append(f"  {SIGNS[key].title:<22}{observed:<22}{rated:<22}")
    return "\n".join(lines + [""] + [f"- {sentence}" for sentence in result["insights"]])


@app.command()
def insights(
    user: Annotated[str, typer.Option("--user", help="Whose insights to compute.")],
    db: DbOption = None,
    weeks: WeeksOption = DEFAULT_WEEKS,
    signals: SignalsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the insight JSON object.")] = False,
) -> None:
    """Print one user's six signs, trends, conflicts, tag effects and insight sentences."""
    from independence.pipelines.insights import person_insights

    result = person_insights(user, db, weeks, signals)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else insights_text(result))


@app.command()
def report(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="An export file: import it into a temporary warehouse and report on it.", show_default=False
        ),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Whose report, from the warehouse.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where to write it [default: data/reports/<user>/<ISO week>.<format>].")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="html (offline, self-contained), pdf or png.")] = "html",
    paper: Annotated[str, typer.Option("--paper", help="PDF page size: a4 or letter.")] = "a4",
    weeks: WeeksOption = DEFAULT_WEEKS,
    include_notes: Annotated[
        bool, typer.Option("--include-notes", help="Add short excerpts of notes from the best and hardest days.")
    ] = False,
    db: DbOption = None,
    source: SourceOption = "auto",
    moods: MoodsOption = None,
    scale: ScaleOption = 5,
    columns: ColumnsOption = None,
    front_matter: FrontMatterOption = None,
    signals: SignalsOption = None,
) -> None:
    """Write one person's private report (from the warehouse with --user, or straight from an export FILE)."""
    from independence.publish.report import FORMATS, PAPERS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    if paper not in PAPERS:
        raise typer.BadParameter(f"choose one of {', '.join(PAPERS)}", param_hint="--paper")
    if (file is None) == (user is None):
        raise typer.BadParameter("give either an export FILE or --user ID", param_hint="FILE / --user")
    if file is not None:
        from independence.ingest.options import source_options
        from independence.pipelines.reports import report_from_file

        summary, path = report_from_file(
            file,
            source=source,
            moods_path=moods,
            options=source_options(scale, columns, front_matter),
            out=out,
            fmt=fmt,
            weeks=weeks,
            include_notes=include_notes,
            paper=paper,
            signals_path=signals,
        )
        typer.echo(summary_text(summary))
        if path is None:
            echo_error(f"{file}: no entries could be read, so there is nothing to report")
            raise typer.Exit(code=1)
    else:
        from independence.pipelines.reports import person_report

        path = person_report(
            user,
            db_path=db,
            out=out,
            fmt=fmt,
            weeks=weeks,
            include_notes=include_notes,
            paper=paper,
            signals_path=signals,
        )
    typer.echo(f"Report: {path.resolve()}")


def words_text(words: PersonWords, limit: int | None) -> str:
    """Return a person's tags as a table: entries, mood on days with and without, meaning now, a suggestion."""
    from independence.analysis.own_words import PLAIN_WORDS

    meaning = {"yours": "yours", "default": "default"}
    mapped = sum(tag.signal is not None for tag in words.tags)
    lines = [
        f"Tags of {words.user}: {len(words.tags)}, of which {mapped} mean something to the report "
        "(mood is the mean on days with the tag / the other days with a mood).",
        f"  {'tag (group)':<34}{'entries':>8}  {'mood with/without':<18}{'means now':<32}suggested",
    ]
    for tag in words.tags[:limit]:
        name = f"{tag.tag} ({tag.group})" if tag.group else tag.tag
        moods = "/".join("–" if value is None else f"{value:.2f}" for value in (tag.mood_with, tag.mood_without))
        means = f"{PLAIN_WORDS[tag.signal]} ({meaning[tag.origin]})" if tag.origin else "–"
        suggested = f"{PLAIN_WORDS[tag.suggested]}? ({tag.why})" if tag.suggested else ""
        lines.append(f"  {name[:33]:<34}{tag.entries:>8}  {moods:<18}{means[:31]:<32}{suggested}")
    if limit is not None and len(words.tags) > limit:
        lines.append(f"  … and {len(words.tags) - limit} more (--all lists every tag)")
    if words.partners:
        lines.append(f"Your partner's name(s) in notes: {', '.join(words.partners)}")
    choices = ", ".join(f"{signal} ({words})" for signal, words in PLAIN_WORDS.items() if signal)
    lines += [
        "",
        "Say what a tag means: --map 'TAG=MEANING' (repeatable; MEANING none = nothing of these), --unmap TAG to go "
        "back to the default, --partner-name NAME so notes that name them count as about your partner.",
        f"Meanings: {choices}.",
    ]
    if words.changed:
        lines.insert(0, f"Changed {words.changed} term(s); {words.user} was rebuilt with them.")
    return "\n".join(lines)


@app.command()
def vocabulary(
    file: Annotated[
        Path | None,
        typer.Argument(help="An export file: list its tags without keeping anything.", show_default=False),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Whose tags, from the warehouse.")] = None,
    mapping: Annotated[
        list[str] | None, typer.Option("--map", help="TAG=MEANING, e.g. 'Tania-time=with_partner'; repeatable.")
    ] = None,
    unmap: Annotated[list[str] | None, typer.Option("--unmap", help="A tag back to its default meaning.")] = None,
    partner_name: Annotated[
        list[str] | None, typer.Option("--partner-name", help="Your partner's name as your notes write it.")
    ] = None,
    signals: SignalsOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every tag (default: the 40 most used).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per tag, as a list.")] = False,
    db: DbOption = None,
    source: SourceOption = "auto",
    moods: MoodsOption = None,
    scale: ScaleOption = 5,
    columns: ColumnsOption = None,
    front_matter: FrontMatterOption = None,
) -> None:
    """List every tag a person used and what it means to the report; --map, --unmap, --signals change their map."""
    from independence.pipelines.vocabulary import person_words, words_change, words_from_file

    if (file is None) == (user is None):
        raise typer.BadParameter("give either an export FILE or --user ID", param_hint="FILE / --user")
    change = words_change(mapping, unmap, partner_name, signals)
    if file is not None:
        from independence.ingest.options import source_options

        if change.mapped or change.unmapped or change.partners:
            raise typer.BadParameter(
                "a FILE's tags are not kept: write their meanings in a vocabulary file and pass it to "
                "`independence report FILE --signals words.toml` (or import the file with `ingest` and use --user)",
                param_hint="--map / --unmap / --partner-name",
            )
        summary, words = words_from_file(
            file, source=source, moods_path=moods, options=source_options(scale, columns, front_matter),
            signals_path=signals,
        )  # fmt: skip
        typer.echo(summary_text(summary), err=as_json)
        if words is None:
            echo_error(f"{file}: no entries could be read, so there are no tags to list")
            raise typer.Exit(code=1)
    else:
        words = person_words(user, db, change)
    if as_json:
        typer.echo(json.dumps([tag.as_json() for tag in words.tags], ensure_ascii=False, indent=1))
    else:
        typer.echo(words_text(words, None if show_all else 40))


def moments_text(user: str, moments: list) -> str:
    """Return a person's marked moments, one per line with its number, and how to add or remove one."""
    if not moments:
        return (
            f"{user} has no moments marked. Mark one: independence moments --user {user} --add 2026-03-01 "
            '"moved in together"; the report then compares each sign before and after it.'
        )
    lines = [f"Moments of {user} (the report compares each sign in the 26 weeks before and after each):"]
    lines += [f"  {moment.moment_id:>3}  {moment.on}  {moment.words}" for moment in moments]
    lines.append(f"Remove one: independence moments --user {user} --remove N")
    return "\n".join(lines)


@app.command()
def moments(
    user: Annotated[str, typer.Option("--user", help="Whose moments.")],
    add: Annotated[
        tuple[str, str] | None,
        typer.Option("--add", metavar="DATE WORDS", help='Mark a moment: --add 2026-03-01 "moved in together".'),
    ] = None,
    remove: Annotated[int | None, typer.Option("--remove", metavar="N", help="Remove moment number N.")] = None,
    listing: Annotated[bool, typer.Option("--list", help="List them (also what every call prints last).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the moments as a JSON list.")] = False,
    db: DbOption = None,
) -> None:
    """Mark dated moments (moved in together, started therapy) that the report compares each sign before and after;
    --list (or no option) lists them."""
    from independence.pipelines.moments import added_moment, dropped_moment, listed_moments

    if add is not None and remove is not None:
        raise typer.BadParameter("give --add or --remove, not both", param_hint="--add / --remove")
    if add is not None:
        moment = added_moment(user, *add, db_path=db)
        typer.echo(f"Marked moment {moment.moment_id}: {moment.on} {moment.words}", err=as_json)
    if remove is not None:
        dropped_moment(user, remove, db_path=db)
        typer.echo(f"Removed moment {remove}.", err=as_json)
    marked = listed_moments(user, db_path=db)  # --list or not, the moments as they now are
    if as_json:
        typer.echo(json.dumps([moment.as_json() for moment in marked], ensure_ascii=False, indent=1))
    else:
        typer.echo(moments_text(user, marked))


@app.command()
def cohort(
    roster: Annotated[Path, typer.Option(help="CSV: user_id, coach, cohort, consent, consent_date[, trajectory].")],
    coach: Annotated[str, typer.Option(help="Whose clients.")],
    cohort_name: Annotated[str | None, typer.Option("--cohort", help="Only this cohort of the coach.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="HTML path (JSON beside it) [default: data/cohort/<coach>-<week>.html].")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON release.")] = False,
    k: Annotated[int, typer.Option("--k", help="Fewest clients behind any number (at least 3).")] = 5,
    dp_epsilon: Annotated[
        float | None, typer.Option("--dp-epsilon", help="Add differential-privacy noise spending this ε.")
    ] = None,
    dp_budget: Annotated[
        float, typer.Option("--dp-budget", help="The coach's total ε over all releases: refused beyond it.")
    ] = 10.0,
    weeks: WeeksOption = COHORT_WEEKS,
    trajectories: Annotated[
        bool, typer.Option("--trajectories", help="Add consented clients' weekly values under pseudonyms.")
    ] = False,
    key_file: Annotated[Path | None, typer.Option(help="File holding the secret pseudonym key.")] = None,
    new_ledger: Annotated[
        bool,
        typer.Option(
            "--new-ledger",
            help="Retire the warehouse's release ledger (kept, marked) and start one for this key: for a lost key.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a coach's aggregate, anonymized release over consenting clients: HTML report and JSON."""
    from independence.pipelines.cohort import coach_release
    from independence.publish.cohort.pseudonyms import pseudonym_key
    from independence.publish.cohort.written import release_options, release_summary

    key = pseudonym_key(key_file)  # refuse before reading anything
    options = release_options(coach, cohort_name, k, dp_epsilon, weeks, trajectories)
    release = coach_release(roster, options, key, db_path=db, out=out, budget=dp_budget, new_ledger=new_ledger)
    for warning in release.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo("\n".join(release_summary(release.content)), err=as_json)
    if as_json:
        typer.echo(json.dumps(release.content, ensure_ascii=False, indent=1))
    where = f"Cohort report: {release.html_path.resolve()}\nJSON release: {release.json_path.resolve()}"
    typer.echo(where, err=as_json)


@app.command("cohort-demo")
def cohort_demo(
    data_dir: Annotated[Path, typer.Option(help="Where the demo warehouse and release go.")] = COHORT_DEMO_DIR,
) -> None:
    """Load the shipped synthetic practice (38 clients, two apps, some without consent); write Robin's release."""
    from independence.pipelines.cohort import cohort_demo as demo_release
    from independence.publish.cohort.written import release_summary

    release = demo_release(data_dir, progress=lambda message: typer.echo(message, err=True))
    typer.echo("\n".join(release_summary(release.content)))
    typer.echo(f"Cohort report: {release.html_path.resolve()}\nJSON release: {release.json_path.resolve()}")


def chosen_task_runner(task_runner: str | None, dask_address: str | None) -> tuple[str, str | None]:
    """Return the weekly flow's task runner and Dask address: the options, else the settings; refuse a bad choice."""
    from independence_flows.weekly import TASK_RUNNERS

    configured = settings()
    task_runner, dask_address = task_runner or configured.task_runner, dask_address or configured.dask_address
    if task_runner not in TASK_RUNNERS:
        raise typer.BadParameter(f"choose one of {', '.join(TASK_RUNNERS)}", param_hint="--task-runner")
    if dask_address and task_runner != "dask":
        raise typer.BadParameter("--dask-address needs --task-runner dask", param_hint="--dask-address")
    return task_runner, dask_address


def weekly_summary(result: dict, reports_dir: Path, forced: bool = False) -> str:
    """Return what a weekly run did, in words: the reports written (for everyone when `forced`), or that no one had
    new entries."""
    if not result["due"]:
        return (
            f"Week {result['week']}: no one has entries newer than their last report, so no report was written "
            f"({result['seconds']:.1f} s; --force writes them all again)."
        )
    written = "1 report" if result["written"] == 1 else f"{result['written']} reports"
    people = "1 person" if result["due"] == 1 else f"{result['due']} people"
    return (
        f"Week {result['week']}: {written} written for {people} "
        f"{'(--force: every one, new entries or not)' if forced else 'with new entries'} in {result['seconds']:.1f} s. "
        f"Reports: {reports_dir.resolve()}"
    )


@app.command()
def weekly(
    force: Annotated[bool, typer.Option("--force", help="Render every user again, even without new entries.")] = False,
    week: Annotated[
        str | None, typer.Option("--week", help="ISO week the reports are for, YYYY-Www [default: this week].")
    ] = None,
    db: DbOption = None,
    reports_dir: ReportsDirOption = REPORTS_DIR,
    weeks: WeeksOption = DEFAULT_WEEKS,
    task_runner: TaskRunnerOption = None,
    dask_address: DaskAddressOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Users per render task.")] = DEFAULT_BATCH_SIZE,
    retries: Annotated[int, typer.Option(min=0, help="Attempts again for a user whose report failed.")] = 2,
) -> None:
    """Run the weekly reports now: every user with entries newer than their last report (a Prefect flow run when a
    Prefect server is configured or Dask is asked for, else in this process)."""
    import datetime as dt

    from independence.deployments import configured_api_url, patient_ephemeral_server, prefect_start_problem
    from independence.pipelines.weekly import week_monday
    from independence.warehouse import Warehouse

    monday = week_monday(week) if week else dt.date.today()  # a malformed week is refused before anything starts
    task_runner, dask_address = chosen_task_runner(task_runner, dask_address)
    if task_runner == "threads" and configured_api_url() is None:
        from independence.pipelines.weekly_run import WeeklyRequest, direct_steps, weekly_reports

        typer.echo("Starting the weekly run: finding who has new entries, then one report each...", err=True)
        request = WeeklyRequest(
            db_path=str(Warehouse(db).path),
            today=monday,
            reports_dir=str(reports_dir),
            weeks=weeks,
            force=force,
            batch_size=batch_size,
            retries=retries,
            spaces_dir=str(SPACES_DIR),
        )
        result = weekly_reports(request, direct_steps(request), f"local-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}")
        if result.failed:
            from independence.pipelines.weekly import failures_text

            echo_error(failures_text(result.outcomes))
            typer.echo("Every outcome is in `independence runs`.", err=True)
            raise typer.Exit(code=1)
        typer.echo(weekly_summary(result.as_json(), reports_dir, force))
        return
    typer.echo(
        "Starting the weekly run: finding who has new entries, then one report each "
        f"({task_runner}; Prefect's local server takes 10-20 s to start unless one is running)...",
        err=True,
    )
    patient_ephemeral_server()
    from independence_flows.weekly import task_runner_named, weekly_insights

    runner = task_runner_named(task_runner, dask_address)
    try:
        state = weekly_insights.with_options(task_runner=runner)(
            db_path=str(db) if db else None,
            reports_dir=str(reports_dir),
            weeks=weeks,
            week=week,
            force=force,
            batch_size=batch_size,
            retries=retries,
            return_state=True,
        )
    except (RuntimeError, OSError, TimeoutError) as error:
        problem = prefect_start_problem(error)
        if problem is None:
            raise
        raise InsightsError(problem) from None
    if state.is_failed():
        echo_error(state.message)
        typer.echo("Every outcome is in `independence runs`.", err=True)
        raise typer.Exit(code=1)
    result = state.result()
    typer.echo(weekly_summary(result, reports_dir, force))


@app.command()
def schedule(
    timezone: Annotated[
        str | None,
        typer.Option(help="IANA zone of the scheduled runs [default: INDEPENDENCE_TIMEZONE, else prefect.yaml's]."),
    ] = None,
    db: DbOption = None,
    reports_dir: ReportsDirOption = REPORTS_DIR,
    weeks: WeeksOption = DEFAULT_WEEKS,
    task_runner: TaskRunnerOption = None,
    dask_address: DaskAddressOption = None,
    port: Annotated[int | None, typer.Option(help="Port of the local Prefect server [default: a free one].")] = None,
) -> None:
    """Serve the deployments (weekly reports on Mondays 07:00) until Ctrl-C; start a local Prefect server if needed."""
    import signal

    from independence.deployments import declared_deployments, schedule_timezone, served_deployments, terminate_as_exit
    from independence_flows.weekly import task_runner_named

    signal.signal(signal.SIGTERM, terminate_as_exit)
    deployments = declared_deployments()
    zone = schedule_timezone(timezone or settings().timezone, deployments)
    runner = task_runner_named(*chosen_task_runner(task_runner, dask_address))
    parameters = {
        "db_path": str((db or settings().db_path).resolve()),
        "reports_dir": str(reports_dir.resolve()),
        "weeks": weeks,
        "spaces_dir": str(SPACES_DIR.resolve()),
    }
    try:
        served_deployments(deployments, zone, parameters, runner, PREFECT_SERVER_LOG, port, typer.echo)
    finally:  # also after a SIGTERM that came while the runner was still starting (it exits at once then)
        typer.echo("Stopped.")


def runs_table(rows: list[dict]) -> list[str]:
    """Return weekly report attempts as an aligned table: a header row, then one row per attempt with its status
    and the report written or the error."""
    cells = [
        [
            f"{row['finished_at']:%Y-%m-%d %H:%M}",
            row["iso_week"],
            row["user_id"],
            "ok" if row["status"] == "ok" else "FAILED",
            row["path"] if row["status"] == "ok" else row["error"],
        ]
        for row in rows
    ]
    header = ["finished", "week", "person", "status", "report, or what failed"]
    widths = [max(len(str(line[column])) for line in [header, *cells]) for column in range(4)]
    return [
        "  ".join(str(cell).ljust(width) for cell, width in zip(line[:4], widths, strict=True)) + "  " + str(line[4])
        for line in [header, *cells]
    ]


@app.command()
def runs(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many of the latest attempts.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List the latest weekly report attempts (report_runs), newest first, and where the Prefect UI is."""
    from independence.pipelines.weekly import recent_report_runs

    rows = recent_report_runs(db, limit)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, default=str, ensure_ascii=False))
        return
    if not rows:
        typer.echo("No weekly report runs yet: `independence weekly` runs one now.")
    else:
        typer.echo("\n".join(runs_table(rows)))
    typer.echo("Flow runs, logs and run summaries: the Prefect UI (`independence schedule` prints its address).")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this computer only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
    spaces_dir: Annotated[Path, typer.Option("--spaces-dir", help="Where upload spaces are kept.")] = SPACES_DIR,
    reports_dir: ReportsDirOption = REPORTS_DIR,
    max_upload_mb: Annotated[
        float | None,
        typer.Option("--max-upload-mb", help="Largest upload [default: 50, or INDEPENDENCE_MAX_UPLOAD_MB]."),
    ] = None,
) -> None:
    """Serve the upload page: drop an app export in the browser and get the private report back."""
    import signal

    import uvicorn

    from independence.deployments import configured_api_url, terminate_as_exit
    from independence.web.app import create_app
    from independence.web.serving import server_config
    from independence.web.settings import settings_from_environment

    # uvicorn shuts down gracefully, then re-raises SIGTERM to the handler it found: make that a clean exit
    signal.signal(signal.SIGTERM, terminate_as_exit)
    overrides = {
        "spaces_dir": spaces_dir,
        "reports_dir": reports_dir,
        "db_path": db,
        "max_upload_bytes": int(max_upload_mb * 1024 * 1024) if max_upload_mb else None,
        "use_prefect": configured_api_url() is not None,
    }
    web_settings = settings_from_environment(**overrides)
    web = create_app(web_settings)
    typer.echo(f"Upload page: http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.Server(server_config(web, host, port, web_settings)).run()


@app.command()
def demo(data_dir: Annotated[Path, typer.Option(help="Where the demo warehouse is written.")] = DEMO_DIR) -> None:
    """Load the shipped synthetic samples into a fresh demo warehouse, build it and print the insights."""
    from independence.pipelines.demo import DEMO_USER, demo_run

    run = demo_run(data_dir)
    for summary in run.imports:
        typer.echo(summary_text(summary))
    typer.echo("Warehouse contents:")
    for source, entries, days, first, last, tags, measures in run.contents:
        typer.echo(f"  {source}: {entries} entries on {days} days, {first} to {last}; {tags} tags, {measures} measures")
    typer.echo(
        f"\nThe sample covers a year, so the demo judges trends over {DEMO_WEEKS} weeks (default: {DEFAULT_WEEKS})."
    )
    typer.echo(insights_text(run.insights))
    typer.echo(f"\nWarehouse: {run.db_path.resolve()}")
    typer.echo(
        f"Insights JSON: independence insights --user {DEMO_USER} --db {run.db_path} --weeks {DEMO_WEEKS} --json"
    )
    typer.echo(f"Report (open it in a browser; it works offline): {run.report.resolve()}")


def unexpected_text(what: str, error: BaseException) -> str:
    """Return the one line an unexpected error gets: what failed, the error's type, what was kept, what to do."""
    return (
        f"{what} failed unexpectedly ({type(error).__name__}); nothing half-done was kept (every import and "
        "build is all-or-nothing). This is a bug: please report it, with INDEPENDENCE_DEBUG=1 for the details"
    )


def main() -> None:
    """Run the command line; every error is one line on stderr and exit code 1, never a traceback.

    An unexpected error (a bug) says so in one line; INDEPENDENCE_DEBUG=1 shows its traceback.
    """
    try:
        debug = settings().debug  # an unknown or malformed INDEPENDENCE_* variable stops every command
        app()
    except InsightsError as error:
        echo_error(str(error))
        raise SystemExit(1) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:
        if debug:
            raise
        echo_error(unexpected_text(f"`independence {' '.join(sys.argv[1:2])}`", error))
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
