"""`flask assembly print-badges` and the demo seed."""

from pypdf import PdfReader
from sqlalchemy import func, select

from assembly.badges import demo
from assembly.badges.models import Badge, PrintRun
from assembly.extensions import db


def test_print_badges_writes_the_pdf_and_records_the_run(runner, approved, tmp_path):
    approved("CHN", badge_name="Zhang Wei")
    approved("CHN", photo=False, category_name="Observer")
    approved("KEN", photo=False)
    out = tmp_path / "night-before.pdf"
    result = runner.invoke(
        args=[
            "assembly",
            "print-badges",
            "--country",
            "chn",
            "--category",
            "Delegate",
            "--format",
            "card",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "1 badges (card)" in result.output
    reader = PdfReader(out)
    assert len(reader.pages) == 1 and "Zhang Wei" in reader.pages[0].extract_text()
    db.session.expire_all()
    run = db.session.scalars(select(PrintRun)).one()
    assert run.state == "done" and run.filters == {"country": "CHN", "category": "Delegate"}
    result = runner.invoke(args=["assembly", "print-badges", "-o", str(out)])
    assert result.exit_code == 0 and "3 badges (a4-sheet)" in result.output
    assert result.output.count("printed without a photo (none)") == 2


def test_print_badges_checks_the_output_folder_before_printing(runner, approved, tmp_path):
    person = approved("CHN", photo=False)
    out = tmp_path / "no-such-folder" / "badges.pdf"
    result = runner.invoke(args=["assembly", "print-badges", "-o", str(out)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        f"Error: cannot write {out}: the folder {out.parent} does not exist"
    ]
    db.session.expire_all()
    assert db.session.scalars(select(PrintRun)).all() == []
    badge = db.session.scalars(select(Badge).where(Badge.participant_id == person.id)).first()
    assert badge is None or badge.printed_at is None


def test_print_badges_says_when_nothing_matches(runner, approved, tmp_path):
    approved("CHN", photo=False)
    result = runner.invoke(
        args=["assembly", "print-badges", "--country", "KEN", "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code != 0 and "nothing to print" in result.output
    assert "Traceback" not in result.output


def test_demo_seed_gives_approved_participants_badges_once(approved, event):
    approved("CHN", photo=False)
    approved("FRA", photo=False, state="submitted")
    demo.seed(event)
    demo.seed(event)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Badge)) == 1
