"""Word lists and the sentences built from them. Every choice goes through the
caller's random.Random, so a seed gives the same text on every run. Places and
names are Madrid's, accents included, so the data exercises UTF-8 end to end."""

AREAS = [
    ("Parks and green spaces", "Parks, street trees, playgrounds, allotments and Madrid Río."),
    ("Public transport and mobility", "Buses, cycle lanes, pavements, crossings and parking."),
    ("Cleaning and waste", "Street cleaning, bins, recycling points and bulky waste."),
    ("Libraries and culture", "Public libraries, cultural centres, festivals and museums."),
    ("Sport", "Sports centres, swimming pools, courts and outdoor gyms."),
    ("Social services", "Help at home, day centres, carers and people living alone."),
    ("Housing", "Public housing, repairs, damp, lifts and energy bills."),
    ("Education and youth", "Nurseries, school routes, youth centres and homework clubs."),
    ("Safety and emergencies", "Street lighting, local police, fire safety and heat waves."),
    ("Health", "Health centres, mental health, healthy ageing and clean air."),
    ("Urban planning", "Squares, street design, benches, shade and empty plots."),
    ("Environment and air quality", "Air quality, noise, trees, water and the climate plan."),
]

DISTRICTS = [
    "Centro", "Arganzuela", "Retiro", "Salamanca", "Chamartín", "Tetuán", "Chamberí",
    "Fuencarral-El Pardo", "Moncloa-Aravaca", "Latina", "Carabanchel", "Usera",
    "Puente de Vallecas", "Moratalaz", "Ciudad Lineal", "Hortaleza", "Villaverde",
    "Villa de Vallecas", "Vicálvaro", "San Blas-Canillejas", "Barajas",
]
LANDMARKS = [
    "Plaza Mayor", "Gran Vía", "Calle de Alcalá", "Madrid Río", "Casa de Campo",
    "Parque del Retiro", "Lavapiés", "Malasaña", "Plaza de Castilla", "Puerta del Sol",
    "Parque de Berlín", "Dehesa de la Villa", "Paseo de la Castellana", "Cuatro Caminos",
]
THINGS = [
    "benches", "drinking fountains", "shade trees", "playgrounds", "cycle lanes",
    "bus shelters", "pedestrian crossings", "recycling points", "public toilets",
    "study rooms", "outdoor gyms", "street lights", "community gardens", "dog areas",
    "library hours", "swimming pool hours", "lifts in metro stations", "quiet zones",
    "wheelchair ramps", "water refill points", "bike parking", "meeting rooms",
]
PREFIXES = [
    "More", "Better", "Safer", "Cleaner", "Accessible", "Longer hours for", "Repair the",
    "Greener", "Free", "Quieter", "Well-lit", "Covered",
]
GROUPS = [
    "older residents", "families with small children", "people who work shifts",
    "wheelchair users", "teenagers", "carers", "people who cycle to work", "students",
    "people living alone", "shop owners", "new neighbours", "dog owners",
]
CITIES = ["Barcelona", "Valencia", "Bilbao", "Lisbon", "Paris", "Vienna", "Copenhagen", "Seville"]
PROBLEMS = [
    "there is nowhere to sit for almost a kilometre",
    "the nearest one is always full by ten in the morning",
    "the path is completely dark after seven in winter",
    "nobody knows who to call when it breaks",
    "the queue at weekends is over an hour long",
    "it closes before most of us finish work",
    "the summer heat makes the square unusable at midday",
    "the bins overflow every Sunday night",
    "children cross a busy road with no lights",
    "the only lift has been broken for months",
]

FIRST_NAMES = [
    "María", "Carmen", "Lucía", "Javier", "Antonio", "José", "Sofía", "Pablo", "Elena",
    "David", "Ana", "Manuel", "Laura", "Daniel", "Marta", "Alejandro", "Paula", "Sergio",
    "Cristina", "Jorge", "Fátima", "Mohamed", "Wei", "Irina", "Andrea", "Hugo", "Claudia",
    "Adrián", "Nerea", "Iker", "Rocío", "Álvaro", "Inés", "Nicolás", "Ximena", "Óscar",
]
LAST_NAMES = [
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
    "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Romero",
    "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Serrano", "Blanco", "Molina",
    "Morales", "Ortega", "Delgado", "Castro", "Núñez", "Ibáñez", "Chen", "Popescu", "El Idrissi",
]

COMMENT_LINES = [
    "I agree, {problem}.",
    "Yes please. This would really help {group}.",
    "Has anyone asked {group} what they think?",
    "{city} tried something like this and it worked well.",
    "How much would it cost? A rough figure would help.",
    "Could it start as a trial in {district}?",
    "Not sure about this: shouldn't we fix what we already have first?",
    "My neighbours and I talked about exactly this last week.",
    "In {district} {problem}, so count me in.",
    "**Important:** please keep it accessible for {group}.",
]
REPLY_LINES = [
    "Good point.",
    "A trial sounds sensible to me.",
    "I think it would pay for itself in the long run.",
    "Agreed, and {group} would benefit most.",
    "The council published figures for {district} last year, worth a look.",
    "Not everyone can get to {landmark}, though.",
]

STATUS_RESPONSES = {
    "under_review": "Thank you. The {area} team is looking at this idea and will answer here.",
    "not_taken_forward": "We will not take this forward now: the {area} budget for this year is "
                         "committed. We have noted the support it received.",
    "already_planned": "Good news: this is already planned by the {area} team for next year.",
    "promoted": "This idea is now part of a formal proposal by the {area} team.",
    "duplicate": "This idea asks for the same as idea #{target}; its supports now count there.",
}
PROPOSAL_RESPONSES = {
    "draft": "Created from residents' ideas.",
    "open_for_feedback": "Tell us what you think of this proposal before we decide.",
    "approved": "Approved in the {area} budget.",
    "in_pilot": "A pilot starts in {district}.",
    "implemented": "Done: thank you to everyone who took part.",
    "not_taken_forward": "Not taken forward: the cost was too high for the benefit expected.",
}
HIDE_NOTES = ["Personal details of a neighbour.", "Advertising.", "Insults towards another resident.",
              "Not about this idea.", ""]
BLOCK_NOTES = ["Repeated spam after warnings.", "Abusive messages to other residents."]


def _fill(rng, template):
    return template.format(
        problem=rng.choice(PROBLEMS), group=rng.choice(GROUPS), city=rng.choice(CITIES),
        district=rng.choice(DISTRICTS), landmark=rng.choice(LANDMARKS),
    )


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def place(rng):
    return rng.choice(LANDMARKS if rng.random() < 0.4 else DISTRICTS)


def title(rng):
    where = rng.random()
    suffix = (f" in {rng.choice(DISTRICTS)}" if where < 0.5
              else f" near {rng.choice(LANDMARKS)}" if where < 0.7
              else f" for {rng.choice(GROUPS)}" if where < 0.9 else "")
    return f"{rng.choice(PREFIXES)} {rng.choice(THINGS)}{suffix}"


def description(rng):
    thing, group = rng.choice(THINGS), rng.choice(GROUPS)
    paragraphs = [
        f"In {rng.choice(DISTRICTS)} {rng.choice(PROBLEMS)}. We need {thing} that work for "
        f"**{group}**, not just for the people who already use them.",
        _fill(rng, "{city} already does this, and it did not cost much."),
    ]
    if rng.random() < 0.4:
        points = rng.sample(PROBLEMS, 3)
        paragraphs.append("What I would change:\n\n" + "\n".join(f"- {p}" for p in points))
    if rng.random() < 0.5:
        paragraphs.append(_fill(rng, "A six-month trial near {landmark} would show whether it works."))
    return "\n\n".join(paragraphs)


def comment(rng, reply=False):
    lines = REPLY_LINES if reply else COMMENT_LINES
    return " ".join(_fill(rng, rng.choice(lines)) for _ in range(rng.randint(1, 3)))


def challenge_question(rng, area_name):
    return (f"How might we make {area_name.lower()} work better for {rng.choice(GROUPS)} "
            f"in {rng.choice(DISTRICTS)}?")


def proposal_text(rng, idea_title):
    return {
        "problem": f"Residents told us that {rng.choice(PROBLEMS)}.\n\n"
                   + _fill(rng, "It matters most to {group}."),
        "proposed_change": f"{idea_title}, starting with a pilot in {rng.choice(DISTRICTS)}.",
        "expected_benefits": _fill(rng, "Fewer complaints, and a service that works for {group}."),
        "who_it_affects": _fill(rng, "Residents of {district}, especially {group}."),
    }


# A small share of ideas and comments is written in Welsh (seed/ideas.py,
# seed/threads.py), so search and the lang markup meet it at scale.
WELSH_TITLES = [
    "Mwy o feinciau yn y parc",
    "Gwersi nofio am ddim i blant",
    "Goleuadau gwell ar y llwybr beicio",
    "Casgliadau ailgylchu bob wythnos",
    "Llyfrgell ar agor ar ddydd Sul",
    "Mwy o finiau sbwriel ar y stryd fawr",
    "Clwb gwaith cartref yn y ganolfan ieuenctid",
    "Coed newydd ar hyd y stryd",
]
WELSH_SENTENCES = [
    "Mae llawer o bobl hŷn yn yr ardal yn methu cerdded yn bell heb orffwys.",
    "Byddai hyn yn gwneud **gwahaniaeth mawr** i deuluoedd yr ardal, yn enwedig i'r rhai heb gar.",
    "Rwy'n credu y byddai treial am chwe mis yn dangos a yw'n gweithio.",
    "Mae pobl ifanc angen lle diogel i fynd gyda'r nos.",
    "Mae plant yr ardal yn haeddu gwell.",
]
WELSH_COMMENTS = [
    "Syniad da iawn, byddwn i'n defnyddio hwn.",
    "Cytuno'n llwyr.",
    "Faint fyddai'n ei gostio?",
    "Diolch am godi hyn.",
    "Mae angen hyn ar frys yn ein hardal ni.",
    "Beth am ddechrau gyda chynllun peilot?",
]


def welsh_title(rng):
    return rng.choice(WELSH_TITLES)


def welsh_description(rng):
    return "\n\n".join(rng.sample(WELSH_SENTENCES, 2))


def welsh_comment(rng):
    return rng.choice(WELSH_COMMENTS)
