"""The money rules of an agency order's refund (代购退款): who still owes what, and when it ends.

A cancelled or returned order is settled in steps, because platforms refund late and
sometimes in parts, and the keeper may pay the villager back before the platform pays:

- The platform's refund is complete when it equals what was spent on the platform.
- The payback is complete when the villager has back everything they paid for the
  order, the service fee included: the station keeps no fee on an order that did not
  go through (the rule the app always applied).
- Each step adds a platform refund and/or a payback; a step that would take either
  total past its due is refused, naming the most it may be.
- The order is final (`refunded`) exactly when both are complete; until then it is
  `refunding` and shows in the open balances.

Pure functions over amounts in fen; `core.agency` stores the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core.errors import InputRefused
from station_app.core.money import format_fen
from station_app.core.statuses import AgencyStatus


@dataclass(frozen=True)
class RefundPosition:
    """An order's refund so far, all fen: spent and refunded by the platform, paid and paid back."""

    spent_fen: int
    platform_refund_fen: int
    collected_fen: int
    paid_back_fen: int

    @property
    def platform_owes_fen(self) -> int:
        """What the platform still owes the station (never below 0)."""
        return max(self.spent_fen - self.platform_refund_fen, 0)

    @property
    def owed_to_villager_fen(self) -> int:
        """What the station still owes the villager (never below 0)."""
        return max(self.collected_fen - self.paid_back_fen, 0)

    @property
    def complete(self) -> bool:
        """Both the platform's refund and the payback are done."""
        return self.platform_owes_fen == 0 and self.owed_to_villager_fen == 0


class RefundTooLarge(InputRefused):
    """A refund step over what is still owed; `field` names the amount at fault."""


def apply_refund_step(
    position: RefundPosition, platform_refund_fen: int, paid_back_fen: int
) -> RefundPosition:
    """The position after the platform refunds and the keeper pays back, in this step.

    Raises:
        RefundTooLarge: either amount is negative or more than is still owed.
        InputRefused: both amounts are 0 while something is still owed.
    """
    platform_max = position.platform_owes_fen
    villager_max = position.owed_to_villager_fen
    if not 0 <= platform_refund_fen <= platform_max:
        raise RefundTooLarge(
            f"平台最多还应退 {format_fen(platform_max)}（平台实付 "
            f"{format_fen(position.spent_fen)}，已退 {format_fen(position.platform_refund_fen)}）。"
            f"请按平台实际退到的金额填写，不超过 {format_fen(platform_max)}",
            f"The platform owes at most {format_fen(platform_max)} more (spent "
            f"{format_fen(position.spent_fen)}, refunded {format_fen(position.platform_refund_fen)}"
            f"). Enter what the platform actually refunded, at most {format_fen(platform_max)}",
            "platform_refund_fen",
            code="platform_refund_too_large",
        )
    if not 0 <= paid_back_fen <= villager_max:
        raise RefundTooLarge(
            f"最多还应退给村民 {format_fen(villager_max)}（村民已付 "
            f"{format_fen(position.collected_fen)}，已退 {format_fen(position.paid_back_fen)}）。"
            f"请填写不超过 {format_fen(villager_max)} 的金额",
            f"At most {format_fen(villager_max)} is still owed to the villager (paid "
            f"{format_fen(position.collected_fen)}, paid back "
            f"{format_fen(position.paid_back_fen)}). Enter at most {format_fen(villager_max)}",
            "paid_back_fen",
            code="paid_back_too_large",
        )
    if platform_refund_fen == 0 and paid_back_fen == 0 and not position.complete:
        raise InputRefused(
            f"两项金额都是 0。请填写平台这次退的钱（还欠 {format_fen(platform_max)}）"
            f"或这次退给村民的钱（还欠 {format_fen(villager_max)}）",
            f"Both amounts are 0. Enter what the platform refunded this time (it still owes "
            f"{format_fen(platform_max)}) or what you paid back (still owed "
            f"{format_fen(villager_max)})",
            "platform_refund_fen",
            code="refund_nothing_entered",
        )

    return RefundPosition(
        position.spent_fen,
        position.platform_refund_fen + platform_refund_fen,
        position.collected_fen,
        position.paid_back_fen + paid_back_fen,
    )


def refund_status(position: RefundPosition) -> AgencyStatus:
    """`refunded` (final) once both sides are complete, else `refunding`."""
    return AgencyStatus.REFUNDED if position.complete else AgencyStatus.REFUNDING
