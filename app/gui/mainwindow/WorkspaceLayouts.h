#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace kinemark {

// The main window's workspaces: named arrangements of its docks, one per kind
// of work, so that each user's main panel gets most of the window without
// floating and enlarging anything by hand. Annotate gives the recording views
// the window (recordings list narrow on the left, annotator docks such as
// Segments on the right); Analyse makes the Analysis panel the main area with
// the Jobs panel under it; Patient gives the Patient view the bottom of the
// window, tall enough for a week of day rows.
//
// The user's own changes to a workspace (docks moved, resized, closed) are
// kept per workspace in QSettings, as is the active one, and come back at the
// next start; View > Workspace > Reset Layout returns the current workspace
// to its built-in arrangement. Docks are handled by their objectName: a dock
// this class does not know (added later) is shown on the right in Annotate and
// hidden elsewhere, and a dock missing from a saved layout gets its built-in
// place. At start-up every dock opens docked (a floating one held only the
// last session's results); switching workspaces within a session keeps
// floating docks floating, unless they are off every screen.
class WorkspaceLayouts : public QObject
{
    Q_OBJECT
public:
    enum Workspace
    {
        Annotate,
        Analyse,
        Patient,
    };
    static constexpr int kWorkspaceCount = 3;

    explicit WorkspaceLayouts(QMainWindow* window);

    // View > Workspace (the three workspaces on Ctrl+1..3, Reset Layout) and
    // View > Panels (every dock's toggle action, so a closed dock comes back).
    void addMenusTo(QMenu* view);
    // At start-up, once every dock exists: the active workspace of the last
    // session, with the layout it had then (or its built-in one), all docked.
    void restore();
    // Keeps the current workspace's layout and which one is active (at close,
    // and before switching).
    void save() const;

    Workspace current() const { return m_current; }
    // Keeps the current layout, then shows `workspace` as it was last left.
    void switchTo(Workspace workspace);
    // The current workspace's built-in layout (its saved one is forgotten).
    void resetLayout();
    QAction* workspaceAction(Workspace workspace) const { return m_actions.value(workspace); }
    static QString name(Workspace workspace);

Q_SIGNALS:
    // Before the docks of `workspace` are placed: the central views can make
    // room first (a dock that does not fit would push the window larger).
    void workspaceChanging(kinemark::WorkspaceLayouts::Workspace workspace);
    void workspaceChanged(kinemark::WorkspaceLayouts::Workspace workspace);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Where a dock goes in a workspace's built-in layout.
    struct Placement
    {
        Qt::DockWidgetArea area = Qt::RightDockWidgetArea;
        bool visible = false;
        int width = 0;  // pixels; 0: as it comes
        int height = 0; // pixels; 0: as it comes
    };
    static Placement placement(Workspace workspace, const QString& dockName);
    QList<QDockWidget*> docks() const;
    void applyBuiltIn(Workspace workspace);
    // Shows `workspace`'s saved layout over its built-in one; false when none is saved.
    bool applySaved(Workspace workspace);
    // Docks a dock that is floating where no screen shows it.
    void dockLostFloatingDocks();
    // resizeDocks needs a laid-out window: now if it is shown, else when it is.
    void applySizes();
    void setCurrent(Workspace workspace);
    // Puts the window back to `size` once docks were shown or placed, if that
    // grew it (and it is neither maximised nor full screen).
    void keepWindowSize(const QSize& size);

    struct Size
    {
        QPointer<QDockWidget> dock;
        int width = 0, height = 0;
    };
    QMainWindow* m_window;
    Workspace m_current = Annotate;
    QList<QAction*> m_actions;
    QList<Size> m_pendingSizes;
    QSize m_windowSize;       // the window's size before a dock was shown
    bool m_dockShown = false; // a dock was shown: the window's size is checked once settled
    QSize m_keptSize;         // what the window is put back to then
    bool m_arranging = false; // a workspace's docks are being placed
};

} // namespace kinemark
