"""What demo applicants write in their matching profiles, in their own voice.

Each side has a pool of answers to each of the three default prompts ("What I bring to a
partnership", "What I hope to learn or change", "Something about me that a partner should know").
The pools have different lengths, so cycling through them gives every applicant a different
combination; placeholders fill in the person's own post, team and band.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SENIOR_LEADER = (
    [
        "Twenty-odd years in the NHS, most of them running services through winters that never "
        "seem to end. I can help you read how decisions really get made at board level, and who "
        "to talk to first.",
        "I chair the {directorate} board, so I can open doors: shadowing at executive meetings, "
        "introductions, and a sponsor's word when a role comes up.",
        "A habit of asking 'what would it take?' rather than 'why not?'. I have led two service "
        "redesigns and learned more from the one that failed.",
        "Honesty about what I don't know. I have sat on a lot of interview panels and I am happy "
        "to talk candidly about how shortlisting actually works here.",
        "Time, protected in my diary once a month, and a genuine interest in your work, not just "
        "your career.",
        "Experience of building a team from scratch and of turning round a team in difficulty, "
        "and a network across the integrated care system.",
        "I trained in {profession} before moving into management, so I understand the pull "
        "between clinical work and leadership.",
        "I can explain the money: how budgets, business cases and workforce plans are put "
        "together, and how to get one approved.",
        "I have been a mentor before, but never as an equal partner. I bring curiosity and a "
        "willingness to be uncomfortable.",
        "A good memory for names, a wide network across the region, and no hesitation in using "
        "it on someone else's behalf.",
        "Calm in a crisis, I'm told. I've steered the trust through two CQC inspections and a "
        "cyber incident.",
    ],
    [
        "I want to understand what it is actually like to be a black or minority ethnic "
        "colleague in this trust: not the survey results, the day-to-day.",
        "Our race equality figures say BME staff are less likely to be appointed from "
        "shortlisting. I want to understand why from someone who has lived it, and change what I "
        "can.",
        "How the decisions I make at the top land on the wards. I suspect I am further from "
        "that than I think.",
        "To be a better ally: to notice when I should speak up in a meeting, and to actually "
        "do it.",
        "How our policies feel to the people on the receiving end, especially disciplinaries "
        "and requests for flexible working.",
        "Where my blind spots are. I would rather hear it from a partner than read it in the "
        "staff survey.",
        "How to make our talent conversations fairer. I have realised that most of the people "
        "I have sponsored look like me.",
        "I'd like to get better at listening without jumping to solutions.",
        "What stops good people in {directorate} from applying for the next post up, and what "
        "I could do about it this year.",
        "How to talk about race without being defensive or clumsy. I know I have a lot to learn.",
    ],
    [
        "I am direct and I would like you to be direct with me. If I get something wrong, "
        "please tell me.",
        "I was the first in my family to go to university. I am a keen but slow fell runner.",
        "My diary is chaotic. I will protect our meetings, but nudge me if I move one twice.",
        "I am a parent of two teenagers and a carer for my dad, so early mornings suit me "
        "better than evenings.",
        "I am an introvert who has learned to do the talking. Walking meetings suit me best.",
        "I came to the NHS from local government and still feel like an outsider in clinical "
        "conversations sometimes.",
        "I am nervous about getting the language wrong. I would rather ask a clumsy question "
        "than stay silent.",
        "I'm based at {site} most days, but I am happy to come to you.",
        "I grew up abroad and moved to the UK at sixteen; I know a little of what it is to be "
        "the outsider, though not all of it.",
        "I cycle in every day and I am at my best before 9am.",
        "I have been in this trust for {years} years and I love it, which sometimes makes me "
        "slow to see its faults.",
        "I have a hearing impairment: please face me when we talk, and I prefer video calls "
        "with captions to phone calls.",
    ],
)

BME_PARTNER = (
    [
        "I have worked here as a {job_title_lower} for {years} years, mostly in {team}. I know "
        "how our services feel from the patient's side and the staff side.",
        "I set up the peer support group for internationally educated staff in our directorate, "
        "so I hear a lot about what isn't working.",
        "A view from the front line: I can show you what our policies look like at three in "
        "the morning on a short-staffed shift.",
        "I sit on the BME staff network steering group and I am not afraid of uncomfortable "
        "conversations.",
        "Patience, curiosity, and experience of two health systems. I trained overseas and "
        "have seen teams work very differently.",
        "I'm a good listener, and good at noticing what is not being said in a room.",
        "Practical quality-improvement experience: I led the project on our ward that cut "
        "falls by a third.",
        "An honest account of what it is like to be the only black person in most meetings I "
        "go to.",
        "Energy, ideas, and a lot of questions. I have been told I ask the questions others "
        "are thinking.",
        "I have worked in {team} through two reorganisations, so I know how change lands with "
        "staff.",
        "Experience of mentoring students and newly qualified staff, and of being a union rep.",
        "Plain speaking, with kindness. I will tell you what people say when you are not in "
        "the room.",
        "A love of data. I can show you what the numbers on our ward really mean.",
    ],
    [
        "How senior decisions are made, and how to get my ideas in front of the people who "
        "make them.",
        "I have been at band {band} for six years and applied for promotion four times. I want "
        "to understand what panels are looking for, and what stands in the way.",
        "The confidence to apply for a leadership post, and a network that takes me seriously "
        "when I do.",
        "How to influence upwards without burning out or being labelled 'difficult'.",
        "What it takes to run a service: budgets, business cases and workforce planning.",
        "I would like to see strategy being made. Shadowing a board meeting would be a first "
        "for me.",
        "To understand the pressures senior leaders are under, so I can challenge them better.",
        "How to turn my improvement project into something the whole directorate adopts.",
        "Whether I want to go into management at all, or grow as a clinical specialist.",
        "How to make the case for my team when resources are tight.",
        "I'd like to change how we welcome internationally recruited staff, and I need allies "
        "at the top to do it.",
    ],
    [
        "English is my second language and I sometimes take a moment before I answer: I am "
        "thinking, not disengaged.",
        "I am a single parent of two, so I need meetings in working hours, ideally at lunchtime.",
        "I have dyslexia and prefer to talk things through rather than read long papers.",
        "I'm happy to meet anywhere, but not before 8am: I do the school run.",
        "I have experienced racism from patients and, once, from a colleague. I am happy to "
        "talk about it, but I don't want it to be the only thing we talk about.",
        "A proud Brummie, a church choir singer and a terrible cook.",
        "I am quite reserved until I know someone. Give me a meeting or two.",
        "I work nights on a rota, so I will need flexibility with dates.",
        "I have been in the UK for {years} years and I still find the unwritten rules of the "
        "NHS confusing.",
        "I'm studying for a master's in leadership part time, so I may bring homework!",
        "I was nervous about applying. A colleague encouraged me, and I am glad she did.",
        "I'd like us to meet somewhere other than the hospital if we can.",
    ],
)

MENTOR = (
    [
        "I have worked in {profession} for {years} years, the last six as a manager. I have "
        "mentored on the leadership academy programme and I am trained in GROW and OSKAR.",
        "I have sat on a lot of interview panels and I am happy to run mock interviews and "
        "read applications.",
        "A broad network across the trust and the integrated care system, and a willingness "
        "to make introductions.",
        "Experience of returning to work after long-term sickness, and of leading a team "
        "through a restructure.",
        "I have mentored colleagues from many backgrounds, and I take race and culture "
        "seriously in mentoring.",
        "Practical help with the step from clinician to manager: rotas, budgets, difficult "
        "conversations.",
        "Research experience: I can help with a first paper, a poster or a funding bid.",
    ],
    [
        "I want to keep learning what gets in the way of BME colleagues' progression, so I can "
        "challenge it in my own recruitment.",
        "To get better at coaching rather than telling. I am a fixer by nature.",
        "Fresh perspectives from earlier in someone's career. It keeps me honest about what our "
        "services are really like.",
        "How to be a sponsor, not just a mentor: passing on opportunities, not only advice.",
        "How mentoring across professions works. I have only ever mentored {profession} "
        "colleagues before.",
        "I'd like to understand the barriers internationally educated colleagues face.",
    ],
    [
        "I can mentor up to {capacity} people at a time; I keep Thursday afternoons free for it.",
        "I am based at {site} but happy to meet on Teams or walk round the park.",
        "A keen cyclist and a poor timekeeper. I am working on it.",
        "I'm a Welsh speaker and a school governor.",
        "I would like us to agree at the start what we each expect, and to review it after "
        "three months.",
        "I was mentored early in my career by someone who changed its direction. I want to do "
        "the same for someone else.",
        "I work compressed hours, so Fridays are out.",
        "I have a son with autism, and I know a lot about juggling work and caring.",
    ],
)

MENTEE = (
    [
        "Energy and commitment: I will come prepared and follow through on what we agree.",
        "I am open to feedback, even when it is hard to hear.",
        "A clear sense of where I want to be in five years, and a list of questions.",
        "I have been in {team} for {years} years, and I have a lot of ideas about how we could "
        "do things better.",
        "I'm organised and reliable, and I'll keep a log of what we discuss.",
        "Curiosity. I read widely about leadership and would love someone to test my ideas on.",
        "Experience from two countries' health systems and four languages.",
        "I'm good with people and patients. Now I want to be good at leading them.",
        "Honesty. I will tell you what I actually think, and what I am actually worried about.",
    ],
    [
        "I want to move from band {band} to band {next_band} in the next two years, and I am "
        "not sure which route to take.",
        "Help preparing for interviews. I get shortlisted but never appointed.",
        "How to manage a team for the first time, and how to handle conflict.",
        "To build my confidence speaking up in meetings, especially with consultants.",
        "Whether research or management is the right next step for me.",
        "How to get a secondment or an acting-up opportunity.",
        "How to cope with a heavy caseload without it taking over my life.",
        "To understand how to get my experience from overseas recognised here.",
        "How to build a network. I don't know anyone outside my own team.",
        "I'd like to lead a quality-improvement project and need help getting it started.",
    ],
    [
        "I am a carer for my mum, so I need some flexibility with times.",
        "I trained overseas and joined the NHS {years} years ago. I am still learning the "
        "unwritten rules.",
        "I work part time, Monday to Wednesday.",
        "I would prefer my line manager is not told I am in the scheme for now.",
        "I work nights on a rota; evenings before a shift work best.",
        "I'm a new mum back from maternity leave and finding my feet again.",
        "I am quiet at first, but I get there.",
        "I'm the first person in my family to work in healthcare.",
        "I have a long-term health condition, which means some weeks are harder than others.",
        "I love running and I'd happily do a walking meeting.",
        "I speak three languages and I'm learning a fourth.",
    ],
)

CIRCLE_MEMBER = (
    [
        "Experience as a {job_title_lower} in {team}, and a willingness to share what has and "
        "hasn't worked for me.",
        "I'm a good listener and I keep confidences.",
        "I've just been through a band 7 interview and I'm happy to share what I learned.",
        "Enthusiasm, and biscuits.",
        "I've worked in three trusts, so I can compare how things are done.",
        "I set up our team's journal club and I like bringing people together.",
    ],
    [
        "I'd like to hear how other allied health professionals have built their careers.",
        "To feel less alone. There are very few people like me in {profession} at my level.",
        "How to get a clinical academic role.",
        "How to become a practice educator.",
        "To build my confidence before applying for a team lead post.",
        "I want to learn from people outside my own profession.",
        "How to lead change when you are not the manager.",
    ],
    [
        "I can usually do lunchtimes on Tuesdays and Thursdays.",
        "I'm also applying for one-to-one mentoring, so I want to be realistic about my time.",
        "I'm new to the trust.",
        "I'm the only {profession} on my site.",
        "I'd prefer meetings on Teams as I work across sites.",
    ],
)

CIRCLE_LEAD = (
    [
        "I have led action learning sets for five years and I am a trained coach.",
        "I have been a {job_title_lower} for {years} years, and I have led teams across sites.",
        "I facilitate our AHP leadership forum and enjoy group work.",
        "Experience of leading in {profession} through a lot of change, and of finding a way "
        "through.",
    ],
    [
        "How to hold a group so that quieter voices are heard.",
        "What early-career AHPs need from leaders now; it has changed since I started.",
        "To keep my own facilitation skills fresh.",
    ],
    [
        "I can lead one circle of up to {capacity} people.",
        "I prefer face-to-face meetings at {site}, but I'm flexible.",
        "I'm a firm believer in peer support: it got me through my first management job.",
        "I'll ask everyone to agree ground rules at the first meeting.",
        "I'm a keen gardener and I'll bring tomatoes in the summer.",
    ],
)

POOLS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "senior_leader": SENIOR_LEADER,
    "bme_partner": BME_PARTNER,
    "mentor": MENTOR,
    "mentee": MENTEE,
    "circle_member": CIRCLE_MEMBER,
    "circle_lead": CIRCLE_LEAD,
}

GOALS: dict[str, list[str]] = {
    "senior_leader": [
        "Change at least one of our recruitment practices in my directorate by the end of the "
        "partnership, and be able to say why.",
        "Understand the experience of BME staff in {directorate} well enough to act on it.",
        "Become someone BME colleagues would recommend as an ally.",
    ],
    "bme_partner": [
        "Apply for a band {next_band} post within a year, with a senior sponsor behind me.",
        "Shadow at least two senior meetings and understand how decisions are made.",
        "Lead an improvement project with the backing of a senior leader.",
    ],
    "mentor": [
        "Help a mentee reach their next step, and learn to coach rather than tell.",
        "Pass on at least one real opportunity each quarter.",
    ],
    "mentee": [
        "Be appointed at band {next_band} within two years.",
        "Feel confident chairing a meeting and presenting to senior colleagues.",
        "Complete a leadership course and lead a small project.",
        "Decide between a clinical academic path and management.",
    ],
    "circle_member": ["Build a peer network across professions and sites."],
    "circle_lead": ["Run a circle where everyone leaves with one next step each time."],
}


NEXT_BAND = {"2": "3", "3": "4", "4": "5", "5": "6", "6": "7", "7": "8a", "8a": "8b", "8b": "8c"}
PROFESSION_WORDS = {
    "medicine_dentistry": "medicine",
    "healthcare_science": "healthcare science",
    "management": "management",
    "speech_language_therapist": "speech and language therapy",
    "operating_department_practitioner": "operating department practice",
    "occupational_therapist": "occupational therapy",
    "physiotherapist": "physiotherapy",
    "prosthetist_orthotist": "orthotics",
}


def _words(profession: str, label: str) -> str:
    return PROFESSION_WORDS.get(profession, label.lower())


def profile(side: str, index: int, context: dict[str, Any]) -> tuple[list[str], str]:
    """The three statements and the goals of the `index`-th applicant on a side."""
    pools = POOLS[side]
    # Pools of different lengths, offset: each applicant gets a different combination.
    statements = [pool[(index + 3 * k) % len(pool)] for k, pool in enumerate(pools)]
    goals = GOALS[side][index % len(GOALS[side])]
    return [s.format(**context) for s in statements], goals.format(**context)


def context_for(member: Any, profession_label: str, capacity: int) -> dict[str, Any]:
    """Placeholders for one applicant (a workforce.StaffMember)."""
    return {
        "job_title_lower": " ".join(
            word if word.isupper() and len(word) > 1 else word.lower()
            for word in member.job_title.split()
        ),
        "team": member.team,
        "directorate": member.directorate,
        "site": member.site,
        "band": member.band,
        "next_band": NEXT_BAND.get(member.band, "8c"),
        "years": max(2, date.today().year - member.start_date.year),
        "profession": _words(member.profession, profession_label),
        "capacity": capacity,
    }
