"""Validated, transactional reads and writes of codings, coders, consensus and the audit log.

Every write runs in one transaction and adds its audit entry in the same transaction: either
all of it is stored or none of it. Bad input is refused with a list of problems (row, column,
value, rule) and nothing is stored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from typology.io import Problem
from typology.perspectives.models import (
    ITEMS,
    ROLES,
    AddedContext,
    AuditEntry,
    Coder,
    Coding,
    Consensus,
    utcnow,
)
from typology.schema import CONFIDENCE, SETTINGS, VIOLENCE_TYPES

MAX_NAME = 200
MAX_TEXT = 20_000  # characters in a rationale or a sources list: several pages of text
MIN_PASSWORD = 10
# A cell starting with one of these runs as a formula when a CSV export is opened in a
# spreadsheet (CSV injection), so such text is refused at the door.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HTML_TAG = re.compile(r"<\s*[A-Za-z/!?]")
DONT_KNOW = "don't know (stored as missing)"


class PerspectivesError(ValueError):
    """A write that was refused, with every problem found; nothing was stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s), nothing stored\n{shown}{more}")


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def text_problem(value: str, max_length: int = MAX_TEXT) -> str | None:
    """Why this free text is refused, or None when it is acceptable."""
    if len(value) > max_length:
        return f"too long: {len(value):,} characters, at most {max_length:,}"
    if value.lstrip(" ").startswith(FORMULA_START):
        return (
            "starts with =, +, -, @ or a tab, which a spreadsheet runs as a formula; "
            "start with a word instead"
        )
    if HTML_TAG.search(value):
        return "contains an HTML tag (<...); write plain text"
    if "\x00" in value:
        return "contains a NUL character"
    return None


def _intensity(value) -> int | None | str:
    """0-3, None for missing, or the reason it is refused."""
    if _is_missing(value):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return "must be 0, 1, 2 or 3 (empty = don't know)"
    if not number.is_integer() or not 0 <= number <= 3:
        return "must be 0, 1, 2 or 3 (empty = don't know)"
    return int(number)


def validate_coding(
    raw: Mapping, row: int | None, known_contexts: Iterable[str]
) -> tuple[dict, list[Problem]]:
    """One input row -> (clean values, problems). Clean values are only usable without problems."""
    problems: list[Problem] = []
    clean: dict = {}

    def problem(column: str, value, rule: str) -> None:
        shown = None if value is None else str(value)[:80]
        problems.append(Problem(row, column, shown, rule))

    coder = "" if _is_missing(raw.get("coder")) else str(raw.get("coder")).strip()
    if not coder:
        problem("coder", None, "the coder's name is empty")
    elif (why := text_problem(coder, MAX_NAME)) is not None:
        problem("coder", coder, why)
    clean["coder"] = coder

    context_id = "" if _is_missing(raw.get("context_id")) else str(raw.get("context_id")).strip()
    if not context_id:
        problem("context_id", None, "the context (city-year) is empty")
    elif context_id not in set(known_contexts):
        problem("context_id", context_id, "unknown context: not in the contexts table")
    clean["context_id"] = context_id

    for variable in VIOLENCE_TYPES:
        value = _intensity(raw.get(variable))
        if isinstance(value, str):
            problem(variable, raw.get(variable), value)
        else:
            clean[variable] = value

    setting = raw.get("setting")
    if _is_missing(setting):
        clean["setting"] = None
    elif str(setting).strip() not in SETTINGS:
        problem("setting", setting, f"must be one of {', '.join(SETTINGS)} (empty = don't know)")
    else:
        clean["setting"] = str(setting).strip()

    confidence = raw.get("confidence")
    if _is_missing(confidence):
        clean["confidence"] = None
    elif str(confidence).strip() not in CONFIDENCE:
        problem("confidence", confidence, f"must be one of {', '.join(CONFIDENCE)} or empty")
    else:
        clean["confidence"] = str(confidence).strip()

    for column in ("rationale", "sources"):
        value = "" if _is_missing(raw.get(column)) else str(raw.get(column)).strip()
        if value and (why := text_problem(value)) is not None:
            problem(column, value, why)
        clean[column] = value
    return clean, problems


def _bundled() -> pd.DataFrame:
    from typology.io import load_contexts

    return load_contexts()


def known_contexts(engine: Engine, bundled: pd.DataFrame | None = None) -> set[str]:
    """The city-years a coding may name: the bundled ones and those members added."""
    bundled = _bundled() if bundled is None else bundled
    with Session(engine) as session:
        added = set(session.scalars(select(AddedContext.context_id)))
    return set(bundled["context_id"]) | added


def added_contexts_frame(engine: Engine) -> pd.DataFrame:
    columns = ["context_id", "city", "country", "iso3", "year", "latitude", "longitude"]
    columns += ["coordinates_from", "geonameid", "added_by"]
    with Session(engine) as session:
        rows = session.scalars(select(AddedContext).order_by(AddedContext.context_id)).all()
        records = [{c: getattr(r, c) for c in columns} for r in rows]
    frame = pd.DataFrame(records, columns=columns)
    frame["geonameid"] = frame["geonameid"].astype("Int64")  # empty for a bundled city's year
    return frame


def _year_problems(year) -> tuple[int | None, list[Problem]]:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    last = utcnow().year
    if year is None or not 1946 <= year <= last:
        return None, [Problem(None, "year", None, f"the year must be 1946 to {last}")]
    return year, []


def _store_added(engine: Engine, actor: str, values: dict, known: set[str]) -> str:
    context_id = values["context_id"]
    if context_id in known:
        rule = "this city-year exists already: pick it in the list"
        raise PerspectivesError([Problem(None, "year", str(values["year"]), rule)])
    try:
        with Session(engine) as session, session.begin():
            session.add(AddedContext(**values, added_by=actor))
            _audit(session, actor, "context_added", context_id, {**values, "added_by": actor})
    except IntegrityError:
        rule = "added by someone else at the same moment: pick it in the list"
        raise PerspectivesError([Problem(None, "year", str(values["year"]), rule)]) from None
    return context_id


def add_context(
    engine: Engine, actor: str, base_context_id: str, year, bundled: pd.DataFrame | None = None
) -> str:
    """A member adds a bundled city at another year; returns the new context id. Only the
    city's identity and bundled coordinates are copied: its coding comes from members."""
    bundled = _bundled() if bundled is None else bundled
    rows = bundled.set_index("context_id")
    year, problems = _year_problems(year)
    if base_context_id not in rows.index:
        problems.insert(0, Problem(None, "city", base_context_id, "not a bundled city-year"))
    if problems:
        raise PerspectivesError(problems)
    base = rows.loc[base_context_id]
    values = {
        "context_id": re.sub(r"-\d{4}$", f"-{year}", base_context_id),
        "city": str(base["city"]),
        "country": str(base["country"]),
        "iso3": str(base["iso3"]),
        "year": year,
        "latitude": float(base["latitude"]),
        "longitude": float(base["longitude"]),
        "coordinates_from": base_context_id,
    }
    return _store_added(engine, actor, values, known_contexts(engine, bundled))


def slug(name: str) -> str:
    """A context id's city part, as the bundled ids spell it: 'Ciudad Juárez' -> 'ciudad-juarez'."""
    from typology.perspectives.gazetteer import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def add_gazetteer_context(
    engine: Engine,
    actor: str,
    geonameid,
    year,
    gazetteer: pd.DataFrame | None = None,
    bundled: pd.DataFrame | None = None,
) -> str:
    """A member adds a city of the bundled gazetteer (GeoNames) at a year; returns the new
    context id (city-iso3-year). Name, country, coordinates and GeoNames id come from the
    gazetteer; the coding comes from members."""
    from typology.perspectives.gazetteer import load_gazetteer

    gazetteer = load_gazetteer() if gazetteer is None else gazetteer
    bundled = _bundled() if bundled is None else bundled
    year, problems = _year_problems(year)
    try:
        geonameid = int(geonameid)
    except (TypeError, ValueError):
        geonameid = None
    if geonameid is None or geonameid not in gazetteer.index:
        problems.insert(0, Problem(None, "city", None, "not a city of the gazetteer"))
    if problems:
        raise PerspectivesError(problems)
    place = gazetteer.loc[geonameid]
    values = {
        "context_id": f"{slug(place['name'])}-{str(place['iso3']).lower()}-{year}",
        "city": str(place["name"]),
        "country": str(place["country"]),
        "iso3": str(place["iso3"]),
        "year": year,
        "latitude": float(place["latitude"]),
        "longitude": float(place["longitude"]),
        "coordinates_from": "geonames",
        "geonameid": geonameid,
    }
    return _store_added(engine, actor, values, known_contexts(engine, bundled))


def _known(engine: Engine) -> set[str]:
    return known_contexts(engine)


def _audit(session: Session, actor: str, action: str, context_id: str | None, detail) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            context_id=context_id,
            detail=json.dumps(detail, sort_keys=True, default=str),
        )
    )


def _coder(session: Session, name: str, create: bool = True) -> Coder | None:
    coder = session.scalar(select(Coder).where(Coder.name == name))
    if coder is None and create:
        coder = Coder(name=name, role="contributor")
        session.add(coder)
        session.flush()
    return coder


def _reviewed(session: Session, context_id: str) -> bool:
    return (
        session.scalar(select(Consensus.id).where(Consensus.context_id == context_id)) is not None
    )


def add_codings(
    engine: Engine,
    rows: list[Mapping],
    actor: str = "import",
    known_contexts: Iterable[str] | None = None,
) -> int:
    """Store every row as a new coding, or none of them (PerspectivesError lists every problem).

    A coder named in a row but unknown to the database is added as a contributor without a
    password (they cannot log in until an admin sets one)."""
    known = set(known_contexts) if known_contexts is not None else _known(engine)
    clean_rows, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(rows, start=1):
        clean, found = validate_coding(raw, number, known)
        problems.extend(found)
        key = (clean["coder"], clean["context_id"])
        if not found and key in seen:
            problems.append(
                Problem(
                    number, "context_id", key[1], f"{key[0]} codes it already in row {seen[key]}"
                )
            )
        seen.setdefault(key, number)
        clean_rows.append(clean)
    if problems:
        raise PerspectivesError(problems)
    try:
        with Session(engine) as session, session.begin():
            # Set-wise lookups (one query each), not one per row: thousands of rows stay fast.
            names = {clean["coder"] for clean in clean_rows}
            coders = {
                c.name: c for c in session.scalars(select(Coder).where(Coder.name.in_(names)))
            }
            for name in sorted(names - set(coders)):
                coders[name] = Coder(name=name, role="contributor")
                session.add(coders[name])
            session.flush()
            ids = [c.id for c in coders.values()]
            existing = {
                (coder_id, context_id)
                for coder_id, context_id in session.execute(
                    select(Coding.coder_id, Coding.context_id).where(Coding.coder_id.in_(ids))
                )
            }
            for number, clean in enumerate(clean_rows, start=1):
                coder = coders[clean["coder"]]
                if (coder.id, clean["context_id"]) in existing:
                    rule = f"{clean['coder']} has already coded this context in the database"
                    problems.append(Problem(number, "context_id", clean["context_id"], rule))
                    continue
                values = {k: v for k, v in clean.items() if k != "coder"}
                session.add(Coding(coder_id=coder.id, **values))
                _audit(session, actor, "coding_added", clean["context_id"], clean)
            if problems:
                raise PerspectivesError(problems)  # rolls the transaction back
    except IntegrityError:
        # Another writer stored the same coder and context between our check and our insert.
        rule = "stored by another writer at the same time; nothing from this file was stored"
        raise PerspectivesError([Problem(None, None, None, rule)]) from None
    return len(clean_rows)


def save_coding(
    engine: Engine, coder_name: str, values: Mapping, known_contexts: Iterable[str] | None = None
) -> str:
    """A logged-in member saves their own coding of one context: added, or updated while no
    reviewer has reconciled that context. Returns 'added' or 'updated'."""
    known = set(known_contexts) if known_contexts is not None else _known(engine)
    clean, problems = validate_coding({**values, "coder": coder_name}, None, known)
    if problems:
        raise PerspectivesError(problems)
    try:
        return _save_coding(engine, coder_name, clean)
    except IntegrityError:
        # The same member saved the same city-year from another window at the same moment.
        rule = "saved from another window at the same time: reload the page and check"
        raise PerspectivesError([Problem(None, "context_id", clean["context_id"], rule)]) from None


def _save_coding(engine: Engine, coder_name: str, clean: dict) -> str:
    with Session(engine) as session, session.begin():
        coder = _coder(session, coder_name, create=False)
        if coder is None:
            raise PerspectivesError([Problem(None, "coder", coder_name, "no such account")])
        if _reviewed(session, clean["context_id"]):
            rule = "a reviewer has already reconciled this context: codings are closed"
            raise PerspectivesError([Problem(None, "context_id", clean["context_id"], rule)])
        coding = session.scalar(
            select(Coding).where(
                Coding.coder_id == coder.id, Coding.context_id == clean["context_id"]
            )
        )
        values = {k: v for k, v in clean.items() if k != "coder"}
        if coding is None:
            session.add(Coding(coder_id=coder.id, **values))
            action = "added"
        else:
            for key, value in values.items():
                setattr(coding, key, value)
            coding.updated_at = utcnow()
            action = "updated"
        _audit(session, coder_name, f"coding_{action}", clean["context_id"], clean)
    return action


# --- accounts ---------------------------------------------------------------------------------


def add_user(engine: Engine, name: str, password: str, role: str, actor: str = "admin") -> None:
    """Create an account (or give a password to a coder known from an import)."""
    from argon2 import PasswordHasher

    problems = []
    name = name.strip()
    if not name:
        problems.append(Problem(None, "name", None, "the user name is empty"))
    elif (why := text_problem(name, MAX_NAME)) is not None:
        problems.append(Problem(None, "name", name, why))
    if role not in ROLES:
        problems.append(Problem(None, "role", role, f"must be one of {', '.join(ROLES)}"))
    if len(password) < MIN_PASSWORD:
        rule = f"the password must have at least {MIN_PASSWORD} characters"
        problems.append(Problem(None, "password", None, rule))
    if problems:
        raise PerspectivesError(problems)
    hashed = PasswordHasher().hash(password)
    with Session(engine) as session, session.begin():
        coder = _coder(session, name, create=False)
        if coder is not None and coder.password_hash:
            raise PerspectivesError([Problem(None, "name", name, "this account exists already")])
        if coder is None:
            session.add(Coder(name=name, role=role, password_hash=hashed))
        else:
            coder.role, coder.password_hash = role, hashed
        _audit(session, actor, "user_added", None, {"name": name, "role": role})


def authenticate(engine: Engine, name: str, password: str) -> dict | None:
    """{'name', 'role'} when the password matches, else None (same answer for unknown names)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    with Session(engine) as session:
        coder = _coder(session, name.strip(), create=False)
        if coder is None or not coder.password_hash:
            return None
        try:
            PasswordHasher().verify(coder.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return {"name": coder.name, "role": coder.role}


def has_accounts(engine: Engine) -> bool:
    with Session(engine) as session:
        count = session.scalar(select(func.count()).where(Coder.password_hash.is_not(None)))
    return bool(count)


# --- reading -----------------------------------------------------------------------------------


def codings_frame(engine: Engine, context_id: str | None = None) -> pd.DataFrame:
    """All codings (or one context's), one row each, with the coder's name; missing is NA."""
    query = select(Coder.name.label("coder"), Coding).join(Coder, Coder.id == Coding.coder_id)
    if context_id is not None:
        query = query.where(Coding.context_id == context_id)
    columns = [
        "coder",
        "context_id",
        "setting",
        *VIOLENCE_TYPES,
        "confidence",
        "rationale",
        "sources",
        "updated_at",
    ]
    with Session(engine) as session:
        records = [
            {"coder": name, **{c: getattr(coding, c) for c in columns[1:]}}
            for name, coding in session.execute(query.order_by(Coding.context_id, Coder.name))
        ]
    frame = pd.DataFrame(records, columns=columns)
    for variable in VIOLENCE_TYPES:
        frame[variable] = frame[variable].astype("Int64")
    return frame


def visible_codings(engine: Engine, viewer: dict, context_id: str) -> pd.DataFrame:
    """Independent coding: a contributor sees others' codings of a context only after saving
    their own; reviewers and admins see all."""
    frame = codings_frame(engine, context_id)
    if viewer.get("role") in ("reviewer", "admin") or viewer.get("name") in set(frame["coder"]):
        return frame
    return frame.iloc[0:0]


def consensus_frame(engine: Engine) -> pd.DataFrame:
    query = select(Consensus, Coder.name).join(Coder, Coder.id == Consensus.reviewer_id)
    columns = ["context_id", "variable", "value", "rationale", "reviewer", "coders", "date"]
    with Session(engine) as session:
        records = [
            (c.context_id, c.variable, c.value, c.rationale, name, c.coders, c.created_at.date())
            for c, name in session.execute(query.order_by(Consensus.context_id, Consensus.id))
        ]
    return pd.DataFrame(records, columns=columns)


def audit_frame(engine: Engine) -> pd.DataFrame:
    columns = ["at", "actor", "action", "context_id", "detail"]
    with Session(engine) as session:
        records = [
            (a.at, a.actor, a.action, a.context_id, a.detail)
            for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    return pd.DataFrame(records, columns=columns)


# --- reconciliation ----------------------------------------------------------------------------


def set_consensus(
    engine: Engine,
    reviewer: dict,
    context_id: str,
    variable: str,
    value,
    rationale: str,
) -> None:
    """A reviewer records the consensus value of one item (a violence type or the setting).
    None is a consensus that the value is unknown."""
    problems = []
    if reviewer.get("role") not in ("reviewer", "admin"):
        problems.append(Problem(None, None, None, "only a reviewer or an admin can set consensus"))
    if variable not in ITEMS:
        problems.append(Problem(None, "variable", variable, f"must be one of {', '.join(ITEMS)}"))
    elif variable == "setting":
        if not _is_missing(value) and value not in SETTINGS:
            problems.append(Problem(None, variable, value, f"must be one of {', '.join(SETTINGS)}"))
    elif isinstance(_intensity(value), str):
        problems.append(Problem(None, variable, value, "must be 0, 1, 2 or 3 (empty = unknown)"))
    rationale = (rationale or "").strip()
    if not rationale:
        problems.append(Problem(None, "rationale", None, "a consensus needs a rationale"))
    elif (why := text_problem(rationale)) is not None:
        problems.append(Problem(None, "rationale", rationale[:80], why))
    if problems:
        raise PerspectivesError(problems)
    stored = None
    if not _is_missing(value):
        stored = str(value) if variable == "setting" else str(_intensity(value))
    try:
        _store_consensus(engine, reviewer, context_id, variable, stored, rationale)
    except IntegrityError:
        rule = "another reviewer set this item at the same moment: reload and check"
        raise PerspectivesError([Problem(None, "variable", variable, rule)]) from None


def _store_consensus(
    engine: Engine, reviewer: dict, context_id: str, variable: str, stored, rationale: str
) -> None:
    with Session(engine) as session, session.begin():
        coders = session.scalars(
            select(Coder.name)
            .join(Coding, Coding.coder_id == Coder.id)
            .where(Coding.context_id == context_id)
            .order_by(Coder.name)
        ).all()
        if not coders:
            rule = "nobody has coded this context yet"
            raise PerspectivesError([Problem(None, "context_id", context_id, rule)])
        who = _coder(session, reviewer["name"], create=False)
        if who is None:
            raise PerspectivesError([Problem(None, None, reviewer["name"], "no such account")])
        row = session.scalar(
            select(Consensus).where(
                Consensus.context_id == context_id, Consensus.variable == variable
            )
        )
        if row is None:
            row = Consensus(context_id=context_id, variable=variable)
            session.add(row)
        row.value, row.rationale, row.reviewer_id = stored, rationale, who.id
        row.coders = ";".join(coders)
        row.created_at = utcnow()
        detail = {"variable": variable, "value": stored, "rationale": rationale, "coders": coders}
        _audit(session, reviewer["name"], "consensus_set", context_id, detail)
