"""A page of results, as every list of the site and the JSON API returns it,
and how far a page number may go."""
from dataclasses import dataclass

# Past this, ?page=N is taken as this: offsets stay bounded however it is typed.
MAX_PAGE = 10_000


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    has_next: bool
    total: int

    @property
    def has_prev(self):
        return self.number > 1
