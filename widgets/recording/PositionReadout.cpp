#include "widgets/recording/PositionReadout.h"

#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/TimeText.h"

#include <cmath>

namespace kinemark {

PositionReadout::PositionReadout(RecordingSession* session, QWidget* parent)
    : QLabel(parent), m_session(session)
{
    setTextFormat(Qt::PlainText);
    setToolTip(tr("Cursor time from the start (and date and time of day, UTC), selection "
                  "length, and the segment under the cursor. View › Go to Time (Ctrl+G) "
                  "moves the cursor."));
    TimeAxisState* axis = m_session->timeAxis();
    connect(axis, &TimeAxisState::cursorChanged, this, &PositionReadout::refresh);
    connect(axis, &TimeAxisState::selectionChanged, this, &PositionReadout::refresh);
    connect(m_session, &RecordingSession::recordingChanged, this, &PositionReadout::refresh);
    connect(m_session, &RecordingSession::labelSetChanged, this, &PositionReadout::refresh);
    refresh();
}

void PositionReadout::setTrackProvider(std::function<const AnnotationTrack*()> provider)
{
    m_track = std::move(provider);
    refresh();
}

void PositionReadout::refresh()
{
    const Recording* r = m_session->recording();
    if (!r) {
        clear();
        return;
    }
    const TimeAxisState* axis = m_session->timeAxis();
    const double t = axis->cursor();
    QStringList parts;
    parts << TimeText::relative(t);
    const QString clock = TimeText::wallClock(r->startTimeUs, t);
    if (!clock.isEmpty())
        parts << clock.left(clock.size() - 4) + tr(" UTC"); // to the second: the line stays short
    if (axis->hasSelection())
        parts << tr("selection %1")
                     .arg(TimeText::relative(axis->selectionEnd() - axis->selectionStart()));
    const AnnotationTrack* track = m_track ? m_track() : r->groundTruth();
    if (track && r->sampleRateHz > 0) {
        const long i = track->indexAt(int64_t(std::floor(t * r->sampleRateHz)));
        if (i >= 0) {
            const Segment& s = track->segments()[size_t(i)];
            QString what = m_session->labelSet().className(s.classId);
            if (s.unsure)
                what += tr(" (unsure)");
            if (!s.note.isEmpty())
                what += QStringLiteral(": ") + s.note;
            parts << what;
        } else {
            parts << tr("unlabelled");
        }
    }
    setText(parts.join(QStringLiteral("   ·   ")));
}

} // namespace kinemark
