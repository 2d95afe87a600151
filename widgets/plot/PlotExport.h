#pragma once

#include <QColor>
#include <QString>

class QCustomPlot;

namespace kinemark {

// Saving the analysis plots and tables, and what they share.
class PlotExport
{
public:
    // By the file's suffix: .png (at twice the on-screen resolution), .svg or
    // .pdf (vector). Returns false with `error` set otherwise or when writing fails.
    static bool savePlot(QCustomPlot* plot, const QString& path, QString* error = nullptr);
    // SVG at the plot's on-screen size (what savePlot does for .svg).
    static bool saveSvg(QCustomPlot* plot, const QString& path, QString* error = nullptr);
    // Writes text (a CSV table) as UTF-8.
    static bool saveText(const QString& text, const QString& path, QString* error = nullptr);
    // A CSV field, quoted.
    static QString csvField(QString text);
    // A distinct, colour-blind-friendly colour for group i (Okabe-Ito, then
    // more hues, then lighter rounds).
    static QColor groupColour(int i);
};

} // namespace kinemark
