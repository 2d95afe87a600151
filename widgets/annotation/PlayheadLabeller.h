#pragma once

#include "core/model/Segment.h"

#include <cstdint>

namespace kinemark {

// Labelling at a video's play head: while the video plays the play head moves
// on as the annotator watches, so a class key marks when an activity starts
// and, pressed again, when it ends; the segment is painted then, as one undo
// step. Another class's key ends the open segment and starts the next one. A
// segment still open when playback stops is ended by its key as well. This
// holds that state; AnnotationEditor paints what a press says.
class PlayheadLabeller
{
public:
    // What one key press does: begin a segment (opened), end the open one
    // (paint [start, end) in classId), or both.
    struct Press
    {
        bool opened = false;
        bool paint = false;
        int64_t start = 0;
        int64_t end = 0;
        int32_t classId = kUnlabelled;
    };

    void setPlaying(bool on) { m_playing = on; }
    bool playing() const { return m_playing; }
    // Whether class keys label at the play head now (playing, or a segment open).
    bool takesKeys() const { return m_playing || m_openStart >= 0; }
    int64_t openStart() const { return m_openStart; } // -1: none open
    int32_t openClass() const { return m_openClass; }
    void drop() { m_openStart = -1; }

    // The key of `classId` pressed with the play head at sample `now`.
    Press press(int32_t classId, int64_t now);

private:
    bool m_playing = false;
    int64_t m_openStart = -1;
    int32_t m_openClass = kUnlabelled;
};

} // namespace kinemark
