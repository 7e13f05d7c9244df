import ast
import inspect
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from allied.partnerships.health import FLAGS, HealthFacts, Thresholds, assess, engine, flag_labels

START = date(2027, 1, 4)
END = date(2028, 4, 3)


def facts(**kw):
    return HealthFacts(**{"status": "active", "started_on": START, "planned_end": END, **kw})


def test_no_meeting_flag_after_six_weeks_since_the_last_meeting():
    f = facts(last_meeting_on=date(2027, 3, 1), meetings=3, agreement_confirmed=True)
    assert "no_meeting" not in assess(f, today=date(2027, 4, 11)).codes
    flagged = assess(f, today=date(2027, 4, 12))
    assert "no_meeting" in flagged.codes
    assert "no meeting since 1 March 2027" in flagged.flags[0].message


def test_a_pair_that_never_met_is_flagged_six_weeks_after_starting():
    assert "no_meeting" in assess(facts(), today=START + timedelta(weeks=6)).codes
    assert "no_meeting" not in assess(facts(), today=START + timedelta(weeks=5)).codes


def test_missing_agreement_is_flagged_after_four_weeks():
    assert "no_agreement" not in assess(facts(), today=START + timedelta(days=27)).codes
    assert "no_agreement" in assess(facts(), today=START + timedelta(weeks=4)).codes
    confirmed = facts(agreement_confirmed=True)
    assert "no_agreement" not in assess(confirmed, today=START + timedelta(weeks=10)).codes


def test_leavers_capacity_hours_and_misalignment_are_named():
    f = facts(
        agreement_confirmed=True,
        last_meeting_on=date(2027, 5, 1),
        members_left=("Sam Patel",),
        mentors_over_capacity=("Dr Ade",),
        mentors_over_hours=("Dr Ade",),
        expectations_misaligned=True,
    )
    result = assess(f, today=date(2027, 5, 10))
    assert result.codes == {"member_left", "over_capacity", "over_hours", "misaligned"}
    assert "Sam Patel has left the organisation." in [x.message for x in result.flags]


def test_ends_soon_within_four_weeks_of_the_planned_end():
    f = facts(agreement_confirmed=True, last_meeting_on=END - timedelta(days=10))
    assert "ends_soon" in assess(f, today=END - timedelta(weeks=4)).codes
    assert "ends_soon" not in assess(f, today=END - timedelta(weeks=4, days=1)).codes


def test_ended_relationships_raise_no_flags_but_report_their_meeting_rate():
    result = assess(facts(status="ended", meetings=12), today=date(2030, 1, 1))
    assert result.flags == []
    assert result.meetings_per_month == round(12 / ((END - START).days / 30.44), 2)


@given(
    days=st.integers(min_value=0, max_value=700),
    met=st.one_of(st.none(), st.integers(min_value=0, max_value=600)),
)
def test_no_meeting_flag_holds_exactly_when_six_weeks_have_passed(days, met):
    today = START + timedelta(days=days)
    last = None if met is None or met > days else START + timedelta(days=met)
    f = facts(last_meeting_on=last, agreement_confirmed=True)
    since = last or START
    assert ("no_meeting" in assess(f, today=today).codes) == ((today - since).days >= 42)


def test_every_flag_the_engine_can_raise_has_a_label_to_filter_by():
    raised = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(engine)))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "Flag"
        and isinstance(node.args[0], ast.Constant)
    }
    assert raised == set(FLAGS)


def test_the_flag_labels_read_the_thresholds_they_are_judged_by():
    assert FLAGS["no_meeting"] == "No meeting in 6 weeks"
    assert FLAGS["ends_soon"] == "Ends within 4 weeks"
    eight = Thresholds(no_meeting_weeks=8, ends_within_weeks=2)
    labels = flag_labels(eight)
    assert labels["no_meeting"] == "No meeting in 8 weeks"
    assert labels["ends_soon"] == "Ends within 2 weeks"
    assert labels.keys() == FLAGS.keys()
    # The label says what the flag means: silent for 7 weeks is flagged at 6, not at 8.
    silent = assess(facts(), today=START + timedelta(weeks=7), thresholds=eight)
    assert "no_meeting" not in silent.codes
    [flag] = [
        f
        for f in assess(facts(), today=START + timedelta(weeks=8), thresholds=eight).flags
        if f.code == "no_meeting"
    ]
    assert flag.message.startswith(labels["no_meeting"])
