"""One-off and informal mentoring, and the trust's list of well-being support."""

from __future__ import annotations

from dataclasses import dataclass

from allied.partnerships.choices import SupportKind
from allied.partnerships.models import InformalLog

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
