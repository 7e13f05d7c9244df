"""What partners answer at check-ins, raise as a concern, and reflect on at the end."""

from __future__ import annotations

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
