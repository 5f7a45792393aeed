#!/usr/bin/env python3
"""Summarize the KUnit (KTAP) results found in a guest console log.

Usage: ktap.py LOG

Prints one line per suite, the failed and skipped tests with their
diagnostics, and a total. Exits 1 if any test failed or was skipped, if a
suite or plan is incomplete (e.g. the kernel crashed mid-suite), or if no
test ran at all; 0 otherwise.

Understood format (KUnit in Linux 6.1), after stripping "[  1.234567] "
printk timestamps: a document starts with "KTAP version 1" and a plan
"1..N" at column 0; each suite is "# Subtest: NAME" + plan + results
indented by 4 more spaces, closed by "ok N NAME" / "not ok N NAME" one level
up; "# SKIP" marks skips. Suites of a module loaded after boot are printed
without a document header: they count as a new, unplanned document.
"""
import re
import sys

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\](\[\s*[TC]\d+\])? ?")
VERSION = re.compile(r"^K?TAP version \d+$")
SUBTEST = re.compile(r"^# Subtest: (.*)$")
PLAN = re.compile(r"^1\.\.(\d+)")
RESULT = re.compile(r"^(not )?ok (\d+)(?: (?:- )?([^#]*?))?\s*(?:#\s*(.*))?$")


class Group:
    """A document (level 0) or a (sub)test with children (level >= 1)."""

    def __init__(self, name, level):
        self.name, self.level = name, level
        self.plan = None
        self.results = []
        self.diag = []


class Result:
    def __init__(self, ok, number, name, directive, group):
        self.ok, self.number, self.name = ok, number, name
        self.skipped = directive.upper().startswith("SKIP")
        self.directive = directive
        self.group = group  # children (a Group) or None for a leaf

    @property
    def status(self):
        if self.skipped:
            return "SKIP"
        return "PASS" if self.ok else "FAIL"


def parse(lines):
    docs, errors = [], []
    open_groups = {}  # level -> Group still waiting for its result line

    def close_from(level):
        for lvl in sorted(k for k in open_groups if k >= level):
            group = open_groups.pop(lvl)
            errors.append(f"'{group.name}' never finished (no result line; crash?)")

    def new_doc():
        close_from(1)
        doc = Group("(document)", 0)
        docs.append(doc)
        open_groups[0] = doc
        return doc

    for raw in lines:
        line = TIMESTAMP.sub("", raw.rstrip("\r\n"))
        text = line.strip()
        if not text:
            continue
        level = (len(line) - len(line.lstrip(" "))) // 4

        if VERSION.match(text):
            if level == 0:
                new_doc()
        elif m := SUBTEST.match(text):
            close_from(level)
            open_groups[level] = Group(m.group(1).strip(), level)
        elif m := PLAN.match(text):
            group = open_groups.get(level) or (new_doc() if level == 0 else None)
            if group is not None:
                group.plan = int(m.group(1))
        elif m := RESULT.match(text):
            children = open_groups.pop(level + 1, None)
            close_from(level + 2)
            parent = open_groups.get(level)
            if level == 0 and (parent is None or
                               (parent.plan is not None and
                                len(parent.results) >= parent.plan)):
                parent = new_doc()
            if parent is None:  # result of a subtest whose header we missed
                parent = open_groups[level] = Group("?", level)
            result = Result(m.group(1) is None, int(m.group(2)),
                            (m.group(3) or "").strip(), m.group(4) or "",
                            children)
            if children is not None and children.plan is not None \
                    and len(children.results) != children.plan:
                errors.append(f"'{children.name}': planned {children.plan} "
                              f"tests, got {len(children.results)}")
            parent.results.append(result)
        elif level >= 1:
            # Diagnostics (e.g. "# t: EXPECTATION FAILED at ...") of the
            # innermost group open at or above this indentation.
            for lvl in range(level, 0, -1):
                if lvl in open_groups:
                    open_groups[lvl].diag.append(text)
                    break

    close_from(1)
    for doc in docs:
        if doc.plan is not None and len(doc.results) != doc.plan:
            errors.append(f"top-level plan 1..{doc.plan} but "
                          f"{len(doc.results)} results (crash?)")
    return docs, errors


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ktap.py LOG")
    with open(sys.argv[1], errors="replace") as f:
        docs, errors = parse(f)

    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    suites = 0
    for doc in docs:
        for suite in doc.results:
            suites += 1
            cases = suite.group.results if suite.group else [suite]
            per = {"PASS": 0, "FAIL": 0, "SKIP": 0}
            for case in cases:
                per[case.status] += 1
            for k in counts:
                counts[k] += per[k]
            print(f"ktap: {suite.status} {suite.name}: {per['PASS']} passed, "
                  f"{per['FAIL']} failed, {per['SKIP']} skipped")
            if suite.status != "PASS" and suite.group and suite.group.diag:
                for d in suite.group.diag:
                    print(f"        {d}")
            for case in cases:
                if case is suite or case.status == "PASS":
                    continue
                print(f"    {case.status} {suite.name}.{case.name}"
                      + (f" # {case.directive}" if case.directive else ""))
                if case.group:  # parameterized: show the bad parameters
                    for p in case.group.results:
                        if p.status != "PASS":
                            print(f"        {p.status} {p.name}")
            if suite.status == "FAIL" and per["FAIL"] == 0:
                errors.append(f"suite '{suite.name}' failed")
            if suite.status == "SKIP" and per["SKIP"] == 0:
                counts["SKIP"] += 1

    total = sum(counts.values())
    for e in errors:
        print(f"ktap: ERROR: {e}")
    print(f"ktap: {suites} suites, {total} tests: {counts['PASS']} passed, "
          f"{counts['FAIL']} failed, {counts['SKIP']} skipped")
    if total == 0:
        print("ktap: ERROR: no test ran")
    sys.exit(1 if errors or total == 0 or counts["FAIL"] or counts["SKIP"]
             else 0)


if __name__ == "__main__":
    main()
