"""Geometry of the server-rendered SVG charts (no chart library, no JavaScript).

Positions along the value axis are percentages of the chart's width, so a chart fills a phone or a
desktop column while its text keeps a readable pixel size; heights are pixels. Templates under
``templates/site/charts/`` draw these shapes, and every chart is followed by a table of the same
numbers for screen readers.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

ROW_HEIGHT = 48  # label line + bar
BAR_HEIGHT = 18
LABEL_GAP = 20  # from the top of a row to the top of its bar


def _pct(value: float) -> float:
    return round(value, 3)


@dataclass
class Segment:
    key: str
    label: str
    value: int
    x: float = 0.0  # percent
    width: float = 0.0  # percent


@dataclass
class BarRow:
    label: str
    segments: list[Segment]
    url: str = ""
    y: int = 0
    bar_y: int = 0
    # What the total counts ("assessed"): the summary then names every segment, zeros too
    # ("1 assessed: 0 effective, 1 not effective"), so that no number reads as another.
    total_noun: str = ""

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)

    @property
    def summary(self) -> str:
        if self.total_noun:
            parts = ", ".join(f"{s.value} {s.label.lower()}" for s in self.segments)
            return f"{self.total} {self.total_noun}: {parts}"
        parts = [f"{s.label}: {s.value}" for s in self.segments if s.value]
        if len(self.segments) == 1:
            return str(self.total)
        return f"{self.total} ({', '.join(parts)})" if parts else "0"


@dataclass
class BarChart:
    """Horizontal bars, one per row, each split into stacked segments (series)."""

    rows: list[BarRow]
    series: list[tuple[str, str]]  # (key, label), in stacking order; keys are CSS classes
    height: int = 0
    maximum: int = 0

    @property
    def is_empty(self) -> bool:
        return not any(row.total for row in self.rows)


def bar_chart(rows: list[BarRow], series: list[tuple[str, str]]) -> BarChart:
    maximum = max((row.total for row in rows), default=0)
    for index, row in enumerate(rows):
        row.y = index * ROW_HEIGHT
        row.bar_y = row.y + LABEL_GAP
        x = 0.0
        for segment in row.segments:
            width = 100 * segment.value / maximum if maximum else 0
            # Leave room at the right for the value printed after the bar.
            segment.x, segment.width = _pct(x * 0.85), _pct(width * 0.85)
            x += width
    return BarChart(rows=rows, series=series, height=len(rows) * ROW_HEIGHT, maximum=maximum)


@dataclass
class Column:
    label: str
    segments: list[Segment]
    x: float = 0.0  # percent
    width: float = 0.0  # percent
    show_label: bool = True

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)

    @property
    def center(self) -> float:
        return _pct(self.x + self.width / 2)


@dataclass
class ColumnSegment:
    key: str
    label: str
    value: int
    y: float
    height: float


@dataclass
class ColumnChart:
    """Vertical stacked columns along a category axis (years)."""

    columns: list[Column]
    series: list[tuple[str, str]]
    plot_height: int
    height: int
    maximum: int
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (value, y)
    bars: list[tuple[Column, list[ColumnSegment]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.maximum


def _nice_step(maximum: int, target_ticks: int = 4) -> int:
    if maximum <= 0:
        return 1
    raw = maximum / target_ticks
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def column_chart(
    columns: list[Column], series: list[tuple[str, str]], plot_height: int = 220
) -> ColumnChart:
    maximum = max((c.total for c in columns), default=0)
    step = _nice_step(maximum)
    top = step * -(-maximum // step) if maximum else 1  # round the axis up to a whole step
    count = len(columns) or 1
    label_every = 1 if count <= 12 else 5 if count <= 60 else 10
    bars = []
    for index, column in enumerate(columns):
        column.x = _pct(100 * index / count + 100 / count * 0.1)
        column.width = _pct(100 / count * 0.8)
        column.show_label = index % label_every == 0 or index == count - 1
        y = float(plot_height)
        segments = []
        for segment in column.segments:
            height = plot_height * segment.value / top
            y -= height
            segments.append(
                ColumnSegment(
                    segment.key, segment.label, segment.value, round(y, 2), round(height, 2)
                )
            )
        bars.append((column, segments))
    ticks = [
        (value, round(plot_height - plot_height * value / top, 2))
        for value in range(0, top + 1, step)
    ]
    return ColumnChart(
        columns=columns,
        series=series,
        plot_height=plot_height,
        height=plot_height + 28,
        maximum=maximum,
        ticks=ticks if maximum else [],
        bars=bars,
    )


@dataclass
class Span:
    """One episode on the timeline."""

    label: str
    url: str
    start: datetime.date
    end: datetime.date | None
    x: float = 0.0
    width: float = 0.0

    @property
    def end_x(self) -> float:
        return _pct(self.x + self.width)

    @property
    def period(self) -> str:
        end = self.end.isoformat() if self.end else "ongoing"
        return f"{self.start.isoformat()} – {end}"


@dataclass
class Lane:
    label: str
    url: str
    spans: list[Span]
    y: int = 0
    bar_y: int = 0


@dataclass
class Timeline:
    lanes: list[Lane]
    height: int
    ticks: list[tuple[int, float]]  # (year, x percent)
    first_year: int
    last_year: int
    bar_height: int = BAR_HEIGHT


def timeline(
    lanes: list[Lane],
    today: datetime.date | None = None,
    *,
    row_height: int = ROW_HEIGHT,
    bar_height: int = BAR_HEIGHT,
    label_gap: int = LABEL_GAP,
) -> Timeline:
    """Lanes of spans along the years. Many lanes (every regime) fit a screen with a smaller
    ``row_height`` and ``bar_height``."""
    today = today or timezone.localdate()
    starts = [span.start for lane in lanes for span in lane.spans]
    ends = [span.end or today for lane in lanes for span in lane.spans]
    first_year = min(starts).year if starts else today.year - 10
    last_year = max(ends).year + 1 if ends else today.year + 1
    origin = datetime.date(first_year, 1, 1)
    total_days = (datetime.date(last_year, 1, 1) - origin).days or 1

    def position(day: datetime.date) -> float:
        return 100 * (day - origin).days / total_days

    for index, lane in enumerate(lanes):
        lane.y = index * row_height
        lane.bar_y = lane.y + label_gap
        for span in lane.spans:
            start = position(span.start)
            end = position(span.end or today)
            span.x = _pct(start)
            # At least a sliver, so a one-day episode still shows.
            span.width = _pct(max(end - start, 0.6))
    years = last_year - first_year
    step = 1 if years <= 8 else 2 if years <= 16 else 5 if years <= 40 else 10
    first_tick = first_year + (-first_year % step)
    ticks = [
        (year, _pct(position(datetime.date(year, 1, 1))))
        for year in range(first_tick, last_year + 1, step)
    ]
    return Timeline(
        lanes=lanes,
        height=len(lanes) * row_height + 24,
        ticks=ticks,
        first_year=first_year,
        last_year=last_year,
        bar_height=bar_height,
    )
