"""A page of results, as every list of the site and the JSON API returns it,
and how far a page number may go."""
from dataclasses import dataclass

# Past this, ?page=N is taken as this: offsets stay bounded however it is typed.
MAX_PAGE = 10_000
# What a page's total means: the rows counted, an estimate ("about 30,000"),
# or a floor ("more than 1,000"), for lists too long to count on every request.
EXACT, ABOUT, MORE_THAN = "exact", "about", "more_than"


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    has_next: bool
    total: int
    total_is: str = EXACT

    @property
    def has_prev(self):
        return self.number > 1
