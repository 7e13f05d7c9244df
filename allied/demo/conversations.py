"""What demo partners write: agreements, meeting summaries, notes, goals, opportunities, check-in
answers and closing reflections, plus the trust's list of well-being support.

Plain data, in the voice of the people who would write it. `relationships.py` picks from these
pools with a fixed random seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from allied.partnerships.choices import MentoringModel, SponsorshipKind, SupportKind
from allied.partnerships.choices import WorkwellTopic as T
from allied.partnerships.models import InformalLog

# --- Agreements ------------------------------------------------------------------------------

EXPECTATIONS = {
    "mentee": [
        "Honest feedback, including on my applications, and help to see where I could go next. "
        "I will bring an agenda to each meeting.",
        "Someone outside my department to think out loud with. I will do what we agree between "
        "meetings.",
        "Help to get ready for a band 7 interview, and introductions to people I would not "
        "otherwise meet.",
        "That you challenge me when I undersell myself. I will keep a log and share it.",
    ],
    "mentor": [
        "That you set the agenda and tell me what would help. I will open doors where I can, "
        "and say so when I cannot.",
        "Regular, protected time. I will pass on opportunities as they come up, not just advice.",
        "That you tell me if a meeting is not useful. I will be honest, and I will not "
        "expect you to justify your experiences.",
    ],
    "senior_leader": [
        "To hear, honestly, what working here is like for you, and to be challenged on what I "
        "do not see from the board.",
        "That you tell me when I get it wrong. I will act on at least one thing I learn.",
    ],
    "bme_partner": [
        "To understand how decisions are really made at the top, and to be treated as an "
        "equal in this partnership.",
        "That my experience is taken seriously, not explained away. I will be candid.",
    ],
    "circle_lead": [
        "A safe space where everyone speaks and nobody dominates, me included.",
    ],
    "circle_member": [
        "To learn from colleagues in other professions and to leave each time with one next step.",
        "Peer support from people who understand the pressures of working in a small team.",
    ],
}

MUTUAL_AIMS = {
    "pair": [
        "A band 7 application ready by the spring, and a network beyond our own department.",
        "Build confidence in leading meetings and presenting to senior colleagues.",
        "A clear decision between a clinical academic path and management, with a plan for it.",
        "Prepare for a first leadership role, and get a quality-improvement project started.",
    ],
    "reciprocal": [
        "Each of us changes one thing in our own work because of what we learn from the other.",
        "Understand each other's worlds, and take what we learn to the board and to the ward.",
    ],
    "circle": [
        "Support each other's development across professions, and share what works.",
    ],
}
FREQUENCY = {
    "pair": ["Monthly, for an hour", "Every four weeks, for about an hour", "Monthly, 45 minutes"],
    "reciprocal": ["Monthly, for 90 minutes", "Every four to six weeks, for an hour"],
    "circle": ["Monthly, Tuesday lunchtime, 90 minutes"],
}
ARRANGEMENTS = [
    "Alternating Teams and in person in the quiet room at Riverside Health Centre.",
    "In person in a bookable room in the Education Centre, Teams when rotas make that hard.",
    "A walk round Westbrook park when the weather allows, otherwise a Teams call.",
    "On Teams with cameras on, and in person once a quarter.",
]
CONFIDENTIALITY = (
    "What we discuss stays between us. The limits: a risk to a patient's or anyone's safety, or "
    "a serious breach of professional standards, which we would talk about first before taking "
    "it further."
)
RACE_NOTES = [
    "The mentee raises race when they want to; the mentor holds the conversation, and says so "
    "when they do not know. Either of us can say 'not today'.",
    "We agreed to talk about race and racism openly, and that neither of us has to.",
    "",
]
BOUNDARIES = (
    "This is not line management or counselling. If something needs other support we will look "
    "at the trust's support list together, and we will not discuss individual patients."
)


# --- Meetings --------------------------------------------------------------------------------


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


# --- Goals and sponsorship ---------------------------------------------------------------------


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


# --- Check-ins and reflections -------------------------------------------------------------------

PULSE_NOTES = [
    "",
    "",
    "",
    "Going well. We meet every month and it is already useful.",
    "Really valuable: I feel more confident at work.",
]
MISALIGNED_NOTE = (
    "I hoped for help with applications, but we mostly talk about my mentor's own service. I "
    "don't feel able to say so yet."
)
LOW_NOTES = [
    "We keep cancelling. I am not sure it is helping either of us.",
    "Hard to find time on the rota; when we do meet it is rushed.",
]
WORRIED_MENTOR_NOTE = (
    "I haven't heard from my mentee for two months. I have emailed twice and left a message. I "
    "am worried."
)
NOT_WORKING_NOTE = "We want different things from this, and we both know it."

CONCERN_MESSAGE = (
    "My mentee has not replied since our last meeting two months ago. Before that they mentioned "
    "a lot of stress at work. I don't want to push, but I am worried. Could someone check in?"
)

REFLECTIONS = {
    "completed_mentee": (
        "I was appointed to a band 7 clinical lead post last month. More than the job: I speak "
        "first in meetings now, and I know who to ask when I am stuck."
    ),
    "completed_mentor": (
        "I learned to ask rather than tell, and how much I had assumed about the barriers my "
        "mentee faced. I now pass on opportunities as a habit."
    ),
    "not_working_mentee": (
        "We wanted different things: I needed help with applications and we kept drifting. I "
        "would like to try again with someone else."
    ),
    "not_working_mentor": (
        "We should have revisited our agreement at three months. Next time I will check "
        "expectations early and often."
    ),
    "pilot_leader": (
        "I changed how we shortlist: every band 7 and above panel in my directorate now has a "
        "diverse member, and I publish the figures. I would not have looked without my partner."
    ),
    "pilot_partner": (
        "I presented at the divisional board for the first time, and I have been accepted on "
        "the regional leadership programme. I was treated as an equal throughout."
    ),
    "left_partner": (
        "A good six months, cut short when my partner left the trust. I would like to be "
        "partnered again."
    ),
}

# --- One-off and informal mentoring -------------------------------------------------------------

INFORMAL = [
    (InformalLog.Kind.TASTER, "Taster mentoring sessions at the regional AHP conference", 90),
    (InformalLog.Kind.INFORMAL, "Coaching questions with a newly qualified therapist", 20),
    (InformalLog.Kind.ONE_OFF, "Career conversation with a student on placement", 45),
    (InformalLog.Kind.ONE_OFF, "Interview preparation for a colleague in another team", 60),
    (InformalLog.Kind.INFORMAL, "Listening and signposting after a difficult shift", 30),
]

# --- Well-being support --------------------------------------------------------------------------


@dataclass(frozen=True)
class Support:
    kind: str
    name: str
    description: str
    contact: str


SUPPORT = [
    Support(
        SupportKind.OCCUPATIONAL_HEALTH,
        "Occupational Health and Wellbeing",
        "Confidential advice on health and work, including self-referral for stress, "
        "musculoskeletal problems and returning after absence.",
        "Extension 4420 (01632 960420), occupational.health@demo.allied.nhs.uk",
    ),
    Support(
        SupportKind.EAP,
        "Employee assistance programme",
        "Free, confidential counselling and advice on money, legal and family matters, for you "
        "and your household, 24 hours a day.",
        "Freephone 0808 157 0192",
    ),
    Support(
        SupportKind.PRACTITIONER_HEALTH,
        "NHS Practitioner Health",
        "A free, confidential NHS service for doctors, dentists and other health professionals "
        "with mental health concerns or addiction.",
        "https://www.practitionerhealth.nhs.uk",
    ),
    Support(
        SupportKind.STAFF_NETWORK,
        "BME Staff Network",
        "Peer support, advice and advocacy from colleagues; the co-chairs can be contacted in "
        "confidence.",
        "bme.network@demo.allied.nhs.uk",
    ),
    Support(
        SupportKind.FREEDOM_TO_SPEAK_UP,
        "Freedom to Speak Up Guardian",
        "Raise concerns about patient safety, bullying, harassment or discrimination in "
        "confidence, independently of your line management.",
        "Extension 4550 (01632 960550), speakup@demo.allied.nhs.uk",
    ),
]
