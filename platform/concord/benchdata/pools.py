"""Pools of valid-looking party data, computed once per run: checking digits for a million parties one by one
would cost more than writing them. Every value passes concord.kit.identity's validators."""

from __future__ import annotations

import random
from dataclasses import dataclass

from concord.kit import identity

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志勇海波宁欣怡浩然子涵雨轩"
)
ORG_WORDS = ["恒通", "瑞丰", "华宇", "金石", "鑫源", "顺达", "中和", "嘉禾", "博远", "天成", "宏业", "安居"]
ORG_KINDS = ["有限公司", "物业服务有限公司", "建筑工程有限公司", "医院", "商贸有限公司", "餐饮管理有限公司"]
# 长河区 is fictional; the region codes are real-shaped (six digits) so the check digit is what matters.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015
REGIONS = ["110105", "110106", "110108", "310104", "440305", "330106", "510107", "420106"]


@dataclass(frozen=True)
class Pools:
    person_names: list[str]
    org_names: list[str]
    id_cards: list[str]
    credit_codes: list[str]
    phones: list[str]


def _id_card(rng: random.Random) -> str:
    year = rng.randint(1950, 2004)
    first17 = f"{rng.choice(REGIONS)}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first17 + identity.id_card_check_digit(first17)


def _credit_code(rng: random.Random) -> str:
    first17 = "91" + rng.choice(REGIONS) + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return first17 + identity.uscc_check_char(first17)


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.9:
        return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"
    return f"010-{rng.randint(2_000_000, 89_999_999)}"


def build_pools(rng: random.Random, size: int = 5000) -> Pools:
    persons = [rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))) for _ in range(size)]
    orgs = [
        f"长河{rng.choice(ORG_WORDS)}{rng.choice(ORG_WORDS)}{rng.choice(ORG_KINDS)}"
        for _ in range(size // 10)
    ]
    pools = Pools(
        person_names=persons,
        org_names=orgs,
        id_cards=[_id_card(rng) for _ in range(size)],
        credit_codes=[_credit_code(rng) for _ in range(size // 10)],
        phones=[_phone(rng) for _ in range(size)],
    )
    assert all(identity.is_valid_id_card(v) for v in pools.id_cards)
    assert all(identity.is_valid_credit_code(v) for v in pools.credit_codes)
    assert all(identity.is_valid_phone(v) for v in pools.phones)
    return pools
