"""A small grouped bar chart drawn on the server as SVG (no script, no CDN, works offline).

The geometry is computed here and the template only writes it out, so the chart is testable
without a browser and the template stays free of arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class DayLabel:
    x: float
    label: str


@dataclass
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_bottom: int
    plot_right: int
    bars: list[Bar]
    ticks: list[Tick]
    days: list[DayLabel]
    series: list[str]
    rows: list[tuple[str, list[int]]]
    """(day, [value per series]): the same data as a table, for screen readers."""


def nice_step(value: int, ticks: int = 4) -> int:
    """The gridline step: the smallest of 1, 2, 5 x 10^n with `ticks` steps covering value."""
    needed = max(1, -(-value // ticks))
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= needed:
                return step * magnitude
        magnitude *= 10


def last_days(today: date, count: int) -> list[date]:
    return [today - timedelta(days=count - 1 - i) for i in range(count)]


def grouped_bars(days: list[date], series: dict[str, dict[date, int]], *, width: int = 720,
                 height: int = 240) -> BarChart:
    left, right, top, bottom = 40, width - 10, 12, height - 28
    names = list(series)
    values = [[series[name].get(day, 0) for name in names] for day in days]
    step = nice_step(max((v for row in values for v in row), default=0))
    top_value = step * 4
    slot = (right - left) / max(1, len(days))
    bar_width = max(2.0, (slot * 0.7) / max(1, len(names)))
    bars: list[Bar] = []
    for i, (day, row) in enumerate(zip(days, values, strict=True)):
        start = left + i * slot + slot * 0.15
        for s, value in enumerate(row):
            h = (bottom - top) * value / top_value
            bars.append(Bar(series=s, x=round(start + s * bar_width, 1),
                            y=round(bottom - h, 1), width=round(bar_width - 1, 1),
                            height=round(h, 1),
                            label=f"{day.isoformat()}: {value} {names[s].lower()}"))
    ticks = [Tick(y=round(bottom - (bottom - top) * k / 4, 1), label=str(step * k))
             for k in range(5)]
    every = 1 if len(days) <= 10 else 2
    labels = [DayLabel(x=round(left + i * slot + slot / 2, 1), label=day.strftime("%d %b"))
              for i, day in enumerate(days) if i % every == (len(days) - 1) % every]
    return BarChart(width=width, height=height, plot_left=left, plot_top=top,
                    plot_bottom=bottom, plot_right=right, bars=bars, ticks=ticks, days=labels,
                    series=names,
                    rows=[(day.isoformat(), row) for day, row in zip(days, values, strict=True)])
