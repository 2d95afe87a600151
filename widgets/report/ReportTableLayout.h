#pragma once

#include <QFont>
#include <QRectF>
#include <QStringList>
#include <vector>

class QPaintDevice;

namespace kinemark {

// Where a report table's columns go and how their headers are written, measured
// with the font on the device it is painted on, so that no header is clipped
// whatever the class names: each column is as wide as its widest cell and its
// header's longest word; headers wrap onto lines (at most kMaxHeaderLines);
// when the columns then do not fit the width, headers are written turned up
// (rotated) and columns shrink to their cells; when even that is too wide, the
// font gets smaller. Spare width is shared out, so the table spans the page.
// TimeUseReport paints with it; tests check it.
struct ReportTableLayout
{
    static constexpr int kMaxHeaderLines = 4;

    QFont font;                           // body font (the header is its bold)
    double padding = 0;                   // inside each cell, left and right
    std::vector<double> widths;           // per column
    std::vector<QStringList> headerLines; // per column: the header's lines
    bool rotatedHeaders = false;          // headers written bottom to top
    double headerHeight = 0;
    double rowHeight = 0;

    // `rows` hold the cells of the same columns as `headers`; column 0 (the
    // day) is left-aligned text and never rotated.
    static ReportTableLayout compute(const QStringList& headers,
                                     const std::vector<QStringList>& rows, const QFont& font,
                                     QPaintDevice* device, double availableWidth);

    double totalWidth() const;
    // Column `c`'s cell on a row from `top`, `height` high, the table starting at `left`.
    QRectF cell(int c, double left, double top, double height) const;
};

} // namespace kinemark
