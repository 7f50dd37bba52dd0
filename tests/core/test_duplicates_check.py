"""./scripts/duplicates (issue 35) sees near-duplicates: two handlers that differ only in names and strings, the
shape pylint's duplicate-code (identical lines only) did not report."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EDIT = '''
def edit(meeting_id):
    m = load(meeting_id)
    form = meeting_form(m)
    if form.validate_on_submit():
        try:
            m = services.save_meeting(m, values(form), translations(form.language.data))
        except services.MeetingError as e:
            show_error(form, e)
        else:
            flash(_("Saved."))
            return redirect(url_for(".show", meeting_id=m.id), 303)
    return render("meetings/form.html", form=form)
'''

DUPLICATE = '''
def duplicate(source_id):
    source = load(source_id)
    form = duplicate_form(source)
    if form.validate_on_submit():
        try:
            new = services.duplicate_meeting(source, values(form), translations(form.language.data))
        except services.MeetingError as err:
            show_error(form, err)
        else:
            flash(_("The new meeting is saved as a draft."))
            return redirect(url_for(".show", meeting_id=new.id), 303)
    return render("meetings/form.html", form=form, source=source)
'''


def _run(folder: Path) -> str:
    done = subprocess.run([str(ROOT / "scripts" / "duplicates"), str(folder)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=True)
    return done.stdout


def test_the_check_counts_two_handlers_that_differ_in_names_and_strings(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(EDIT)
    (tmp_path / "b.py").write_text(DUPLICATE)
    out = _run(tmp_path)
    assert "a.py" in out and "b.py" in out
    assert out.strip().splitlines()[-1] == "near-duplicates: 1 fragment pairs in 1 pairs of functions"


def test_the_check_counts_nothing_where_the_code_differs(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(EDIT)
    (tmp_path / "b.py").write_text("def other(x):\n    return [y * 2 for y in x if y]\n")
    out = _run(tmp_path)
    assert out.strip().splitlines()[-1] == "near-duplicates: 0 fragment pairs in 0 pairs of functions"
