"""What the demo's moderators and staff say: reports and the moderators'
notes, official answers to ideas, and two proposals. staff.py makes
them happen. Idea keys are those of content.IDEAS; days are days ago."""

# The demo resident follows these ideas: (idea key, days ago).
FOLLOWS = [("lighting", 20), ("late", 15)]

# -- moderation ----------------------------------------------------------------

# An account that advertised loans: the moderator hid its comment and blocked it.
# (email, name, idea key, days ago, comment, the moderator's note)
BLOCKED = (
    "quick.loans@example.org", "Quick Loans Today", "things", 20,
    "Need cash fast? Loans of £100 to £5,000 approved in minutes, no credit checks! "
    "Visit our website today.",
    "Advertising. The account posted loan adverts and is blocked.",
)

# A comment giving someone's address: reported once, hidden by the moderator.
# (idea key, days ago, comment, (report reason, report note), the note to its author)
PERSONAL = (
    "closed", 18,
    "The operative who marked our repair complete without coming was Dave, and he lives "
    "at 22 Hollins Road if anyone wants to ask him why.",
    ("personal_information", "This gives a council worker's home address."),
    "Please don't post where someone lives. Your point about repairs marked complete "
    "without a visit is welcome: post it again without the address.",
)

# A report that was only disagreement: the moderator dismissed it.
# (idea key, days ago, (reason, note), the moderator's note)
DISMISSED = (
    "fruit", 25,
    ("other", "Fruit trees drop rotten fruit on the paths and bring wasps."),
    "Disagreeing with an idea is not a reason to report it: say why in a comment instead.",
)

# An angry comment, hidden once enough people reported it. Its author appealed,
# and the appeal waits for a moderator. (idea key, days ago, comment,
# [(reason, note)] taken in turn by each reporter, the appeal)
HEATED = (
    "bulky", 6,
    "Whoever decided that bulky waste is collected on weekdays only is an idiot who has "
    "never had a job.",
    [("offensive", "Name-calling."),
     ("offensive", ""),
     ("offensive", "Calling council staff idiots doesn't help anyone.")],
    "I was angry after taking yet another day off work for a collection. I shouldn't have "
    "called anyone an idiot, but my point about weekday-only collections stands. Could it "
    "be shown again?",
)

# Adverts from a new account, hidden by reports and waiting for a moderator,
# who is also asked to look at the account. (email, name, idea key, days ago,
# comment, [(reason, note)] for the comment, [(reason, note)] for the account)
SPAM = (
    "best.deals.4u@example.org", "Best Deals 4U", "late", 1,
    "Earn £300 a day working from home!!! Message me on WhatsApp for details, only five "
    "places left.",
    [("spam", "An advert."), ("spam", ""), ("spam", "Same advert as on other sites.")],
    [("spam", "This account only posts adverts."), ("spam", "")],
)

# Reports on an idea, fewer than would hide it: waiting in the moderation queue.
# (idea key, days ago, [(reason, note)])
OPEN_REPORTS = (
    "dogs", 3,
    [("other", "Dogs off the lead frighten my children. This shouldn't be allowed."),
     ("off_topic", "We don't need more space for dogs.")],
)

# -- staff answers ---------------------------------------------------------------

# idea key -> (days ago, new status, the official response)
ANSWERS = {
    "reminders": (
        15, "already_planned",
        "Good news: a text or email the evening before your collection is part of the new "
        "bins service that starts in the spring. You will be able to sign up for it on the "
        "bins page of the council website.",
    ),
    "phone": (
        12, "under_review",
        "Thank you for this idea and for the comments. The team that takes first calls about "
        "care is reviewing how calls are passed between teams, and this idea is part of that "
        "review. We will post what we decide here.",
    ),
    "bulky": (
        8, "not_taken_forward",
        "Thank you. We looked at Saturday collections, but they would need crews working "
        "overtime and would put up the charge for everyone by about a third.\n\n"
        "Instead, from next month:\n\n"
        "- Canal Lane recycling centre takes bulky items free on Saturday mornings\n"
        "- you can book a weekday collection online until 7pm the evening before",
    ),
    "study": (
        6, "already_planned",
        "Central Library's new booking system, coming in two months, lets you book a study "
        "table in two-hour slots. The other branches will follow once it has settled in.",
    ),
    "late": (
        4, "under_review",
        "We are working out what it would cost to keep Central Library open until 9pm from "
        "Monday to Thursday, including staffing and security in the evening. We will post "
        "the figures here before the challenge closes.",
    ),
    "sitting": (
        3, "under_review",
        "So many of you support this that we are looking at it in detail. The carers' "
        "support team is talking to the two local carers' organisations about a sitting "
        "service with the same sitter each time.",
    ),
}

# (duplicate, the idea it repeats, the response: {num} and {title} are the latter's)
DUPLICATE = (
    "evening", "late",
    "Thank you. This asks for the same as idea #{num}, “{title}”, so we have merged the "
    "two: everyone who supported this idea now counts for that one too, and the "
    "discussion carries on there.",
)

# -- proposals ---------------------------------------------------------------------

# Each: its source ideas (the first is promoted, the others included), when it was
# promoted, the owning area, decision due (days from now), its fields, the message to
# residents, the discussion while it was open for feedback ((who, body, replies), who:
# None any resident, "author" the first idea's author, "staff", "me" the demo
# resident) and the later steps (days ago, status, response).
PROPOSALS = [
    {
        "sources": ("window", "photos"),
        "promoted": 40,
        "area": "housing",
        "decision_due": -20,
        "fields": {
            "title": "Repair appointments in a two-hour slot, with photos and a text on the way",
            "problem": "Tenants are asked to wait in all day for a repair. Many lose a day's "
                       "pay, and when the operative arrives without the right parts the "
                       "wait starts again.",
            "proposed_change": "1. Offer every repair appointment in a two-hour slot\n"
                               "2. Send a text when the operative is 30 minutes away\n"
                               "3. Let tenants add photos to an online repair report, so "
                               "the right person comes with the right parts",
            "expected_benefits": "Less time off work for tenants, fewer wasted visits "
                                 "(*no access*, wrong parts) and more repairs fixed at the "
                                 "first visit.",
            "who_it_affects": "About 11,000 council tenants, the repairs contact centre and "
                              "the repairs operatives.",
            "cost_band": "10k_50k",
            "responsible_team": "Housing Repairs Service",
        },
        "message": "Thank you for these ideas. The repairs service has turned them into a "
                   "proposal: tell us what you think while it is open for feedback.",
        "comments": [
            (None, "Two-hour slots would change everything for shift workers like me.", []),
            (None,
             "Please make sure adding photos works on a phone: most of us don't have a computer.",
             [("staff", "It will: the new form is being designed for phones first.", [])]),
            ("author", "What happens if they miss the slot? Do we get a new one straight "
                       "away?", []),
        ],
        "steps": [
            (24, "approved",
             "Approved by the Housing Committee. Thank you to everyone who commented: the "
             "text will also say who is coming, and a missed slot gets a new one within two "
             "working days. We start with a pilot on the Eastfield estate."),
            (10, "in_pilot",
             "The pilot has started on the Eastfield estate: two-hour slots and a text on the "
             "way for every repair booked from this week. We will report here how it went "
             "after three months."),
        ],
    },
    {
        "sources": ("lighting", "walks"),
        "promoted": 9,
        "area": "parks",
        "decision_due": 40,
        "fields": {
            "title": "Light the main path through Hollins Park",
            "problem": "The main path through Hollins Park, from Mill Street to the station, "
                       "has no lights. From October to March it is dark by 5pm, and many "
                       "people take the long way round on the main road or walk through "
                       "feeling unsafe.",
            "proposed_change": "- Low, warm-white solar lights along the 600 m main path, on "
                               "until midnight\n"
                               "- A trial first, on the stretch from Mill Street to the "
                               "bandstand, over one winter\n"
                               "- Support for a volunteer *park friends* rota walking the "
                               "path from 5 to 7pm",
            "expected_benefits": "More people using the park in the evening, which itself "
                                 "makes it feel safer, and a shorter, quieter walk to the "
                                 "station.",
            "who_it_affects": "People walking to and from the station, dog walkers, parents "
                              "collecting children from after-school clubs, and the "
                              "neighbours on Mill Street.",
            "cost_band": "50k_250k",
            "responsible_team": "Parks and Green Spaces",
        },
        "message": "Thank you for these ideas. We have combined them into a proposal for "
                   "next year's parks budget. Please tell us what you think before we decide.",
        "comments": [
            (None, "Please make sure the lights don't shine into the houses on Mill Street.", [
                ("staff", "Good point. The lights we are looking at point downwards, and we "
                          "will talk to the Mill Street neighbours before the trial.", []),
            ]),
            ("me", "I walk this way home from the station every evening. Even the trial "
                   "stretch would help.", []),
            (None, "Will it be bright enough for people cycling through?", []),
        ],
        "steps": [],
    },
]
