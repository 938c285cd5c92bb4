"""Pure rendering pieces and the import rule: `import immplay` never loads ipywidgets."""

from __future__ import annotations

import subprocess
import sys

from immplay.widgets import rendering
from immplay.widgets.samples import parse_context, to_sample


def test_every_effect_badge_has_a_symbol_a_word_and_a_tooltip():
    for effect, symbol in [("Allow", "✔"), ("ExplicitDeny", "✖"), ("ImplicitDeny", "∅")]:
        badge = rendering.decision_badge(effect)
        assert f">{symbol} {effect}</span>" in badge and 'title="' in badge
    assert "stale" in rendering.decision_badge("Allow", stale=True)


def test_context_text_is_parsed_as_key_value_pairs():
    assert parse_context("acs:SourceIp=10.0.0.1, acs:SecureTransport = true\n") == {
        "acs:SourceIp": "10.0.0.1", "acs:SecureTransport": "true"}


def test_a_sample_in_an_unknown_form_is_refused_naming_the_accepted_forms():
    try:
        to_sample(42)
    except TypeError as err:
        assert "immplay.Request" in str(err) and "tuple" in str(err)
    else:
        raise AssertionError("42 is not a sample request")


def test_importing_immplay_and_the_pure_widget_modules_does_not_import_ipywidgets():
    code = ("import sys, immplay, immplay.widgets, immplay.widgets.exercise, immplay.widgets.matrix, "
            "immplay.widgets.playground_model; print('ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_widgets_are_reachable_from_immplay_lazily():
    import immplay
    from immplay.widgets.playground import PolicyPlayground

    assert immplay.PolicyPlayground is PolicyPlayground
