#pragma once

#include <QList>
#include <QMap>
#include <QWidget>

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPLegend;
class QLabel;
class QProgressBar;
class QToolButton;

namespace kinemark {

// One background job in the Jobs panel: title, progress bar, status line,
// cancel button and live curves (loss terms on the left axis, scores in
// [0, 1] such as validation macro F1 on the right; loss weights, e.g. USAD's
// adaptive ones, in a panel of their own underneath).
class JobView : public QWidget
{
    Q_OBJECT
public:
    explicit JobView(const QString& title, QWidget* parent = nullptr);

    void setProgress(double fraction, const QString& status);
    // Adds a point to the named curve; names starting with "val" or ending in
    // "F1" are scores and go on the right axis, names starting with "weight "
    // are loss weights and go into the weight panel. x is the epoch (1-based).
    void addPoint(const QString& curve, double x, double y);
    // The run's number of epochs: the epoch axis spans 1..epochs from the
    // start (0: unknown, the axis spans the epochs seen so far).
    void setEpochCount(int epochs);
    // The plot's smallest height: two axes of ticks, a legend row and the curves.
    static constexpr int kMinimumPlotHeight = 200;
    // Beside the text in a view at least kWideWidth wide (the Jobs panel under
    // the Analysis panel is wide and short): the plot then has the view's
    // height, and this one is enough.
    static constexpr int kMinimumWidePlotHeight = 150;
    static constexpr int kWideWidth = 640;
    // Whether the curves sit beside the title, progress and status (a wide
    // view) rather than under them.
    bool isWide() const { return m_wide; }
    QCustomPlot* plot() const { return m_plot; }
    void finish(bool ok, const QString& message);
    // The time left, shown beside the status: first the estimate made before
    // the run (the Train dialog's calibration), then, once epochs end, the
    // mean of the measured epochs (the last five: the first pays for warm-up)
    // times the epochs left. An early stop ends the run sooner.
    void setRemainingEstimate(double seconds);
    void epochFinished(int epoch, int epochs, double seconds);
    // Seconds left (NaN: no estimate), and the label's text.
    double remainingSeconds() const { return m_remaining; }
    QString remainingText() const;
    bool isRunning() const { return m_running; }
    int curveCount() const { return m_graphs.size(); }
    int pointCount(const QString& curve) const;

Q_SIGNALS:
    void cancelRequested();

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QCPGraph* graphFor(const QString& curve);
    // The epoch axis from 1 to the run's last epoch (or the last seen).
    void fitEpochAxis();
    // Legend entries per row, from the width (the legend is a row above the curves).
    void fitLegendColumns();
    // Puts the plot under the text (narrow) or beside it (wide).
    void arrange(bool wide);
    // kMinimumPlotHeight or kMinimumWidePlotHeight, more with a weight panel.
    void fitPlotHeight();
    // The panel under the losses for loss weights, made when the first weight comes.
    QCPAxisRect* weightPanel();

    QLabel* m_title;
    QProgressBar* m_progress;
    QLabel* m_status;
    QToolButton* m_cancel;
    QCustomPlot* m_plot;
    QMap<QString, QCPGraph*> m_graphs;
    QCPAxisRect* m_weightPanel = nullptr;
    QCPLegend* m_weightLegend = nullptr;
    bool m_running = true;
    bool m_wide = false;
    int m_epochs = 0;
    QLabel* m_eta;
    QList<double> m_epochSeconds; // the last measured epochs
    double m_remaining;
};

} // namespace kinemark
