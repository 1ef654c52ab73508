"""Templates see view models only: no record, no facts object, no private field, no unpublished
person reaches a template's context, and a template that reaches for one cannot have it."""

from __future__ import annotations

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from conftest import REPO, TODAY
from showcase.model import pipeline
from showcase.records import load
from showcase.site.pages import Planner
from showcase.site.templates import ViewEnvironment, is_record


@pytest.fixture(scope="module")
def model():
    m, _ = pipeline.build_model(load.Paths.at(REPO), TODAY)
    return m


def _walk(value, path="context"):
    """Every value inside a context, with where it was found."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


def _contexts(m):
    planner = Planner(m, "zh", 24, feed=True, posters=True)
    plan = planner.plan()
    for spec in plan.pages:
        yield spec.path, spec.build()
    yield "home", planner.home_context()
    yield "feed", planner.feed_context()
    for story in m.records.stories:
        yield story.path, planner.story_context(story)
    yield "site", planner.site_view()


def test_no_context_holds_a_record_or_private_data(model):
    private = {str(v) for vf in model.volunteers.values() for v in (vf.record.private or {}).values() if v}
    hidden = {vf.record.name for vf in model.volunteers.values() if not vf.published}
    assert private and hidden, "the sample has private fields and unpublished volunteers to look for"
    seen = 0
    for page, context in _contexts(model):
        for where, value in _walk(context, page):
            seen += 1
            assert not is_record(value), f"{where} is a {type(value).__name__}"
            if isinstance(value, str):
                assert not any(p in value for p in private), where
                assert value not in hidden, where
    assert seen > 10_000


def test_a_template_cannot_reach_a_record(model, tmp_path):
    vf = next(v for v in model.volunteers.values() if v.record.private)
    (tmp_path / "try.html").write_text("{{ x }}", encoding="utf-8")
    env = ViewEnvironment([str(tmp_path)])
    attempts = {
        "{{ r.private.phone }}": {"r": vf.record},
        "{{ r['private'] }}": {"r": vf.record},
        "{{ r.name }}": {"r": vf.record},               # even harmless fields: records are not views
        "{{ v.record.name }}": {"v": vf},
        "{{ totals.hours }}": {"totals": model.totals},
        "{{ t.__globals__ }}": {"t": lambda key: key},   # no way round through Python internals
    }
    for source, context in attempts.items():
        with pytest.raises(SecurityError):
            env.from_string(source).render(context)
    # a name the page was not given is an error, never an empty string
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ r.private.phone }}").render({})
    # views work as usual
    assert env.from_string("{{ p.name }}").render({"p": {"name": "谭小明"}}) == "谭小明"


def test_the_walk_would_find_a_record(model):
    """The first test can fail: a view that carries a record is found."""
    vf = next(iter(model.volunteers.values()))
    found = [where for where, v in _walk({"cards": [{"face": vf.record}]}) if is_record(v)]
    assert found == ["context.cards[0].face"]


def test_a_view_that_carries_a_record_cannot_print_it(model, tmp_path):
    """Not through an attribute, an item or the top of the context: a record's repr names what it
    holds (a Model's lists unpublished people)."""
    vf = next(v for v in model.volunteers.values() if v.record.private)
    env = ViewEnvironment([str(tmp_path)])
    for source, context in {"{{ card.face }}": {"card": {"face": vf.record}},
                            "{{ card['face'] }}": {"card": {"face": vf.record}},
                            "{{ cards[0] }}": {"cards": [vf]},
                            "{{ cards | join(',') }}": {"cards": [vf.record]},
                            "{{ cards }}": {"cards": [vf.record]},
                            "{{ cards | first }}": {"cards": [vf.record]},
                            "{{ m }}": {"m": model}}.items():
        with pytest.raises(SecurityError):
            env.from_string(source).render(context)
