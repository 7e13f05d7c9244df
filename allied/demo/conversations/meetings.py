"""What partners talk about at their meetings, and the private notes they keep afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from allied.partnerships.choices import MentoringModel
from allied.partnerships.choices import WorkwellTopic as T


@dataclass(frozen=True)
class Conversation:
    summary: str
    topics: tuple[str, ...]
    model: str = MentoringModel.GROW


PAIR_MEETINGS = [
    Conversation(
        "First meeting: got to know each other and wrote our agreement. Talked about what a good "
        "year would look like.",
        (T.CAREER_DEVELOPMENT,),
        MentoringModel.CLEAR,
    ),
    Conversation(
        "Went through the band 7 job description and mapped my experience against it. Next: a "
        "first draft of the supporting statement.",
        (T.CAREER_DEVELOPMENT, T.OPPORTUNITY),
    ),
    Conversation(
        "Looked at workload: too many extra shifts. Agreed to try protecting Friday afternoons "
        "for a month and see.",
        (T.WORKLOAD, T.WORK_LIFE_BALANCE, T.STRESS),
        MentoringModel.OSKAR,
    ),
    Conversation(
        "Practised interview answers using examples from the discharge project. Much more "
        "concise by the end.",
        (T.CAREER_DEVELOPMENT, T.CONFIDENCE),
    ),
    Conversation(
        "Talked about a comment on the ward that felt racist, and what happened after. Went "
        "through the options, including the Freedom to Speak Up guardian.",
        (T.BULLYING_HARASSMENT, T.RELATIONSHIPS_COLLEAGUES),
        MentoringModel.SKILLED_HELPER,
    ),
    Conversation(
        "Mapped my network: who I know, who I need to know. Two introductions agreed.",
        (T.CAREER_DEVELOPMENT, T.OPPORTUNITY),
    ),
    Conversation(
        "Debrief of the shadowing day at the divisional board: what I noticed about how "
        "decisions were made, and who spoke.",
        (T.CAREER_DEVELOPMENT, T.DEVELOPING_TEAMS),
        MentoringModel.NONE,
    ),
    Conversation(
        "Planned a small quality-improvement project for the team, and how to get the "
        "manager's support for it.",
        (T.DEVELOPING_TEAMS, T.MANAGING_CHANGE),
    ),
    Conversation(
        "Confidence: rehearsed the first five minutes of my presentation to the team meeting.",
        (T.CONFIDENCE,),
        MentoringModel.OSKAR,
    ),
    Conversation(
        "Reviewed our agreement after three months. Still works; we changed how often we meet.",
        (T.ENGAGEMENT,),
        MentoringModel.CLEAR,
    ),
    Conversation(
        "Talked through a hard case on the unit and what I would do differently next time.",
        (T.CLINICAL_SITUATIONS, T.CONFIDENCE),
        MentoringModel.SKILLED_HELPER,
    ),
    Conversation(
        "Looked at the leadership course options and the funding route through education.",
        (T.EDUCATION, T.CAREER_DEVELOPMENT),
    ),
]

RECIPROCAL_MEETINGS = [
    Conversation(
        "First meeting: wrote our agreement. Shared how each of us came to work here.",
        (T.RELATIONSHIPS_COLLEAGUES,),
        MentoringModel.NONE,
    ),
    Conversation(
        "A week on the ward, told honestly: staffing, who gets the training places, what goes "
        "unsaid. Talked about what the board never hears.",
        (T.RELATIONSHIPS_COLLEAGUES, T.ENGAGEMENT),
        MentoringModel.NONE,
    ),
    Conversation(
        "Looked together at the directorate's shortlisting figures and why BME applicants are "
        "less likely to be appointed.",
        (T.CAREER_DEVELOPMENT, T.MANAGING_CHANGE),
        MentoringModel.NONE,
    ),
    Conversation(
        "Debrief of the executive meeting shadowing: what surprised us both.",
        (T.CAREER_DEVELOPMENT, T.OPPORTUNITY),
        MentoringModel.NONE,
    ),
    Conversation(
        "Talked about racism from patients and how managers respond. Agreed one change to "
        "take to the directorate team.",
        (T.BULLYING_HARASSMENT, T.DEVELOPING_TEAMS),
        MentoringModel.NONE,
    ),
    Conversation(
        "Reviewed our goals: both halfway. Planned the presentation to the board together.",
        (T.CAREER_DEVELOPMENT, T.CONFIDENCE),
        MentoringModel.GROW,
    ),
]

CIRCLE_MEETINGS = [
    Conversation(
        "First circle: introductions, ground rules and our agreement. Each of us named one "
        "thing we want from the year.",
        (T.CAREER_DEVELOPMENT, T.RELATIONSHIPS_COLLEAGUES),
        MentoringModel.CLEAR,
    ),
    Conversation(
        "Peer session on writing a conference abstract; two of us will submit to the AHP "
        "conference.",
        (T.CAREER_DEVELOPMENT, T.OPPORTUNITY),
    ),
    Conversation(
        "Working in small teams: how each profession handles waiting lists and pressure.",
        (T.WORKLOAD, T.DEVELOPING_TEAMS, T.STRESS),
        MentoringModel.NONE,
    ),
    Conversation(
        "Confidence in multidisciplinary meetings: practised speaking first.",
        (T.CONFIDENCE, T.RELATIONSHIPS_COLLEAGUES),
        MentoringModel.OSKAR,
    ),
    Conversation(
        "Band 7 applications: shared statements and gave each other feedback.",
        (T.CAREER_DEVELOPMENT,),
    ),
]

PRIVATE_NOTES = [
    "Seemed tired. Check in about workload next time.",
    "I talked too much. Ask more and tell less.",
    "Send the link to the leadership course before Friday.",
    "Nervous about raising the ward incident; glad I did.",
    "Remember to ask how the interview went.",
    "I need to follow up the introduction I promised.",
]

NEXT_MEETING_TIMES = ["12:30", "13:00", "16:00", "08:30"]
