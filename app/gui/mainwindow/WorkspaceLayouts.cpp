#include "app/gui/mainwindow/WorkspaceLayouts.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QEvent>
#include <QGuiApplication>
#include <QMainWindow>
#include <QMenu>
#include <QScreen>
#include <QSettings>
#include <QStringList>
#include <QTimer>

namespace kinemark {

namespace {
// Bumped when the built-in layouts change so much that a saved one no longer
// makes sense (restoreState refuses another version: the built-in one shows).
constexpr int kLayoutVersion = 1;

QString settingsKey(WorkspaceLayouts::Workspace workspace)
{
    switch (workspace) {
    case WorkspaceLayouts::Analyse:
        return QStringLiteral("analyse");
    case WorkspaceLayouts::Patient:
        return QStringLiteral("patient");
    case WorkspaceLayouts::Annotate:
        break;
    }
    return QStringLiteral("annotate");
}

QString stateKey(WorkspaceLayouts::Workspace workspace)
{
    return QStringLiteral("workspaces/%1/state").arg(settingsKey(workspace));
}

const QString kActiveKey = QStringLiteral("workspaces/active");

// The docks the built-in layouts place by name, in the order they stack in a
// shared area (the Jobs panel under the Analysis panel). Any other dock is an
// annotator's tool.
const QStringList kKnownDocks{QStringLiteral("recordingsDock"), QStringLiteral("analysisDock"),
                              QStringLiteral("jobsDock"), QStringLiteral("patientDock")};
} // namespace

WorkspaceLayouts::WorkspaceLayouts(QMainWindow* window) : QObject(window), m_window(window)
{
    m_window->installEventFilter(this);
}

QString WorkspaceLayouts::name(Workspace workspace)
{
    switch (workspace) {
    case Analyse:
        return tr("Analyse");
    case Patient:
        return tr("Patient");
    case Annotate:
        break;
    }
    return tr("Annotate");
}

WorkspaceLayouts::Placement WorkspaceLayouts::placement(Workspace workspace,
                                                        const QString& dockName)
{
    // Sizes are for the default 1400x850 window; a larger window gives the
    // main panel of the workspace the rest.
    if (dockName == QLatin1String("recordingsDock"))
        // The list only picks what the main panel shows: narrow; not needed to
        // analyse, nor for a patient's days (one recording, usually), whose
        // summary and charts need the width (View > Panels brings it back).
        return {Qt::LeftDockWidgetArea, workspace == Annotate, 220, 0};
    if (dockName == QLatin1String("jobsDock")) {
        if (workspace == Analyse)
            // Under the Analysis panel: a run's curves beside its progress
            // whole (at 230 they needed scrolling), the matrix keeps ~450 px.
            return {Qt::RightDockWidgetArea, true, 0, 280};
        return {Qt::LeftDockWidgetArea, false, 0, 260}; // under the list when a job starts
    }
    if (dockName == QLatin1String("analysisDock"))
        // The main area of Analyse: the central recording views keep a strip
        // beside it to show where a clicked cell's spans lie.
        return {Qt::RightDockWidgetArea, workspace == Analyse, workspace == Analyse ? 940 : 700, 0};
    if (dockName == QLatin1String("patientDock"))
        // Across the bottom: day rows as wide as the window, the summary beside
        // them, and the recording views above for a clicked moment (once the
        // views could shrink, 540 px left the signal rows ~25 px each).
        return {Qt::BottomDockWidgetArea, workspace == Patient, 0, 470};
    // A dock this class does not know: an annotator's tool (the Segments list,
    // whose start, duration, class and author columns need ~400 px; the views
    // keep ~760).
    return {Qt::RightDockWidgetArea, workspace == Annotate, 400, 0};
}

QList<QDockWidget*> WorkspaceLayouts::docks() const
{
    // Direct children only, in the order they were made (that of the View menu).
    const QList<QDockWidget*> all =
        m_window->findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly);
    for (QDockWidget* dock : all)
        dock->installEventFilter(const_cast<WorkspaceLayouts*>(this)); // again: no second copy
    return all;
}

void WorkspaceLayouts::addMenusTo(QMenu* view)
{
    QMenu* workspaces = view->addMenu(tr("&Workspace"));
    auto* group = new QActionGroup(workspaces);
    for (int w = 0; w < kWorkspaceCount; ++w) {
        const auto workspace = Workspace(w);
        QAction* a = workspaces->addAction(name(workspace));
        a->setCheckable(true);
        a->setChecked(workspace == m_current);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + w)));
        a->setShortcutContext(Qt::WindowShortcut);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, workspace] { switchTo(workspace); });
        m_actions << a;
    }
    m_actions[Annotate]->setStatusTip(tr("The recording views big, for labelling"));
    m_actions[Analyse]->setStatusTip(
        tr("The Analysis panel (confusion matrix, ROC, t-SNE) big, with the Jobs panel"));
    m_actions[Patient]->setStatusTip(tr("The Patient view's days and summary big"));
    workspaces->addSeparator();
    QAction* reset = workspaces->addAction(tr("&Reset Layout"), this, [this] { resetLayout(); });
    reset->setStatusTip(tr("Put the panels of this workspace back where they were at first"));

    // Every dock, so that a closed one can always be brought back; made again
    // when opened, for docks added after the menu.
    QMenu* panels = view->addMenu(tr("&Panels"));
    auto fill = [this, panels] {
        panels->clear();
        for (QDockWidget* dock : docks())
            panels->addAction(dock->toggleViewAction());
    };
    fill();
    connect(panels, &QMenu::aboutToShow, this, fill);
}

void WorkspaceLayouts::restore()
{
    const QString active = QSettings().value(kActiveKey).toString();
    Workspace workspace = Annotate;
    for (int w = 0; w < kWorkspaceCount; ++w)
        if (settingsKey(Workspace(w)) == active)
            workspace = Workspace(w);
    Q_EMIT workspaceChanging(workspace);
    if (!applySaved(workspace))
        applyBuiltIn(workspace);
    // A floating dock opens docked: what it held (an analysis, a job's curves)
    // ended with the last session, and an empty window of its own, detached
    // from the workspace, was a surprise. It can be floated again.
    for (QDockWidget* dock : docks())
        if (dock->isFloating())
            dock->setFloating(false);
    setCurrent(workspace);
}

void WorkspaceLayouts::save() const
{
    QSettings settings;
    settings.setValue(stateKey(m_current), m_window->saveState(kLayoutVersion));
    settings.setValue(kActiveKey, settingsKey(m_current));
}

void WorkspaceLayouts::switchTo(Workspace workspace)
{
    if (workspace == m_current) {
        setCurrent(workspace); // the menu's check mark stays right
        return;
    }
    save();
    const QSize size = m_window->size();
    m_arranging = true;
    Q_EMIT workspaceChanging(workspace);
    if (!applySaved(workspace))
        applyBuiltIn(workspace);
    m_arranging = false;
    setCurrent(workspace);
    keepWindowSize(size); // the last workspace's docks may have left sizes that do not fit
    QSettings().setValue(kActiveKey, settingsKey(workspace));
}

void WorkspaceLayouts::resetLayout()
{
    QSettings().remove(stateKey(m_current));
    applyBuiltIn(m_current);
}

void WorkspaceLayouts::setCurrent(Workspace workspace)
{
    m_current = workspace;
    if (QAction* a = m_actions.value(workspace))
        a->setChecked(true);
    Q_EMIT workspaceChanged(workspace);
}

void WorkspaceLayouts::applyBuiltIn(Workspace workspace)
{
    // The Patient view's bottom area runs under the central views only, so
    // that the recordings list keeps the whole height on the left.
    m_window->setCorner(Qt::BottomLeftCorner,
                        workspace == Patient ? Qt::LeftDockWidgetArea : Qt::BottomDockWidgetArea);
    // In Analyse the Analysis and Jobs panels keep the whole height on the
    // right: a bottom dock under them as well needed more than the window.
    m_window->setCorner(Qt::BottomRightCorner,
                        workspace == Analyse ? Qt::RightDockWidgetArea : Qt::BottomDockWidgetArea);
    m_pendingSizes.clear();
    // Every dock is taken out and put back in a fixed order: docks sharing an
    // area stack top to bottom in that order (a dock already in its area
    // would otherwise keep its place, wherever the user had put it).
    QList<QDockWidget*> all;
    for (const QString& name : kKnownDocks)
        if (auto* dock = m_window->findChild<QDockWidget*>(name, Qt::FindDirectChildrenOnly))
            all << dock;
    for (QDockWidget* dock : docks())
        if (!all.contains(dock))
            all << dock;
    for (QDockWidget* dock : all) {
        dock->setFloating(false);
        m_window->removeDockWidget(dock);
    }
    QDockWidget* firstUnknown = nullptr;
    for (QDockWidget* dock : all) {
        const Placement p = placement(workspace, dock->objectName());
        const bool known = kKnownDocks.contains(dock->objectName());
        if (!known && firstUnknown && p.visible)
            m_window->tabifyDockWidget(firstUnknown, dock); // unknown tools share one place
        else
            m_window->addDockWidget(p.area, dock, Qt::Vertical);
        if (!known && p.visible && !firstUnknown)
            firstUnknown = dock;
        dock->setVisible(p.visible);
        if (p.visible && (p.width > 0 || p.height > 0))
            m_pendingSizes.append({dock, p.width, p.height});
    }
    // A hidden dock of the right area opens as a tab of the dock shown there
    // (or of the first one there): stacked, the Analysis panel and the
    // Segments list together needed more than the window's height, which grew
    // past the screen.
    QDockWidget* anchor = nullptr;
    for (QDockWidget* dock : all)
        if (m_window->dockWidgetArea(dock) == Qt::RightDockWidgetArea &&
            (!anchor || (anchor->isHidden() && !dock->isHidden())))
            anchor = dock;
    for (QDockWidget* dock : all)
        if (dock != anchor && dock->isHidden() &&
            m_window->dockWidgetArea(dock) == Qt::RightDockWidgetArea) {
            m_window->tabifyDockWidget(anchor, dock);
            dock->hide();
        }
    if (anchor && !anchor->isHidden())
        anchor->raise();
    if (firstUnknown)
        firstUnknown->raise();
    applySizes();
}

bool WorkspaceLayouts::applySaved(Workspace workspace)
{
    const QByteArray state = QSettings().value(stateKey(workspace)).toByteArray();
    if (state.isEmpty())
        return false;
    // The built-in layout first: a dock the saved layout does not name (one
    // added since) keeps its built-in place instead of wherever it was.
    applyBuiltIn(workspace);
    if (!m_window->restoreState(state, kLayoutVersion))
        return false;
    m_pendingSizes.clear(); // the saved sizes stand
    dockLostFloatingDocks();
    return true;
}

void WorkspaceLayouts::dockLostFloatingDocks()
{
    const QList<QScreen*> screens = QGuiApplication::screens();
    for (QDockWidget* dock : docks()) {
        if (!dock->isFloating())
            continue;
        // Enough of the title bar on some screen to take hold of it.
        const QRect frame = dock->frameGeometry();
        bool onScreen = false;
        for (const QScreen* screen : screens) {
            const QRect shown = screen->availableGeometry().intersected(frame);
            onScreen = onScreen || (shown.width() >= 80 && shown.height() >= 40);
        }
        if (!onScreen || frame.width() < 80 || frame.height() < 40)
            dock->setFloating(false);
    }
}

void WorkspaceLayouts::applySizes()
{
    if (m_pendingSizes.isEmpty() || !m_window->isVisible())
        return; // the Show event comes back here
    QList<QDockWidget*> wide, tall;
    QList<int> widths, heights;
    for (const Size& s : std::as_const(m_pendingSizes)) {
        if (!s.dock || !s.dock->isVisible())
            continue;
        if (s.width > 0) {
            wide << s.dock;
            widths << s.width;
        }
        if (s.height > 0) {
            tall << s.dock;
            heights << s.height;
        }
    }
    m_pendingSizes.clear();
    if (!wide.isEmpty())
        m_window->resizeDocks(wide, widths, Qt::Horizontal);
    if (!tall.isEmpty())
        m_window->resizeDocks(tall, heights, Qt::Vertical);
}

void WorkspaceLayouts::keepWindowSize(const QSize& size)
{
    if (!size.isValid())
        return;
    m_keptSize = size;
    const auto restore = [this] {
        const bool free = !(m_window->windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen));
        const QSize now = m_window->size();
        if (free && now != m_keptSize && now.height() >= m_keptSize.height() &&
            now.width() >= m_keptSize.width())
            m_window->resize(m_keptSize);
    };
    restore();
    if (m_dockShown)
        return; // already checked again once settled
    m_dockShown = true;
    QTimer::singleShot(0, this, [this, restore] {
        restore(); // after the layout's own request, processed since
        m_dockShown = false;
        m_windowSize = m_window->size();
    });
}

bool WorkspaceLayouts::eventFilter(QObject* watched, QEvent* event)
{
    // A dock shown from View > Panels must not grow the window: QMainWindow
    // gives a dock area that appears the size its docks last had (a tab
    // group from another workspace), and pushed the window past the screen
    // when that did not fit. The window goes back to its size; the docks
    // then share it down to their minimums, which fit.
    if (watched == m_window && event->type() == QEvent::Resize && !m_dockShown)
        m_windowSize = m_window->size();
    if (watched != m_window && event->type() == QEvent::Show && !m_dockShown && !m_arranging &&
        qobject_cast<QDockWidget*>(watched))
        keepWindowSize(m_windowSize);
    // resizeDocks before the window is laid out has no effect: once it is shown.
    if (watched == m_window && event->type() == QEvent::Show && !m_pendingSizes.isEmpty())
        QTimer::singleShot(0, this, [this] { applySizes(); });
    return QObject::eventFilter(watched, event);
}

} // namespace kinemark
