#pragma once

#include <qcustomplot.h>

namespace kinemark {

// What the timeline's lanes have in common: a plottable keyed in seconds over
// data indexed in samples, filling its lane from 0 to 1 without antialiasing,
// and hit by the mouse only where it shows something.
class LanePlottable : public QCPAbstractPlottable
{
    Q_OBJECT
public:
    LanePlottable(QCPAxis* keyAxis, QCPAxis* valueAxis);

    double selectTest(const QPointF& pos, bool onlySelectable,
                      QVariant* details = nullptr) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    // Whether the lane shows something at key `seconds` (what a click can select).
    virtual bool showsSomethingAt(double seconds) const = 0;
    // The rate that turns samples into seconds; 50 Hz where none is known.
    void setSampleRate(double sampleRateHz) { m_rate = sampleRateHz > 0 ? sampleRateHz : 50; }

    double m_rate = 50;
};

} // namespace kinemark
