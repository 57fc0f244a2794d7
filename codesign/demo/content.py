"""What the demo's residents say: service areas, challenges, residents,
ideas and their comment threads. residents.py writes it through the
services."""

AREAS = {
    "libraries": ("Libraries",
                  "Branch libraries, the mobile library, e-books and study spaces across the borough."),
    "waste": ("Waste and recycling",
              "Bin collections, recycling centres, bulky waste and keeping the streets clean."),
    "care": ("Adult social care",
             "Support at home, day centres, help for unpaid carers and for people living "
             "with a disability."),
    "parks": ("Parks and green spaces",
              "Parks, playgrounds, allotments, street trees, the canal towpath and nature reserves."),
    "housing": ("Housing repairs",
                "Repairs and maintenance in council homes, from a dripping tap to damp and mould."),
}

# key: (area, question, description, opened days ago, closes in days)
CHALLENGES = {
    "evenings": ("libraries",
                 "How might we make our libraries useful to people who work during opening hours?",
                 "Most branches close at 5:30pm. Tell us what would help if you can only visit "
                 "in the evening or at the weekend.", 24, 21),
    "food": ("waste",
             "How might we keep food waste out of the general rubbish?",
             "About a third of what goes in grey bins is food. It could be turned into "
             "compost and energy instead. What would make that easier for you?", 12, 42),
    "carers": ("care",
               "How might we help unpaid carers get a proper break?",
               "Around 9,000 people in the borough look after a relative or friend without pay. "
               "What would give them time for themselves?", 30, 28),
    "dark": ("parks",
             "How might we make parks feel safer after dark?",
             "Winter evenings start early. Which changes would make you happy to walk "
             "through a park at 6pm?", 75, -15),
}

RESIDENTS = [
    "Amira Hassan", "Tom Whitfield", "Grace Okafor", "Dev Patel", "Niamh Byrne",
    "Marek Nowak", "Hannah Lewis", "Kwame Mensah", "Sophie Turner", "Ravi Kumar",
    "Eleanor Price", "Jamal Ali", "Bethan Morgan", "Luis Fernandes", "Chloe Wright",
    "Ibrahim Yusuf", "Margaret Doyle", "Oliver Chen", "Fatima Rahman", "George Evans",
    "Aisha Bello", "Patrick Walsh", "Mei Lin", "Daniel Cohen", "Zara Ahmed", "Owen Jones",
    "Rosa Martinez", "Samuel Okoro",
]

# Residents who write in Welsh: the ideas flagged "cy" are theirs, and so are
# the comments by "welsh" in THREADS. Their account's language is Welsh.
WELSH_SPEAKERS = ("Bethan Morgan", "Owen Jones", "Hannah Lewis", "George Evans")

# key: (area, challenge, place, title, description); flags after: "hot" (popular),
# "ready" (enough supports to be ready for staff review), "withdrawn", "mine" (by the
# demo resident), "fresh" (2 days old, no one has responded), "early" (from the first
# weeks), "duplicate" (staff merge it into the idea it repeats: see staff.py), "cy"
# (written in Welsh, by one of WELSH_SPEAKERS).
IDEAS = {
    "late": ("libraries", "evenings", "Central Library",
             "Open one library until 9pm on weekdays",
             "Most branches close at 5:30pm, which is before many of us get home from work.\n\n"
             "Could **one** library stay open until 9pm, Monday to Thursday? Even with fewer "
             "staff in the evening, somewhere quiet to study or use a computer would help a "
             "lot of people.", "hot"),
    "lockers": ("libraries", "evenings", "Northgate Library",
                "Lockers for picking up reserved books at any time",
                "Let us collect reserved books from lockers outside the library. You get a code "
                "by text or email when your book is ready.\n\nNobody would need to take time "
                "off work just to collect a book.", "hot"),
    "evening": ("libraries", "evenings", "Central Library",
                "Later opening hours at Central Library",
                "I finish work at six, and by the time I get to Central Library it has closed. "
                "Please open later, at least a couple of evenings a week.", "duplicate"),
    "sunday": ("libraries", "evenings", None,
               "Swap Monday morning opening for Sunday afternoons",
               "Sundays are when families are free, and Monday mornings are very quiet anyway. "
               "My suggestion:\n\n- close on Monday mornings\n- open on Sunday from 12 to 4\n"
               "- keep the same total hours", ""),
    "things": ("libraries", None, "Riverside Library",
               "Lend out tools, not just books",
               "A *library of things*: drills, ladders, a sewing machine, a carpet cleaner. "
               "Most people use a drill for a few minutes a year. Borrowing one with a library "
               "card would save money and space.", ""),
    "study": ("libraries", "evenings", None,
              "Let us book a quiet study table online",
              "Students and people working from home need a quiet table with a plug socket. "
              "At the moment you just hope one is free when you arrive. Booking two-hour slots "
              "online would be fairer.", "mine"),
    "delivery": ("libraries", None, None,
                 "Deliver books to people who can't get out",
                 "My mum is housebound and misses reading. A volunteer delivery once a "
                 "fortnight, with books chosen over the phone, would make a huge difference "
                 "to people like her.", ""),
    "homework": ("libraries", "evenings", "Eastfield",
                 "Evening homework club run with volunteers",
                 "Two evenings a week, with retired teachers and students helping. Lots of "
                 "children on the estate have nowhere quiet to do homework.", ""),
    "timetable": ("libraries", None, None,
                  "Put the mobile library timetable on the website",
                  "The mobile library stops near us, but the times are only on a paper leaflet "
                  "in the van. A page listing each stop and time would help.", "mine fresh"),
    "caddies": ("waste", "food", "Eastfield estate",
                "Food waste bins for flats, not just houses",
                "Flats in our block have no food waste collection at all, so everything goes "
                "in the general bin. A shared food waste bin in the bin store, emptied every "
                "week, would fix this.", "ready"),
    "liners": ("waste", "food", None,
               "Free compostable caddy liners at libraries",
               "People stop using their caddy because it gets smelly. Free liners you can pick "
               "up at the library or the one-stop shop would keep more people going.", ""),
    "league": ("waste", "food", None,
               "Tell each street how much food waste it recycled",
               "A card through the door: *your street recycled 85 kg of food waste this "
               "month*. A bit of friendly competition between streets might work better than "
               "more rules.", ""),
    "bulky": ("waste", None, None,
              "Bulky waste collections on Saturdays",
              "I can only book a bulky waste collection on a weekday, so I have to take a day "
              "off. Saturday slots please, even if they cost a little more.", ""),
    "station": ("waste", None, "Station Road",
                "More bins between the station and the high street",
                "The bins are full by lunchtime on Saturdays and the litter blows down the "
                "road. Either more bins or a second emptying at weekends.", ""),
    "reuse": ("waste", None, "Canal Lane recycling centre",
              "A reuse corner at the recycling centre",
              "A lot of what goes in the skips is perfectly usable: furniture, bikes, toys. "
              "A covered corner where people can leave and take things for free, like some "
              "other councils have.", ""),
    "reminders": ("waste", None, None,
                  "A text the evening before my bin collection",
                  "Alternate weeks are confusing, especially after bank holidays. An optional "
                  "text the evening before would stop so many missed bins.", ""),
    "garden": ("waste", None, None,
               "Collect garden waste every week in summer",
               "Fortnightly isn't enough in June and July: the brown bin is full after one "
               "weekend of mowing.", "withdrawn"),
    "phone": ("care", None, None,
              "One phone number for care questions, answered by a person",
              "When my dad came out of hospital we were passed between four teams. One number, "
              "answered by a person who then finds the right team, would take so much stress "
              "away.", "hot"),
    "sitting": ("care", "carers", None,
                "A sitting service so carers can have an afternoon off",
                "I care for my husband, who has dementia. Three hours a fortnight with someone "
                "trained sitting with him would let me see a doctor, or just see friends.\n\n"
                "**Most important:** the same person each time, so he gets to know them.",
                "ready"),
    "cafe": ("care", "carers", "Westbrook Community Centre",
             "A carers' cafe once a month in each neighbourhood",
             "An afternoon with tea, other carers to talk to, and someone from the council "
             "to answer questions. Activities for the people we care for in the next room.", ""),
    "plain": ("care", None, None,
              "Write care plans in plain English",
              "The care plan we got was 14 pages of jargon. Please put the important things "
              "first, in plain words:\n\n1. who is coming\n2. when\n3. what they will do\n"
              "4. who to call if they don't turn up", ""),
    "visits": ("care", None, None,
               "Show families when home carers visited",
               "A simple page showing when the carer arrived and left would reassure families "
               "who live far away.", ""),
    "forms": ("care", None, "Northgate Library",
              "Help filling in the financial assessment form",
              "The form is long and frightening. A weekly drop-in with someone who knows it "
              "would help older people who have no family nearby.", ""),
    "leisure": ("care", "carers", None,
                "Carers' discount at the leisure centres",
                "Half-price swimming and gym for registered carers. Looking after your own "
                "health is the first thing to go when you care for someone.", ""),
    "lighting": ("parks", "dark", "Hollins Park",
                 "Better lighting on the main path through Hollins Park",
                 "The path from Mill Street to the station is pitch black from 4:30pm in "
                 "winter. Lots of people take the long way round on the main road instead.",
                 "hot"),
    "toilets": ("parks", "dark", "Hollins Park",
                "Keep the park toilets open until dusk",
                "They lock at 4pm all year, even in June when it's light until 10. Families "
                "with small children leave early because of it.", ""),
    "walks": ("parks", "dark", None,
              "Volunteer 'park friends' for evening walks",
              "A rota of volunteers in bright jackets walking the main paths from 5 to 7pm. "
              "More people around makes everyone feel safer.", ""),
    "growing": ("parks", None, "Riverside Park",
                "A community growing space on the old bowling green",
                "The bowling green has been empty for two years. Local groups would happily run "
                "raised beds for vegetables, with a water butt and a shed. Good for people, "
                "good for bees.", ""),
    "benches": ("parks", None, "Canal towpath, Lock 3 to Lock 5",
                "More benches along the canal towpath",
                "There's nowhere to sit for almost a mile. Older people and anyone with a bad "
                "knee can't do the walk.", ""),
    "dogs": ("parks", None, "Northgate Rec",
             "A fenced area where dogs can run off the lead",
             "Dogs get their run, and the playground and picnic area stay calm. Everyone wins.",
             ""),
    "fruit": ("parks", None, "Northgate Rec",
              "Plant fruit trees anyone can pick from",
              "Apples, pears and plums along the edge of the rec. In a few years there would be "
              "free fruit for the whole neighbourhood.", ""),
    "window": ("housing", None, None,
               "Repair appointments in a two-hour window, not 'all day'",
               "Waiting in all day for a repair that doesn't come means losing a day's pay. "
               "A two-hour slot, and a text when the operative is 30 minutes away, please.",
               "hot early"),
    "mould": ("housing", None, "Eastfield estate",
              "Treat damp and mould as urgent in winter",
              "Mould in a child's bedroom is a health problem, not a routine repair. Reports "
              "from homes with children or older people should go to the front of the queue.",
              ""),
    "photos": ("housing", None, None,
               "Let us add photos when we report a repair",
               "A photo with the online report means the right person comes with the right "
               "parts, the first time.", "early"),
    "closed": ("housing", None, "Marlowe House",
               "Tell us when a repair is closed, and let us say it isn't fixed",
               "Several repairs in our block were marked complete when nobody had visited. "
               "A text saying the job is closed, with a link to say *no, it isn't*, would "
               "stop this.", ""),
    "storytime": ("libraries", None, "Central Library",
                  "Amser stori Cymraeg i blant bach",
                  "Sesiwn stori a chân yn Gymraeg bob bore Sadwrn i blant dan bump oed.\n\n"
                  "Byddai'n help mawr i deuluoedd sy'n magu plant yn ddwyieithog, ac i rieni "
                  "sy'n dysgu Cymraeg eu hunain.", "cy"),
    "signs": ("parks", None, None,
              "Arwyddion dwyieithog yn y parciau",
              "Mae'r rhan fwyaf o'r arwyddion yn ein parciau yn Saesneg yn unig. Hoffwn weld "
              "arwyddion dwyieithog, gydag enwau'r coed a'r adar yn Gymraeg hefyd. Byddai'n "
              "ffordd hwyliog i blant ddysgu'r ddwy iaith.", "cy"),
    "foodbins": ("waste", "food", "Marlowe House",
                 "Biniau bwyd i'r fflatiau, wedi'u casglu bob wythnos",
                 "Yn ein bloc ni does dim bin bwyd o gwbl, felly mae pawb yn rhoi gwastraff bwyd "
                 "yn y bin llwyd. Byddai bin bwyd cymunedol yn y storfa finiau, wedi'i gasglu "
                 "bob wythnos, yn gwneud **gwahaniaeth mawr**.", "cy"),
    "paint": ("housing", None, "Marlowe House",
              "Paint the stairwells in brighter colours",
              "Our stairwells are dark grey and feel grim. Light colours and better bulbs "
              "would cheer everyone up.", "withdrawn"),
}

# Threads: idea key -> [(who, body, replies)], replies in the same shape.
# who: None (any resident), "author" (the idea's author, in the idea's
# language), "staff" or "welsh" (one of WELSH_SPEAKERS, in Welsh).
THREADS = {
    "late": [
        (None, "Yes please. I work shifts and the library is always closed when I'm free.", [
            (None, "Same here. Even one late evening a week would be a start.", [
                (None, "Central Library used to open late on Thursdays until a few years ago, "
                       "so it has been done before.", []),
            ]),
        ]),
        ("staff", "Thank you for this. We are costing evening opening as part of this "
                  "challenge and will post what we find here before it closes.", []),
        (None, "Would it be safe for staff on their own late in the evening?", [
            ("author", "Good point. Two staff, plus the security guard who is already there "
                       "for the car park, could work.", []),
        ]),
    ],
    "caddies": [
        (None, "Our block has the same problem. The bin store is big enough for a food bin.", [
            (None, "Ours too, and the foxes get into the general bins because of the food.", []),
        ]),
        (None, "How would you stop people putting plastic bags in it?", [
            ("author", "Clear signs, and free compostable liners. It works in Westbrook.", [
                (None, "I live in Westbrook and can confirm it mostly works!", []),
            ]),
        ]),
        (None, "Waste of money, just put it all in one bin.", [
            (None, "Food in landfill makes methane, so it really does matter where it goes.", []),
        ]),
    ],
    "phone": [
        (None, "This. We spent a week being transferred when my aunt needed help.", []),
        ("staff",
         "We hear this a lot. The team that takes first calls is reviewing how calls are "
         "passed on, and we have shared this idea with them.",
         [(None, "Thanks, please keep us posted here.", [])]),
    ],
    "sitting": [
        (None, "The same person each time matters so much for people with dementia.", [
            ("author", "Exactly. New faces upset him, and then the afternoon isn't a break "
                       "for either of us.", []),
        ]),
        (None, "Could volunteers be trained for this, with a paid coordinator?", []),
    ],
    "lighting": [
        (None, "Solar lights would avoid digging up the path.", [
            (None, "The solar ones in Riverside Park go dark by 8pm in winter, though.", [
                (None, "Newer ones are much better. Worth a trial on one stretch?", []),
            ]),
        ]),
        ("staff", "Thank you. Lighting for the main path will be part of next year's parks "
                  "budget proposal, and this idea will be quoted in it.", []),
    ],
    "window": [
        (None, "A text when they are on the way would be enough for me.", []),
        (None, "I lost half a day's pay last month waiting in for a boiler engineer.", [
            (None, "Same. Then it said 'no access' on the system, though I was in all day.", []),
        ]),
    ],
}
THREADS.update({
    "storytime": [
        ("welsh", "Syniad gwych! Mae fy wyrion wrth eu bodd gyda straeon, a does dim llawer "
                  "ar gael yn Gymraeg yn y dref.", [
            ("author", "Diolch! Gallai gwirfoddolwyr helpu hefyd, nid staff y llyfrgell yn "
                       "unig.", []),
        ]),
        (None, "Great idea. My daughter is learning Welsh at school and this would help us "
               "both.", []),
    ],
    "signs": [
        ("welsh", "Cytuno'n llwyr. Mae'r arwyddion newydd ger y llyn yn Saesneg yn unig, sy'n "
                  "siomedig.", []),
    ],
    "foodbins": [
        ("welsh", "Yr un broblem yn ein stryd ni. Mae'r llwynogod yn rhwygo'r bagiau bob nos.", [
            ("welsh", "Mae biniau bwyd â chaead sy'n cloi yn datrys hynny, yn ôl fy mhrofiad i.",
             []),
        ]),
    ],
})

# (idea key, index of the top-level comment) whose author later deleted it; its reply stays.
DELETED = ("caddies", 2)

COMMENTS = [
    "Good idea, I would use this.",
    "I support this. It would make a real difference on our street.",
    "Has this been tried somewhere else? It would be good to know how it went.",
    "How much would it cost? A rough figure would help.",
    "Yes! I've been saying this for years.",
    "Could this start as a trial for a few months?",
    "Not sure about this. Shouldn't we fix what we already have first?",
    "My neighbours and I talked about exactly this last week.",
]
REPLIES = [
    "Good question. Maybe the council could share the numbers.",
    "A trial sounds sensible to me.",
    "Agreed.",
    "It would pay for itself in the long run, I think.",
]
