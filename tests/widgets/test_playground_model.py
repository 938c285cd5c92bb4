"""PlaygroundModel, the playground without widgets: incremental re-decision equals deciding everything."""

from __future__ import annotations

from widget_policies import ACCOUNT, allow, deny, policy_text

from immplay import catalog
from immplay.policy import Policy, PolicySet
from immplay.widgets.playground_model import PlaygroundModel
from immplay.widgets.samples import imm_sample

EDITS = [
    policy_text(allow("imm:List*", f"acs:imm:*:{ACCOUNT}:project/p1*")),
    policy_text(allow("imm:List*", f"acs:imm:*:{ACCOUNT}:project/p2*")),  # Resource of a covering statement
    policy_text(allow(["imm:List*", "imm:GetDataset"], f"acs:imm:*:{ACCOUNT}:project/p2*")),  # an action added
    policy_text(allow(["imm:List*", "imm:GetDataset"], f"acs:imm:*:{ACCOUNT}:project/p2*"), deny("imm:Get*")),
    policy_text(allow("imm:*", "*", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}), deny("imm:Get*")),
    policy_text({"Effect": "Allow", "NotAction": "imm:Delete*", "Resource": "*"}),
    policy_text({"Effect": "Allow", "NotAction": ["imm:Delete*", "imm:List*"], "Resource": "*"}),
    '{"Version": "1", "Statement": [',  # does not parse: nothing changes
    policy_text(allow("imm:GetDataset", f"acs:imm:*:{ACCOUNT}:project/p1/dataset/d1")),
]


def samples() -> list:
    out = []
    for op in catalog.operations():
        for r in range(3):
            dataset = f"d{r}" if op.resource_type == "dataset" else None
            out.append(imm_sample(op.name, f"p{r % 3}", dataset, {"acs:SourceIp": f"10.0.0.{r}"} if r % 2 else {}))
    return out


def full_effects(model: PlaygroundModel) -> list[str]:
    policy_set = PolicySet([Policy.parse(model.policy.text, name=model.name)])
    return [policy_set.evaluate(s.request).effect for s in model.samples]


def test_incremental_redecision_gives_the_same_effects_as_deciding_every_request_again():
    rows = samples()
    model = PlaygroundModel(EDITS[0], rows, lint=False)
    for i, text in enumerate(EDITS[1:], start=1):
        model.edit(text, lint=False)
        assert model.effects == full_effects(model), f"edit {i}"
        assert model.counts() == {e: model.effects.count(e) for e in ("Allow", "ExplicitDeny", "ImplicitDeny")}
        if i == 3:  # samples added and removed between edits stay consistent too
            model.add(imm_sample("GetDataset", "p2", "d9"))
            model.remove(5)
    assert model.counts() == {e: full_effects(model).count(e) for e in ("Allow", "ExplicitDeny", "ImplicitDeny")}


def test_an_edit_that_only_touches_one_statement_redecides_only_the_actions_it_covers():
    rows = samples()
    model = PlaygroundModel(EDITS[3], rows, lint=False)
    calls = []
    real = PolicySet.effect

    def counting(self, action, chain, context):
        calls.append(action)
        return real(self, action, chain, context)

    PolicySet.effect = counting
    try:
        model.edit(EDITS[3].replace('"imm:Get*"', '"imm:GetD*"'), lint=False)
    finally:
        PolicySet.effect = real
    get_actions = {s.action for s in rows if s.operation.startswith("Get")}
    assert get_actions and set(calls) == get_actions  # GetDataset, GetProject, ...: and nothing else
    assert model.effects == full_effects(model)
