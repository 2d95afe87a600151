#pragma once

#include "core/model/AnnotationTrack.h"
#include "core/model/LabelSet.h"
#include "widgets/recording/LanePlottable.h"

namespace kinemark {

// Draws one annotation track as coloured blocks in its axis rect. Only the
// segments inside the visible range are visited (binary search), and every
// segment is at least one pixel wide, so a short activity never vanishes
// when a whole week is shown. Unsure segments are hatched with a dashed
// outline; a segment with a note has a small dark corner mark (both once the
// segment is a few pixels wide). The lane the keys edit has a black and white
// double frame.
class SegmentLane : public LanePlottable
{
    Q_OBJECT
public:
    SegmentLane(QCPAxis* keyAxis, QCPAxis* valueAxis);

    // Segments are in samples; keys are seconds (sample / rate).
    void setTrack(const AnnotationTrack* track, const LabelSet* labelSet, double sampleRateHz);
    // Colour used for every class when there is no label set entry (e.g. disagreement lanes).
    void setFallbackColour(const QColor& colour) { m_fallback = colour; }
    // Draws every segment in one colour (derived lanes such as disagreement,
    // whose class ids mean nothing to the label set).
    void setUniformColour(const QColor& colour) { m_uniform = colour; }
    bool hasUniformColour() const { return m_uniform.isValid(); }
    const AnnotationTrack* track() const { return m_track; }
    // Frames the lane as the one the keys edit.
    void setEdited(bool edited) { m_edited = edited; }
    bool isEdited() const { return m_edited; }
    // The colour of the edited lane's name tab.
    static QColor editedColour() { return QColor(31, 95, 191); }
    // The edited lane's double frame: a dark line outside, a light one inside.
    static QColor frameOuterColour() { return QColor(15, 15, 15); }
    static QColor frameInnerColour() { return QColor(255, 255, 255); }
    // The segment under key `seconds`, or nullptr.
    const Segment* segmentAt(double seconds) const;

    QCPRange getKeyRange(bool& foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;

protected:
    bool showsSomethingAt(double seconds) const override;
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    const AnnotationTrack* m_track = nullptr;
    const LabelSet* m_labelSet = nullptr;
    QColor m_fallback = QColor("#999999");
    QColor m_uniform;
    bool m_edited = false;
};

} // namespace kinemark
