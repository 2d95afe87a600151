#include "widgets/plot/PlotExport.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSvgGenerator>
#include <algorithm>
#include <qcustomplot.h>

namespace kinemark {

bool PlotExport::savePlot(QCustomPlot* plot, const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == QLatin1String("png"))
        ok = plot->savePng(path, plot->width(), plot->height(), 2.0);
    else if (suffix == QLatin1String("pdf"))
        ok = plot->savePdf(path, plot->width(), plot->height());
    else if (suffix == QLatin1String("svg"))
        return saveSvg(plot, path, error);
    else {
        if (error)
            *error = QCoreApplication::translate("PlotExport",
                                                 "%1: plots are saved as .png, .svg or .pdf")
                         .arg(path);
        return false;
    }
    if (!ok && error)
        *error = QCoreApplication::translate("PlotExport", "%1: could not be written").arg(path);
    return ok;
}

bool PlotExport::saveSvg(QCustomPlot* plot, const QString& path, QString* error)
{
    // Into memory first: QSvgGenerator does not say when writing a file fails,
    // QFile does.
    const int width = std::max(1, plot->width());
    const int height = std::max(1, plot->height());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(QSize(width, height));
    generator.setViewBox(QRect(0, 0, width, height));
    generator.setTitle(plot->windowTitle());
    QCPPainter painter;
    if (!painter.begin(&generator)) {
        if (error)
            *error =
                QCoreApplication::translate("PlotExport", "%1: could not be written").arg(path);
        return false;
    }
    plot->toPainter(&painter, width, height);
    painter.end();
    const QByteArray svg = buffer.data();
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(svg) != svg.size()) {
        if (error)
            *error = QCoreApplication::translate("PlotExport", "%1: could not be written: %2")
                         .arg(path, file.errorString());
        return false;
    }
    return true;
}

bool PlotExport::saveText(const QString& text, const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
        if (error)
            *error = QCoreApplication::translate("PlotExport", "%1: could not be written: %2")
                         .arg(path, file.errorString());
        return false;
    }
    return true;
}

QString PlotExport::csvField(QString text)
{
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

QColor PlotExport::groupColour(int i)
{
    static const QColor colours[] = {
        QColor(0, 114, 178),   QColor(230, 159, 0), QColor(0, 158, 115),   QColor(204, 121, 167),
        QColor(86, 180, 233),  QColor(213, 94, 0),  QColor(240, 228, 66),  QColor(0, 0, 0),
        QColor(148, 103, 189), QColor(140, 86, 75), QColor(127, 127, 127), QColor(188, 189, 34)};
    const int n = int(sizeof(colours) / sizeof(colours[0]));
    QColor c = colours[i % n];
    if (i >= n)
        c = c.lighter(100 + 30 * (i / n));
    return c;
}

} // namespace kinemark
