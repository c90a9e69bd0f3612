"""What can be needed and pledged: the categories of the programme."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """A kind of resource, following the "Better Education+" programme."""

    DRINKING_WATER = "DRINKING_WATER"
    NUTRITION = "NUTRITION"
    AIR_QUALITY = "AIR_QUALITY"
    SMART_CLASSROOM = "SMART_CLASSROOM"
    LIBRARY = "LIBRARY"
    SPORTS_ARTS = "SPORTS_ARTS"
    STEM_WORKSHOP = "STEM_WORKSHOP"
    TEACHER_TRAINING = "TEACHER_TRAINING"
    PSYCHOSOCIAL = "PSYCHOSOCIAL"
    FACILITIES = "FACILITIES"
    OTHER = "OTHER"
