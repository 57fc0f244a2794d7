"""Comments, on ideas and on proposals alike: one set of rules (services.py)
and one way of handling the requests (views.py). Each area keeps its own URLs
and endpoint names in its comment_routes.py."""
