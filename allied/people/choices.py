"""Fixed vocabularies for profiles and demographics (NHS and ONS 2021 categories)."""

from __future__ import annotations

from django.db import models

# The ethnic-group vocabulary lives with the organisation, whose BME definition is made of it.
from allied.accounts.choices import (
    DEFAULT_BME_GROUPS,
    ETHNIC_HIGH_LEVEL_GROUPS,
    PREFER_NOT_TO_SAY,
    EthnicGroup,
    ethnic_high_level_group,
)

__all__ = [
    "DEFAULT_BME_GROUPS",
    "ETHNIC_HIGH_LEVEL_GROUPS",
    "PREFER_NOT_TO_SAY",
    "EthnicGroup",
    "ethnic_high_level_group",
]


class Profession(models.TextChoices):
    # The fourteen allied health professions.
    ART_THERAPIST = "art_therapist", "Art therapist"
    DRAMATHERAPIST = "dramatherapist", "Dramatherapist"
    MUSIC_THERAPIST = "music_therapist", "Music therapist"
    PODIATRIST = "podiatrist", "Chiropodist or podiatrist"
    DIETITIAN = "dietitian", "Dietitian"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    OPERATING_DEPARTMENT_PRACTITIONER = (
        "operating_department_practitioner",
        "Operating department practitioner",
    )
    ORTHOPTIST = "orthoptist", "Orthoptist"
    OSTEOPATH = "osteopath", "Osteopath"
    PARAMEDIC = "paramedic", "Paramedic"
    PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
    PROSTHETIST_ORTHOTIST = "prosthetist_orthotist", "Prosthetist or orthotist"
    RADIOGRAPHER = "radiographer", "Radiographer"
    SPEECH_LANGUAGE_THERAPIST = "speech_language_therapist", "Speech and language therapist"
    # Other staff groups.
    NURSING = "nursing", "Nursing"
    MIDWIFERY = "midwifery", "Midwifery"
    MEDICINE_DENTISTRY = "medicine_dentistry", "Medicine and dentistry"
    HEALTHCARE_SCIENCE = "healthcare_science", "Healthcare science"
    PHARMACY = "pharmacy", "Pharmacy"
    PSYCHOLOGY = "psychology", "Psychology"
    MANAGEMENT = "management", "Management and administration"
    OTHER = "other", "Other"


ALLIED_HEALTH_PROFESSIONS = frozenset(list(Profession)[:14])


class Band(models.TextChoices):
    BAND_1 = "1", "Band 1"
    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8A = "8a", "Band 8a"
    BAND_8B = "8b", "Band 8b"
    BAND_8C = "8c", "Band 8c"
    BAND_8D = "8d", "Band 8d"
    BAND_9 = "9", "Band 9"
    FOUNDATION = "foundation", "Foundation doctor"
    RESIDENT = "resident", "Specialty registrar or resident doctor in training"
    SPECIALTY_DOCTOR = "specialty_doctor", "Specialty doctor"
    SPECIALIST = "specialist", "Specialist or associate specialist"
    CONSULTANT = "consultant", "Consultant"
    VSM = "vsm", "Very senior manager"


# Seniority on one scale, so eligibility ("8c and above") and matching ("a mentor at least two
# bands above") can compare any two grades. Medical grades sit beside the Agenda for Change
# band their pay most resembles; this is an approximation for comparison, not a pay scale.
BAND_RANK: dict[str, int] = {
    "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7,
    "8a": 8, "8b": 9, "8c": 10, "8d": 11, "9": 12, "vsm": 13,
    "foundation": 5, "resident": 7, "specialty_doctor": 8,
    "specialist": 9, "consultant": 11,
}  # fmt: skip


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBED = "other", "In another way"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class AgeBand(models.TextChoices):
    UNDER_25 = "16_24", "16 to 24"
    AGE_25_34 = "25_34", "25 to 34"
    AGE_35_44 = "35_44", "35 to 44"
    AGE_45_54 = "45_54", "45 to 54"
    AGE_55_64 = "55_64", "55 to 64"
    AGE_65_PLUS = "65_plus", "65 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"
