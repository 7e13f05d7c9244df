"""What partners write into their agreement: aims, expectations, arrangements and limits."""

from __future__ import annotations

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
