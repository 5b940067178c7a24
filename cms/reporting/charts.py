"""Figures drawn as accessible SVG: horizontal bars, stacked when there are series.

No JavaScript and no inline style: the geometry is computed here and drawn by
``cms/reporting/chart.svg``, which gives the image ``role="img"`` with a
``<title>`` and ``<desc>`` (the figure's title and description). The same
numbers stand in the table beside the chart; a masked value ("färre än 3")
gets no bar, only its text.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .figures import Figure

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 90
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 8
LEGEND_ROW = 22
# Colour-blind safe (Okabe–Ito), each with at least 3:1 contrast on white.
HIDDEN_COLOUR = "#9e9e9e"
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#000000")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    colour: str
    label: str


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    text_y: float
    bars: list[Bar]
    total_text: str
    total_x: float


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    label: str
    colour: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rows: list[Row]
    legend: list[LegendItem]
    axis_x: float
    axis_bottom: float


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def chart_for(figure: Figure, *, prefix: str = "") -> Chart | None:
    """The chart of ``figure``, or ``None`` when it has no series to draw."""
    if not figure.series or not figure.rows:
        return None
    bar_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    totals = [sum(_number(row[i]) for i in figure.series) for row in figure.rows]
    if figure.total_column is not None:
        totals = [
            max(t, _number(row[figure.total_column]))
            for t, row in zip(totals, figure.rows, strict=True)
        ]
    scale = bar_width / max(max(totals), 1)
    stacked = len(figure.series) > 1
    rows = []
    for index, row in enumerate(figure.rows):
        y = TOP + index * ROW_HEIGHT
        x = LABEL_WIDTH
        bars = []
        masked = []
        for n, column in enumerate(figure.series):
            value = row[column]
            if not isinstance(value, int | float):
                masked.append(str(value))
                continue
            width = _number(value) * scale
            if width:
                bars.append(
                    Bar(
                        x=round(x, 1),
                        y=y,
                        width=round(width, 1),
                        colour=PALETTE[n % len(PALETTE)],
                        label=f"{figure.columns[column]}: {value}",
                    )
                )
            x += width
        # Counts not shown (fewer than three, or withheld beside one) still
        # belong to the row's published total: one grey segment for them.
        hidden = (totals[index] - (x - LABEL_WIDTH) / scale) * scale if scale else 0
        if masked and hidden > 0.5:
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=y,
                    width=round(hidden, 1),
                    colour=HIDDEN_COLOUR,
                    label=str(_("Ej redovisat per grupp")),
                )
            )
            x += hidden
        total = totals[index]
        total_text = f"{int(total) if total == int(total) else total}"
        if figure.total_column is not None:
            total_text = str(row[figure.total_column])
        elif masked:
            total_text = masked[0] if not total else f"{total_text} + {masked[0]}"
        rows.append(
            Row(
                label=str(row[0]),
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                bars=bars,
                total_text=total_text,
                total_x=round(x + 4, 1),
            )
        )
    height = TOP + len(rows) * ROW_HEIGHT + 4
    axis_bottom = height - 4
    legend = []
    if stacked:
        per_line = 3
        keys = [
            (str(figure.columns[c]), PALETTE[n % len(PALETTE)]) for n, c in enumerate(figure.series)
        ]
        if any(bar.colour == HIDDEN_COLOUR for row in rows for bar in row.bars):
            keys.append((_("Ej redovisat per grupp"), HIDDEN_COLOUR))
        for n, (label, colour) in enumerate(keys):
            legend.append(
                LegendItem(
                    x=LABEL_WIDTH + (n % per_line) * 140,
                    y=height + (n // per_line) * LEGEND_ROW,
                    label=label,
                    colour=colour,
                )
            )
        height += ((len(keys) + per_line - 1) // per_line) * LEGEND_ROW + 4
    return Chart(
        id=f"{prefix}{figure.key}",
        title=str(figure.title),
        description=str(figure.description),
        width=WIDTH,
        height=height,
        rows=rows,
        legend=legend,
        axis_x=LABEL_WIDTH,
        axis_bottom=axis_bottom,
    )
