#!/usr/bin/env python3
"""Generate a deterministic, realistic synthetic county of services for benchmarking.

    python bench/generate.py --services N --out DIR [--seed 1] [--districts D]
    python bench/generate.py --out DIR --mutate K

The first form writes a content folder (site.yaml, taxonomy.yaml, organisations/,
services/<district>/, pages/) with N services. The same arguments always give byte-identical
files. The second form changes exactly one service record of an existing generated folder
(its summary), chosen from K, for the "one changed record" rebuild measurement; the same K
always makes the same change, so running it twice with one K changes nothing the second time.

Standard library only, so the harness can run it before anything is installed. YAML is
written as text: strings are plain scalars only where that is certainly safe, otherwise
JSON-escaped double-quoted scalars (which YAML reads the same way).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import os
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from random import Random

GENERATOR_VERSION = 1
TODAY = dt.date(2026, 11, 28)  # reviewed and capacity dates are spread around this day
MARKER = ".bench-generated"  # lets a re-run clear a folder this script made, and no other
SLUG_MAX = 60
SUMMARY_MAX = 160

# -- YAML writing ------------------------------------------------------------------------------

_PLAIN = re.compile(
    r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ '’.,;()&/!?£@+–-]*"
    r"|\d+[a-z]? [A-Z][A-Za-z' ]*"
)  # or a street address: "12 Church Street"
_PLAIN_FLOW = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ '’.;()&/£@+–-]*")
_URL = re.compile(r"https?://[a-z0-9.-]+(?:/[a-z0-9/._-]*)?")
# Words YAML 1.1 (PyYAML) reads as booleans or null when unquoted.
_RESERVED = frozenset(
    w
    for b in ("yes", "no", "true", "false", "on", "off", "null", "y", "n")
    for w in (b, b.capitalize(), b.upper())
)


def q(text: str) -> str:
    """A scalar for block context: plain when certainly read back as this string."""
    if (_PLAIN.fullmatch(text) and not text.endswith(" ") and text not in _RESERVED) or (
        _URL.fullmatch(text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def qf(text: str) -> str:
    """A scalar inside a flow sequence [a, b]: commas and '?' end a plain scalar there."""
    if _PLAIN_FLOW.fullmatch(text) and not text.endswith(" ") and text not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(qf(i) for i in items) + "]"


def block(text: str, indent: str) -> str:
    """A literal block scalar (|) for multi-line Markdown, as people write it by hand."""
    return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


_MD_START = re.compile(r"[-+*>#]|\d+[.)]")


_WRAP = re.compile(r"(.{1,76})(?: +|$)")


def wrap(text: str, width: int = 76) -> str:
    """Greedy word wrap that never starts a line with something Markdown reads as a list."""
    if width == 76:
        # A regular expression does the common case in C; anything unusual (a word longer
        # than a line, a line that would start like a list) takes the careful path below.
        fast = _WRAP.findall(text)
        if " ".join(fast) == text and not any(_MD_START.match(x) for x in fast[1:]):
            return "\n".join(fast)
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width and not _MD_START.match(word):
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    lines.append(cur)
    return "\n".join(lines)


def slugify(text: str) -> str:
    text = text.replace("&", " and ")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def fit_slug(slug: str, room: int = SLUG_MAX) -> str:
    if len(slug) <= room:
        return slug
    cut = slug[: room + 1].rsplit("-", 1)[0]
    return cut if cut else slug[:room]


# -- word lists --------------------------------------------------------------------------------

PLACE_HEADS = (
    "Ash",
    "Bar",
    "Black",
    "Brad",
    "Brent",
    "Bur",
    "Carl",
    "Clay",
    "Cold",
    "Cross",
    "Dun",
    "Elm",
    "Fair",
    "Fern",
    "Fox",
    "Glen",
    "Gold",
    "Green",
    "Grims",
    "Hal",
    "Harl",
    "Haw",
    "Heath",
    "Holm",
    "Kirk",
    "Lang",
    "Lea",
    "Long",
    "Marl",
    "Mill",
    "Moss",
    "Nor",
    "Oak",
    "Ors",
    "Pen",
    "Ral",
    "Red",
    "Rich",
    "Ros",
    "Rush",
    "Sal",
    "Sand",
    "Shaw",
    "Skel",
    "Stan",
    "Stock",
    "Stone",
    "Sud",
    "Thorn",
    "Tod",
    "Ulver",
    "Wal",
    "Whit",
    "Wick",
    "Win",
    "Wood",
    "Wray",
    "Yel",
    "Ack",
    "Brom",
    "Cal",
    "Dar",
    "Ever",
    "Gar",
    "Hey",
    "Kel",
    "Lin",
    "Mel",
    "Ribb",
    "Ather",
    "Calder",
    "Irwell",
    "Thack",
    "Pad",
    "Bolt",
    "Wig",
    "Clith",
    "Garst",
)
PLACE_TAILS = (
    "bury",
    "by",
    "combe",
    "dale",
    "den",
    "field",
    "ford",
    "gate",
    "ham",
    "holme",
    "hurst",
    "ington",
    "ley",
    "minster",
    "moor",
    "port",
    "stead",
    "stone",
    "thorpe",
    "ton",
    "wick",
    "worth",
    "well",
    "bridge",
    "brook",
    "burn",
    "cliffe",
    "croft",
    "haven",
    "mere",
    "side",
    "wood",
    "hall",
    "shaw",
    "leigh",
    "ing",
)
PLACE_BEFORE = ("Great", "Little", "Upper", "Lower", "Nether", "High", "Old", "New")
PLACE_AFTER = ("Bridge", "Green", "Moor", "Park", "Heath", "End", "Fold", "Cross", "Vale")
DISTRICT_FEATURES = (
    "Vale",
    "Valley",
    "Moors",
    "Dales",
    "Coast",
    "Fells",
    "Forest",
    "Hills",
    "Borough",
    "Wolds",
)
COUNTY_NAMES = (
    "Harrowshire",
    "Ashfordshire",
    "Wexmoor",
    "Calderdale and Ribble",
    "Northmere",
    "Brantshire",
    "Kelderland",
    "Holmshire",
)
AREAS = ("North", "East", "Central", "South", "West")
SAINTS = (
    "Anne",
    "Mary",
    "John",
    "Peter",
    "Paul",
    "Andrew",
    "Michael",
    "James",
    "Luke",
    "Mark",
    "Matthew",
    "Margaret",
    "Catherine",
    "Helen",
    "Bartholomew",
    "Chad",
    "Oswald",
    "Wilfrid",
    "Cuthbert",
    "Hilda",
    "Thomas",
    "George",
    "Stephen",
    "Barnabas",
    "Aidan",
    "Bede",
    "Lawrence",
    "Leonard",
    "Nicholas",
    "Saviour",
)
SURNAMES = (
    "Ashworth",
    "Barlow",
    "Crossley",
    "Dobson",
    "Entwistle",
    "Fielding",
    "Greenhalgh",
    "Haworth",
    "Ingham",
    "Jackson",
    "Kenyon",
    "Lord",
    "Marsden",
    "Nuttall",
    "Openshaw",
    "Pilkington",
    "Riley",
    "Sutcliffe",
    "Taylor",
    "Whittaker",
    "Holden",
    "Rawcliffe",
    "Singleton",
    "Hargreaves",
    "Khan",
    "Patel",
    "Hussain",
    "Kowalski",
    "Okafor",
    "O'Neill",
)
STREET_FIRST = (
    "Church",
    "Market",
    "High",
    "Mill",
    "Station",
    "Victoria",
    "Albert",
    "Queen's",
    "King's",
    "Chapel",
    "Park",
    "School",
    "Bridge",
    "Manor",
    "Water",
    "Green",
    "North",
    "South",
    "Castle",
    "Moor",
    "Meadow",
    "Orchard",
    "Oak",
    "Elm",
    "Beech",
    "Willow",
    "Cedar",
    "Hawthorn",
    "Granville",
    "Derby",
    "Wellington",
    "Nelson",
    "Regent",
    "Princess",
    "Pleasant",
    "Union",
    "Cross",
    "Spring",
    "Railway",
    "Canal",
    "Brook",
    "Albion",
    "Abbey",
)
STREET_KIND = (
    "Street",
    "Road",
    "Lane",
    "Avenue",
    "Terrace",
    "Close",
    "Way",
    "Drive",
    "Place",
    "Crescent",
    "Row",
    "Gardens",
    "Grove",
    "Walk",
    "Square",
    "Parade",
)
CENTRE_WORDS = (
    "Bridge",
    "Beacon",
    "Hub",
    "Lighthouse",
    "Meadows",
    "Oasis",
    "Phoenix",
    "Harbour",
    "Willows",
    "Orchard",
    "Acorn",
    "Cornerstone",
)
# (venue name, the short form used in service names); {p} place, {s} saint, {w} word.
VENUES = (
    ("St {s}'s Church Hall", "St {s}'s"),
    ("St {s}'s Parish Centre", "St {s}'s"),
    ("{p} Methodist Church", "{p} Methodist"),
    ("{p} Community Centre", "{p} Community Centre"),
    ("{p} Library", "{p} Library"),
    ("{p} Village Hall", "the Village Hall"),
    ("{p} Baptist Church", "{p} Baptist Church"),
    ("{p} Leisure Centre", "the Leisure Centre"),
    ("{p} Cricket Club", "the Cricket Club"),
    ("The {w} Centre", "the {w} Centre"),
    ("{p} Jamia Mosque", "the Jamia Mosque"),
    ("Guru Nanak Gurdwara", "the Gurdwara"),
    ("{p} Medical Centre", "the Medical Centre"),
    ("Scout and Guide Hut", "the Scout Hut"),
    ("{p} Town Hall", "the Town Hall"),
    ("Salvation Army Hall", "the Salvation Army"),
    ("{p} Quaker Meeting House", "the Meeting House"),
    ("The Old School Rooms", "the Old School Rooms"),
    ("{p} Family Hub", "{p} Family Hub"),
    ("Royal British Legion Club", "the Legion"),
    ("{p} Working Men's Club", "the Working Men's Club"),
    ("{p} Youth Centre", "the Youth Centre"),
    ("{p} Market Hall", "the Market Hall"),
    ("United Reformed Church", "the URC"),
    ("{p} Bowling Club", "the Bowling Club"),
    ("{p} Fire Station Community Room", "the Fire Station"),
)
ACCESS_NOTES_VENUE = (
    "Level access from the car park at the back of the building.",
    "There are two steps at the front door and a ramp at the side entrance.",
    "The hall is on the first floor and there is a lift.",
    "Ring the bell at the side door and a volunteer will let you in.",
    "Blue badge parking is right outside the main entrance.",
    "The nearest bus stop is about 100 metres away on the main road.",
    "A quiet room is available if you need a break.",
)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FEATURES = (
    "step-free",
    "wheelchair-accessible",
    "accessible-toilet",
    "hearing-loop",
    "parking",
    "blue-badge-parking",
    "lift",
    "quiet-space",
    "guide-dogs-welcome",
    "changing-places",
    "near-bus-stop",
)
FEATURE_WEIGHTS = (60, 45, 50, 25, 40, 30, 12, 15, 25, 3, 45)
OTHER_LANGUAGES = (
    "Urdu",
    "Polish",
    "Punjabi",
    "Gujarati",
    "Bengali",
    "Arabic",
    "Romanian",
    "Ukrainian",
    "British Sign Language",
    "Kurdish",
    "Somali",
    "Farsi",
    "Portuguese",
    "Mandarin",
    "Cantonese",
    "Lithuanian",
    "Tigrinya",
    "Pashto",
)
TIMES = {
    "morning": (
        ("09:30", "11:30"),
        ("10:00", "12:00"),
        ("10:00", "11:30"),
        ("09:00", "12:00"),
        ("10:30", "12:00"),
    ),
    "lunch": (("11:30", "14:00"), ("12:00", "14:00"), ("11:45", "13:30"), ("12:00", "13:30")),
    "afternoon": (("13:30", "15:30"), ("14:00", "16:00"), ("13:00", "15:00"), ("14:00", "15:30")),
    "evening": (("18:00", "20:00"), ("18:30", "20:30"), ("19:00", "21:00"), ("17:30", "19:30")),
    "office": (
        ("09:00", "17:00"),
        ("09:30", "16:30"),
        ("10:00", "16:00"),
        ("09:00", "13:00"),
        ("13:00", "17:00"),
    ),
}
MONTH_WEEKS = (
    ["first"],
    ["second"],
    ["third"],
    ["fourth"],
    ["last"],
    ["first", "third"],
    ["second", "fourth"],
    ["second", "last"],
)

# -- categories ----------------------------------------------------------------------------
# Each category carries what the generator needs to write believable services in it.


class Category:
    def __init__(
        self,
        id: str,
        name: str,
        description: str,
        synonyms: tuple[str, ...],
        topic: str,
        nouns: tuple[str, ...],
        acts: tuple[str, ...],
        who: tuple[str, ...],
        related: tuple[str, ...],
        facts: tuple[str, ...],
        *,
        age: int | None = None,
        age_p: float = 0.5,
        max_age: int | None = None,
        access: tuple[str, ...] = ("drop-in", "self-referral"),
        free: float = 0.6,
        prices: tuple[tuple[float, str], ...] = ((2.00, "per session"),),
        remote: float = 0.0,
        times: tuple[str, ...] = ("morning", "afternoon"),
        langs: tuple[str, ...] = (),
    ) -> None:
        self.id, self.name, self.description, self.synonyms = id, name, description, synonyms
        self.topic, self.nouns, self.acts, self.who = topic, nouns, acts, who
        self.related, self.facts = related, facts
        self.age, self.age_p, self.max_age, self.access = age, age_p, max_age, access
        self.free, self.prices, self.remote, self.times = free, prices, remote, times
        self.langs = langs


CATEGORIES = (
    Category(
        "lunch-clubs",
        "Lunch clubs and community meals",
        "Hot meals and company, often for older people.",
        ("dinner", "meals", "food", "cafe", "luncheon club", "hot meal"),
        "lunch clubs",
        (
            "Lunch Club",
            "Luncheon Club",
            "Community Café",
            "Friendship Lunch",
            "Pie and Peas Club",
            "Community Kitchen",
        ),
        (
            "a freshly cooked two-course lunch",
            "tea, coffee and homemade cake",
            "a quiz or bingo after the meal",
            "a raffle",
            "seasonal party lunches",
            "a chat with friendly volunteers",
        ),
        (
            "older people",
            "anyone who would enjoy a hot meal and some company",
            "older people and their carers",
        ),
        ("older-people", "befriending", "faith-groups", "warm-spaces"),
        (
            "Vegetarian and soft-food options are always available.",
            "Please tell us about any allergies when you book.",
            "Meals are cooked fresh on the day by our volunteer kitchen team.",
            "We can usually arrange a lift for people who cannot get here on their own.",
        ),
        age=60,
        age_p=0.4,
        free=0.15,
        times=("lunch",),
        prices=(
            (3.50, "for a two-course lunch"),
            (4.50, "for lunch and a drink"),
            (5.00, "for a three-course meal"),
            (2.00, "for soup and a roll"),
        ),
    ),
    Category(
        "befriending",
        "Befriending and loneliness",
        "Regular visits, phone calls and friendship for people who feel alone.",
        (
            "lonely",
            "loneliness",
            "isolation",
            "isolated",
            "companionship",
            "friendship",
            "telephone friends",
        ),
        "befriending",
        (
            "Befriending Service",
            "Telephone Friends",
            "Good Neighbours Scheme",
            "Friendship Calls",
            "Befriending Scheme",
            "Chatterbox Calls",
        ),
        (
            "a weekly phone call from a trained volunteer",
            "home visits from a regular befriender",
            "help to get out to local groups",
            "a friendly chat over a cup of tea",
            "trips out for coffee or a walk",
        ),
        (
            "older people who feel lonely or isolated",
            "adults who live alone",
            "anyone who would like more contact with other people",
        ),
        ("older-people", "mental-health", "volunteering"),
        (
            "All of our befrienders are volunteers with an enhanced DBS check.",
            "We try to match you with someone who shares your interests.",
            "Calls can be at a time of day that suits you.",
            "You can refer yourself, or a relative, GP or social worker can refer you with your "
            "permission.",
        ),
        age=50,
        age_p=0.3,
        access=("self-referral", "professional-referral"),
        free=0.97,
        remote=0.6,
        times=("office",),
    ),
    Category(
        "carers",
        "Support for carers",
        "Help, breaks and peer groups for people looking after someone.",
        ("carer", "caring", "respite", "looking after someone", "unpaid carer", "young carers"),
        "support for carers",
        (
            "Carers' Group",
            "Carers' Coffee Morning",
            "Carers' Drop-in",
            "Carers' Support Group",
            "Young Carers' Club",
            "Carers' Pamper Afternoon",
        ),
        (
            "time to talk with other carers",
            "information about carer's assessments and benefits",
            "short breaks and respite",
            "relaxation sessions",
            "guest speakers on topics carers ask about",
        ),
        (
            "unpaid carers looking after a family member or friend",
            "anyone caring for someone with an illness, disability or frailty",
            "carers of people with dementia",
        ),
        ("mental-health", "dementia", "advice"),
        (
            "You do not need to call yourself a carer to come along.",
            "We can sit with the person you care for during the session if you ask in advance.",
            "Everything you tell us is kept confidential.",
            "We can help you register as a carer with your GP practice.",
        ),
        age=18,
        free=0.9,
        remote=0.15,
        times=("morning", "afternoon", "evening"),
    ),
    Category(
        "dementia",
        "Dementia support",
        "Cafés, singing groups and advice for people living with dementia and their families.",
        ("memory loss", "memory", "alzheimers", "forgetful", "forgetfulness", "memory cafe"),
        "dementia cafés",
        (
            "Dementia Café",
            "Memory Café",
            "Singing for the Brain",
            "Forget-Me-Not Club",
            "Dementia Carers' Group",
            "Musical Memories",
        ),
        (
            "singing old favourites",
            "reminiscence with old photographs and objects",
            "gentle chair-based games",
            "tea and cake in a relaxed setting",
            "advice from a dementia support worker",
        ),
        (
            "people living with dementia or memory loss, and the people who care for them",
            "anyone worried about their memory",
            "people with a diagnosis of dementia and their families",
        ),
        ("carers", "older-people", "music-and-singing", "health-conditions"),
        (
            "You do not need a diagnosis to come along.",
            "Our volunteers are Dementia Friends and have had extra training.",
            "Carers can stay with the person they care for, or take a short break nearby.",
            "The room is quiet and well lit, with clear signs to the toilets.",
        ),
        access=("drop-in",),
        free=0.7,
        times=("afternoon", "morning"),
        prices=((2.00, "per person, including refreshments"), (3.00, "per couple")),
    ),
    Category(
        "advice",
        "Advice and information",
        "Free advice on benefits, debt, housing, consumer problems and more.",
        (
            "benefits",
            "debt",
            "money advice",
            "welfare rights",
            "citizens advice",
            "forms",
            "pension credit",
        ),
        "free advice",
        (
            "Advice Drop-in",
            "Benefits Advice",
            "Welfare Rights Clinic",
            "Money Advice Service",
            "Pension Credit Helpline",
            "Form Filling Help",
        ),
        (
            "help to check which benefits you can claim",
            "support with Pension Credit and Attendance Allowance claims",
            "help to fill in forms",
            "advice on debt and budgeting",
            "support with appeals and mandatory reconsiderations",
        ),
        (
            "anyone living in the district",
            "people on a low income",
            "older people and their families",
        ),
        ("housing", "older-people", "disability"),
        (
            "Our advisers are trained and supervised, and the advice is free, confidential and "
            "impartial.",
            "Please bring any letters you have received, and proof of income if you have it.",
            "Home visits are available for people who cannot get to us.",
            "We can also help you by phone if you prefer.",
        ),
        access=("drop-in", "appointment", "self-referral"),
        free=1.0,
        remote=0.3,
        times=("office", "morning"),
    ),
    Category(
        "transport",
        "Community transport",
        "Door-to-door minibuses, volunteer drivers and dial-a-ride.",
        (
            "lift",
            "lifts",
            "bus",
            "minibus",
            "dial a ride",
            "volunteer driver",
            "hospital transport",
            "taxi",
        ),
        "community transport",
        (
            "Community Transport",
            "Dial-a-Ride",
            "Volunteer Car Scheme",
            "Shopper Bus",
            "Hospital Transport",
            "Community Minibus",
        ),
        (
            "door-to-door journeys in an accessible minibus",
            "lifts to GP and hospital appointments",
            "weekly shopping trips",
            "outings to the coast and garden centres",
            "help on and off the bus from our trained drivers",
        ),
        (
            "people who cannot use ordinary buses",
            "older and disabled people",
            "anyone without their own transport",
        ),
        ("disability", "older-people", "volunteering"),
        (
            "Please book at least two working days before you need to travel.",
            "Our minibuses have a tail lift and space for a wheelchair.",
            "Drivers are volunteers and we ask for a mileage contribution.",
            "You need to register with us before your first journey.",
        ),
        access=("membership", "self-referral"),
        free=0.15,
        remote=0.85,
        times=("office",),
        prices=(
            (0.45, "per mile for the volunteer car scheme"),
            (3.00, "for a return shopping trip"),
            (12.00, "a year for membership"),
        ),
    ),
    Category(
        "food-banks",
        "Food banks and pantries",
        "Emergency food parcels, community pantries and free food.",
        ("food parcel", "food bank", "foodbank", "pantry", "hungry", "cost of living", "groceries"),
        "food banks and pantries",
        ("Food Bank", "Community Pantry", "Food Club", "Community Fridge", "Community Larder"),
        (
            "emergency food parcels",
            "fresh fruit and vegetables",
            "toiletries and cleaning products",
            "a warm drink and a friendly welcome",
            "signposting to advice on money and benefits",
        ),
        (
            "anyone struggling to afford food",
            "families and individuals on a low income",
            "people in a crisis",
        ),
        ("advice", "warm-spaces", "faith-groups", "housing"),
        (
            "You can refer yourself or be referred by a support worker.",
            "Pantry members pay a small weekly amount and choose their own shopping.",
            "We can provide food for special diets if you tell us when you arrive.",
            "Nobody will ask you to explain why you need help.",
        ),
        access=("drop-in", "professional-referral", "membership"),
        free=0.7,
        times=("morning", "afternoon", "evening"),
        prices=((3.50, "a week for pantry members, for about £20 of food"), (5.00, "per shop")),
    ),
    Category(
        "mental-health",
        "Mental health and wellbeing",
        "Peer support, talking groups and wellbeing activities.",
        ("anxiety", "depression", "stress", "low mood", "wellbeing", "talking", "counselling"),
        "mental health and wellbeing",
        (
            "Wellbeing Café",
            "Peer Support Group",
            "Talking Space",
            "Men's Mental Health Group",
            "Anxiety Support Group",
            "Sanctuary",
        ),
        (
            "peer support from people with lived experience",
            "mindfulness and relaxation",
            "creative activities",
            "a safe space to talk",
            "wellbeing courses",
        ),
        (
            "adults experiencing anxiety, depression or low mood",
            "anyone who is struggling with their mental health",
            "people recovering from mental ill health",
        ),
        ("befriending", "physical-activity", "arts-and-crafts", "bereavement"),
        (
            "You do not need a diagnosis to come along.",
            "This is not a crisis service; if you are in crisis, call NHS 111 and choose the "
            "mental health option.",
            "Sessions are run by trained facilitators with lived experience.",
            "You can come along and just listen if you prefer.",
        ),
        age=18,
        age_p=0.6,
        free=0.9,
        remote=0.2,
        times=("evening", "afternoon"),
    ),
    Category(
        "physical-activity",
        "Staying active",
        "Gentle exercise, walking groups, chair-based exercise and dance.",
        (
            "exercise",
            "walking",
            "walks",
            "fitness",
            "chair exercise",
            "tai chi",
            "dance",
            "falls prevention",
        ),
        "gentle exercise",
        (
            "Chair-Based Exercise",
            "Walking Group",
            "Tai Chi",
            "Gentle Exercise Class",
            "Walking Football",
            "Strength and Balance Class",
            "Health Walk",
            "Seated Yoga",
        ),
        (
            "gentle exercise to music",
            "strength and balance exercises",
            "short, led walks",
            "a warm-up and cool-down",
            "a cuppa afterwards",
        ),
        (
            "adults of all abilities",
            "older people who want to stay steady on their feet",
            "people who are new to exercise",
        ),
        ("older-people", "health-conditions", "mental-health"),
        (
            "Wear comfortable clothes and flat shoes, and bring a bottle of water.",
            "Exercises can be done sitting or standing.",
            "Our instructors are qualified in falls prevention.",
            "Your first session is free.",
        ),
        age=50,
        age_p=0.3,
        access=("drop-in",),
        free=0.4,
        times=("morning",),
        prices=(
            (2.50, "per session"),
            (3.00, "per class"),
            (1.50, "per walk, towards refreshments"),
        ),
    ),
    Category(
        "older-people",
        "Older people's groups",
        "Social groups and activities for people in later life.",
        ("elderly", "pensioners", "over 50s", "over 60s", "senior", "retired", "later life"),
        "social groups for older people",
        (
            "Over 60s Club",
            "Friendship Group",
            "Coffee Morning",
            "Social Club",
            "Tea Dance",
            "Afternoon Tea Club",
        ),
        (
            "tea, biscuits and conversation",
            "bingo, quizzes and dominoes",
            "guest speakers and entertainers",
            "day trips in the summer",
            "crafts and card-making",
        ),
        (
            "people aged over 60",
            "older people who would like to meet new friends",
            "retired people",
        ),
        ("lunch-clubs", "befriending", "physical-activity"),
        (
            "Most of our members are in their seventies and eighties, and some are over ninety.",
            "We have a small library of large print books to borrow.",
            "We celebrate birthdays with a cake and a song.",
            "Members take turns to plan the programme for the year.",
        ),
        age=60,
        age_p=0.6,
        access=("drop-in", "membership"),
        free=0.4,
        times=("afternoon", "morning"),
        prices=(
            (1.50, "including tea and biscuits"),
            (2.00, "per session"),
            (10.00, "a year for membership"),
        ),
    ),
    Category(
        "disability",
        "Disability support",
        "Groups, advice and activities for disabled people and their families.",
        (
            "disabled",
            "learning disability",
            "autism",
            "wheelchair",
            "sensory impairment",
            "blind",
            "deaf",
        ),
        "disability support",
        (
            "Disability Forum",
            "Accessible Sports Club",
            "Disabled People's Group",
            "Sensory Group",
            "Wheelchair Users' Group",
            "Independent Living Drop-in",
        ),
        (
            "advice on equipment and adaptations",
            "help with Blue Badge and PIP applications",
            "inclusive sport and games",
            "peer support from other disabled people",
            "a say in how local services are run",
        ),
        (
            "disabled people and their families",
            "adults with a physical disability",
            "people with sensory impairments",
        ),
        ("advice", "transport", "learning-disability"),
        (
            "We are run by disabled people, for disabled people.",
            "Personal assistants and carers come free.",
            "Information is available in large print, Easy Read and audio.",
            "Our venue has a Changing Places toilet with a hoist.",
        ),
        free=0.8,
        times=("morning", "afternoon"),
    ),
    Category(
        "bereavement",
        "Bereavement support",
        "Support after someone has died.",
        ("grief", "loss", "widow", "widowed", "death", "grieving"),
        "bereavement support",
        (
            "Bereavement Support Group",
            "Bereavement Café",
            "Grief Café",
            "Widows' and Widowers' Group",
            "Bereavement Counselling",
            "Walk and Talk",
        ),
        (
            "a chance to talk with others who understand",
            "one-to-one support",
            "practical help after a death",
            "a quiet space to remember",
            "gentle walks and conversation",
        ),
        (
            "anyone who has lost someone close to them",
            "adults who have been bereaved",
            "widowed people",
        ),
        ("mental-health", "faith-groups", "end-of-life"),
        (
            "It does not matter how long ago your loss was.",
            "Our volunteers have been trained by a national bereavement charity.",
            "Some people come every week and others come once or twice.",
            "You do not have to talk about your loss unless you want to.",
        ),
        age=18,
        age_p=0.5,
        free=0.95,
        remote=0.15,
        times=("afternoon", "evening"),
    ),
    Category(
        "health-conditions",
        "Living with a health condition",
        "Peer support for people with long-term conditions such as stroke, Parkinson's or "
        "diabetes.",
        (
            "stroke",
            "parkinsons",
            "diabetes",
            "cancer",
            "heart",
            "lung",
            "copd",
            "arthritis",
            "long term condition",
        ),
        "support for people with long-term conditions",
        (
            "Stroke Club",
            "Parkinson's Support Group",
            "Diabetes Support Group",
            "Breathe Easy Group",
            "Cancer Support Drop-in",
            "Heart Support Group",
            "Arthritis Support Group",
        ),
        (
            "talks from health professionals",
            "gentle exercise designed for people with long-term conditions",
            "peer support",
            "information about living well with a condition",
            "social outings",
        ),
        (
            "people living with a long-term health condition and their families",
            "people who have had a stroke, and their carers",
            "people with a lung condition such as COPD",
        ),
        ("physical-activity", "carers", "mental-health"),
        (
            "Family members and carers are welcome too.",
            "A specialist nurse joins us once a month.",
            "We can lend you information leaflets and books.",
            "Please tell us if you need help to get from the car park.",
        ),
        free=0.75,
        times=("afternoon", "morning"),
        prices=((2.00, "per meeting, towards room hire"), (5.00, "a year for membership")),
    ),
    Category(
        "digital-skills",
        "Digital skills",
        "Help using phones, tablets, computers and the internet.",
        (
            "computer",
            "computers",
            "internet",
            "tablet",
            "smartphone",
            "online",
            "ipad",
            "email help",
        ),
        "digital skills sessions",
        (
            "Digital Drop-in",
            "Tablet Club",
            "Get Online Sessions",
            "Silver Surfers",
            "Smartphone Help",
            "Computer Club",
        ),
        (
            "help using a smartphone or tablet",
            "setting up email and video calls",
            "ordering repeat prescriptions online",
            "staying safe from online scams",
            "using the NHS App",
        ),
        (
            "anyone who wants to get more confident online",
            "older people new to the internet",
            "adults with little or no digital experience",
        ),
        ("adult-learning", "older-people"),
        (
            "Bring your own device if you have one, or borrow one of ours.",
            "Volunteers go at your pace, and no question is too simple.",
            "We can lend you a tablet with free data to use at home.",
            "Sessions are one-to-one, so nobody is watching over your shoulder.",
        ),
        age=18,
        age_p=0.3,
        free=0.9,
        times=("morning", "afternoon"),
    ),
    Category(
        "home-help",
        "Help at home",
        "Shopping, small repairs, gardening, handyperson and hospital discharge support.",
        (
            "shopping",
            "handyman",
            "handyperson",
            "gardening",
            "repairs",
            "home from hospital",
            "odd jobs",
        ),
        "practical help at home",
        (
            "Handyperson Service",
            "Home from Hospital",
            "Shopping Service",
            "Garden Helpers",
            "Help at Home Scheme",
        ),
        (
            "small repairs and odd jobs",
            "fitting grab rails and key safes",
            "help with shopping and collecting prescriptions",
            "settling in after a stay in hospital",
            "tidying gardens",
        ),
        (
            "older and disabled people living at home",
            "people coming home from hospital",
            "anyone who needs a little practical help to stay independent",
        ),
        ("older-people", "disability", "volunteering"),
        (
            "All of our workers carry an identity card, so please ask to see it.",
            "We can usually visit within a week of your call.",
            "Hospital staff can refer you before you are discharged.",
            "We do not do large building jobs, but we can suggest trusted traders.",
        ),
        age=60,
        age_p=0.4,
        access=("self-referral", "professional-referral"),
        free=0.5,
        remote=0.92,
        times=("office",),
        prices=((15.00, "an hour for handyperson jobs, plus materials"), (10.00, "per visit")),
    ),
    Category(
        "housing",
        "Housing and homelessness",
        "Help for people who are homeless or at risk of losing their home.",
        ("homeless", "rough sleeping", "eviction", "rent", "tenancy", "shelter"),
        "housing support",
        (
            "Housing Advice",
            "Homeless Drop-in",
            "Night Shelter",
            "Tenancy Support",
            "Street Outreach",
            "Day Centre",
        ),
        (
            "a hot breakfast and a shower",
            "help to find somewhere to live",
            "advice on rent arrears and eviction",
            "laundry and a postal address",
            "support to keep your tenancy",
        ),
        (
            "people who are homeless or at risk of losing their home",
            "single adults sleeping rough",
            "tenants having problems with their landlord",
        ),
        ("advice", "food-banks", "mental-health", "recovery"),
        (
            "If you are sleeping rough tonight, call us and we will try to help straight away.",
            "You can use our address for letters while you look for a home.",
            "We work closely with the council's housing options team.",
            "Dogs are welcome at the day centre.",
        ),
        age=18,
        age_p=0.8,
        access=("drop-in", "self-referral", "professional-referral"),
        free=1.0,
        remote=0.2,
        times=("morning", "office"),
    ),
    Category(
        "families",
        "Families and children",
        "Parent and toddler groups, family support and holiday activities.",
        ("parents", "toddlers", "children", "kids", "baby", "holiday activities", "family hub"),
        "family groups",
        (
            "Stay and Play",
            "Parent and Toddler Group",
            "Baby Group",
            "Family Fun Club",
            "Holiday Club",
            "Dads' Group",
            "Bumps and Babies",
        ),
        (
            "messy play and songs",
            "healthy snacks",
            "holiday activities and free meals",
            "support from family workers",
            "a chance for parents to chat",
        ),
        (
            "parents and carers with children under five",
            "families with children aged 5 to 16",
            "new parents and parents-to-be",
        ),
        ("young-people", "food-banks", "faith-groups"),
        (
            "Grandparents and childminders are welcome too.",
            "There is space to leave pushchairs by the door.",
            "A health visitor drops in once a month.",
            "Holiday club places for children on free school meals are free.",
        ),
        access=("drop-in",),
        free=0.6,
        times=("morning",),
        prices=((1.00, "per family"), (2.00, "per child")),
    ),
    Category(
        "volunteering",
        "Volunteering",
        "Ways to give your time and meet people.",
        ("volunteer", "volunteers", "give time", "helping out"),
        "volunteering",
        (
            "Volunteer Centre",
            "Volunteering Drop-in",
            "Volunteer Drivers",
            "Volunteer Befrienders",
            "Community Champions",
            "Time Bank",
        ),
        (
            "advice on finding a volunteering role",
            "training and DBS checks",
            "expenses paid for all volunteers",
            "regular get-togethers for volunteers",
            "references for work or study",
        ),
        (
            "anyone aged 16 or over who wants to give some time",
            "people looking for experience",
            "retired people with time to spare",
        ),
        ("employment", "befriending"),
        (
            "You can give as much or as little time as you like.",
            "We pay travel expenses for all volunteers.",
            "Many of our volunteers have gone on to paid work.",
            "There are roles you can do from home.",
        ),
        age=16,
        age_p=0.9,
        access=("self-referral", "appointment"),
        free=1.0,
        remote=0.3,
        times=("office",),
    ),
    Category(
        "faith-groups",
        "Faith and community groups",
        "Activities run by churches, mosques, temples and other faith groups, open to all.",
        ("church", "mosque", "temple", "gurdwara", "chapel", "faith"),
        "community activities",
        (
            "Coffee Morning",
            "Community Lunch",
            "Open House",
            "Friendship Circle",
            "Community Iftar",
            "Langar",
            "Parish Drop-in",
        ),
        (
            "a warm welcome whatever your faith or none",
            "tea, coffee and homemade food",
            "a quiet space for reflection",
            "craft and conversation",
            "a community meal",
        ),
        (
            "everyone, whatever their faith or none",
            "local residents of all ages",
            "anyone looking for company",
        ),
        ("lunch-clubs", "older-people", "food-banks", "warm-spaces"),
        (
            "You do not have to be religious to come along.",
            "There is no service or sermon, just a friendly welcome.",
            "Food is halal and vegetarian options are always available.",
            "The building is open for quiet reflection during the session.",
        ),
        free=0.8,
        times=("morning", "lunch", "afternoon"),
        prices=((1.00, "for tea and cake"),),
    ),
    Category(
        "domestic-abuse",
        "Domestic abuse support",
        "Confidential support for anyone affected by domestic abuse.",
        ("abuse", "violence", "safe", "domestic violence", "coercive control"),
        "domestic abuse support",
        (
            "Domestic Abuse Support",
            "Freedom Programme",
            "Safe Space Drop-in",
            "Recovery Toolkit",
            "Independent Domestic Violence Advocacy",
            "Outreach Service",
        ),
        (
            "confidential one-to-one support",
            "safety planning",
            "help with housing and legal options",
            "group programmes to help you understand abuse",
            "support for children affected by abuse",
        ),
        (
            "anyone affected by domestic abuse",
            "women experiencing domestic abuse",
            "men affected by domestic abuse",
        ),
        ("housing", "mental-health", "advice"),
        (
            "If you are in immediate danger, call 999.",
            "We will never contact you in a way that puts you at risk.",
            "Our support is free and confidential.",
            "You can talk to us even if you are not ready to leave.",
        ),
        age=16,
        age_p=0.8,
        access=("self-referral", "professional-referral"),
        free=1.0,
        remote=0.6,
        times=("office",),
    ),
    Category(
        "sight-loss",
        "Sight loss",
        "Support and social groups for blind and partially sighted people.",
        (
            "blind",
            "partially sighted",
            "visual impairment",
            "low vision",
            "macular degeneration",
            "eyesight",
        ),
        "sight loss support",
        (
            "Sight Loss Group",
            "Visually Impaired Social Club",
            "Talking Newspaper",
            "Low Vision Drop-in",
            "Eye Clinic Support",
        ),
        (
            "demonstrations of magnifiers and talking equipment",
            "information about registering as sight impaired",
            "social activities and outings",
            "peer support",
            "audio recordings of local news",
        ),
        ("people with sight loss and their families", "blind and partially sighted people"),
        ("disability", "older-people"),
        (
            "Guide dogs are very welcome.",
            "All our information is available in large print and audio.",
            "A volunteer can meet you at the bus stop if you ask in advance.",
        ),
        free=0.85,
        remote=0.2,
        times=("morning", "afternoon"),
    ),
    Category(
        "hearing-loss",
        "Deaf and hard of hearing",
        "Hearing aid support, lipreading and groups for deaf and hard of hearing people.",
        (
            "deaf",
            "hearing aid",
            "hard of hearing",
            "lipreading",
            "tinnitus",
            "bsl",
            "sign language",
        ),
        "support for deaf and hard of hearing people",
        (
            "Hearing Aid Drop-in",
            "Deaf Club",
            "Lipreading Class",
            "Hearing Loss Support Group",
            "Sign Language Café",
        ),
        (
            "cleaning and retubing of NHS hearing aids",
            "new hearing aid batteries",
            "lipreading practice",
            "social time with other deaf and hard of hearing people",
            "British Sign Language taster sessions",
        ),
        ("people with hearing loss", "deaf and hard of hearing people and their families"),
        ("disability", "older-people"),
        (
            "The room has a hearing loop.",
            "Bring your NHS hearing aid book if you have one.",
            "A BSL interpreter is at every meeting.",
        ),
        access=("drop-in",),
        free=0.85,
        times=("morning", "afternoon"),
        langs=("British Sign Language",),
    ),
    Category(
        "learning-disability",
        "Learning disability",
        "Social clubs, advocacy and activities for people with a learning disability.",
        ("learning disabilities", "down syndrome", "easy read", "advocacy", "special needs"),
        "groups for people with a learning disability",
        (
            "Friday Night Club",
            "Learning Disability Social Club",
            "Self-Advocacy Group",
            "Drama Group",
            "Gateway Club",
            "Inclusive Disco",
        ),
        (
            "discos and parties",
            "drama and music",
            "self-advocacy meetings",
            "cooking and life skills",
            "days out",
        ),
        (
            "adults with a learning disability",
            "young people and adults with learning disabilities, and their supporters",
        ),
        ("disability", "arts-and-crafts", "young-people"),
        (
            "Support workers come free.",
            "Information about our sessions is available in Easy Read.",
            "Members choose what we do each term.",
        ),
        age=16,
        age_p=0.7,
        free=0.5,
        times=("evening", "afternoon"),
        prices=((3.00, "per session"), (4.00, "per disco, including a drink")),
    ),
    Category(
        "autism",
        "Autism and neurodiversity",
        "Support and social groups for autistic people and their families.",
        ("autistic", "asd", "asperger", "adhd", "neurodivergent", "sensory"),
        "autism support",
        (
            "Autism Support Group",
            "Parents' Autism Group",
            "Autistic Adults' Social",
            "Sensory Play Session",
            "Neurodiversity Drop-in",
        ),
        (
            "relaxed, low-sensory social time",
            "peer support for parents",
            "information about assessments and EHC plans",
            "quiet activities and games",
            "advice from specialist workers",
        ),
        (
            "autistic adults",
            "parents and carers of autistic children",
            "neurodivergent people and their families",
        ),
        ("disability", "families", "mental-health"),
        (
            "You do not need a formal diagnosis to come along.",
            "Lights are kept low and there is a quiet room.",
            "We send photos of the room and the people before your first visit if it helps.",
        ),
        free=0.8,
        times=("afternoon", "evening"),
    ),
    Category(
        "young-people",
        "Young people",
        "Youth clubs, activities and support for young people.",
        ("youth club", "teenagers", "teens", "youth work", "young person", "after school"),
        "youth clubs",
        (
            "Youth Club",
            "Youth Café",
            "Young People's Drop-in",
            "Junior Youth Club",
            "Youth Forum",
            "Detached Youth Work",
        ),
        (
            "pool, table tennis and games consoles",
            "sport and cooking",
            "trips and residentials",
            "a safe place to hang out",
            "support from trained youth workers",
        ),
        ("young people aged 11 to 18", "young people aged 8 to 13", "teenagers"),
        ("families", "mental-health", "employment"),
        (
            "All of our youth workers are trained and DBS checked.",
            "Parents do not need to stay.",
            "There is a tuck shop with healthy snacks.",
        ),
        age=11,
        age_p=0.9,
        max_age=18,
        access=("drop-in",),
        free=0.7,
        times=("evening",),
        prices=((1.00, "per session, including the tuck shop"),),
    ),
    Category(
        "employment",
        "Work and skills",
        "Help to find work, write a CV and prepare for interviews.",
        ("jobs", "work", "cv", "job club", "unemployed", "interview", "careers"),
        "employment support",
        ("Job Club", "Work Club", "Employment Support", "CV Workshop", "Back to Work Programme"),
        (
            "help with CVs and job applications",
            "interview practice",
            "access to computers and job sites",
            "advice about training and volunteering",
            "one-to-one support from a job coach",
        ),
        (
            "adults looking for work",
            "people returning to work after a break",
            "young people not in education, employment or training",
        ),
        ("adult-learning", "digital-skills", "volunteering"),
        (
            "Bring your CV if you have one, on paper or on a memory stick.",
            "We can pay for bus fares to interviews.",
            "Jobcentre Plus work coaches can refer you.",
        ),
        age=16,
        age_p=0.8,
        access=("drop-in", "self-referral", "professional-referral"),
        free=1.0,
        times=("office", "morning"),
    ),
    Category(
        "adult-learning",
        "Learning and English classes",
        "Informal courses, English classes and learning for adults.",
        ("esol", "english classes", "courses", "learning", "education", "reading", "maths"),
        "courses for adults",
        (
            "English Conversation Class",
            "ESOL Class",
            "Reading Group",
            "Maths Confidence Course",
            "Community Learning Courses",
            "Cookery Course",
        ),
        (
            "English conversation practice",
            "courses in maths and English",
            "cooking on a budget",
            "first aid training",
            "informal learning with friendly tutors",
        ),
        (
            "adults who want to learn something new",
            "people who speak English as a second language",
            "adults who missed out at school",
        ),
        ("digital-skills", "employment", "refugees"),
        (
            "Most courses are free for people on benefits.",
            "There is a crèche for children under five during daytime classes.",
            "You can join at any time during the term.",
        ),
        age=19,
        age_p=0.7,
        access=("self-referral", "appointment"),
        free=0.7,
        times=("morning", "evening"),
        prices=((25.00, "for a ten-week course"), (3.00, "per class")),
    ),
    Category(
        "arts-and-crafts",
        "Arts and crafts",
        "Craft groups, art classes and creative activities.",
        ("crafts", "knitting", "art", "painting", "sewing", "crochet", "pottery"),
        "arts and crafts groups",
        (
            "Craft Club",
            "Knit and Natter",
            "Art Group",
            "Sewing Circle",
            "Community Art Studio",
            "Pottery Club",
        ),
        (
            "knitting and crochet",
            "painting and drawing",
            "card-making",
            "sewing and quilting",
            "seasonal craft projects",
        ),
        (
            "adults of all abilities",
            "anyone who enjoys making things",
            "beginners and experienced crafters",
        ),
        ("older-people", "mental-health"),
        (
            "All materials are provided, but bring your own project if you like.",
            "We make blankets and hats for the local hospital.",
            "No experience is needed.",
        ),
        free=0.5,
        times=("afternoon", "morning", "evening"),
        prices=((2.00, "per session, including materials"), (3.00, "per session")),
    ),
    Category(
        "music-and-singing",
        "Music and singing",
        "Choirs, singing groups and music sessions.",
        ("choir", "singing", "music", "sing", "ukulele", "songs"),
        "singing groups",
        (
            "Community Choir",
            "Singing Group",
            "Ukulele Club",
            "Music Café",
            "Singing for Better Breathing",
        ),
        (
            "songs from the shows and old favourites",
            "warm-ups and breathing exercises",
            "singing with no auditions and no need to read music",
            "a concert at Christmas",
            "tea and biscuits at half time",
        ),
        ("anyone who likes to sing", "adults of all ages", "people living with lung conditions"),
        ("mental-health", "older-people", "dementia"),
        (
            "There are no auditions.",
            "Song sheets are printed in large type.",
            "We perform at care homes and summer fairs.",
        ),
        free=0.4,
        times=("evening", "afternoon"),
        prices=((3.00, "per session"), (4.00, "per session, including refreshments")),
    ),
    Category(
        "gardening",
        "Gardening and green spaces",
        "Community gardens, allotment groups and outdoor volunteering.",
        ("garden", "allotment", "growing", "green gym", "outdoors", "nature", "plants"),
        "community gardening",
        (
            "Community Garden",
            "Allotment Group",
            "Gardening Club",
            "Green Gym",
            "Therapeutic Gardening",
            "Community Orchard",
        ),
        (
            "growing fruit and vegetables",
            "planting and weeding in raised beds",
            "learning new gardening skills",
            "sharing the harvest",
            "a brew and a chat in the polytunnel",
        ),
        (
            "anyone who would like to get outdoors",
            "adults with mental health needs",
            "beginners and experienced gardeners",
        ),
        ("mental-health", "physical-activity", "volunteering"),
        (
            "Wear old clothes and sturdy shoes; we provide gloves and tools.",
            "Raised beds mean you can garden from a wheelchair.",
            "We meet in all weathers, with a shelter if it rains.",
        ),
        free=0.85,
        times=("morning", "afternoon"),
    ),
    Category(
        "mens-sheds",
        "Men's sheds and men's groups",
        "Places for men to meet, make things and talk.",
        ("mens shed", "men's group", "woodwork", "men", "blokes"),
        "men's groups",
        (
            "Men's Shed",
            "Men's Breakfast Club",
            "Men in Sheds",
            "Men's Walk and Talk",
            "Blokes' Brew",
        ),
        (
            "woodwork and repairs",
            "restoring old tools",
            "community projects like benches and planters",
            "a brew and a bacon butty",
            "talking shoulder to shoulder",
        ),
        ("men of all ages", "retired men", "men who would like to meet others"),
        ("mental-health", "older-people", "volunteering"),
        (
            "You do not need any skills, just an interest in making or mending things.",
            "Safety equipment is provided.",
            "Women are welcome on our open days.",
        ),
        age=18,
        age_p=0.6,
        free=0.5,
        times=("morning",),
        prices=((2.00, "per session, towards materials"), (20.00, "a year for membership")),
    ),
    Category(
        "womens-groups",
        "Women's groups",
        "Social, wellbeing and support groups for women.",
        ("women", "ladies", "women's group", "mums", "sisterhood"),
        "women's groups",
        (
            "Women's Group",
            "Women's Wellbeing Circle",
            "Sewing Group for Women",
            "Women's Walking Group",
            "Mums' Coffee Morning",
        ),
        (
            "a relaxed chat over coffee",
            "wellbeing and confidence sessions",
            "sewing and crafts",
            "walks and exercise",
            "guest speakers",
        ),
        ("women of all ages and backgrounds", "women who would like to make new friends"),
        ("mental-health", "refugees", "arts-and-crafts"),
        (
            "Children under five are welcome with their mums.",
            "The group is run by women, for women.",
            "Sessions are relaxed and you can come and go as you please.",
        ),
        age=18,
        age_p=0.5,
        access=("drop-in",),
        free=0.8,
        times=("morning", "afternoon"),
        langs=("Urdu", "Punjabi", "Arabic", "Bengali"),
    ),
    Category(
        "veterans",
        "Veterans and armed forces",
        "Support and social groups for veterans and armed forces families.",
        ("veteran", "armed forces", "ex-forces", "army", "navy", "raf", "military"),
        "support for veterans",
        (
            "Veterans' Breakfast Club",
            "Armed Forces Drop-in",
            "Veterans' Hub",
            "Forces Friendship Group",
        ),
        (
            "a cooked breakfast and good company",
            "advice on benefits, housing and health",
            "support from other veterans",
            "help to access Armed Forces Covenant support",
            "trips and remembrance events",
        ),
        (
            "veterans of the armed forces and their families",
            "anyone who has served in the armed forces",
        ),
        ("mental-health", "advice"),
        (
            "It does not matter when or how long you served.",
            "Partners and families are welcome.",
            "We can help you get your service records.",
        ),
        access=("drop-in",),
        free=0.6,
        times=("morning",),
        prices=((5.00, "for a full English breakfast"),),
    ),
    Category(
        "refugees",
        "Refugees and new arrivals",
        "Welcome, advice and English practice for refugees, asylum seekers and new arrivals.",
        ("refugee", "asylum", "asylum seeker", "migrant", "sanctuary", "new to the uk"),
        "support for refugees and new arrivals",
        (
            "Welcome Café",
            "Refugee Drop-in",
            "Conversation Club",
            "Sanctuary Café",
            "New Neighbours Group",
        ),
        (
            "English conversation practice",
            "help with forms and appointments",
            "clothes and household items",
            "a hot meal and a warm welcome",
            "advice from a specialist caseworker",
        ),
        ("refugees, asylum seekers and new arrivals", "people new to the area"),
        ("adult-learning", "advice", "cultural-groups"),
        (
            "Interpreters are available for most sessions.",
            "Children are welcome and there are toys and games.",
            "We can help with bus fares to get here.",
        ),
        access=("drop-in",),
        free=1.0,
        times=("afternoon", "morning"),
        langs=("Arabic", "Farsi", "Kurdish", "Tigrinya", "Pashto", "Ukrainian", "Somali"),
    ),
    Category(
        "lgbtq",
        "LGBTQ+ groups",
        "Social and support groups for lesbian, gay, bisexual, trans and queer people.",
        ("lgbt", "gay", "lesbian", "trans", "queer", "pride", "bisexual"),
        "LGBTQ+ groups",
        (
            "LGBTQ+ Social Group",
            "Pride Youth Group",
            "Rainbow Café",
            "LGBTQ+ Over 50s Group",
            "Trans Support Group",
        ),
        (
            "a friendly social space",
            "peer support",
            "film nights and quizzes",
            "information and signposting",
            "days out and Pride events",
        ),
        (
            "lesbian, gay, bisexual, trans and queer people",
            "LGBTQ+ young people aged 13 to 19",
            "older LGBTQ+ people",
        ),
        ("mental-health", "young-people"),
        (
            "Allies are welcome at our social events.",
            "You do not need to be out to come along.",
            "The venue has gender-neutral toilets.",
        ),
        free=0.9,
        times=("evening",),
    ),
    Category(
        "warm-spaces",
        "Warm spaces",
        "Warm, welcoming places to spend time in winter.",
        ("warm hub", "warm bank", "heating", "cold", "winter", "energy bills"),
        "warm spaces",
        (
            "Warm Space",
            "Warm Welcome",
            "Winter Warm Hub",
            "Community Living Room",
            "Warm and Well Café",
        ),
        (
            "a warm place to sit",
            "free hot drinks and soup",
            "phone charging and free wifi",
            "newspapers, games and jigsaws",
            "advice on energy bills",
        ),
        ("anyone who wants somewhere warm to spend time", "everyone, with no questions asked"),
        ("food-banks", "faith-groups", "advice"),
        (
            "There is no need to book and no questions asked.",
            "Stay for as long as you like.",
            "An energy adviser visits once a month.",
        ),
        access=("drop-in",),
        free=1.0,
        times=("morning", "afternoon", "lunch"),
    ),
    Category(
        "recovery",
        "Drug and alcohol recovery",
        "Support for people affected by drugs and alcohol, and their families.",
        ("alcohol", "drugs", "addiction", "recovery", "drinking", "substance misuse", "gambling"),
        "recovery support",
        (
            "Recovery Café",
            "Mutual Aid Group",
            "Recovery Walk",
            "Alcohol Support Group",
            "SMART Recovery Meeting",
            "Family Support Group",
        ),
        (
            "peer support from people in recovery",
            "a hot drink and a safe, sober space",
            "one-to-one recovery coaching",
            "activities and days out",
            "support for families and friends",
        ),
        (
            "anyone affected by drugs or alcohol",
            "adults in recovery from addiction",
            "families of people who use drugs or alcohol",
        ),
        ("mental-health", "housing"),
        (
            "You do not have to be sober to come and talk to us.",
            "Everything you say is confidential.",
            "Meetings are led by people with their own experience of recovery.",
        ),
        age=18,
        age_p=0.9,
        free=1.0,
        times=("evening", "afternoon"),
    ),
    Category(
        "end-of-life",
        "Hospice and end of life care",
        "Support for people with a life-limiting illness, and their families.",
        ("hospice", "palliative", "terminal illness", "dying", "end of life", "death cafe"),
        "hospice and end of life support",
        (
            "Hospice at Home",
            "Compassionate Neighbours",
            "Day Hospice",
            "Death Café",
            "Hospice Wellbeing Centre",
        ),
        (
            "complementary therapies",
            "companionship from trained volunteers",
            "help to plan ahead",
            "support for carers and families",
            "creative and social activities",
        ),
        (
            "people living with a life-limiting illness, and their families",
            "anyone who wants to talk about death and dying",
        ),
        ("bereavement", "carers", "health-conditions"),
        (
            "All our services are free, thanks to local fundraising.",
            "You can be referred by your GP, district nurse or consultant, or refer yourself.",
            "Transport can be arranged for day hospice sessions.",
        ),
        age=18,
        age_p=0.6,
        access=("self-referral", "professional-referral"),
        free=1.0,
        remote=0.3,
        times=("office", "afternoon"),
    ),
    Category(
        "furniture-and-clothing",
        "Furniture, clothing and household goods",
        "Low-cost or free furniture, clothing, baby items and repairs.",
        ("furniture", "clothes", "clothing", "uniform", "repair", "baby bank", "white goods"),
        "low-cost furniture and clothing",
        (
            "Furniture Project",
            "Community Shop",
            "Uniform Exchange",
            "Clothing Bank",
            "Repair Café",
            "Baby Bank",
        ),
        (
            "second-hand furniture at low prices",
            "free clothing for children and adults",
            "repairs to small electrical items",
            "white goods for people setting up home",
            "school uniform swaps",
        ),
        (
            "people on a low income",
            "families setting up a new home",
            "anyone who wants to reuse rather than throw away",
        ),
        ("housing", "food-banks", "volunteering"),
        (
            "We can deliver larger items for a small charge.",
            "Referrals from support workers get priority for free items.",
            "We collect unwanted furniture in good condition.",
        ),
        access=("drop-in", "professional-referral"),
        free=0.6,
        times=("morning", "office"),
        prices=((15.00, "delivery charge for large items"),),
    ),
    Category(
        "cultural-groups",
        "Community and cultural groups",
        "Groups that bring communities together to celebrate their culture and support each other.",
        ("culture", "community group", "heritage", "asian", "polish", "caribbean", "chinese"),
        "community and cultural groups",
        (
            "Asian Elders' Group",
            "Polish Community Club",
            "Caribbean Social Club",
            "Chinese Community Drop-in",
            "Irish Community Group",
            "Ukrainian Community Hub",
            "Bangladeshi Women's Group",
        ),
        (
            "celebrations of festivals through the year",
            "food from home",
            "activities in community languages",
            "support with forms and letters",
            "music and dance",
        ),
        ("people from the community and their friends", "everyone interested in our culture"),
        ("older-people", "refugees", "faith-groups"),
        (
            "Everyone is welcome, whatever their background.",
            "Volunteers can help translate letters and forms.",
            "We celebrate festivals with food, music and dance.",
        ),
        free=0.6,
        times=("afternoon", "evening"),
        prices=((2.00, "per session"), (10.00, "a year for membership")),
    ),
)
CATEGORY_BY_ID = {c.id: c for c in CATEGORIES}
NOUN_LANGUAGES = {
    "Asian Elders' Group": ("Urdu", "Punjabi", "Gujarati"),
    "Polish Community Club": ("Polish",),
    "Chinese Community Drop-in": ("Cantonese", "Mandarin"),
    "Ukrainian Community Hub": ("Ukrainian",),
    "Bangladeshi Women's Group": ("Bengali",),
    "Langar": ("Punjabi",),
    "Community Iftar": ("Urdu", "Arabic"),
}

# Organisation archetypes: name patterns ({p} place, {d} district, {s} saint, {n} surname,
# {c} community), what kind of body it is, the categories its services are in (the first
# most often), and typical sizes.
ARCHETYPES = (
    (
        ("{p} Age Friendly Network", "{p} Older People's Forum", "Age Concern {d}"),
        "volunteer-run charity",
        (
            "older-people",
            "lunch-clubs",
            "befriending",
            "physical-activity",
            "digital-skills",
            "dementia",
        ),
        ("micro", "small", "medium"),
    ),
    (
        ("Carers {d}", "{p} Carers' Centre", "{p} Carers' Network"),
        "registered charity",
        ("carers", "mental-health", "bereavement", "advice", "dementia"),
        ("small", "medium"),
    ),
    (
        (
            "St {s}'s Church, {p}",
            "{p} Methodist Church",
            "{p} Parish Church",
            "{p} Baptist Church",
            "St {s}'s Catholic Church, {p}",
        ),
        "church",
        ("faith-groups", "lunch-clubs", "food-banks", "families", "warm-spaces", "older-people"),
        ("micro", "small"),
    ),
    (
        ("{p} Jamia Mosque", "{p} Islamic Centre", "{p} Gurdwara", "{p} Hindu Temple"),
        "faith community",
        ("faith-groups", "food-banks", "cultural-groups", "young-people", "womens-groups"),
        ("micro", "small"),
    ),
    (
        (
            "{p} Community Association",
            "{p} Residents' Association",
            "{p} Community Trust",
            "{p} Village Hall Committee",
        ),
        "community group",
        (
            "older-people",
            "arts-and-crafts",
            "families",
            "physical-activity",
            "warm-spaces",
            "digital-skills",
            "music-and-singing",
        ),
        ("micro", "small"),
    ),
    (
        ("{p} Good Neighbours", "{p} Neighbourhood Care", "{p} Helping Hands"),
        "volunteer-run charity",
        ("befriending", "home-help", "transport"),
        ("micro", "small"),
    ),
    (
        ("{d} Community Transport", "{p} Dial-a-Ride", "{p} Volunteer Car Scheme"),
        "community transport charity",
        ("transport",),
        ("small", "medium"),
    ),
    (
        ("{p} Food Bank", "{p} Community Pantry Network", "{p} Food Partnership"),
        "food bank charity",
        ("food-banks", "advice", "furniture-and-clothing"),
        ("micro", "small", "medium"),
    ),
    (
        ("{d} Mind", "{p} Wellbeing Network", "{d} Mental Health Forum", "{p} Wellbeing Hub"),
        "mental health charity",
        ("mental-health", "bereavement", "gardening"),
        ("medium", "large"),
    ),
    (
        ("{p} Dementia Action Alliance", "{d} Memory Support", "{p} Dementia Friends Group"),
        "volunteer-run group",
        ("dementia", "carers", "music-and-singing"),
        ("micro", "small"),
    ),
    (
        ("Citizens Advice {d}", "{p} Advice Centre", "{d} Welfare Rights Service"),
        "advice charity",
        ("advice", "housing", "employment", "digital-skills"),
        ("medium", "large"),
    ),
    (
        ("{p} Men's Shed", "{p} Shed Project"),
        "community group",
        ("mens-sheds", "mental-health"),
        ("micro",),
    ),
    (
        ("{p} Community Garden", "{p} Green Spaces Trust", "{p} Allotment Society"),
        "community group",
        ("gardening", "volunteering", "mental-health"),
        ("micro", "small"),
    ),
    (
        (
            "{d} Society for the Blind",
            "{d} Deaf Society",
            "{p} Hard of Hearing Club",
            "{p} Visually Impaired Club",
        ),
        "registered charity",
        ("sight-loss", "hearing-loss", "disability"),
        ("small", "medium"),
    ),
    (
        ("{p} Family Hub Partnership", "{p} Children and Families Trust", "{p} Playgroup"),
        "registered charity",
        ("families", "young-people", "food-banks"),
        ("small", "medium"),
    ),
    (
        ("{p} Youth Project", "{p} Youth Trust", "{d} Youth Service"),
        "youth charity",
        ("young-people", "employment", "lgbtq", "mental-health"),
        ("small", "medium"),
    ),
    (
        ("{d} Disability Forum", "{d} Disability Partnership", "{p} Inclusion Project"),
        "user-led charity",
        ("disability", "learning-disability", "autism", "advice"),
        ("small", "medium"),
    ),
    (
        ("{p} Stroke Club", "{d} Breathe Easy", "{d} Parkinson's Group", "{p} Heart Club"),
        "support group",
        ("health-conditions", "physical-activity", "carers"),
        ("micro",),
    ),
    (
        ("{d} Hospice", "{p} Hospice Trust", "Friends of {p} Hospice"),
        "hospice charity",
        ("end-of-life", "bereavement", "carers"),
        ("large", "major"),
    ),
    (
        ("{d} Women's Aid", "{d} Domestic Abuse Partnership", "{p} Women's Centre"),
        "registered charity",
        ("domestic-abuse", "womens-groups", "housing"),
        ("medium", "large"),
    ),
    (
        ("{d} Refugee Welcome", "{p} City of Sanctuary", "{p} Welcome Project"),
        "community group",
        ("refugees", "adult-learning", "advice", "cultural-groups"),
        ("micro", "small"),
    ),
    (
        ("{d} Council for Voluntary Service", "{d} Volunteer Centre", "{p} Volunteer Hub"),
        "infrastructure charity",
        ("volunteering", "befriending", "employment", "digital-skills"),
        ("medium",),
    ),
    (
        ("{p} Arts Collective", "{p} Community Choir", "{p} Craft Guild"),
        "community group",
        ("arts-and-crafts", "music-and-singing", "mental-health"),
        ("micro", "small"),
    ),
    (
        (
            "{d} Veterans' Association",
            "{p} Royal British Legion Branch",
            "{p} Armed Forces Breakfast Club",
        ),
        "veterans' charity",
        ("veterans", "mental-health", "advice"),
        ("micro", "small"),
    ),
    (
        ("{p} Pride", "{d} LGBT+ Network", "{p} Rainbow Group"),
        "community group",
        ("lgbtq", "mental-health"),
        ("micro", "small"),
    ),
    (
        ("{d} Recovery Community", "{p} Recovery Hub", "{p} Recovery Café"),
        "recovery charity",
        ("recovery", "housing", "mental-health"),
        ("small", "medium"),
    ),
    (
        ("{p} Furniture Project", "{p} Reuse Centre", "{p} Baby Bank"),
        "social enterprise",
        ("furniture-and-clothing", "volunteering", "employment"),
        ("small", "medium"),
    ),
    (
        ("{d} Housing Trust", "{p} Night Shelter", "{p} Homeless Action"),
        "housing charity",
        ("housing", "food-banks", "recovery"),
        ("medium", "large"),
    ),
    (
        ("The {n} Foundation", "{n} Community Trust"),
        "charitable trust",
        ("older-people", "families", "young-people", "arts-and-crafts", "adult-learning"),
        ("small", "medium", "large"),
    ),
    (
        ("{p} {c} Community Association", "{d} {c} Society"),
        "community group",
        ("cultural-groups", "older-people", "womens-groups", "adult-learning"),
        ("micro", "small"),
    ),
    (
        ("Learning Works {d}", "{p} Community Learning"),
        "community learning charity",
        ("adult-learning", "digital-skills", "employment"),
        ("small", "medium"),
    ),
)
COMMUNITIES = {
    "Polish": ("Polish",),
    "Asian": ("Urdu", "Punjabi"),
    "Caribbean": (),
    "Chinese": ("Cantonese", "Mandarin"),
    "Irish": (),
    "Ukrainian": ("Ukrainian",),
    "Bangladeshi": ("Bengali",),
    "Kashmiri": ("Urdu", "Punjabi"),
    "Somali": ("Somali",),
    "Lithuanian": ("Lithuanian",),
}
COMMUNITY_NAMES = tuple(COMMUNITIES)

# -- sentence pools ----------------------------------------------------------------------------

INTROS = (
    "{org} runs the {noun} {where}{when}.",
    "Come along to our {noun} {where}{when}.",
    "The {noun} is a friendly, informal group that meets {where}{when}.",
    "Our {noun} has been running in {place} since {year}, and meets {where}{when}.",
    "Everyone is welcome at the {noun}, which meets {where}{when}.",
    "The {noun} meets {where}{when} and is run by {org}.",
)
# For services rather than groups (advice, transport, home help and the like).
INTROS_SERVICE = (
    "{org} runs the {noun} from {where_venue}{when}.",
    "The {noun} is provided by {org}, with sessions {where}{when}.",
    "You can get help from the {noun} {where}{when}.",
)
SERVICE_CATEGORIES = frozenset(
    (
        "befriending",
        "advice",
        "transport",
        "home-help",
        "housing",
        "domestic-abuse",
        "volunteering",
        "employment",
        "end-of-life",
        "furniture-and-clothing",
    )
)
INTROS_REMOTE = (
    "{org} runs the {noun} across {district}, by phone and with home visits.",
    "The {noun} is run by {org} and works across {district}, so you can get help without "
    "leaving home.",
    "Our {noun} covers the whole of {district}, and our team will come to you.",
)
AUDIENCE = (
    "It is for {who}.",
    "The group is open to {who}.",
    "We welcome {who}.",
    "This service is for {who}.",
    "It is aimed at {who}, but nobody is turned away.",
)
ACTIVITY = (
    "Sessions usually include {a1}, {a2} and {a3}.",
    "A typical session includes {a1} and {a2}.",
    "You can expect {a1}, {a2} and plenty of conversation.",
    "We offer {a1}, as well as {a2}.",
    "People come for {a1}, and stay for {a2}.",
)
LIST_LEADS = (
    "What to expect:",
    "**What we offer**",
    "At a typical session there is:",
    "We can help with:",
    "**What happens**",
)
# Sentences starting "=" suit groups only, not services such as advice or transport.
PRACTICAL = (
    "You do not need to book, but it helps us to know how many people are coming.",
    "Refreshments are provided, and we can cater for most diets if you let us know.",
    "=If it is your first visit, a volunteer will meet you at the door and introduce you to "
    "people.",
    "Carers, family members and friends are very welcome to come too.",
    "We are run entirely by volunteers, so please be patient if we take a day or two to reply.",
    "Please let us know before you come if you have any access needs, and we will do our "
    "best to help.",
    "There is free parking at the venue, and the nearest bus stop is a short walk away.",
    "Assistance dogs are welcome.",
    "Large print information is available on request.",
    "We follow {org}'s safeguarding policy, and all volunteers have had training.",
    "=The group is small and friendly, with usually between eight and twenty people each week.",
    "We close for two weeks over Christmas and New Year.",
    "If you cannot get here on your own, ask us about help with transport.",
    "=You are welcome to stay for as long or as short a time as you like.",
    "Interpreters can be arranged if you give us a week's notice.",
    "Donations towards our running costs are welcome but never expected.",
    "We are supported by grants from local trusts and the {district} Community Fund.",
    "Most people hear about us from friends, their GP surgery or the library.",
    "If you have a cold or flu, please stay at home and come the following week.",
    "We're a friendly bunch – come and see for yourself.",
    "There are no forms to fill in on your first visit.",
    "New volunteers are always needed – ask us about helping out.",
    "Our volunteers are all DBS checked and trained.",
    "We are part of a network of groups across {district}, so if we are not right for you "
    "we will help you find something that is.",
)
CLOSINGS = (
    "To find out more, ring us on {phone} or email {email}.",
    "If you would like to know more, give us a call or drop us an email.",
    "You can find out more on [our website]({website}).",
    "=New members are always welcome – just come along and say hello.",
    "We look forward to meeting you!",
    "If you're not sure whether this is right for you, give us a ring and we'll have a chat.",
)
STEPS = (
    (
        "Ring or email us to say you are interested.",
        "We will arrange a short chat, by phone or in person.",
        "We will agree together what support would help.",
    ),
    (
        "Fill in the short form on our website, or ask someone to do it for you.",
        "A member of the team will call you within a week.",
        "Come along to your first session.",
    ),
)
SUMMARIES = (
    "{A1} and good company for {who} in {place}.",
    "=A friendly {noun} for {who}, meeting {when}.",
    "{A1}, {a2} and more for {who}.",
    "{A1} for {who} across {district}.",
    "{noun_cap} in {place} offering {a1} and {a2}.",
)
FREE_SUMMARY = "Free {noun} for {who} in {place}, with {a1}."
ACCESS_NOTES = {
    "drop-in": (
        "Just turn up – there is no need to book.",
        "Just turn up, or ring to book a place if you need transport.",
        "Come along to any session; the first visit is a chance to see if you like it.",
    ),
    "self-referral": (
        "Ring or email us to refer yourself.",
        "Fill in the short form on our website or give us a call.",
    ),
    "professional-referral": (
        "Referrals from GPs, social workers and link workers are accepted by email.",
        "Ask your GP, social worker or housing officer to refer you.",
    ),
    "appointment": (
        "Please ring to book an appointment.",
        "Appointments can be booked by phone or online.",
    ),
    "membership": (
        "Membership is open to everyone and you can join on your first visit.",
        "Register with us once, then book each time you need us.",
    ),
}
COST_NOTES_FREE = (
    "Donations welcome.",
    "Nobody is asked to pay anything.",
    "Free, thanks to funding from the National Lottery Community Fund.",
)
COST_NOTES_PAID = (
    "Carers come free.",
    "Nobody is turned away for lack of money.",
    "The first session is free.",
    "Concessions available – please ask.",
)
SLOT_NOTES = (
    "Not on bank holidays.",
    "Term time only.",
    "Please arrive ten minutes early on your first visit.",
    "Coffee morning, open to everyone.",
    "Women only.",
    "Evening session for people who work during the day.",
)
SCHEDULE_NOTES = (
    "Closed on bank holidays and between Christmas and New Year.",
    "Term time only.",
    "Runs all year round, including bank holidays.",
    "Times may change over the summer, so please ring before you come.",
    "Closed in August.",
)
PHONE_LABELS = (
    "Office, weekdays 9am to 5pm",
    "Mobile, on session days only",
    "Answerphone – we will call you back",
    "Helpline",
    "Coordinator",
    "Text or call",
)
CAPACITY_NOTES = {
    "open": ("New members are very welcome.", "We have space for new people every week."),
    "limited": (
        "We are a small team of volunteers, so please allow a week for a reply.",
        "Places are limited, so please ring before you come.",
        "We can take a few new people each month.",
    ),
    "waitlist": (
        "There is a waiting list of about {n} weeks.",
        "Please ask to join our waiting list and we will contact you when a place is free.",
    ),
    "full": (
        "We are full at the moment and cannot take new people.",
        "The group is full; please try again in the new year.",
    ),
    "paused": (
        "We are taking a break while we look for new volunteers.",
        "Sessions are paused while our venue is refurbished.",
        "We are not taking new referrals until our funding is renewed.",
    ),
}
ELIGIBILITY_NOTES = (
    "You do not need to live in the district to come along.",
    "Please tell us if you need support to take part.",
    "Carers can come with the person they support.",
)
ORG_EXTRA = (
    "We are run by {v} volunteers and {s} paid staff.",
    "Our work is funded by grants, donations and fundraising events.",
    "We work closely with the council, GP practices and other local groups.",
    "We are a member of the {district} Council for Voluntary Service.",
    "Everyone who works with us has had safeguarding training.",
    "We are always looking for new volunteers and trustees.",
)
ORG_SIZES = ("micro", "small", "medium", "large", "major")
SIZE_WORDS = {
    "micro": "small",
    "small": "small",
    "medium": "",
    "large": "long-established",
    "major": "county-wide",
}


def _suitable(sentences: tuple[str, ...], cat: Category) -> list[str]:
    if cat.id in SERVICE_CATEGORIES:
        return [x for x in sentences if not x.startswith("=")]
    return [x.lstrip("=") for x in sentences]


class FastRandom(Random):
    """Random with choice, randint and choices built on random() alone.

    The library versions cost about a microsecond each and the generator makes a few hundred
    calls per service; these are several times faster and just as deterministic.
    """

    def choice(self, seq):  # type: ignore[override]
        n = len(seq)
        return seq[min(int(self.random() * n), n - 1)]

    def randint(self, a: int, b: int) -> int:
        return a + min(int(self.random() * (b - a + 1)), b - a)

    def choices(self, population, weights=None, *, cum_weights=None, k=1):  # type: ignore[override]
        if weights is None or cum_weights is not None:
            return super().choices(population, weights, cum_weights=cum_weights, k=k)
        total = sum(weights)
        out = []
        for _ in range(k):
            r = self.random() * total
            for item, w in zip(population, weights, strict=True):
                r -= w
                if r < 0:
                    out.append(item)
                    break
            else:  # rounding left a sliver past the last weight
                out.append(population[-1])
        return out


_YOUNG_NOUN = re.compile(r"Youth|Young|Junior|Teen|Kids")
_OLD_NOUN = re.compile(r"Over \d+s|Elders|Older|Silver|Retired")
_AGED = re.compile(r"aged (\d+) to (\d+)|aged (?:over )?(\d+)")


def _audiences(noun: str, whos: tuple[str, ...]) -> tuple[str, ...]:
    """The category's audiences that fit the service's noun: no young people at Over 50s."""
    if _YOUNG_NOUN.search(noun):
        fit = tuple(w for w in whos if not re.search(r"older|retired|over 60|over 50", w))
    elif _OLD_NOUN.search(noun):
        fit = tuple(w for w in whos if not re.search(r"young|children|parents|teen", w))
    else:
        return whos
    return fit or whos


def _ages(noun: str, who: str, cat: Category) -> tuple[int | None, int | None]:
    """min_age and max_age that agree with the audience sentence and the noun."""
    m = _AGED.search(who)
    if m and m[1]:
        return int(m[1]), int(m[2])
    if m:
        return int(m[3]), None
    if "teen" in who:
        return 13, 18
    if _YOUNG_NOUN.search(noun):
        return 8, 18
    old = re.search(r"Over (\d+)s", noun)
    if old:
        return int(old[1]), None
    if who.startswith(("anyone", "everyone")):
        return None, None
    return cat.age, cat.max_age


# -- the county --------------------------------------------------------------------------------


class Venue:
    __slots__ = ("name", "short", "address", "town", "postcode", "lat", "lon", "features", "notes")
    name: str
    short: str  # as used in service names: "Tuesday Lunch Club at St Anne's"
    address: str
    town: str
    postcode: str
    lat: float
    lon: float
    features: list[str]
    notes: str


class Place:
    __slots__ = ("name", "district", "outward", "lat", "lon", "venues")
    name: str
    district: District
    outward: str  # the postcode's first half
    lat: float
    lon: float
    venues: list[Venue]


class District:
    __slots__ = ("slug", "name", "area", "code", "x", "y", "places", "neighbours", "weight")
    slug: str
    name: str
    area: str
    code: str  # postcode area letters
    x: float  # position in the county, 0-1
    y: float
    places: list[Place]
    neighbours: list[District]
    weight: float  # relative share of the county's organisations


class Generator:
    def __init__(self, services: int, seed: int, districts: int) -> None:
        self.n = services
        self.seed = seed
        self.rng = FastRandom(seed)
        self.n_districts = districts
        self.used_places: set[str] = set()
        self.used_ids: set[str] = set()
        self.phone_postcodes: set[tuple[str, str]] = set()

    # -- helpers --

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def phone(self) -> str:
        if self.chance(0.7):
            return f"01632 960{self.rng.randrange(1000):03d}"
        return f"07700 900{self.rng.randrange(1000):03d}"

    def venue_phone(self, venues: list[Venue]) -> str:
        """A phone number no other service gives at these venues' postcodes.

        Validation reads the same phone at the same postcode as a duplicate record.
        """
        for _ in range(50):
            number = self.phone()
            if all((number, v.postcode) not in self.phone_postcodes for v in venues):
                break
        for v in venues:
            self.phone_postcodes.add((number, v.postcode))
        return number

    def date_back(self, lo: int, hi: int) -> dt.date:
        return TODAY - dt.timedelta(days=self.rng.randint(lo, hi))

    def reviewed(self) -> dt.date:
        # Over the last 30 months, weighted to recent: ~45% older than a year, ~15% than two.
        r = self.rng.random()
        if r < 0.55:
            return self.date_back(0, 365)
        if r < 0.85:
            return self.date_back(366, 730)
        return self.date_back(731, 913)

    def unique_id(self, *candidates: str) -> str:
        for c in candidates:
            slug = fit_slug(slugify(c))
            if slug and slug not in self.used_ids:
                self.used_ids.add(slug)
                return slug
        base = fit_slug(slugify(candidates[-1]), SLUG_MAX - 4)
        i = 2
        while f"{base}-{i}" in self.used_ids:
            i += 1
        self.used_ids.add(f"{base}-{i}")
        return f"{base}-{i}"

    # -- geography --

    def place_name(self) -> str:
        rng = self.rng
        for attempt in range(200):
            head, tail = rng.choice(PLACE_HEADS), rng.choice(PLACE_TAILS)
            if head[-2:].lower() == tail[0] * 2:  # "Crossstone"
                tail = "ton"
            base = head + tail
            r = rng.random()
            if attempt > 20 or r < 0.12:
                name = f"{rng.choice(PLACE_BEFORE)} {base}"
            elif r < 0.24:
                name = f"{base} {rng.choice(PLACE_AFTER)}"
            else:
                name = base
            if attempt > 100:
                name = f"{name} {rng.choice(PLACE_AFTER)}"
            if name not in self.used_places:
                self.used_places.add(name)
                return name
        raise RuntimeError("ran out of place names")

    def make_districts(self) -> list[District]:
        rng = self.rng
        out: list[District] = []
        codes: set[str] = set()
        per_district = max(5, math.ceil(self.n / self.n_districts / 60))
        for _ in range(self.n_districts):
            d = District()
            d.x, d.y = rng.random(), rng.random()
            dx, dy = d.x - 0.5, d.y - 0.5
            if dx * dx + dy * dy < 0.04:
                d.area = "Central"
            elif abs(dy) >= abs(dx):
                d.area = "North" if dy > 0 else "South"
            else:
                d.area = "East" if dx > 0 else "West"
            main = self.place_name()
            r = rng.random()
            if r < 0.55:
                d.name = main
            elif r < 0.75 and d.area != "Central":
                d.name = f"{d.area} {main}"
            else:
                d.name = f"{main} {rng.choice(DISTRICT_FEATURES)}"
                if d.name in self.used_places:
                    d.name = main
            self.used_places.add(d.name)
            d.slug = slugify(d.name)
            letters = [c for c in d.name.upper() if c.isalpha()]
            code = letters[0] + letters[1]
            j = 2
            while code in codes:
                code = letters[0] + (
                    letters[j] if j < len(letters) else "ABDEFGHJLNPRSTWY"[rng.randrange(16)]
                )
                j += 1
            codes.add(code)
            d.code = code
            d.weight = 0.5 + rng.random()
            lat0, lon0 = 53.3 + d.y * 1.0, -3.1 + d.x * 1.4
            d.places = []
            for k in range(per_district):
                p = Place()
                p.name = main if k == 0 else self.place_name()
                p.district = d
                p.outward = f"{code}{k + 1}"
                p.lat = lat0 + (rng.random() - 0.5) * 0.08
                p.lon = lon0 + (rng.random() - 0.5) * 0.12
                p.venues = []
                d.places.append(p)
            out.append(d)
        out.sort(key=lambda d: d.slug)
        for d in out:
            others = sorted(
                (x for x in out if x is not d),
                key=lambda x: ((x.x - d.x) ** 2 + (x.y - d.y) ** 2, x.slug),
            )
            d.neighbours = others[:3]
        return out

    def venue(self, place: Place) -> Venue:
        """A venue in the place: reuse one most of the time, as real services share halls."""
        rng = self.rng
        if place.venues and (len(place.venues) >= 10 or rng.random() < 0.7):
            return rng.choice(place.venues)
        names = {v.name for v in place.venues}
        for _ in range(20):
            pattern, short = rng.choice(VENUES)
            fill = {"p": place.name, "s": rng.choice(SAINTS), "w": rng.choice(CENTRE_WORDS)}
            name = pattern.format(**fill)
            if name not in names:
                break
        v = Venue()
        v.name, v.short = name, short.format(**fill)
        v.address = f"{rng.randint(1, 180)} {rng.choice(STREET_FIRST)} {rng.choice(STREET_KIND)}"
        if rng.random() < 0.2:
            v.address = f"{rng.choice(STREET_FIRST)} {rng.choice(STREET_KIND)}"
        v.town = place.name
        v.postcode = (
            f"{place.outward} {rng.randint(1, 9)}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        v.lat = place.lat + (rng.random() - 0.5) * 0.02
        v.lon = place.lon + (rng.random() - 0.5) * 0.03
        k = rng.choice((0, 1, 2, 2, 3, 3, 4, 5))
        chosen = set(rng.choices(FEATURES, weights=FEATURE_WEIGHTS, k=k))
        v.features = [f for f in FEATURES if f in chosen]
        v.notes = rng.choice(ACCESS_NOTES_VENUE) if rng.random() < 0.4 else ""
        place.venues.append(v)
        return v

    # -- top-level files --

    def site_yaml(self, districts: list[District]) -> str:
        county = COUNTY_NAMES[self.seed % len(COUNTY_NAMES)]
        areas = [a for a in AREAS if any(d.area == a for d in districts)]
        lines = [
            "# Site configuration for a synthetic county made by bench/generate.py.",
            f"title: {q(county + ' Community Directory')}",
            f"council: {q(county + ' County Council')}",
            "base_url: https://directory.example.org/",
            "description: >-",
            "  Lunch clubs, befriending, carers' groups, dementia cafés, advice, transport and "
            "other",
            "  community support near you, run by local voluntary, community and faith groups.",
            "example_data: true",
            "corrections:",
            "  email: directory@example.org",
            "  url: https://github.com/example-council/community-directory",
            "areas:",
            *[f"  - {a}" for a in areas],
            "districts:",
            *[f"  - {{slug: {d.slug}, name: {qf(d.name)}, area: {d.area}}}" for d in districts],
            "capacity:",
            "  hidden: [full, paused]",
            "  hide_contacts: [paused]",
            "  rotate: true",
            "review:",
            "  warn_after_months: 12",
            "  hide_after_months: 24",
        ]
        return "\n".join(lines) + "\n"

    @staticmethod
    def taxonomy_yaml() -> str:
        lines = [
            "# The categories services are listed under. `id` is used in service records;",
            "# `synonyms` are words residents use that should find the category in search.",
            "categories:",
        ]
        for c in CATEGORIES:
            lines += [
                f"  - id: {c.id}",
                f"    name: {q(c.name)}",
                f"    description: {q(c.description)}",
                f"    synonyms: {flow(list(c.synonyms))}",
            ]
        return "\n".join(lines) + "\n"

    # -- organisations --

    def org_sizes(self) -> list[int]:
        """How many services each organisation runs: 1-8, mean a little over 3."""
        sizes: list[int] = []
        total = 0
        weights = (25, 22, 16, 12, 9, 7, 5, 4)
        while total < self.n:
            k = self.rng.choices(range(1, 9), weights=weights)[0]
            k = min(k, self.n - total)
            sizes.append(k)
            total += k
        return sizes

    def make_org(self, n_services: int, districts: list[District], weights: list[float]) -> dict:
        rng = self.rng
        home = rng.choices(districts, weights=weights)[0]
        place = home.places[0] if rng.random() < 0.35 else rng.choice(home.places)
        community = rng.choice(COMMUNITY_NAMES)
        # A district has one Women's Aid and one hospice: when an archetype's names are all
        # taken, the organisation becomes another kind, rather than a second of the same name.
        for _ in range(12):
            arch = rng.choice(ARCHETYPES)
            candidates: list[tuple[str, Place]] = []
            for _ in range(3):
                pattern = rng.choice(arch[0])
                candidates.append(
                    (
                        pattern.format(
                            p=place.name,
                            d=home.name,
                            s=rng.choice(SAINTS),
                            n=rng.choice(SURNAMES),
                            c=community,
                        ),
                        place,
                    )
                )
                place = rng.choice(home.places)
            free = [c for c in candidates if fit_slug(slugify(c[0])) not in self.used_ids]
            if free:
                break
        name, place = free[0] if free else candidates[-1]
        oid = self.unique_id(name)
        sizes = arch[3]
        if n_services >= 6:
            # Bigger organisations run more services: one band above the archetype's largest.
            size = ORG_SIZES[min(ORG_SIZES.index(sizes[-1]) + 1, len(ORG_SIZES) - 1)]
        elif n_services >= 4:
            size = sizes[-1]
        else:
            size = rng.choice(sizes)
        domain = fit_slug(oid, 40)
        org = {
            "id": oid,
            "name": name,
            "home": home,
            "place": place,
            "arch": arch,
            "size": size,
            "domain": domain,
            "community": community,
            "volunteer_led": size in ("micro", "small")
            and rng.random() < 0.85
            or size == "medium"
            and rng.random() < 0.3,
            "capacity": None,
            "names": set(),
        }
        if rng.random() < 0.1:
            status = rng.choices(
                ("limited", "waitlist", "paused", "open"), weights=(60, 15, 10, 15)
            )[0]
            org["capacity"] = status
        return org

    def org_yaml(self, org: dict) -> str:
        rng = self.rng
        arch = org["arch"]
        topics = [CATEGORY_BY_ID[c].topic for c in arch[2][: rng.randint(1, 3)]]
        topic = topics[0] if len(topics) == 1 else ", ".join(topics[:-1]) + " and " + topics[-1]
        adj = SIZE_WORDS[org["size"]]
        kind = arch[1]
        if org["volunteer_led"] and kind in (
            "registered charity",
            "community group",
            "support group",
        ):
            kind = "volunteer-run " + kind.replace("registered ", "")
        first = (
            f"A{'n' if (adj or kind)[0] in 'aeio' else ''} {adj + ' ' if adj else ''}"
            f"{kind} that has run {topic} in {org['place'].name} since "
            f"{rng.randint(1965, 2023)}."
        )
        extra = rng.sample(ORG_EXTRA, rng.randint(0, 3))
        text = " ".join(
            [first]
            + [
                e.format(v=rng.randint(4, 120), s=rng.randint(1, 30), district=org["home"].name)
                for e in extra
            ]
        )
        host = f"{org['domain']}.example.org"
        lines = [f"name: {q(org['name'])}", "description: " + block(wrap(text, 76), "  ")]
        if org["size"] != "micro" or rng.random() < 0.5:
            lines.append(f"website: https://{host}")
        lines.append(f"email: {rng.choice(('hello', 'info', 'contact', 'admin'))}@{host}")
        lines.append(f'phone: "{self.phone()}"')
        if rng.random() < (0.3 if org["size"] == "micro" else 0.85):
            lines.append(f'charity_number: "{rng.randint(1000000, 1209999)}"')
        if org["arch"][1] in ("social enterprise", "infrastructure charity") or (
            org["size"] in ("large", "major") and rng.random() < 0.5
        ):
            lines.append(f'company_number: "{rng.randint(1000000, 15999999):08d}"')
        lines.append(f"size: {org['size']}")
        lines.append(f"volunteer_led: {'true' if org['volunteer_led'] else 'false'}")
        if org["capacity"]:
            lines.append("capacity:")
            lines.append(f"  status: {org['capacity']}")
            notes = CAPACITY_NOTES[org["capacity"]]
            lines.append(f"  note: {q(rng.choice(notes).format(n=rng.randint(2, 12)))}")
        lines.append(f"reviewed: {self.reviewed().isoformat()}")
        return "\n".join(lines) + "\n"

    # -- services --

    def schedule(self, cat: Category) -> list[dict]:
        rng = self.rng
        n = rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0]
        slots = []
        used_days: set[str] = set()
        for _ in range(n):
            times = rng.choice(TIMES[rng.choice(cat.times)])
            slot: dict = {"opens": times[0], "closes": times[1]}
            if "office" in cat.times and rng.random() < 0.35:
                slot["days"] = rng.choice(
                    (
                        ["monday", "tuesday", "wednesday", "thursday", "friday"],
                        ["monday", "wednesday", "friday"],
                        ["tuesday", "thursday"],
                    )
                )
            else:
                day = rng.choice(DAYS[:5] if rng.random() < 0.9 else DAYS[5:])
                if day in used_days:
                    day = rng.choice(DAYS)
                slot["days"] = [day]
                if rng.random() < 0.25:
                    slot["frequency"] = "monthly"
                    slot["weeks"] = rng.choice(MONTH_WEEKS)
                elif rng.random() < 0.1:
                    slot["frequency"] = "weekly"
            used_days.update(slot["days"])
            if rng.random() < 0.12:
                slot["note"] = rng.choice(SLOT_NOTES)
            slots.append(slot)
        return slots

    def service(self, org: dict, districts: list[District]) -> tuple[str, str, str]:
        """One service: (district slug, id, YAML text)."""
        rng = self.rng
        arch = org["arch"]
        cats = arch[2]
        primary = CATEGORY_BY_ID[
            rng.choices(cats, weights=[len(cats) * 2 - i for i in range(len(cats))])[0]
        ]
        categories = [primary.id]
        for _ in range(rng.choices((0, 1, 2), weights=(45, 40, 15))[0]):
            extra = rng.choice(primary.related)
            if extra not in categories:
                categories.append(extra)

        home: District = org["home"]
        district = home if rng.random() < 0.85 else rng.choice(home.neighbours or [home])
        place = (
            org["place"] if district is home and rng.random() < 0.6 else rng.choice(district.places)
        )

        # Where, when and who.
        remote = rng.random() < primary.remote
        n_loc = 0 if remote else rng.choices((1, 2, 3), weights=(72, 21, 7))[0]
        venues: list[Venue] = []
        for i in range(n_loc):
            where = place if i == 0 else rng.choice(district.places)
            v = self.venue(where)
            if all(v is not u for u in venues):
                venues.append(v)
        schedule = self.schedule(primary)
        if len(venues) > 1:
            for i, slot in enumerate(schedule):
                slot["location"] = venues[i % len(venues)].name

        slot0 = schedule[0]
        day0 = slot0["days"][0].capitalize() if len(slot0["days"]) == 1 else ""
        monthly0 = slot0.get("frequency") == "monthly"
        # Names like "Whitfield Dementia Café" or "Tuesday Lunch Club at St Anne's". An
        # organisation never has two services of one name (validation warns about that),
        # and ids are unique county-wide, so draw again on a clash.
        for attempt in range(12):
            noun = (
                rng.choice(primary.nouns)
                if attempt < 8
                else rng.choice(CATEGORY_BY_ID[rng.choice(categories)].nouns)
            )
            forms = [f"{place.name} {noun}", f"{place.name} {noun}", f"{noun} ({place.name})"]
            if venues:
                forms += [f"{noun} at {venues[0].short}", f"{noun} at {venues[0].name}"]
                if day0 and not monthly0:
                    forms.append(f"{day0} {noun} at {venues[0].short}")
            else:
                forms += [f"{district.name} {noun}", f"{noun} – {district.name}"]
            name = rng.choice(forms)
            key = re.sub(r"[^a-z0-9]", "", name.lower())
            if key not in org["names"] and fit_slug(slugify(name)) not in self.used_ids:
                break
        else:
            # Names around here are taken: name it after another place in the district.
            for other in district.places:
                name = f"{other.name} {noun}"
                key = re.sub(r"[^a-z0-9]", "", name.lower())
                if key not in org["names"] and fit_slug(slugify(name)) not in self.used_ids:
                    break
            else:
                name = f"{name} {len(org['names']) + 1}"
                key = re.sub(r"[^a-z0-9]", "", name.lower())
        org["names"].add(key)
        sid = self.unique_id(name, f"{name} {place.name}", f"{noun} {place.name} {org['name']}")

        # Areas served: ~3% county-wide (more often for big organisations), ~10% two or
        # three districts, otherwise the folder's district, written out or left implicit.
        r = rng.random()
        areas: list[str] | None
        if rng.random() < (0.06 if org["size"] in ("large", "major") else 0.02):
            areas = ["county"]
        elif r < 0.11:
            extra = [d.slug for d in district.neighbours[: rng.randint(1, 2)]]
            areas = [district.slug] + extra
        elif r < 0.37:
            areas = [district.slug]
        else:
            areas = None

        who = rng.choice(_audiences(noun, primary.who))
        min_age, max_age = _ages(noun, who, primary)
        a1, a2, a3 = rng.sample(primary.acts, 3)
        when = self.when_text(schedule)
        values = {
            "org": org["name"],
            "noun": noun,
            "place": place.name,
            "district": district.name,
            "who": who,
            "when": when,
            "year": rng.randint(1985, 2024),
        }
        host = f"{org['domain']}.example.org"
        local = rng.choice(
            ("hello", "info", primary.id.split("-")[0], "contact", slugify(noun).split("-")[0])
        )
        email = f"{local}@{host}" if rng.random() < 0.8 else ""
        website = f"https://{host}/{sid}" if rng.random() < 0.6 else ""
        n_phones = rng.choices((0, 1, 2), weights=(8, 72, 20))[0] or (0 if email else 1)
        phones = [self.venue_phone(venues) for _ in range(n_phones)]

        # Cost.
        free = rng.random() < primary.free
        cost = ["cost:", f"  free: {'true' if free else 'false'}"]
        if not free:
            cost.append("  options:")
            for amount, desc in rng.sample(
                primary.prices, rng.randint(1, min(2, len(primary.prices)))
            ):
                cost += [f"    - amount: {amount:.2f}", f"      description: {q(desc)}"]
            if rng.random() < 0.3:
                cost.append(f"  notes: {q(rng.choice(COST_NOTES_PAID))}")
        elif rng.random() < 0.25:
            cost.append(f"  notes: {q(rng.choice(COST_NOTES_FREE))}")

        summary = self.summary(primary, values, a1, a2, free)
        description = self.description(
            primary, values, (a1, a2, a3), venues, email, website, phones, free
        )

        # Capacity: ~60/15/10/7/8 open/limited/waitlist/full/paused (temporarily closed
        # services, 4%, are the other half of paused). Services of an organisation with its
        # own capacity inherit it half the time.
        closed = rng.random() < 0.04
        status = (
            "paused"
            if closed
            else rng.choices(
                ("open", "limited", "waitlist", "full", "paused"), weights=(60, 15, 10, 7, 4)
            )[0]
        )
        capacity: list[str] = []
        if not (org["capacity"] and rng.random() < 0.5):
            capacity = ["capacity:", f"  status: {status}"]
            if status != "open" and rng.random() < 0.7 or rng.random() < 0.05:
                capacity.append(
                    f"  note: {q(rng.choice(CAPACITY_NOTES[status]).format(n=rng.randint(2, 16)))}"
                )  # noqa: E501
            if status == "paused" and rng.random() < 0.7:
                # Some pauses ended before the fixed date, so builds lift them.
                until = TODAY + dt.timedelta(days=rng.randint(-45, 150))
                capacity.append(f"  until: {until.isoformat()}")
            elif status in ("limited", "waitlist", "full") and rng.random() < 0.2:
                capacity.append(
                    f"  until: {(TODAY + dt.timedelta(days=rng.randint(7, 180))).isoformat()}"
                )  # noqa: E501
            if status in ("limited", "waitlist") and rng.random() < 0.5:
                pref = rng.choices(
                    ("phone", "email", "website", "post", "in-person"), weights=(40, 35, 10, 5, 10)
                )[0]
                capacity.append(f"  contact_preference: {pref}")

        # Write it, keys in the order of the sample record.
        L = [
            f"name: {q(name)}",
            f"organisation: {org['id']}",
            f"summary: {q(summary)}",
            "description: " + block(description, "  "),
            f"categories: {flow(categories)}",
        ]
        if areas:
            L.append(f"areas_served: {flow(areas)}")
        if rng.random() < 0.85:
            L.append("eligibility:")
            if min_age is not None and rng.random() < primary.age_p:
                L.append(f"  min_age: {min_age}")
                if max_age is not None:
                    L.append(f"  max_age: {max_age}")
            where = rng.random()
            tail = (
                ""
                if "," in who or where >= 0.6
                else f" living in {district.name}"
                if where < 0.4
                else f" in {place.name} and the surrounding area"
            )
            L.append(f"  who: {q(who[0].upper() + who[1:] + tail + '.')}")
            if rng.random() < 0.1:
                L.append(f"  notes: {q(rng.choice(ELIGIBILITY_NOTES))}")
        access = sorted(
            set(rng.sample(primary.access, rng.randint(1, len(primary.access)))),
            key=primary.access.index,
        )
        L.append(f"access: {flow(access)}")
        if rng.random() < 0.65:
            L.append(f"access_notes: {q(rng.choice(ACCESS_NOTES[access[0]]))}")
        L += cost
        L.append("contacts:")
        if phones:
            L.append("  phones:")
            for p in phones:
                L.append(f'    - number: "{p}"')
                if rng.random() < 0.4:
                    L.append(f"      label: {q(rng.choice(PHONE_LABELS))}")
        if email:
            L.append(f"  email: {email}")
        if website:
            L.append(f"  website: {website}")
        if venues:
            L.append("locations:")
            for v in venues:
                L += [
                    f"  - name: {q(v.name)}",
                    f"    address: {q(v.address)}",
                    f"    town: {q(v.town)}",
                    f"    postcode: {v.postcode}",
                ]
                if rng.random() < 0.8:
                    L += [f"    latitude: {v.lat:.4f}", f"    longitude: {v.lon:.4f}"]
                if v.features:
                    L.append(f"    accessibility: {flow(v.features)}")
                if v.notes:
                    L.append(f"    accessibility_notes: {q(v.notes)}")
        L.append("schedule:")
        for slot in schedule:
            L.append(f"  - days: {flow(slot['days'])}")
            if "frequency" in slot:
                L.append(f"    frequency: {slot['frequency']}")
            if "weeks" in slot:
                L.append(f"    weeks: {flow(slot['weeks'])}")
            L += [f'    opens: "{slot["opens"]}"', f'    closes: "{slot["closes"]}"']
            if "location" in slot:
                L.append(f"    location: {q(slot['location'])}")
            if "note" in slot:
                L.append(f"    note: {q(slot['note'])}")
        if rng.random() < 0.4:
            L.append(f"schedule_notes: {q(rng.choice(SCHEDULE_NOTES))}")
        if rng.random() < 0.7:
            langs = ["English"]
            pool = NOUN_LANGUAGES.get(noun) or primary.langs
            if arch[2][0] == "cultural-groups":
                pool = COMMUNITIES[org["community"]] or pool
            if pool and rng.random() < 0.7:
                langs += rng.sample(pool, min(len(pool), rng.randint(1, 2)))
            elif rng.random() < 0.2:
                langs += rng.sample(OTHER_LANGUAGES, rng.randint(1, 2))
            L.append(f"languages: {flow(list(dict.fromkeys(langs)))}")
        L += capacity
        L.append(f"reviewed: {self.reviewed().isoformat()}")
        L.append(f"status: {'temporarily-closed' if closed else 'active'}")
        return district.slug, sid, "\n".join(L) + "\n"

    @staticmethod
    def when_text(schedule: list[dict]) -> str:
        slot = schedule[0]
        days = [d.capitalize() for d in slot["days"]]
        if slot.get("frequency") == "monthly":
            weeks = slot["weeks"]
            w = weeks[0] if len(weeks) == 1 else f"{weeks[0]} and {weeks[1]}"
            return f"on the {w} {days[0]} of each month"
        if len(days) == 5:
            return "on weekdays"
        if len(days) == 1:
            return f"every {days[0]}"
        return "on " + ", ".join(d + "s" for d in days[:-1]) + f" and {days[-1]}s"

    def summary(self, cat: Category, values: dict, a1: str, a2: str, free: bool) -> str:
        rng = self.rng
        v = dict(
            values,
            a1=a1,
            a2=a2,
            A1=a1[0].upper() + a1[1:],
            noun_cap=values["noun"][0].upper() + values["noun"][1:],
        )
        options = _suitable(SUMMARIES, cat) + ([FREE_SUMMARY] if free else [])
        for _ in range(4):
            text = rng.choice(options).format(**v)
            if len(text) <= SUMMARY_MAX:
                return text
        text = f"{v['noun_cap']} in {v['place']}."
        return text if len(text) <= SUMMARY_MAX else v["noun_cap"][: SUMMARY_MAX - 1] + "."

    def description(
        self,
        cat: Category,
        values: dict,
        acts: tuple[str, str, str],
        venues: list[Venue],
        email: str,
        website: str,
        phones: list[str],
        free: bool,
    ) -> str:
        """80-200 words of Markdown: paragraphs, sometimes a list, some bold, some links."""
        rng = self.rng
        v = dict(values)
        if venues:
            v["where"] = f"at {venues[0].name} in {venues[0].town}"
            v["where_venue"] = f"{venues[0].name} in {venues[0].town}"
            v["when"] = " " + v["when"]
            intro = rng.choice(INTROS_SERVICE if cat.id in SERVICE_CATEGORIES else INTROS).format(
                **v
            )
        else:
            intro = rng.choice(INTROS_REMOTE).format(**v)
        a1, a2, a3 = acts
        if rng.random() < 0.3:
            a1 = f"**{a1}**"
        first = [intro, rng.choice(AUDIENCE).format(**v)]
        listing: list[str] = []
        r = rng.random()
        if r < 0.3:
            lead = rng.choice(LIST_LEADS)
            items = rng.sample(cat.acts, rng.randint(3, len(cat.acts)))
            listing = [lead, "\n".join("- " + i[0].upper() + i[1:] for i in items)]
        elif r < 0.38 and ("self-referral" in cat.access or "professional-referral" in cat.access):
            steps = rng.choice(STEPS)
            listing = [
                "How to get started:",
                "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)),
            ]
        else:
            first.append(rng.choice(ACTIVITY).format(a1=a1, a2=a2, a3=a3))

        closing_v = dict(v, phone=phones[0] if phones else "", email=email, website=website)
        closings = [
            c
            for c in _suitable(CLOSINGS, cat)
            if ("{phone}" not in c or (phones and email)) and ("{website}" not in c or website)
        ]
        closing = rng.choice(closings).format(**closing_v)
        pool = list(cat.facts) + rng.sample(_suitable(PRACTICAL, cat), 8)
        rng.shuffle(pool)

        def words(parts: list[str]) -> int:
            # List markers ("-", "1.") are not words.
            return sum(
                len(p.split()) - (p.count("\n") + 1 if p.startswith(("- ", "1. ")) else 0)
                for p in parts
            )

        target = rng.randint(85, 190)
        body: list[str] = []
        used = words(first) + words(listing) + words([closing])
        for sentence in pool:
            if used >= target:
                break
            s = sentence.format(**v)
            n = len(s.split())
            if used + n > 200:
                continue
            body.append(s)
            used += n
        # Paragraphs of one to three sentences, as people write them.
        paragraphs = [" ".join(first)]
        if listing:
            paragraphs += listing
        i = 0
        while i < len(body):
            k = rng.randint(1, 3)
            paragraphs.append(" ".join(body[i : i + k]))
            i += k
        paragraphs.append(closing)
        if rng.random() < 0.5:
            paragraphs = [p if p.startswith(("- ", "1. ")) else wrap(p, 76) for p in paragraphs]
        return "\n\n".join(paragraphs)

    # -- the whole county --

    def generate(self) -> Iterator[tuple[str, str]]:
        """(relative path, text) for every file, in a fixed order, made as they are needed."""
        districts = self.make_districts()
        yield "site.yaml", self.site_yaml(districts)
        yield "taxonomy.yaml", self.taxonomy_yaml()
        weights = [d.weight for d in districts]
        for k in self.org_sizes():
            org = self.make_org(k, districts, weights)
            yield f"organisations/{org['id']}.yaml", self.org_yaml(org)
            for _ in range(k):
                district, sid, text = self.service(org, districts)
                yield f"services/{district}/{sid}.yaml", text


# -- writing and mutating ------------------------------------------------------------------------


def default_districts(services: int) -> int:
    """12 districts up to ~75,000 services, then 12 more for each 50,000 (24 at 100,000)."""
    return max(12, 12 * round(services / 50_000))


def _clear(out: Path) -> None:
    if not out.exists():
        return
    entries = list(out.iterdir())
    if not entries:
        return
    if not (out / MARKER).exists():
        raise SystemExit(
            f"{out} is not empty and was not made by bench/generate.py "
            f"(no {MARKER} file); choose another folder"
        )
    for name in ("services", "organisations", "pages"):
        shutil.rmtree(out / name, ignore_errors=True)
    for name in ("site.yaml", "taxonomy.yaml", MARKER):
        (out / name).unlink(missing_ok=True)


def _write_file(path: str, data: bytes) -> None:
    # os.open/os.write: a third of the time of open() for 100,000 small files.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _write_batches(conn: Connection) -> None:
    """The writer process: write each batch it is sent until None; report an error back."""
    try:
        while (batch := conn.recv()) is not None:
            for path, data in batch:
                _write_file(path, data)
        conn.send(None)
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(f"{type(e).__name__}: {e}")
    finally:
        conn.close()


class _Writer:
    """Writes files here, or in batches in a child process when parallel is true."""

    BATCH = 500

    def __init__(self, parallel: bool) -> None:
        self.parallel = parallel
        self.batch: list[tuple[str, bytes]] = []

    def __enter__(self) -> _Writer:
        if self.parallel:
            self.conn, child = multiprocessing.Pipe()
            self.proc = multiprocessing.Process(target=_write_batches, args=(child,), daemon=True)
            self.proc.start()
            child.close()
        return self

    def write(self, path: str, data: bytes) -> None:
        if not self.parallel:
            _write_file(path, data)
            return
        self.batch.append((path, data))
        if len(self.batch) >= self.BATCH:
            self._send()

    def _send(self) -> None:
        try:
            self.conn.send(self.batch)
        except (BrokenPipeError, ConnectionResetError):
            self._finish()  # raises the writer's own error
            raise
        self.batch = []

    def _finish(self) -> None:
        result = self.conn.recv() if self.conn.poll(None) else "the writer process stopped"
        self.proc.join()
        if result is not None:
            raise OSError(f"writing the county failed: {result}")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if not self.parallel:
            return
        if exc_type is None:
            if self.batch:
                self._send()
            self.conn.send(None)
            self._finish()
        else:
            self.proc.kill()
            self.proc.join()


def write_county(
    out: Path, services: int, seed: int = 1, districts: int | None = None
) -> dict[str, int]:
    """Generate and write a county; returns counts. The same arguments give the same bytes."""
    districts = districts or default_districts(services)
    _clear(out)
    out.mkdir(parents=True, exist_ok=True)
    settings = {
        "generator_version": GENERATOR_VERSION,
        "services": services,
        "seed": seed,
        "districts": districts,
    }
    # Written first, so a half-written folder can still be cleared by a re-run.
    (out / MARKER).write_text(json.dumps(settings, sort_keys=True) + "\n", encoding="utf-8")
    made: set[str] = set()
    counts = {"services": 0, "organisations": 0, "districts": districts, "files": 0, "bytes": 0}
    base = str(out) + os.sep
    # Files are written as they are made, so memory stays flat at any size. Creating a small
    # file costs about as much CPU (mostly in the kernel) as making its text, so for big
    # counties a second process writes while this one generates.
    with _Writer(parallel=services >= 5000) as writer:
        for rel, text in Generator(services, seed, districts).generate():
            folder, _, _ = rel.rpartition("/")
            if folder and folder not in made:
                (out / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            data = text.encode("utf-8")
            writer.write(base + rel, data)
            counts["files"] += 1
            counts["bytes"] += len(data)
            kind = rel.partition("/")[0]
            if kind in ("services", "organisations"):
                counts[kind] += 1
    (out / "pages").mkdir(exist_ok=True)
    return counts


def _read_scalar(line: str) -> str:
    value = line.split(":", 1)[1].strip()
    return json.loads(value) if value.startswith('"') else value


def touch_one(out: Path | str, k: int = 1) -> Path:
    """Change exactly one service record (its summary), chosen and worded from k.

    The same k always picks the same file and writes the same summary, so the change can
    be repeated; a different k gives a different change (usually to a different file).
    """
    out = Path(out)
    services = sorted(
        p for d in sorted((out / "services").iterdir()) if d.is_dir() for p in d.glob("*.yaml")
    )
    if not services:
        raise SystemExit(f"no services under {out / 'services'}")
    path = services[Random(k).randrange(len(services))]
    before = path.read_text(encoding="utf-8")
    lines = before.split("\n")
    name = next(_read_scalar(x) for x in lines if x.startswith("name:"))
    summary = f"{name} – details checked and updated (revision {k})."
    if len(summary) > SUMMARY_MAX:
        summary = f"Details checked and updated (revision {k})."
    after = "\n".join(f"summary: {q(summary)}" if x.startswith("summary:") else x for x in lines)
    if after != before:  # leave the file (and its mtime) alone when k was applied already
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(after, encoding="utf-8")
        os.replace(tmp, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a deterministic synthetic county for benchmarks, or change "
        "one record of one (--mutate)."
    )
    parser.add_argument("--services", type=int, help="how many services to generate")
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--districts",
        type=int,
        default=None,
        help="number of districts (default 12, or 24 at 100,000 services)",
    )
    parser.add_argument(
        "--mutate",
        type=int,
        metavar="K",
        help="instead of generating, change one service's summary in --out; K picks which and how",
    )
    args = parser.parse_args(argv)
    if args.mutate is not None:
        print(touch_one(args.out, args.mutate))
        return 0
    if not args.services or args.services < 1:
        parser.error("--services N (N >= 1) is required unless --mutate is given")
    if args.districts is not None and args.districts < 1:
        parser.error("--districts must be at least 1")
    started = time.perf_counter()
    counts = write_county(args.out, args.services, args.seed, args.districts)
    print(
        f"{counts['services']} services, {counts['organisations']} organisations, "
        f"{counts['districts']} districts: {counts['files']} files, "
        f"{counts['bytes'] / 1e6:.1f} MB in {time.perf_counter() - started:.1f}s -> "
        f"{args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
