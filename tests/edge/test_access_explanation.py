"""Issue 14: accessExplanation on a case a tenant sees through a joint conference (a CONFERENCE access edge)
answered INTERNAL_SERVER_ERROR (no label for the reason)."""

from __future__ import annotations

from concord.cases.access import REASON_LABELS
from concord.models.enums import AccessReason
from tests.conferences.support import accept_all, convene, wage_case
from tests.helpers import Api

EXPLAIN = """query($id: ID!) { node(id: $id) { ... on Case { accessExplanation {
  tenant { code } paths { reason reasonLabel depth tenant { code } explanation } actions { action allowed } } } } }"""


def test_every_access_reason_has_a_label() -> None:
    assert set(REASON_LABELS) == set(AccessReason)


async def test_conference_participant_gets_an_explanation(api: Api) -> None:
    case = await wage_case(api)
    conf = await convene(api, case["id"], ["hrss"])
    await accept_all(api, conf["id"], {"hrss.officer": "郭卫国"})

    body = await api.gql("hrss.officer", EXPLAIN, {"id": case["id"]})
    assert not body.get("errors"), body
    explanation = body["data"]["node"]["accessExplanation"]
    assert explanation["tenant"]["code"] == "hrss"
    [path] = [p for p in explanation["paths"] if p["depth"] == 0]
    assert path["reason"] == "CONFERENCE"
    assert path["tenant"]["code"] == "hrss"
    assert "联席会议" in path["explanation"]
    # Read only: the conference edge never lets the participant refer the case.
    refer = next(a for a in explanation["actions"] if a["action"] == "case:refer")
    assert refer["allowed"] is False
