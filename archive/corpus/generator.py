"""The synthetic corpus generator: records built in Python from a seeded random generator and
written with PostgreSQL ``COPY`` in batches of whole calls."""

import bisect
import datetime
import itertools
import random
import resource
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify

from .. import topic_index
from ..models import (
    Call,
    CallParticipant,
    CallTopicIndex,
    Country,
    Office,
    Participant,
    ParticipantName,
    Source,
    Statement,
    Topic,
    Translation,
)
from . import words as w

UTC = datetime.UTC
FIRST_DAY = datetime.date(1995, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
MEDIUMS = ["telephone", "video", "meeting", "visit", "message"]
MEDIUM_WEIGHTS = [50, 10, 20, 15, 5]
STATUSES = ["published", "draft", "review", "withdrawn"]
STATUS_WEIGHTS = [94, 3, 2, 1]
STATEMENT_KINDS = ["paraphrase", "quote", "summary"]


@dataclass
class CorpusStats:
    rows: dict = field(default_factory=dict)
    seconds: float = 0.0
    analyze_seconds: float = 0.0
    peak_memory_mb: float = 0.0

    @property
    def total_rows(self):
        return sum(self.rows.values())

    def as_dict(self):
        return {
            "rows": dict(self.rows),
            "total_rows": self.total_rows,
            "seconds": round(self.seconds, 2),
            "analyze_seconds": round(self.analyze_seconds, 2),
            "rows_per_second": round(self.total_rows / self.seconds) if self.seconds else None,
            "peak_memory_mb": round(self.peak_memory_mb, 1),
        }


def lower_first(text):
    return text[:1].lower() + text[1:]


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Table:
    """A model's table, the columns we write (by attribute name) and the next free id."""

    def __init__(self, model, attnames):
        self.model = model
        self.name = model._meta.db_table
        self.columns = [model._meta.get_field(a).column for a in attnames]
        # Required columns this generator does not know about (added by later migrations)
        # get their model default.
        self.defaults = tuple(
            f.get_default()
            for f in model._meta.concrete_fields
            if f.attname not in self.columns
            and f.column not in self.columns
            and not f.null
            and f.has_default()
        )
        self.columns += [
            f.column
            for f in model._meta.concrete_fields
            if f.attname not in self.columns
            and f.column not in self.columns
            and not f.null
            and f.has_default()
        ]
        self.rows = []
        self.written = 0
        self.next_id = 1

    def new_id(self):
        value = self.next_id
        self.next_id += 1
        return value


class CorpusGenerator:
    def __init__(self, calls, statements, people, topics, seed=1, batch_size=5000, log=None):
        if calls < 1 or people < 2 or topics < 1 or statements < calls:
            raise ValueError("Give at least 1 call, 2 people, 1 topic and one statement per call.")
        self.n_calls, self.n_statements = calls, statements
        self.n_people, self.n_topics = people, topics
        self.batch_size = batch_size
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.stats = CorpusStats()
        self.statement_number = 0
        through_call_topic = Call.topics.through
        through_statement_topic = Statement.topics.through
        self.t = {
            "topic": Table(
                Topic,
                ["id", "slug", "name", "name_ar", "parent", "description", "synthetic"]
                + ["created_at", "updated_at"],
            ),
            "participant": Table(
                Participant,
                ["id", "slug", "name", "native_name", "native_language", "wikidata", "description"]
                + ["synthetic", "created_at", "updated_at"],
            ),
            "participantname": Table(ParticipantName, ["id", "participant", "name", "language", "kind"]),
            "office": Table(Office, ["id", "participant", "title", "country", "start", "end"]),
            "call": Table(
                Call,
                ["id", "identifier", "title", "summary", "medium", "date", "date_precision", "end_date"]
                + ["time", "place", "place_country", "status", "withdrawn_reason", "external_id"]
                + ["synthetic", "created_at", "updated_at"],
            ),
            "call_topics": Table(through_call_topic, ["id", "call", "topic"]),
            "callparticipant": Table(
                CallParticipant,
                ["id", "call", "participant", "name_as_written", "name_language", "office_title"]
                + ["country", "role", "is_initiator", "order"],
            ),
            "source": Table(
                Source,
                ["id", "call", "outlet", "kind", "url", "title", "language", "published_on"]
                + ["retrieved_on", "full_text", "licence", "licence_url", "attribution"]
                + ["created_at", "updated_at"],
            ),
            "statement": Table(
                Statement,
                ["id", "call", "identifier", "order", "speaker", "text", "language", "kind", "source"]
                + ["created_at", "updated_at"],
            ),
            "statement_topics": Table(through_statement_topic, ["id", "statement", "topic"]),
            "translation": Table(
                Translation,
                ["id", "statement", "language", "text", "translator", "translator_kind"]
                + ["created_at", "updated_at"],
            ),
        }

    # ------------------------------------------------------------------ running
    def run(self):
        if Call.objects.filter(synthetic=True).exists():
            raise RuntimeError(
                "This database already holds a synthetic corpus; generate into a fresh database."
            )
        start = time.monotonic()
        self._load_countries()
        with connection.cursor() as cursor:
            for table in self.t.values():
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"')  # noqa: S608
                table.next_id = cursor.fetchone()[0]
        with transaction.atomic():
            self._make_topics()
            self._make_people()
            self._flush()
        self.log(f"{self.n_topics} topics and {self.n_people} people written")
        self._make_calls()
        self._reset_sequences()
        self.stats.rows[CallTopicIndex._meta.db_table] = topic_index.rebuild()
        self.stats.seconds = time.monotonic() - start
        analyze_start = time.monotonic()
        self._analyze()
        self.stats.analyze_seconds = time.monotonic() - analyze_start
        self.stats.peak_memory_mb = peak_memory_mb()
        return self.stats

    def _flush(self):
        raw = connection.connection
        with raw.cursor() as cursor:
            for table in self.t.values():
                if not table.rows:
                    continue
                columns = ", ".join(f'"{c}"' for c in table.columns)
                with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                    for row in table.rows:
                        copy.write_row(row + table.defaults)
                table.written += len(table.rows)
                self.stats.rows[table.name] = table.written
                table.rows = []

    def _reset_sequences(self):
        with connection.cursor() as cursor:
            for table in self.t.values():
                sql = f"""SELECT setval(pg_get_serial_sequence(%s, 'id'),
                    (SELECT COALESCE(MAX(id), 1) FROM "{table.name}"))"""  # noqa: S608
                cursor.execute(sql, [table.name])

    def _analyze(self):
        """Fresh planner statistics; VACUUM too (visibility map for index-only scans) unless
        we are inside a transaction, where only ANALYZE may run."""
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for name in [table.name for table in self.t.values()] + [CallTopicIndex._meta.db_table]:
                cursor.execute(f'{command} "{name}"')

    # ------------------------------------------------------------------ reference data
    def _load_countries(self):
        rows = list(Country.objects.order_by("code").values_list("code", "name", "name_ar", "kind"))
        if not rows:
            raise RuntimeError("The Country table is empty: run manage.py migrate first.")
        by_code = {r[0]: r for r in rows}
        focus = [c for c in w.FOCUS_COUNTRIES if c in by_code]
        ranked = focus + [c for c in by_code if c not in focus]
        self.countries = [by_code[c] for c in ranked]
        self.country_weights = list(itertools.accumulate(1 / (i + 1) ** 0.9 for i in range(len(ranked))))

    def _make_topics(self):
        rng, table = self.rng, self.t["topic"]
        roots = [(en, ar, fa, None) for en, ar, fa in w.TOPIC_ROOTS]
        children = [
            (f"{root[0]} {aspect[0]}", f"{aspect[1]} {root[1]}", f"{aspect[2]} {root[2]}", r)
            for r, root in enumerate(w.TOPIC_ROOTS)
            for aspect in w.TOPIC_ASPECTS
        ]
        grandchildren = [
            (f"{child[0]} {region[0]}", f"{child[1]} {region[1]}", f"{child[2]} {region[2]}", c)
            for region in w.TOPIC_REGIONS
            for c, child in enumerate(children)
        ]
        specs = roots + [(*spec[:3], ("child", spec[3])) for spec in children]
        specs += [(*spec[:3], ("grandchild", spec[3])) for spec in grandchildren]
        self.topics = []  # (id, en, ar, fa, root index)
        ids = {"root": [], "child": []}
        now = datetime.datetime(2026, 11, 1, tzinfo=UTC)
        for k in range(self.n_topics):
            en, ar, fa, parent = specs[k % len(specs)]
            if k >= len(specs):
                en, ar, fa = f"{en} ({k // len(specs) + 1})", f"{ar} ({k // len(specs) + 1})", fa
            parent_id = None
            if parent is not None:
                kind, index = parent
                level_ids = ids["root"] if kind == "child" else ids["child"]
                parent_id = level_ids[index] if index < len(level_ids) else None
            topic_id = table.new_id()
            if parent is None:
                ids["root"].append(topic_id)
            elif parent[0] == "child":
                ids["child"].append(topic_id)
            slug = f"syn-{k + 1}-{slugify(en)}"[:100].rstrip("-")
            description = f"Synthetic topic for performance testing: {en.lower()}."
            table.rows.append((topic_id, slug, en, ar, parent_id, description, True, now, now))
            self.topics.append((topic_id, en, ar, fa))
        rng.shuffle(self.topics)

    def _make_people(self):
        rng = self.rng
        people, names, offices = self.t["participant"], self.t["participantname"], self.t["office"]
        self.people_by_country = {}
        self.person = {}  # id -> (forms by language, office title)
        now = datetime.datetime(2026, 11, 1, tzinfo=UTC)
        n_countries = len(self.countries)
        for k in range(self.n_people):
            if k < n_countries:
                country = self.countries[k]
            else:
                country = self._pick_country()
            code, country_name, _name_ar, kind = country
            forms, native, native_language, aliases = self._person_names(code)
            office = self._office_title(code, kind)
            person_id = people.new_id()
            slug = f"syn-{slugify(forms['en'][0])}-{k + 1}"[:120]
            description = f"Synthetic person: {office} of {country_name}"
            people.rows.append(
                (person_id, slug, forms["en"][0], native, native_language, "", description, True, now, now)
            )
            seen = set()
            for name, language, name_kind in aliases:
                if (name, language) not in seen:
                    seen.add((name, language))
                    names.rows.append((names.new_id(), person_id, name, language, name_kind))
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(0, 9000))
            end = None if rng.random() < 0.5 else start + datetime.timedelta(days=rng.randrange(700, 3000))
            offices.rows.append((offices.new_id(), person_id, office, code, start, end))
            self.people_by_country.setdefault(code, []).append(person_id)
            self.person[person_id] = (forms, office)
        self.people_weights = {
            code: list(itertools.accumulate(1 / (i + 1) for i in range(len(ids))))
            for code, ids in self.people_by_country.items()
        }
        active = [i for i, c in enumerate(self.countries) if c[0] in self.people_by_country]
        self.active_countries = [self.countries[i] for i in active]
        self.active_weights = list(itertools.accumulate(1 / (i + 1) ** 0.9 for i in active))

    def _person_names(self, code):
        """English forms (variants), Arabic and Persian forms, native name and every alias."""
        rng = self.rng
        if code in w.PERSIAN_COUNTRIES or code in w.ARAB_COUNTRIES:
            given, family = rng.choice(w.MIDDLE_EAST_GIVEN), rng.choice(w.MIDDLE_EAST_FAMILY)
            en = [f"{g} {f}" for f in family[0] for g in given[0]]
            ar, fa = f"{given[1]} {family[1]}", f"{given[2]} {family[2]}"
            native_language = "fa" if code in w.PERSIAN_COUNTRIES else "ar"
            native = fa if native_language == "fa" else ar
            ru = None
        else:
            given, family = rng.choice(w.OTHER_GIVEN), rng.choice(w.OTHER_FAMILY)
            en = [f"{given[0]} {family[0]}"]
            ar, fa, ru = f"{given[1]} {family[1]}", f"{given[2]} {family[2]}", f"{given[3]} {family[3]}"
            native, native_language = "", ""
        aliases = [(en[0], "en", "official")]
        aliases += [(variant, "en", "transliteration") for variant in en[1:4]]
        aliases += [(ar, "ar", "native" if native_language == "ar" else "transliteration")]
        aliases += [(fa, "fa", "native" if native_language == "fa" else "transliteration")]
        if native_language == "fa":  # Persian written with an Arabic keyboard
            aliases.append((fa.replace("ی", "ي").replace("ک", "ك"), "fa", "alias"))
        if ru:
            aliases.append((ru, "ru", "transliteration"))
        return {"en": en, "ar": ar, "fa": fa}, native, native_language, aliases

    def _office_title(self, code, kind):
        if kind == "organisation":
            return self.rng.choice(w.OFFICES["organisation"])
        if code in w.MONARCHIES:
            return self.rng.choice(w.OFFICES["monarchy"])
        return self.rng.choice(w.OFFICES["state"])

    def _pick_country(self, active=False):
        countries = self.active_countries if active else self.countries
        weights = self.active_weights if active else self.country_weights
        index = bisect.bisect_left(weights, self.rng.random() * weights[-1])
        return countries[min(index, len(countries) - 1)]

    def _pick_person(self, code, exclude=()):
        ids, weights = self.people_by_country[code], self.people_weights[code]
        for _attempt in range(5):
            index = bisect.bisect_left(weights, self.rng.random() * weights[-1])
            person = ids[min(index, len(ids) - 1)]
            if person not in exclude:
                return person
        return None

    # ------------------------------------------------------------------ calls
    def _statement_counts(self):
        """Statements per call: the total is exact, the spread 1 to about twice the mean."""
        base, extra = divmod(self.n_statements, self.n_calls)
        counts = [base + (1 if i < extra else 0) for i in range(self.n_calls)]
        for i in range(0, self.n_calls - 1, 2):
            shift = self.rng.randint(0, max(0, min(counts[i], counts[i + 1]) - 1))
            counts[i] += shift
            counts[i + 1] -= shift
        return counts

    def _make_calls(self):
        counts = self._statement_counts()
        span = (LAST_DAY - FIRST_DAY).days
        started = time.monotonic()
        for batch_start in range(0, self.n_calls, self.batch_size):
            with transaction.atomic():
                for i in range(batch_start, min(batch_start + self.batch_size, self.n_calls)):
                    self._make_call(i, counts[i], span)
                self._flush()
            done = min(batch_start + self.batch_size, self.n_calls)
            elapsed = time.monotonic() - started
            self.log(
                f"{done} calls, {self.t['statement'].written} statements "
                f"({done / elapsed:.0f} calls/s, peak memory {peak_memory_mb():.0f} MB)"
            )

    def _make_call(self, i, n_statements, span):
        rng, t = self.rng, self.t
        n = i + 1
        day = FIRST_DAY + datetime.timedelta(days=int(span * rng.random() ** 0.5))
        medium = rng.choices(MEDIUMS, MEDIUM_WEIGHTS)[0]
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        precision = rng.choices(["day", "month", "year"], [90, 7, 3])[0]
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        end_date = None
        if medium == "visit" and precision == "day" and rng.random() < 0.3:
            end_date = day + datetime.timedelta(days=rng.randint(1, 3))
        first = self._pick_country(active=True)
        second = first
        for _attempt in range(10):
            second = self._pick_country(active=True)
            if second[0] != first[0]:
                break
        sides = [first, second]
        if rng.random() < 0.05:
            sides.append(self._pick_country(active=True))
        call_id = t["call"].new_id()
        created = datetime.datetime.combine(day, datetime.time(9), tzinfo=UTC) + datetime.timedelta(
            days=1, seconds=n % 3600
        )
        # Participants: one person per side, never the same person twice.
        chosen, cps = set(), []
        for country in sides:
            person = self._pick_person(country[0], exclude=chosen)
            if person is None:
                continue
            chosen.add(person)
            cps.append((t["callparticipant"].new_id(), person, country))
        if len(cps) < 2 and medium != "message":
            medium = "message"
        # Sources and their languages.
        codes = {c[0] for c in sides}
        languages = ["en"]
        if codes & w.PERSIAN_COUNTRIES or rng.random() < 0.15:
            languages.append("fa")
        if codes & w.ARAB_COUNTRIES or rng.random() < 0.15:
            languages.append("ar")
        sources = []
        for k in range(1 if rng.random() < 0.7 else 2):
            sources.append((t["source"].new_id(), rng.choice(languages), k))
        names = [self.person[p][0] for _id, p, _c in cps]
        topics = rng.sample(self.topics, min(len(self.topics), rng.randint(1, 3)))
        main_topic = topics[0]
        en_names = [rng.choice(forms["en"]) for forms in names]
        title = self._title(medium, en_names, sides)
        action = rng.choice(w.ACTIONS)
        summary = f"The two sides discussed {lower_first(main_topic[1])} and agreed to {action[0]}."
        place, place_country = "", None
        if medium in ("meeting", "visit"):
            host = sides[1] if medium == "visit" else rng.choice(sides[:2])
            place, place_country = host[1], host[0]
        withdrawn_reason = rng.choice(w.WITHDRAWN_REASONS) if status == "withdrawn" else ""
        call_time = None
        if rng.random() < 0.3:
            call_time = datetime.time(rng.randint(7, 21), rng.choice([0, 15, 30, 45]))
        t["call"].rows.append(
            (call_id, f"syn-c{n:06d}", title[:300], summary, medium, day, precision, end_date, call_time)
            + (place, place_country, status, withdrawn_reason, f"synthetic:call:{n}", True, created, created)
        )
        for topic in topics:
            t["call_topics"].rows.append((t["call_topics"].new_id(), call_id, topic[0]))
        main_language = sources[0][1]
        roles = self._roles(medium, len(cps))
        for order, (cp_id, person, country) in enumerate(cps):
            forms, office = self.person[person]
            written = rng.choice(forms["en"]) if main_language == "en" else forms[main_language]
            t["callparticipant"].rows.append(
                (cp_id, call_id, person, written, main_language, office, country[0], roles[order])
                + (order == 0 and rng.random() < 0.5, order)
            )
        for source_id, language, k in sources:
            outlet = rng.choice(w.OUTLETS[language])
            published = day + datetime.timedelta(days=rng.randint(0, 1))
            headline = self._headline(language, names, main_topic)
            url = f"https://news.example/{language}/{published:%Y/%m}/syn-c{n:06d}-{k + 1}"
            t["source"].rows.append(
                (source_id, call_id, outlet, "readout" if "Ministry" in outlet else "news", url)
                + (headline, language, published, published + datetime.timedelta(days=2), "", "", "", "")
                + (created, created)
            )
        # Statements: each from one participant, as reported by one of the call's sources.
        statement_table = t["statement"]
        for order in range(1, n_statements + 1):
            statement_id = statement_table.new_id()
            self.statement_number += 1
            speaker = rng.choice(cps) if cps else None
            source_id, language, _k = rng.choice(sources)
            topic = rng.choice(topics)
            parts = self._sentence_parts(speaker, topic, action, sides)
            text = " ".join(self._render(language, parts) for parts in parts)
            text = self._vary(language, text)
            identifier = f"syn-s{self.statement_number:07d}"
            statement_table.rows.append(
                (statement_id, call_id, identifier, order, speaker[0] if speaker else None)
                + (text, language, rng.choices(STATEMENT_KINDS, [6, 3, 1])[0], source_id, created, created)
            )
            if rng.random() < 0.2:
                t["statement_topics"].rows.append((t["statement_topics"].new_id(), statement_id, topic[0]))
            if language != "en" and rng.random() < 0.05:
                english = " ".join(self._render("en", parts) for parts in parts)
                t["translation"].rows.append(
                    (t["translation"].new_id(), statement_id, "en", english, "The archive", "archive")
                    + (created, created)
                )

    @staticmethod
    def _roles(medium, count):
        if medium == "visit":
            return (["visitor", "host"] + ["participant"] * count)[:count]
        if medium == "message":
            return (["sender", "recipient"] + ["recipient"] * count)[:count]
        return ["participant"] * count

    @staticmethod
    def _title(medium, names, sides):
        if len(names) < 2:
            return f"Message from {names[0]}" if names else "Message"
        others = " and ".join(names[1:])
        return {
            "telephone": f"Telephone call between {names[0]} and {others}",
            "video": f"Video call between {names[0]} and {others}",
            "meeting": f"Meeting between {names[0]} and {others}",
            "visit": f"Visit of {names[0]} to {sides[1][1]}",
            "message": f"Message from {names[0]} to {others}",
        }[medium]

    @staticmethod
    def _headline(language, names, topic):
        first, second = names[0], names[-1]
        if language == "ar":
            return f"{first['ar']} و{second['ar']} يبحثان {topic[2]}"
        if language == "fa":
            return f"گفت‌وگوی {first['fa']} و {second['fa']} درباره {topic[3]}"
        return f"{first['en'][0]} and {second['en'][0]} discuss {lower_first(topic[1])}"

    def _sentence_parts(self, speaker, topic, action, sides):
        """One to three sentences, as language-neutral parts rendered in any language."""
        rng = self.rng
        forms = self.person[speaker[1]][0] if speaker else None
        country = speaker[2] if speaker else sides[0]
        return [
            (rng.randrange(1000), forms, topic, rng.choice(w.ACTIONS) if k else action, country)
            for k in range(rng.choices([1, 2, 3], [5, 3, 2])[0])
        ]

    def _render(self, language, parts):
        template_index, forms, topic, action, country = parts
        if language == "ar":
            template = w.AR_TEMPLATES[template_index % len(w.AR_TEMPLATES)]
            speaker = forms["ar"] if forms else "المتحدث"
            return template.format(speaker=speaker, topic=topic[2], action=action[1], country=country[2])
        if language == "fa":
            template = w.FA_TEMPLATES[template_index % len(w.FA_TEMPLATES)]
            speaker = forms["fa"] if forms else "سخنگو"
            return template.format(speaker=speaker, topic=topic[3], action=action[2], country=country[2])
        template = w.EN_TEMPLATES[template_index % len(w.EN_TEMPLATES)]
        speaker = forms["en"][template_index % len(forms["en"])] if forms else "The spokesperson"
        topic_name = lower_first(topic[1])
        return template.format(speaker=speaker, topic=topic_name, action=action[0], country=country[1])

    def _vary(self, language, text):
        """Spellings differ between sources: some use Arabic letters in Persian, drop hamzas."""
        variants = {"fa": w.FA_VARIANTS, "ar": w.AR_VARIANTS}.get(language)
        if variants and self.rng.random() < 0.25:
            old, new = self.rng.choice(variants)
            text = text.replace(old, new)
        return text
