"""Case-specific error messages (Chinese first: they are shown next to the field in the console)."""

from __future__ import annotations

from concord.kit.errors import BadUserInput


def required(field: str, label: str) -> BadUserInput:
    return BadUserInput(f"{label}不能为空", field=field)


def too_long(field: str, label: str, limit: int) -> BadUserInput:
    return BadUserInput(f"{label}不能超过{limit}个字", field=field)


def invalid_id_card(field: str) -> BadUserInput:
    return BadUserInput("身份证号码无效（请核对出生日期和校验位）", field=field)


def invalid_credit_code(field: str) -> BadUserInput:
    return BadUserInput("统一社会信用代码无效", field=field)


def invalid_phone(field: str) -> BadUserInput:
    return BadUserInput("联系电话格式不正确（手机号11位，或带区号的固定电话）", field=field)
