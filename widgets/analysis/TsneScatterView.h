#pragma once

#include "core/learning/ItemOrigin.h"

#include <QColor>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <vector>

class QCustomPlot;
class QLabel;
class QMouseEvent;
class QStackedLayout;

namespace kinemark {

class DeferredReplot;

// A t-SNE map of items (windows, segments), one dot per item, coloured by
// class or by subject. Hovering shows the item's class, subject and time;
// clicking emits where it came from, so that the timeline can jump there.
// While a map is computed (seconds to minutes), or when it failed, a message
// takes the plot's place: an empty plot would look like a map of nothing.
class TsneScatterView : public QWidget
{
    Q_OBJECT
public:
    enum class Colouring
    {
        ByClass,
        BySubject,
    };

    explicit TsneScatterView(QWidget* parent = nullptr);

    // positions: x, y per item; classIndex per item into classNames;
    // classColours optional (one per class); origins one per item.
    void setItems(const std::vector<float>& positions, const std::vector<int32_t>& classIndex,
                  const QStringList& classNames, const QVector<QColor>& classColours,
                  const QVector<ItemOrigin>& origins);
    // Instead of the plot until the next setItems(): "Computing t-SNE… 42 %"
    // (a fraction in [0, 1]; a negative one: no progress known yet).
    void showComputing(double fraction);
    // Instead of the plot until the next setItems(): why there is no map.
    void showFailure(const QString& reason);
    // The message shown instead of the plot, or "" while the plot is shown.
    QString statusText() const;
    void setColouring(Colouring colouring);
    Colouring colouring() const { return m_colouring; }

    int itemCount() const { return int(m_classIndex.size()); }
    // The item drawn nearest to a widget position within `radius` pixels, or -1.
    int itemAt(const QPoint& position, double radius = 8) const;
    // Widget coordinates of an item's dot.
    QPoint itemPosition(int item) const;
    // "class, subject, recording, time" of an item.
    QString describe(int item) const;
    // x, y, class, subject, recording, start and end sample per item.
    QString toCsv() const;
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void itemClicked(int item, const kinemark::ItemOrigin& origin);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void onMousePress(QMouseEvent* event);

    void showStatus(const QString& text);

    QCustomPlot* m_plot;
    QLabel* m_status;
    QStackedLayout* m_pages;
    DeferredReplot* m_replot;
    std::vector<float> m_positions;
    std::vector<int32_t> m_classIndex;
    QStringList m_classNames;
    QVector<QColor> m_classColours;
    QVector<ItemOrigin> m_origins;
    Colouring m_colouring = Colouring::ByClass;
};

} // namespace kinemark
