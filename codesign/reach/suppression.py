"""Small-number suppression for the reach report, written once and pure (no
database), so the test that attacks it can run it on any figures.

The rule (README, "The reach report"):

1. A cell counting fewer than THRESHOLD (10) people is not shown.
2. Cells are shown in sets whose total is shown too (the groups of a
   question, whose total is "gave a group"; and the three parts of all
   participants: gave a group, preferred not to say, did not answer). In
   such a set, never exactly one cell is hidden: if only one is, the
   smallest shown cell of the set (the first, if two are as small) is hidden
   too; for the three parts of all participants, the other of "preferred not
   to say" and "did not answer" is hidden first, so the figures of those who
   gave a group stay on show when they can. Subtracting the shown cells from the total then gives only the sum
   of two or more hidden cells, never one of them.
3. The shares beside a question's groups are of "gave a group"; when that
   total is itself hidden, every group of the question is hidden.

Hidden cells all read the same ("not shown"), so which was small and which
was hidden beside it cannot be told apart. What the rule cannot hide: hidden
cells whose sum is 0 are all 0, which names nobody.
"""
THRESHOLD = 10
NON_ANSWERS = (1, 2)  # of [gave a group, preferred not to say, did not answer]


def hidden_cells(counts, threshold=THRESHOLD, spare=()):
    """The indexes of `counts` (one set whose total is shown) not to show.
    `spare`: the indexes to hide beside a small cell before any other."""
    hidden = {i for i, count in enumerate(counts) if count < threshold}
    if len(hidden) == 1 and len(counts) > 1:
        candidates = [i for i in spare if i not in hidden] or \
            [i for i in range(len(counts)) if i not in hidden]
        hidden.add(min(candidates, key=lambda i: (counts[i], i)))
    return hidden


def suppress(counts, threshold=THRESHOLD, spare=()):
    """The counts with the hidden ones replaced by None."""
    hidden = hidden_cells(counts, threshold, spare)
    return [None if i in hidden else count for i, count in enumerate(counts)]
