#include "widgets/report/ReportTableLayout.h"

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace kinemark {

namespace {

QFont bold(QFont f)
{
    f.setBold(true);
    return f;
}

// `text` broken at spaces into lines no wider than `width` (a word wider than
// that stays whole on its line: columns are made at least that wide).
QStringList wrap(const QString& text, const QFontMetricsF& fm, double width)
{
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (line.isEmpty() || fm.horizontalAdvance(candidate) <= width) {
            line = candidate;
        } else {
            lines << line;
            line = word;
        }
    }
    if (!line.isEmpty() || lines.isEmpty())
        lines << line;
    return lines;
}

double longestWord(const QString& text, const QFontMetricsF& fm)
{
    double longest = 0;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        longest = std::max(longest, fm.horizontalAdvance(word));
    return longest;
}

// One attempt at a font size: wrapped headers if they fit, else rotated ones.
ReportTableLayout layOut(const QStringList& headers, const std::vector<QStringList>& rows,
                         const QFont& font, QPaintDevice* device, double available)
{
    ReportTableLayout l;
    l.font = font;
    const QFontMetricsF body(font, device), head(bold(font), device);
    l.padding = std::ceil(body.horizontalAdvance(QLatin1Char(' ')) * 0.75) + 1;
    l.rowHeight = std::ceil(body.height() + 4);
    const int columns = int(headers.size());
    // Cells are measured bold: the rows of means are written bold.
    std::vector<double> cells(size_t(columns), 0.0);
    for (const QStringList& row : rows)
        for (int c = 0; c < columns; ++c)
            cells[size_t(c)] = std::max(cells[size_t(c)], head.horizontalAdvance(row.value(c)));

    // Wrapped headers: each column as wide as its cells and its header's
    // longest word, then widened until the header takes at most kMaxHeaderLines.
    l.widths.assign(size_t(columns), 0.0);
    l.headerLines.assign(size_t(columns), {});
    int lines = 1;
    for (int c = 0; c < columns; ++c) {
        double inner = std::ceil(std::max(cells[size_t(c)], longestWord(headers[c], head)));
        QStringList wrapped = wrap(headers[c], head, inner);
        while (wrapped.size() > ReportTableLayout::kMaxHeaderLines) {
            inner += head.averageCharWidth() * 2;
            wrapped = wrap(headers[c], head, inner);
        }
        l.widths[size_t(c)] = inner + 2 * l.padding;
        l.headerLines[size_t(c)] = wrapped;
        lines = std::max(lines, int(wrapped.size()));
    }
    l.headerHeight = std::ceil(lines * head.lineSpacing() + 4);
    if (l.totalWidth() <= available)
        return l;

    // Rotated headers: a column is as wide as its cells or one line of text.
    l.rotatedHeaders = true;
    double tallest = 0;
    for (int c = 0; c < columns; ++c) {
        if (c == 0) {
            // The day column keeps its wrapped header (short: "Day").
            tallest = std::max(tallest, l.headerLines[0].size() * head.lineSpacing());
            continue;
        }
        l.widths[size_t(c)] = std::ceil(std::max(cells[size_t(c)], head.height()) + 2 * l.padding);
        l.headerLines[size_t(c)] = QStringList{headers[c]};
        tallest = std::max(tallest, head.horizontalAdvance(headers[c]) + 2 * l.padding);
    }
    l.headerHeight = std::ceil(tallest + 4);
    return l;
}

} // namespace

ReportTableLayout ReportTableLayout::compute(const QStringList& headers,
                                             const std::vector<QStringList>& rows,
                                             const QFont& font, QPaintDevice* device,
                                             double availableWidth)
{
    QFont f = font;
    ReportTableLayout l = layOut(headers, rows, f, device, availableWidth);
    // Still too wide: a smaller font, down to 4 pt (a table of dozens of classes).
    for (int attempt = 0; attempt < 8 && l.totalWidth() > availableWidth; ++attempt) {
        const double size = f.pointSizeF() * std::max(0.6, availableWidth / l.totalWidth());
        if (size < 4)
            break;
        f.setPointSizeF(size);
        l = layOut(headers, rows, f, device, availableWidth);
    }
    // Spare width goes to every column alike, so the table spans the page.
    const double spare = availableWidth - l.totalWidth();
    if (spare > 0 && !l.widths.empty())
        for (double& w : l.widths)
            w += spare / double(l.widths.size());
    return l;
}

double ReportTableLayout::totalWidth() const
{
    return std::accumulate(widths.begin(), widths.end(), 0.0);
}

QRectF ReportTableLayout::cell(int c, double left, double top, double height) const
{
    double x = left;
    for (int i = 0; i < c && size_t(i) < widths.size(); ++i)
        x += widths[size_t(i)];
    return QRectF(x, top, size_t(c) < widths.size() ? widths[size_t(c)] : 0, height);
}

} // namespace kinemark
