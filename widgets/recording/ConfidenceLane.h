#pragma once

#include "core/model/ClassProbabilities.h"
#include "widgets/recording/LanePlottable.h"

namespace kinemark {

// A model's confidence (its largest class probability) over time, as bars
// from the bottom of the lane: one bar per pixel column, holding the lowest
// confidence in that column so that a short doubtful stretch stays visible
// when zoomed out. Bars below the threshold are drawn in a warning colour.
class ConfidenceLane : public LanePlottable
{
    Q_OBJECT
public:
    ConfidenceLane(QCPAxis* keyAxis, QCPAxis* valueAxis);

    void setProbabilities(const ClassProbabilities* probabilities, double sampleRateHz);
    void setThreshold(double threshold) { m_threshold = threshold; }
    double threshold() const { return m_threshold; }
    // Confidence at a time in seconds, or NaN where the model said nothing.
    double confidenceAt(double seconds) const;

    QCPRange getKeyRange(bool& foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;

protected:
    bool showsSomethingAt(double seconds) const override;
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    const ClassProbabilities* m_probabilities = nullptr;
    double m_threshold = 0.6;
    std::vector<float> m_columns; // scratch
};

} // namespace kinemark
