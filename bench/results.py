"""The results file: figures (medians of samples), ratios and differences between
figures taken in the same run, targets from the performance issue, and notes."""

import json

from bench.paths import write_text_atomically
from bench.timing import median

SCHEMA_VERSION = 1


def check_target(value, target):
    """Whether ``value`` meets ``target`` ({"op": "<=" or ">=", "value": bound})."""
    if target["op"] == "<=":
        return value <= target["value"]
    if target["op"] == ">=":
        return value >= target["value"]
    raise ValueError(f"unknown target operator {target['op']!r}")


def target(op, bound):
    return {"op": op, "value": bound}


class Results:
    def __init__(self, command, date, machine, settings):
        self.command = command
        self.date = date
        self.machine = machine
        self.settings = settings
        self.figures = {}
        self.ratios = {}
        self.differences = {}
        self.notes = []

    def note(self, text):
        self.notes.append(text)

    def add_figure(self, key, samples, unit, what, goal=None, **details):
        """Record a figure: the median of ``samples`` (each a positive number)."""
        samples = [float(sample) for sample in samples]
        if not samples:
            raise ValueError(f"figure {key} has no samples")
        entry = {"value": median(samples), "unit": unit, "samples": samples, "what": what}
        if goal is not None:
            entry["target"] = goal
            entry["meets_target"] = check_target(entry["value"], goal)
        entry.update(details)
        self.figures[key] = entry
        return entry

    def has(self, *keys):
        return all(key in self.figures for key in keys)

    def value(self, key):
        return self.figures[key]["value"]

    def add_ratio(self, key, numerator, denominator, what, goal=None):
        """numerator / denominator of two figures of this run; skipped when either is missing."""
        if not self.has(numerator, denominator):
            return None
        entry = {"value": self.value(numerator) / self.value(denominator),
                 "numerator": numerator, "denominator": denominator, "what": what}
        if goal is not None:
            entry["target"] = goal
            entry["meets_target"] = check_target(entry["value"], goal)
        self.ratios[key] = entry
        return entry

    def add_difference(self, key, minuend, subtrahend, unit, what, goal=None):
        """minuend - subtrahend of two figures of this run (same unit); skipped when either is missing."""
        if not self.has(minuend, subtrahend):
            return None
        entry = {"value": self.value(minuend) - self.value(subtrahend), "unit": unit,
                 "minuend": minuend, "subtrahend": subtrahend, "what": what}
        if goal is not None:
            entry["target"] = goal
            entry["meets_target"] = check_target(entry["value"], goal)
        self.differences[key] = entry
        return entry

    def to_json(self):
        return {
            "schema": SCHEMA_VERSION,
            "command": self.command,
            "date": self.date,
            "machine": self.machine,
            "settings": self.settings,
            "figures": self.figures,
            "ratios": self.ratios,
            "differences": self.differences,
            "notes": self.notes,
        }

    def write_json(self, path):
        write_text_atomically(str(path), json.dumps(self.to_json(), indent=2) + "\n")
