#pragma once

#include <QObject>
#include <cstdint>

class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QMouseEvent;

namespace kinemark {

class AnnotationEditor;
class TimelineView;

// Mouse editing of the edited tier's lane of a TimelineView (the ground truth
// unless another tier is active), and what shows it: the lane is marked;
// the selected segment (the one under the cursor) is outlined; dragging a
// boundary (the mouse turns into a split cursor within a few pixels of one)
// moves it, snapped to samples, with its neighbour following; Ctrl+drag paints
// a new segment of the last assigned class over whatever it covers. Each drag
// is one undo step, committed on release; while it lasts a preview shows
// where it would land. Other mouse input goes on to the view (pan, select, cursor).
class TimelineEditor : public QObject
{
    Q_OBJECT
public:
    TimelineEditor(TimelineView* view, AnnotationEditor* editor, QObject* parent = nullptr);

    // Shows a drag in progress without a mouse (screenshots): a boundary moved from
    // `a` to `b`, or a paint over [a, b). Cleared by the next real mouse release.
    void showBoundaryPreview(int64_t boundary, int64_t position);
    void showPaintPreview(int64_t start, int64_t end);

    // Pixel distance within which a press grabs a boundary.
    static constexpr int kGrabPixels = 4;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum class Drag
    {
        None,
        Boundary,
        Paint
    };
    int editedLane() const;
    double rate() const;
    int64_t sampleAt(double x) const;
    // The boundary of the edited track within kGrabPixels of x, or -1.
    int64_t boundaryNear(double x) const;
    void createOverlays();
    void updateSelectionOutline();
    void updatePreview();
    void clearPreview();

    TimelineView* m_view;
    AnnotationEditor* m_editor;
    Drag m_drag = Drag::None;
    int64_t m_anchor = 0;  // boundary grabbed, or where the paint started
    int64_t m_current = 0; // where the mouse is now, in samples
    QCPItemRect* m_outline = nullptr;
    QCPItemRect* m_paintPreview = nullptr;
    QCPItemStraightLine* m_boundaryPreview = nullptr;
    QCPItemText* m_previewLabel = nullptr;
};

} // namespace kinemark
