#pragma once

#include <QLabel>
#include <functional>

namespace kinemark {

class AnnotationTrack;
class RecordingSession;

// The status bar's position readout (Sonic Visualiser's, ELAN's): the cursor's
// time from the start and, when the recording has an absolute start, its date
// and time of day (UTC); the selection's length; and the class (and note) of
// the edited track's segment under the cursor. Follows the cursor, the
// selection and every edit.
class PositionReadout : public QLabel
{
    Q_OBJECT
public:
    explicit PositionReadout(RecordingSession* session, QWidget* parent = nullptr);

    // The track whose segment under the cursor is shown (the one the keys edit).
    void setTrackProvider(std::function<const AnnotationTrack*()> provider);

public Q_SLOTS:
    void refresh();

private:
    RecordingSession* m_session;
    std::function<const AnnotationTrack*()> m_track;
};

} // namespace kinemark
