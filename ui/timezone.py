"""Times on screen are in WIB (Asia/Jakarta, UTC+7); the database keeps UTC (SQLite hands back
naive UTC times)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pandas as pd

WIB = ZoneInfo("Asia/Jakarta")


def wib(moment, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """``moment`` (aware, or naive UTC) as WIB text; blank for none."""
    if moment is None or moment is pd.NaT or (isinstance(moment, float) and pd.isna(moment)):
        return ""
    if isinstance(moment, pd.Timestamp):
        moment = moment.to_pydatetime()
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(WIB).strftime(fmt)
