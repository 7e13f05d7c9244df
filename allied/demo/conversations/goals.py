"""The goals partners set, and the doors opened or asked for (sponsorship)."""

from __future__ import annotations

from dataclasses import dataclass

from allied.partnerships.choices import SponsorshipKind


@dataclass(frozen=True)
class GoalText:
    goal: str
    reality: str
    options: str
    way_forward: str
    actions: tuple[str, ...] = ()


GOALS = {
    "mentee": [
        GoalText(
            "Be appointed to a band 7 post within eighteen months",
            "Four years at band 6; I have led a service audit but never managed people.",
            "Act up when the team lead is on leave; a secondment; apply for posts elsewhere.",
            "Ask my manager about acting up in the summer and apply for the next band 7 post.",
            ("Draft a supporting statement", "Book a mock interview", "Ask about acting up"),
        ),
        GoalText(
            "Feel confident presenting to senior colleagues",
            "I avoid speaking at the directorate meeting and over-prepare for weeks.",
            "Present at the team meeting first; the AHP conference; the journal club.",
            "Present the audit at the team meeting, then at the directorate meeting.",
            ("Present at the team meeting", "Ask for a slot at the directorate meeting"),
        ),
        GoalText(
            "Lead a small quality-improvement project",
            "Lots of ideas, no protected time and no experience of the QI process.",
            "The trust's QI training; join an existing project; start small on the ward.",
            "Complete the bronze QI course and scope a project on discharge delays.",
            ("Enrol on the bronze QI course", "Agree the project with my manager"),
        ),
        GoalText(
            "Decide between a clinical academic path and management",
            "I enjoy research but the route is unclear; management pulls harder.",
            "Talk to a clinical academic; shadow a service manager; try both for a month.",
            "Meet two people on each path before our next review.",
            ("Meet the research lead", "Shadow a service manager for a day"),
        ),
    ],
    "mentor": [
        GoalText(
            "Coach rather than tell",
            "I am a fixer: I jump to solutions in every meeting.",
            "The coaching course; ask my mentee for feedback; use GROW deliberately.",
            "Use GROW in every meeting and ask for feedback at the three-month review.",
            ("Ask for feedback at the review",),
        ),
        GoalText(
            "Pass on at least one real opportunity each quarter",
            "I give advice freely but rarely open doors.",
            "Introductions, shadowing, a seat at meetings I chair.",
            "Offer a place at the directorate meeting this quarter.",
        ),
    ],
    "senior_leader": [
        GoalText(
            "Change how our directorate shortlists for band 7 and above",
            "BME applicants are less likely to be shortlisted here, and I had never looked.",
            "Diverse panels; anonymised shortlisting; publishing the figures.",
            "Propose diverse panels to the directorate team and report the figures quarterly.",
            ("Present the figures to the directorate team",),
        ),
        GoalText(
            "Understand the ward's experience of my decisions",
            "I see the board papers, not what happens on the ward.",
            "Shadow a shift; join the staff network meeting as a listener.",
            "Shadow a night shift and attend two staff network meetings.",
        ),
    ],
    "bme_partner": [
        GoalText(
            "Present my ward's improvement idea at the divisional board",
            "I have the idea and the data, but I have never been in that room.",
            "Ask my partner for a slot; present with my manager; write a paper first.",
            "Write a one-page paper and ask for a slot at the next board.",
            ("Write the one-page paper", "Rehearse with my partner"),
        ),
        GoalText(
            "Apply for a leadership course this year",
            "I have been told I am 'not ready yet' twice.",
            "The trust's own course; the regional academy; the staff network's programme.",
            "Apply to the regional academy with my partner's support.",
        ),
    ],
    "circle_member": [
        GoalText(
            "Submit an abstract to the AHP conference",
            "I have audit results worth sharing and have never written an abstract.",
            "Write it with a colleague; use the circle for feedback.",
            "Bring a draft abstract to the next circle.",
            ("Bring a draft to the circle",),
        ),
        GoalText(
            "Build a network beyond my own profession",
            "I know my own team well and almost nobody else.",
            "The circle; joint clinics; the AHP forum.",
            "Join the AHP forum and visit one other team this quarter.",
        ),
    ],
}

OPPORTUNITIES = [
    (
        SponsorshipKind.INTRODUCTION,
        "Introduction to the deputy chief AHP, who leads the AHP workforce plan.",
    ),
    (
        SponsorshipKind.SHADOWING,
        "A day shadowing the divisional director of operations, including the bed meeting.",
    ),
    (SponsorshipKind.SENIOR_MEETING, "A seat as an observer at the trust's People Committee."),
    (
        SponsorshipKind.STRETCH_PROJECT,
        "Lead the audit of discharge delays for the therapies directorate.",
    ),
    (
        SponsorshipKind.INTERVIEW_PREPARATION,
        "A mock interview for the band 7 post, with written feedback.",
    ),
    (
        SponsorshipKind.ROLE_SIGNPOSTING,
        "The band 7 clinical lead vacancy on the stroke unit: closes at the end of the month.",
    ),
]
ASKS = [
    (SponsorshipKind.INTRODUCTION, "An introduction to someone in the ICB workforce team."),
    (SponsorshipKind.SHADOWING, "To shadow a service manager for a day."),
]
