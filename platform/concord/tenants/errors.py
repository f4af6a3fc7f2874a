from __future__ import annotations

from concord.kit.errors import BadUserInput, Conflict


def code_taken(code: str) -> Conflict:
    return Conflict(f"机构代码 {code} 已被使用", field="code")


def bad_code() -> BadUserInput:
    return BadUserInput("机构代码须为2至64位小写字母、数字或连字符，以字母或数字开头", field="code")


def cycle() -> BadUserInput:
    return BadUserInput("不能把机构移到它自己或其下级机构之下", field="parentId")


def has_children() -> Conflict:
    return Conflict("该机构还有在用的下级机构，请先停用或迁移下级机构")
