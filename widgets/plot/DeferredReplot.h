#pragma once

#include <QObject>

class QCustomPlot;

namespace kinemark {

// Replots a QCustomPlot now when it is visible, else when it is next shown: a
// hidden plot (a closed dock, a background tab) has no paint buffer, and
// replotting it only makes QPainter warnings.
class DeferredReplot : public QObject
{
    Q_OBJECT
public:
    explicit DeferredReplot(QCustomPlot* plot);
    void request();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QCustomPlot* m_plot;
    bool m_pending = false;
};

} // namespace kinemark
