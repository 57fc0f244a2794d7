"""The words of the demo's pilots (pilots.py writes them): last year's two
proposals, each made from two residents' ideas, discussed, approved and
piloted, one that worked and one that did not; and the card of the pilot
now running for this year's repairs proposal."""
from decimal import Decimal

# Residents who were already taking part last year (background residents, by index).
OLD_HANDS = 6

WORKED = {
    "ideas": [
        ("Put right a missed bin the next day",
         "When my bin is missed I report it and then wait most of a week. The crews should "
         "know about a missed bin while they are still out, and come back the next day."),
        ("Tell the crews about missed bins live",
         "The crews have phones. If a missed bin reported in the morning showed up on their "
         "route, they could pick it up on the way back instead of waiting for the next round."),
    ],
    "proposal": {
        "title": "Missed bins shown live on the crews' tablets",
        "problem": "A missed bin is put right the next working day only about two times in "
                   "three. The rest wait up to a week, and many are reported twice.",
        "proposed_change": "Give every crew a tablet showing missed bins as they are "
                           "reported, so a crew still nearby can go back the same or the next "
                           "day. Try it in Northgate first, with Southbank as it is.",
        "expected_benefits": "More missed bins put right the next day, fewer repeat reports "
                             "and fewer calls to the contact centre.",
        "who_it_affects": "Every household in Northgate during the pilot; then the borough.",
        "cost_band": "10k_50k",
        "responsible_team": "Waste Services",
    },
    "message": "Thank you: Waste Services have turned these two ideas into one proposal.",
    "comments": [
        (None, "Will this work for flats with communal bins too?",
         [("staff", "Yes: communal bins are on the same rounds and the same tablets.", [])]),
        ("author", "Please measure it properly before spending money on the whole borough.", []),
    ],
    "approved": "Approved by the Environment Committee, to be piloted in Northgate for six "
                "months with Southbank as the comparison.",
    "card": {
        "title": "Live missed-bin list in Northgate",
        "site": "Northgate ward, both rounds", "comparison_site": "Southbank ward (as before)",
        "change": "show missed bins live on the crews' tablets",
        "outcome": "the share of missed bins put right by the next working day",
        "direction": "rise", "amount": "8 percentage points", "who": "Northgate households",
        "because": "a crew still nearby can go back before the round ends",
        "measure_name": "Missed bins put right by the next working day", "measure_unit": "",
        "kind": "proportion", "better": "higher",
        "cost_measure": "crew time and fuel per missed bin put right",
        "baseline_value": Decimal("66"), "baseline_period": "the twelve months before the pilot",
        "baseline_source": "Waste Services case system", "target": Decimal("8"),
        "stop_rule": "Stop if rounds finish late more than one day a week.",
        "data_owner": "Waste Services performance team",
    },
    "amended_stop_rule": "Stop if rounds finish late more than one day a week, or if crews "
                         "report that using the tablet while driving is asked of them.",
    "amendment": "The crews' union asked that driving safety be part of the stop rule. "
                 "Nothing about the measure or the target changed.",
    "conclusion": "More missed bins were put right the next working day in Northgate than in "
                  "Southbank, by more than the eight points we were looking for, and each "
                  "cost less crew time. The tablets go to every crew from the spring.",
    "decided": "Implemented: after the pilot worked in Northgate, every crew in the borough "
               "gets the live missed-bin list.",
    # Residents who joined the design group while it was in pilot (note,
    # credited by name), so the pilot and its playbook credit them.
    "design_group": [
        ("I live on a Northgate round and will report every missed bin, and say if it "
         "came back the next day.", True),
        ("I can ask the flats in my block whether the communal bins are picked up sooner.",
         True),
        ("Happy to answer a short survey at the end.", False),
    ],
}

DID_NOT_WORK = {
    "ideas": [
        ("Get reserved books to my branch faster",
         "A book I reserve takes more than a week to reach my branch, even when another "
         "branch has it on the shelf."),
        ("A daily book van between the libraries",
         "The courier only goes round twice a week. A van every day would get reservations "
         "to people in a day or two."),
    ],
    "proposal": {
        "title": "A daily van for reserved books between branches",
        "problem": "A reserved book takes nine days on average to be ready for collection, "
                   "and many people give up waiting.",
        "proposed_change": "Replace the twice-weekly courier with a daily van between the "
                           "branches, starting with the five branches in the north.",
        "expected_benefits": "Reserved books ready days sooner, and more of them collected.",
        "who_it_affects": "Everyone who reserves a book at a northern branch.",
        "cost_band": "10k_50k",
        "responsible_team": "Library Service",
    },
    "message": "Thank you: the Library Service has turned these two ideas into one proposal.",
    "comments": [
        (None, "Will the mobile library get the daily van too?",
         [("staff", "Not in the pilot: the mobile library keeps its weekly stop.", [])]),
        (None, "A text when the book is ready matters as much as the van.", []),
    ],
    "approved": "Approved for a five-month pilot at the five northern branches. The van runs "
                "to all of them, so there is no branch to compare with: the pilot is "
                "measured against last year's figures.",
    "card": {
        "title": "A daily van for the northern branches",
        "site": "The five northern branch libraries", "comparison_site": "",
        "change": "send reserved books between branches by a daily van instead of the "
                  "twice-weekly courier",
        "outcome": "the days from reservation to the book being ready", "direction": "fall",
        "amount": "3 days", "who": "people reserving books at the northern branches",
        "because": "books would no longer wait for the courier's next round",
        "measure_name": "Days from reservation to ready for collection",
        "measure_unit": "days", "kind": "mean", "better": "lower",
        "cost_measure": "van and staff time per reservation",
        "baseline_value": Decimal("9.2"), "baseline_period": "the twelve months before the pilot",
        "baseline_source": "Library management system", "target": Decimal("3"),
        "stop_rule": "Stop if the van's cost per reservation is more than double the courier's.",
        "data_owner": "Library Service business support team",
    },
    "conclusion": "Reserved books were not ready much sooner: at best a day or so, well short "
                  "of the three days we needed. Most of the wait is finding the book on the "
                  "shelf, not the journey. We will not roll the van out, and we publish the "
                  "result so nobody pays to try it again without changing that first.",
    "decided": "Not taken forward: the pilot showed the daily van did not shorten the wait "
               "enough. The Library Service will look at how reserved books are found "
               "on the shelves instead.",
}

RUNNING = {
    "title": "Two-hour slots on the Eastfield estate",
    "site": "Eastfield estate", "comparison_site": "Westgate estate (as before)",
    "change": "book every repair in a two-hour slot and text tenants when the operative is "
              "30 minutes away",
    "outcome": "the share of repairs fixed at the first visit", "direction": "rise",
    "amount": "8 percentage points", "who": "Eastfield tenants",
    "because": "fewer visits find nobody in, and tenants can tell us what is wrong before we come",
    "measure_name": "Repairs fixed at the first visit", "measure_unit": "", "kind": "proportion",
    "better": "higher", "cost_measure": "operative time, parts and texts per repair",
    "baseline_value": Decimal("61"), "baseline_period": "April 2024 to March 2025",
    "baseline_source": "Repairs management system", "target": Decimal("5"),
    "stop_rule": "Stop at once if complaints about missed slots double; stop early for "
                 "success after four months if the whole interval is above the target.",
    "data_owner": "Housing Repairs performance team",
}
