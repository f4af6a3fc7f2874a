from __future__ import annotations

from concord.conferences.machine import LABELS
from concord.kit.errors import BadUserInput, Conflict
from concord.models.enums import ConferenceStatus


def wrong_stage(status: ConferenceStatus, what: str, later: bool) -> BadUserInput | Conflict:
    """An action outside the stage it belongs to: CONFLICT when the conference has moved past it."""
    message = f"会议当前状态为{LABELS.get(status, status)}，不能{what}"
    if later:
        return Conflict(message, status=status.value)
    return BadUserInput(message, field="conferenceId", status=status.value)
