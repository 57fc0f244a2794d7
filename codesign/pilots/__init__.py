"""Pilots: proposals tried out as pre-registered experiments, with their results published.

The modules here so far are the pure core (statistics, verdict, CSV, chart): they import
no Flask, no database and nothing from other codesign packages, so they can be tested and
reused on their own."""
