# ruff: noqa: E501 — tables read best one row a line
"""The demo trust's posts: its directorates, sites, named senior posts, the mix of staff groups
in each band, where each profession works and what its posts are called."""

from __future__ import annotations

import random
from dataclasses import dataclass

from allied.people.choices import BAND_RANK

# Directorates.
EXEC = "Executive Office"
THER = "Therapies and Allied Health Professions"
NMQ = "Nursing, Midwifery and Quality"
MED = "Medicine and Urgent Care"
SURG = "Surgery and Critical Care"
WCH = "Women's and Children's Services"
CSS = "Clinical Support Services"
COMM = "Community and Mental Health"
PEOPLE = "People and Organisational Development"
FIN = "Finance, Estates and Digital"

# Sites.
GENERAL = "Northfield General Hospital"
ST_AIDANS = "St Aidan's Community Hospital"
RIVERSIDE = "Riverside Health Centre"
WESTBROOK = "Westbrook Mental Health Unit"
MOORGATE = "Moorgate House"


@dataclass(frozen=True)
class Post:
    """One post, before anyone fills it."""

    key: str  # a stable name for posts the plan refers to ("ceo", "demo:mentee"); "" otherwise
    job_title: str
    profession: str
    band: str
    directorate: str
    team: str
    site: str
    reports_to: str = ""  # key of a named post; otherwise found by seniority
    # Fixed for demo accounts; drawn for everyone else.
    full_name: str = ""
    ethnic_group: str = ""
    sex: str = ""
    age_band: str = ""
    pronouns: str = ""


# fmt: off
P = Post
# The senior leadership (every post at band 8c and above) and the consultants.
SENIOR_POSTS: list[Post] = [
    # Executive directors (very senior managers).
    P("ceo", "Chief Executive", "management", "vsm", EXEC, "Executive team", MOORGATE),
    P("chief_nurse", "Chief Nurse", "nursing", "vsm", NMQ, "Executive team", MOORGATE, "ceo"),
    P("medical_director", "Medical Director", "medicine_dentistry", "vsm", EXEC, "Executive team", MOORGATE, "ceo"),
    P("coo", "Chief Operating Officer", "management", "vsm", EXEC, "Executive team", MOORGATE, "ceo"),
    P("dof", "Director of Finance", "management", "vsm", FIN, "Executive team", MOORGATE, "ceo"),
    P("cpo", "Chief People Officer", "management", "vsm", PEOPLE, "Executive team", MOORGATE, "ceo"),
    P("strategy", "Director of Strategy and Partnerships", "management", "vsm", EXEC, "Executive team", MOORGATE, "ceo"),
    P("cdio", "Chief Digital and Information Officer", "management", "vsm", FIN, "Executive team", MOORGATE, "dof"),
    # Band 9.
    P("demo:leader", "Director of Allied Health Professions", "physiotherapist", "9", THER, "Therapies leadership", GENERAL, "chief_nurse",
      full_name="Catherine Whitfield", ethnic_group="white_british", sex="female", age_band="45_54", pronouns="she/her"),
    P("dir_midwifery", "Director of Midwifery", "midwifery", "9", WCH, "Maternity", GENERAL, "chief_nurse"),
    P("dir_ops_med", "Director of Operations, Medicine and Urgent Care", "management", "9", MED, "Directorate management", GENERAL, "coo"),
    P("dir_ops_surg", "Director of Operations, Surgery and Critical Care", "management", "9", SURG, "Directorate management", GENERAL, "coo"),
    P("dir_ops_comm", "Director of Community and Mental Health Services", "nursing", "9", COMM, "Directorate management", WESTBROOK, "coo"),
    P("dir_estates", "Director of Estates and Facilities", "management", "9", FIN, "Estates and Facilities", MOORGATE, "dof"),
    # Band 8d.
    P("deputy_chief_nurse", "Deputy Chief Nurse", "nursing", "8d", NMQ, "Nursing leadership", GENERAL, "chief_nurse"),
    P("deputy_people", "Deputy Director of People", "management", "8d", PEOPLE, "Workforce and HR", MOORGATE, "cpo"),
    P("deputy_finance", "Deputy Director of Finance", "management", "8d", FIN, "Finance", MOORGATE, "dof"),
    P("ad_css", "Associate Director of Clinical Support Services", "healthcare_science", "8d", CSS, "Directorate management", GENERAL, "coo"),
    P("chief_pharmacist", "Chief Pharmacist", "pharmacy", "8d", CSS, "Pharmacy", GENERAL, "medical_director"),
    P("deputy_coo", "Deputy Chief Operating Officer", "management", "8d", EXEC, "Operations centre", GENERAL, "coo"),
    P("head_psych", "Head of Psychological Professions", "psychology", "8d", COMM, "Psychological Services", WESTBROOK, "dir_ops_comm"),
    P("adn_wch", "Associate Director of Nursing, Women's and Children's", "nursing", "8d", WCH, "Paediatrics", GENERAL, "dir_midwifery"),
    # Band 8c.
    P("ad_therapies", "Associate Director of Therapies", "occupational_therapist", "8c", THER, "Therapies leadership", GENERAL, "demo:leader"),
    P("ad_diagnostics", "Associate Director of Diagnostics", "radiographer", "8c", CSS, "Radiology", GENERAL, "ad_css"),
    P("adn_med", "Associate Director of Nursing, Medicine", "nursing", "8c", MED, "Nursing leadership", GENERAL, "deputy_chief_nurse"),
    P("adn_surg", "Associate Director of Nursing, Surgery", "nursing", "8c", SURG, "Nursing leadership", GENERAL, "deputy_chief_nurse"),
    P("head_midwifery", "Head of Midwifery", "midwifery", "8c", WCH, "Maternity", GENERAL, "dir_midwifery"),
    P("ad_od", "Associate Director of Organisational Development", "management", "8c", PEOPLE, "Organisational Development", MOORGATE, "deputy_people"),
    P("ad_workforce", "Associate Director of Workforce", "management", "8c", PEOPLE, "Workforce and HR", MOORGATE, "deputy_people"),
    P("head_finance", "Head of Financial Management", "management", "8c", FIN, "Finance", MOORGATE, "deputy_finance"),
    P("ad_quality", "Associate Director of Quality and Patient Safety", "nursing", "8c", NMQ, "Patient Safety", GENERAL, "deputy_chief_nurse"),
    P("head_digital", "Head of Digital Services", "management", "8c", FIN, "Digital Services", MOORGATE, "cdio"),
    P("ad_ops_comm", "Associate Director of Operations, Community Services", "management", "8c", COMM, "Directorate management", ST_AIDANS, "dir_ops_comm"),
    P("head_pathology", "Head of Pathology Services", "healthcare_science", "8c", CSS, "Pathology", GENERAL, "ad_css"),
    # Consultants.
    P("cd_medicine", "Clinical Director for Medicine, Consultant Respiratory Physician", "medicine_dentistry", "consultant", MED, "Respiratory", GENERAL, "medical_director"),
    P("cd_surgery", "Clinical Director for Surgery, Consultant Orthopaedic Surgeon", "medicine_dentistry", "consultant", SURG, "Orthopaedics", GENERAL, "medical_director"),
    P("", "Consultant Cardiologist", "medicine_dentistry", "consultant", MED, "Cardiology", GENERAL, "cd_medicine"),
    P("", "Consultant Geriatrician", "medicine_dentistry", "consultant", MED, "Elderly Care", GENERAL, "cd_medicine"),
    P("", "Consultant in Emergency Medicine", "medicine_dentistry", "consultant", MED, "Emergency Department", GENERAL, "cd_medicine"),
    P("", "Consultant Anaesthetist", "medicine_dentistry", "consultant", SURG, "Critical Care", GENERAL, "cd_surgery"),
    P("", "Consultant Obstetrician and Gynaecologist", "medicine_dentistry", "consultant", WCH, "Maternity", GENERAL, "medical_director"),
    P("", "Consultant Psychiatrist", "medicine_dentistry", "consultant", COMM, "Adult Mental Health", WESTBROOK, "medical_director"),
    P("", "Consultant Radiologist", "medicine_dentistry", "consultant", CSS, "Radiology", GENERAL, "medical_director"),
]

# The people behind the demo sign-ins (the senior leader is above, as Director of AHPs).
DEMO_POSTS: list[Post] = [
    P("demo:mentee", "Specialist Occupational Therapist", "occupational_therapist", "6", THER, "Neuro-rehabilitation", GENERAL,
      full_name="Amara Okonkwo", ethnic_group="black_african", sex="female", age_band="25_34", pronouns="she/her"),
    P("demo:mentor", "Head of Speech and Language Therapy", "speech_language_therapist", "8b", THER, "Speech and Language Therapy", GENERAL, "ad_therapies",
      full_name="Farah Siddiqui", ethnic_group="asian_pakistani", sex="female", age_band="45_54", pronouns="she/her"),
    P("demo:facilitator", "Head of Organisational Development", "management", "8b", PEOPLE, "Organisational Development", MOORGATE, "ad_od",
      full_name="Grace Adeyemi-Clarke", ethnic_group="mixed_white_black_african", sex="female", age_band="35_44", pronouns="she/her"),
    P("demo:cochair", "Clinical Nurse Specialist, Stroke", "nursing", "7", MED, "Stroke Unit", GENERAL, "adn_med",
      full_name="Imran Hussain", ethnic_group="asian_pakistani", sex="male", age_band="35_44", pronouns="he/him"),
    P("demo:evaluator", "Research and Evaluation Lead", "psychology", "8a", PEOPLE, "Organisational Development", MOORGATE, "ad_od",
      full_name="Nadia Kowalczyk", ethnic_group="white_other", sex="female", age_band="35_44"),
    P("demo:admin", "People Systems Manager", "management", "7", PEOPLE, "Workforce and HR", MOORGATE, "ad_workforce",
      full_name="Mark Ellison", ethnic_group="white_british", sex="male", age_band="45_54", pronouns="he/him"),
]

# Allied health professions in rotation: support posts (bands 2–4), then qualified posts, roughly
# in proportion to their numbers in the NHS (many physiotherapists, few music therapists).
AHP_SUPPORT = ["physiotherapist", "occupational_therapist", "radiographer", "speech_language_therapist",
               "dietitian", "podiatrist", "operating_department_practitioner"]
AHP_QUALIFIED = [
    "occupational_therapist", "physiotherapist", "radiographer", "speech_language_therapist",
    "paramedic", "dietitian", "operating_department_practitioner", "physiotherapist",
    "occupational_therapist", "podiatrist", "radiographer", "orthoptist", "physiotherapist",
    "art_therapist", "occupational_therapist", "prosthetist_orthotist", "radiographer", "paramedic",
    "dramatherapist", "speech_language_therapist", "physiotherapist", "music_therapist",
    "dietitian", "osteopath", "occupational_therapist", "operating_department_practitioner",
]
ARTS = frozenset({"art_therapist", "dramatherapist", "music_therapist"})

# How many posts of each staff group each band holds (the demo's sample of the trust).
BAND_MIX: dict[str, dict[str, int]] = {
    "2": {"nursing": 8, "management": 6, "ahp": 1},
    "3": {"nursing": 9, "management": 8, "ahp": 5, "healthcare_science": 1, "pharmacy": 1, "midwifery": 1},
    "4": {"nursing": 6, "management": 9, "ahp": 6, "healthcare_science": 2, "psychology": 1, "pharmacy": 1},
    "5": {"nursing": 18, "midwifery": 3, "ahp": 16, "healthcare_science": 3, "pharmacy": 2, "psychology": 1, "management": 7},
    "6": {"nursing": 16, "midwifery": 4, "ahp": 18, "healthcare_science": 3, "pharmacy": 3, "psychology": 2, "management": 9},
    "7": {"nursing": 12, "midwifery": 2, "ahp": 12, "healthcare_science": 2, "pharmacy": 2, "psychology": 3, "management": 7},
    "8a": {"nursing": 5, "midwifery": 1, "ahp": 6, "healthcare_science": 1, "pharmacy": 2, "psychology": 2, "management": 5},
    "8b": {"nursing": 3, "midwifery": 1, "ahp": 4, "healthcare_science": 1, "pharmacy": 1, "psychology": 1, "management": 3},
}

JUNIOR_DOCTORS: list[tuple[str, str, str, str]] = [
    ("specialty_doctor", "Specialty Doctor in Emergency Medicine", MED, "Emergency Department"),
    ("specialty_doctor", "Specialty Doctor in Psychiatry", COMM, "Adult Mental Health"),
    ("specialty_doctor", "Specialty Doctor in Anaesthetics", SURG, "Critical Care"),
    ("specialist", "Specialist in Obstetrics and Gynaecology", WCH, "Maternity"),
    ("resident", "Specialty Registrar in Geriatric Medicine", MED, "Elderly Care"),
    ("resident", "Specialty Registrar in General Surgery", SURG, "General Surgery"),
    ("resident", "Core Trainee in Psychiatry", COMM, "Adult Mental Health"),
    ("resident", "Specialty Registrar in Cardiology", MED, "Cardiology"),
    ("resident", "Specialty Registrar in Paediatrics", WCH, "Paediatrics"),
    ("foundation", "Foundation Year 1 Doctor", MED, "Acute Medical Unit"),
    ("foundation", "Foundation Year 2 Doctor", SURG, "General Surgery"),
]

# Where each profession works: (directorate, team, site) options.
PLACES: dict[str, list[tuple[str, str, str]]] = {
    "occupational_therapist": [(THER, "Acute Therapies", GENERAL), (THER, "Neuro-rehabilitation", GENERAL),
                               (COMM, "Community Rehabilitation", ST_AIDANS), (COMM, "Adult Mental Health", WESTBROOK)],
    "physiotherapist": [(THER, "Acute Therapies", GENERAL), (THER, "MSK Outpatients", RIVERSIDE),
                        (THER, "Neuro-rehabilitation", GENERAL), (COMM, "Community Rehabilitation", ST_AIDANS),
                        (SURG, "Critical Care", GENERAL)],
    "speech_language_therapist": [(THER, "Speech and Language Therapy", GENERAL), (WCH, "Paediatrics", RIVERSIDE)],
    "dietitian": [(THER, "Dietetics", GENERAL)],
    "podiatrist": [(THER, "Podiatry", RIVERSIDE), (COMM, "Community Rehabilitation", ST_AIDANS)],
    "orthoptist": [(THER, "Orthoptics", GENERAL)],
    "prosthetist_orthotist": [(THER, "Orthotics and Prosthetics", ST_AIDANS)],
    "osteopath": [(THER, "MSK Outpatients", RIVERSIDE)],
    "art_therapist": [(COMM, "Arts Therapies", WESTBROOK)],
    "dramatherapist": [(COMM, "Arts Therapies", WESTBROOK)],
    "music_therapist": [(COMM, "Arts Therapies", WESTBROOK)],
    "paramedic": [(COMM, "Urgent Community Response", ST_AIDANS), (MED, "Emergency Department", GENERAL)],
    "operating_department_practitioner": [(SURG, "Theatres", GENERAL)],
    "radiographer": [(CSS, "Radiology", GENERAL), (CSS, "Radiology", ST_AIDANS)],
    "nursing": [(MED, "Acute Medical Unit", GENERAL), (MED, "Emergency Department", GENERAL),
                (MED, "Cardiology", GENERAL), (MED, "Respiratory", GENERAL), (MED, "Elderly Care", GENERAL),
                (MED, "Stroke Unit", GENERAL), (SURG, "Theatres", GENERAL), (SURG, "Critical Care", GENERAL),
                (SURG, "Orthopaedics", GENERAL), (SURG, "General Surgery", GENERAL),
                (COMM, "Community Nursing", ST_AIDANS), (COMM, "Adult Mental Health", WESTBROOK),
                (WCH, "Paediatrics", GENERAL), (WCH, "Neonatal Unit", GENERAL),
                (NMQ, "Infection Prevention and Control", GENERAL), (NMQ, "Safeguarding", MOORGATE)],
    "midwifery": [(WCH, "Maternity", GENERAL), (WCH, "Community Midwifery", RIVERSIDE)],
    "healthcare_science": [(CSS, "Pathology", GENERAL), (CSS, "Cardiac Physiology", GENERAL),
                           (CSS, "Audiology", RIVERSIDE)],
    "pharmacy": [(CSS, "Pharmacy", GENERAL), (CSS, "Pharmacy", WESTBROOK)],
    "psychology": [(COMM, "Psychological Services", WESTBROOK), (COMM, "Adult Mental Health", WESTBROOK),
                   (THER, "Neuro-rehabilitation", GENERAL)],
    "management": [(PEOPLE, "Workforce and HR", MOORGATE), (PEOPLE, "Learning and Development", MOORGATE),
                   (PEOPLE, "Organisational Development", MOORGATE), (FIN, "Finance", MOORGATE),
                   (FIN, "Digital Services", MOORGATE), (FIN, "Estates and Facilities", GENERAL),
                   (FIN, "Information and Performance", MOORGATE), (MED, "Directorate management", GENERAL),
                   (SURG, "Directorate management", GENERAL), (COMM, "Directorate management", ST_AIDANS),
                   (WCH, "Maternity", GENERAL), (THER, "Therapies leadership", GENERAL),
                   (EXEC, "Executive team", MOORGATE), (CSS, "Directorate management", GENERAL)],
}

# AHP job-title words: (practitioner, field).
AHP_WORDS: dict[str, tuple[str, str]] = {
    "occupational_therapist": ("Occupational Therapist", "Occupational Therapy"),
    "physiotherapist": ("Physiotherapist", "Physiotherapy"),
    "speech_language_therapist": ("Speech and Language Therapist", "Speech and Language Therapy"),
    "dietitian": ("Dietitian", "Dietetics"),
    "podiatrist": ("Podiatrist", "Podiatry"),
    "orthoptist": ("Orthoptist", "Orthoptics"),
    "prosthetist_orthotist": ("Orthotist", "Orthotics"),
    "osteopath": ("Osteopath", "Osteopathy"),
    "art_therapist": ("Art Psychotherapist", "Arts Therapies"),
    "dramatherapist": ("Dramatherapist", "Arts Therapies"),
    "music_therapist": ("Music Therapist", "Arts Therapies"),
    "paramedic": ("Paramedic", "Paramedic Practice"),
    "operating_department_practitioner": ("Operating Department Practitioner", "Theatres"),
    "radiographer": ("Diagnostic Radiographer", "Radiography"),
}

TITLES: dict[str, dict[str, list[str]]] = {
    "nursing": {
        "2": ["Healthcare Support Worker"], "3": ["Senior Healthcare Assistant"],
        "4": ["Nursing Associate"], "5": ["Staff Nurse", "Registered Nurse"],
        "6": ["Senior Staff Nurse", "Deputy Ward Manager", "Junior Sister"],
        "7": ["Ward Manager", "Clinical Nurse Specialist", "Advanced Nurse Practitioner"],
        "8a": ["Matron", "Lead Nurse"], "8b": ["Head of Nursing"],
    },
    "midwifery": {
        "3": ["Maternity Support Worker"], "5": ["Midwife"], "6": ["Midwife", "Community Midwife"],
        "7": ["Labour Ward Coordinator", "Specialist Midwife"], "8a": ["Maternity Matron"],
        "8b": ["Deputy Head of Midwifery"],
    },
    "healthcare_science": {
        "3": ["Healthcare Science Assistant"], "4": ["Associate Practitioner, Pathology"],
        "5": ["Biomedical Scientist", "Cardiac Physiologist"],
        "6": ["Specialist Biomedical Scientist", "Audiologist"],
        "7": ["Senior Clinical Physiologist", "Lead Biomedical Scientist"],
        "8a": ["Pathology Quality Manager"], "8b": ["Consultant Clinical Scientist"],
    },
    "pharmacy": {
        "3": ["Pharmacy Assistant"], "4": ["Pharmacy Technician"], "5": ["Pharmacy Technician"],
        "6": ["Rotational Pharmacist", "Senior Pharmacy Technician"], "7": ["Specialist Pharmacist"],
        "8a": ["Advanced Pharmacist"], "8b": ["Lead Pharmacist, Medicines Optimisation"],
    },
    "psychology": {
        "4": ["Assistant Psychologist"], "5": ["Psychological Wellbeing Practitioner"],
        "6": ["Trainee Clinical Psychologist"], "7": ["Clinical Psychologist"],
        "8a": ["Senior Clinical Psychologist"], "8b": ["Principal Clinical Psychologist"],
    },
    "management": {
        "2": ["Ward Clerk", "Receptionist", "Housekeeper"],
        "3": ["Administrator", "Medical Secretary", "Rota Coordinator", "Patient Access Officer"],
        "4": ["Medical Secretary", "Team Administrator", "HR Assistant", "Finance Assistant"],
        "5": ["Service Coordinator", "HR Advisor", "Finance Officer", "Project Officer",
              "Learning and Development Coordinator"],
        "6": ["Patient Pathway Coordinator", "Senior HR Advisor", "Management Accountant",
              "Equality, Diversity and Inclusion Officer", "Digital Trainer"],
        "7": ["Service Manager", "HR Business Partner", "Project Manager", "Senior Information Analyst"],
        "8a": ["Operational Manager", "Senior HR Business Partner", "Senior Finance Manager",
               "Head of Learning and Development"],
        "8b": ["General Manager", "Head of Workforce Planning", "Head of Equality, Diversity and Inclusion"],
    },
}
# fmt: on


def ahp_title(profession: str, band: str, rng: random.Random) -> str:
    person, field = AHP_WORDS[profession]
    options = {
        "2": ["Therapy Support Worker"],
        "3": ["Therapy Assistant" if profession in ARTS else f"{field} Assistant"],
        "4": [f"{field} Assistant Practitioner", "Therapy Technical Instructor"],
        "5": [person],
        "6": [f"Specialist {person}", f"Senior {person}"],
        "7": [
            f"Highly Specialist {person}",
            f"Clinical Lead {person}",
            f"Advanced Practitioner, {field}",
        ],
        "8a": [f"Principal {person}", f"{field} Team Lead"],
        "8b": [f"Head of {field}", f"Consultant {person}"],
    }[band]
    if profession == "paramedic" and band == "7":
        options = ["Advanced Paramedic Practitioner"]
    if profession == "operating_department_practitioner" and band in ("7", "8a", "8b"):
        options = [
            {"7": "Theatre Team Leader", "8a": "Theatre Manager", "8b": "Head of Theatres"}[band]
        ]
    if profession == "radiographer" and band == "6":
        options = ["Senior Radiographer, CT", "Senior Radiographer, MRI"]
    return rng.choice(options)


def job_title(profession: str, band: str, rng: random.Random) -> str:
    """A usual job title for a post in this profession and band."""
    if profession in AHP_WORDS:
        return ahp_title(profession, band, rng)
    by_band = TITLES[profession]
    return rng.choice(by_band.get(band) or by_band[max(by_band, key=lambda b: BAND_RANK[b])])
