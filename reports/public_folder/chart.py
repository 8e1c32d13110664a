"""A horizontal stacked bar chart as inline SVG, rendered on the server (no JavaScript), with a text alternative."""

from django.utils.html import format_html, format_html_join

# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics); each series also has a label.
COLOURS = ("#1b6e3a", "#8a5a00", "#1f4e9c", "#8b1e3f")
BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 22, 10, 150, 360


def stacked_bars(*, rows: list[tuple[str, list[int]]], series: list[str], title: str) -> str:
    """SVG markup: one bar per row, one segment per series; `title` names the chart for screen readers (the
    data table beside it carries the figures)."""
    largest = max([sum(values) for _, values in rows] + [1])
    scale = CHART_WIDTH / largest
    parts = []
    for index, (label, values) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        parts.append(format_html('<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#212529">{}</text>',
                                 LABEL_WIDTH - 6, y + BAR_HEIGHT * 0.7, label))
        x = LABEL_WIDTH
        for colour, name, value in zip(COLOURS, series, values, strict=False):
            if value:
                width = value * scale
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                    round(x, 1), y, round(width, 1), BAR_HEIGHT, colour, name, value))
                x += width
        parts.append(format_html('<text x="{}" y="{}" font-size="12" fill="#212529">{}</text>',
                                 round(x + 4, 1), y + BAR_HEIGHT * 0.7, sum(values)))
    legend_y = len(rows) * (BAR_HEIGHT + GAP) + 6
    legend = format_html_join("", '<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect>'
                                  '<text x="{}" y="{}" font-size="12" fill="#212529">{}</text>',
                              ((LABEL_WIDTH + i * 130, legend_y, c, LABEL_WIDTH + i * 130 + 16, legend_y + 11, n)
                               for i, (c, n) in enumerate(zip(COLOURS, series, strict=False))))
    height = legend_y + 24
    width = LABEL_WIDTH + CHART_WIDTH + 40
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="chart-title" class="results-chart"><title id="chart-title">{}</title>{}{}</svg>',
        width, height, title, format_html_join("", "{}", ((p,) for p in parts)), legend)
