"""Sharing a total out between items, exactly, with skew and per-item limits."""
import math


class SeedError(Exception):
    """The sizes asked for cannot be made into consistent data."""


def zipf_weights(count, rng, shift=None):
    """Zipf-Mandelbrot weights 1/(rank + shift) in a random order: a few items
    get most, most get little. The shift grows with the number of items so the
    favourite of a large city is not supported by half of its residents."""
    shift = count / 3000 if shift is None else shift
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [1.0 / (rank + shift) for rank in ranks]


def allocate(total, weights, caps, what="items"):
    """Integers n[i] <= caps[i] summing to exactly total, proportional to the
    weights where no cap binds (water-filling: capped items' excess goes to
    the others in proportion)."""
    if total > sum(caps):
        raise SeedError(f"{total:,} {what} do not fit: at most {sum(caps):,} are possible here.")
    if total == 0:
        return [0] * len(weights)
    # Items whose cap binds first are those with the smallest cap per unit of weight.
    order = sorted(range(len(weights)), key=lambda i: caps[i] / weights[i])
    weight_left = sum(weights)
    capped_total = 0
    level = 0.0
    for position, i in enumerate(order):  # noqa: B007  (read after the loop)
        level = (total - capped_total) / weight_left
        if level * weights[i] <= caps[i]:
            break
        capped_total += caps[i]
        weight_left -= weights[i]
    else:
        return list(caps)
    capped = set(order[:position])
    shares = [caps[i] if i in capped else min(caps[i], level * weights[i])
              for i in range(len(weights))]
    counts = [math.floor(share) for share in shares]
    short = total - sum(counts)
    # The largest remainders take the last units; each is below its cap.
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[:short]:
        counts[i] += 1
    return counts
