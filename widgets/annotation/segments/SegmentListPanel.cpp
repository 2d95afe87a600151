#include "widgets/annotation/segments/SegmentListPanel.h"

#include "core/analysis/TrackComparison.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/LabelPickerDialog.h"
#include "widgets/annotation/segments/SegmentFilterModel.h"
#include "widgets/annotation/segments/SegmentTableModel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPixmap>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <set>

namespace kinemark {

namespace {
const char* kHeaderKey = "segments/header";

enum DurationMode
{
    AnyDuration,
    ShorterThan,
    LongerThan
};

// The keys a table, a combo box or a spin box moves with. The main window binds the same
// keys to pan and zoom (window shortcuts); inside the dock they are the dock's.
bool isNavigationKey(const QKeyEvent* key)
{
    const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
    if (mods != Qt::NoModifier && mods != Qt::ShiftModifier)
        return false; // Ctrl+Left and the like keep their editing meaning
    switch (key->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Home:
    case Qt::Key_End:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        return true;
    default:
        return false;
    }
}

QIcon swatch(const QString& colour)
{
    QPixmap p(12, 12);
    p.fill(QColor(colour));
    return QIcon(p);
}
} // namespace

SegmentListPanel::SegmentListPanel(AnnotationEditor* editor, RecordingSession* session,
                                   QWidget* parent)
    : QWidget(parent), m_editor(editor), m_model(new SegmentTableModel(this)),
      m_filter(new SegmentFilterModel(this))
{
    m_filter->setSourceModel(m_model);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    buildFilters();

    m_table = new QTableView(this);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SegmentTableModel::StartColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Uniform rows keep 10,000 of them as fast to scroll as ten.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    const QFontMetrics fm = m_table->fontMetrics();
    // Widths measured with the font, so that nothing is elided at the default size.
    const int timeWidth = fm.horizontalAdvance(QStringLiteral("0:00:00.00")) + 16;
    header->resizeSection(SegmentTableModel::StartColumn, timeWidth);
    header->resizeSection(SegmentTableModel::EndColumn, timeWidth);
    header->resizeSection(SegmentTableModel::DurationColumn, timeWidth);
    header->resizeSection(SegmentTableModel::AuthorColumn,
                          fm.horizontalAdvance(QStringLiteral("annotator")) + 16);
    header->resizeSection(SegmentTableModel::EditedColumn,
                          fm.horizontalAdvance(QStringLiteral("2026-12-07 12:00")) + 16);
    header->resizeSection(
        SegmentTableModel::UnsureColumn,
        fm.horizontalAdvance(
            m_model->headerData(SegmentTableModel::UnsureColumn, Qt::Horizontal).toString()) +
            24);
    // The end and the edit time are one click away (the header's context menu): the
    // dock stays narrow enough to leave the signals their room.
    header->setSectionHidden(SegmentTableModel::EndColumn, true);
    header->setSectionHidden(SegmentTableModel::EditedColumn, true);
    m_headerRestored =
        header->restoreState(QSettings().value(QLatin1String(kHeaderKey)).toByteArray());
    connect(header, &QHeaderView::customContextMenuRequested, this,
            &SegmentListPanel::showHeaderMenu);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this,
            &SegmentListPanel::showContextMenu);
    m_table->installEventFilter(this);
    layout->addWidget(m_table, 1);

    // A click or the arrow keys move the views along; Enter shows the current row again.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!m_refreshing && !m_following && current.isValid())
                    showRow(current.row());
            });
    connect(m_table, &QAbstractItemView::activated, this,
            [this](const QModelIndex& index) { showRow(index.row()); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &SegmentListPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &SegmentListPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &SegmentListPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &SegmentListPanel::updateCount);

    connect(m_editor, &AnnotationEditor::edited, this, &SegmentListPanel::scheduleRefresh);
    connect(m_editor, &AnnotationEditor::tracksChanged, this, &SegmentListPanel::scheduleRefresh);
    // Another tier chosen for the keys: the list shows that one.
    connect(m_editor, &AnnotationEditor::activeTrackChanged, this,
            &SegmentListPanel::scheduleRefresh);
    connect(session, &RecordingSession::recordingChanged, this, &SegmentListPanel::scheduleRefresh);
    connect(session, &RecordingSession::labelSetChanged, this, &SegmentListPanel::scheduleRefresh);
    connect(session->timeAxis(), &TimeAxisState::cursorChanged, this,
            &SegmentListPanel::followCursor);
    refresh();
}

SegmentListPanel::~SegmentListPanel()
{
    QSettings().setValue(QLatin1String(kHeaderKey), m_table->horizontalHeader()->saveState());
}

QSize SegmentListPanel::sizeHint() const
{
    return QSize(460, 500);
}

void SegmentListPanel::buildFilters()
{
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search class, author or note"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter, &SegmentFilterModel::setSearchText);
    layout->addWidget(m_search);

    auto* row = new QHBoxLayout;
    m_classBox = new QComboBox(this);
    m_classBox->setToolTip(tr("Only segments of this class"));
    m_authorBox = new QComboBox(this);
    m_authorBox->setToolTip(tr("Only segments made or last changed by this annotator"));
    connect(m_classBox, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant id = m_classBox->currentData();
        m_filter->setClassFilter(id.isValid() ? id.toInt() : SegmentFilterModel::kAnyClass);
    });
    connect(m_authorBox, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant author = m_authorBox->currentData();
        if (author.isValid())
            m_filter->setAuthorFilter(author.toString());
        else
            m_filter->clearAuthorFilter();
    });
    row->addWidget(m_classBox, 1);
    row->addWidget(m_authorBox, 1);
    layout->addLayout(row);

    row = new QHBoxLayout;
    m_durationBox = new QComboBox(this);
    m_durationBox->addItem(tr("Any duration"), AnyDuration);
    m_durationBox->addItem(tr("Shorter than"), ShorterThan);
    m_durationBox->addItem(tr("Longer than"), LongerThan);
    m_seconds = new QDoubleSpinBox(this);
    m_seconds->setRange(0.01, 86400);
    m_seconds->setDecimals(2);
    m_seconds->setValue(2.0); // shorter than 2 s: the slivers a boundary drag leaves behind
    m_seconds->setSuffix(tr(" s"));
    m_seconds->setEnabled(false);
    connect(m_durationBox, &QComboBox::currentIndexChanged, this, &SegmentListPanel::applyDuration);
    connect(m_seconds, &QDoubleSpinBox::valueChanged, this, &SegmentListPanel::applyDuration);
    row->addWidget(m_durationBox);
    row->addWidget(m_seconds);
    row->addStretch(1);
    m_notes = new QCheckBox(tr("Has note"), this);
    m_unsure = new QCheckBox(tr("Unsure"), this);
    connect(m_notes, &QCheckBox::toggled, m_filter, &SegmentFilterModel::setNotesOnly);
    connect(m_unsure, &QCheckBox::toggled, m_filter, &SegmentFilterModel::setUnsureOnly);
    row->addWidget(m_notes);
    row->addWidget(m_unsure);
    layout->addLayout(row);

    row = new QHBoxLayout;
    m_disagreements = new QCheckBox(tr("Disagrees with"), this);
    m_disagreements->setToolTip(
        tr("Only segments where the chosen track has another class over part of the segment"));
    m_compared = new QComboBox(this);
    connect(m_disagreements, &QCheckBox::toggled, m_filter,
            &SegmentFilterModel::setDisagreementsOnly);
    connect(m_compared, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_refreshing)
            refresh();
    });
    // Class, author and tier names can be long ("cycling (sit, inactive)", a
    // second annotator's tier): the boxes elide them rather than widening
    // the dock past its place and pushing the list off its right edge.
    for (QComboBox* box : {m_classBox, m_authorBox, m_compared}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    row->addWidget(m_disagreements);
    row->addWidget(m_compared, 1);
    m_count = new QLabel(this);
    m_count->setWordWrap(true); // "12 of 40 in <tier>": a long tier name wraps, not widens
    row->addWidget(m_count);
    layout->addLayout(row);
}

void SegmentListPanel::applyDuration()
{
    const int mode = m_durationBox->currentData().toInt();
    m_seconds->setEnabled(mode != AnyDuration);
    const double s = m_seconds->value();
    if (mode == ShorterThan)
        m_filter->setDurationRange(0, s);
    else if (mode == LongerThan)
        m_filter->setDurationRange(s, 0);
    else
        m_filter->setDurationRange(0, 0);
}

void SegmentListPanel::scheduleRefresh()
{
    if (!isVisible()) {
        m_stale = true; // rebuilt when the dock is shown
        return;
    }
    if (m_refreshQueued)
        return;
    // edited() and tracksChanged() come together: one rebuild for both.
    m_refreshQueued = true;
    QTimer::singleShot(0, this, [this] {
        if (m_refreshQueued)
            refresh();
    });
}

void SegmentListPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
    followCursor();
}

void SegmentListPanel::refreshChoices()
{
    const Recording* r = m_editor->recording();
    const AnnotationTrack* edited = m_editor->editedTrack();
    const LabelSet& set = m_editor->labelSet();

    const QVariant chosenClass = m_classBox->currentData();
    m_classBox->clear();
    m_classBox->addItem(tr("All classes"));
    int widest = 0;
    for (const LabelClass& c : set.classes)
        if (c.mergedInto == kUnlabelled) {
            m_classBox->addItem(swatch(c.colour), c.name, c.id);
            widest = std::max(widest, m_table->fontMetrics().horizontalAdvance(c.name));
        }
    if (!m_headerRestored && widest > 0) // the longest class name, swatch and padding
        m_table->horizontalHeader()->resizeSection(SegmentTableModel::ClassColumn,
                                                   std::min(widest + 36, 220));
    m_classBox->setCurrentIndex(std::max(0, m_classBox->findData(chosenClass)));

    const QVariant chosenAuthor = m_authorBox->currentData();
    m_authorBox->clear();
    m_authorBox->addItem(tr("All authors"));
    std::set<QString> authors;
    if (edited)
        for (const Segment& s : edited->segments())
            authors.insert(s.author);
    for (const QString& a : authors)
        m_authorBox->addItem(a.isEmpty() ? tr("(imported)") : a, a);
    m_authorBox->setCurrentIndex(std::max(0, m_authorBox->findData(chosenAuthor)));

    const QString compared = m_compared->currentData().toString();
    m_compared->clear();
    int preferred = -1;
    if (r)
        for (const AnnotationTrack& t : r->tracks) {
            if (edited && t.name() == edited->name())
                continue;
            m_compared->addItem(t.name(), t.name());
            if (preferred < 0 && t.kind() == AnnotationTrack::Kind::Prediction)
                preferred = m_compared->count() - 1;
        }
    const int keep = m_compared->findData(compared);
    m_compared->setCurrentIndex(keep >= 0 ? keep : std::max(preferred, 0));
    m_disagreements->setEnabled(m_compared->count() > 0);
    m_compared->setEnabled(m_compared->count() > 0);
}

void SegmentListPanel::refresh()
{
    m_refreshQueued = false;
    m_stale = false;
    m_refreshing = true;
    // The selection and the current row survive the rebuild, by segment start.
    std::set<int64_t> selected;
    for (const SampleSpan& s : selectedSpans())
        selected.insert(s.start);
    const QModelIndex current = m_table->currentIndex();
    const int64_t currentStart =
        current.isValid() ? m_model->span(m_filter->mapToSource(current).row()).start : -1;

    refreshChoices();
    const Recording* r = m_editor->recording();
    const AnnotationTrack* edited = m_editor->editedTrack();
    std::vector<Segment> segments = edited ? edited->segments() : std::vector<Segment>();
    std::vector<char> disagrees;
    const AnnotationTrack* other =
        r && m_compared->count() > 0 ? r->track(m_compared->currentData().toString()) : nullptr;
    if (edited && other) {
        const AnnotationTrack differ = TrackComparison::disagreement(*edited, *other);
        disagrees.reserve(segments.size());
        for (const Segment& s : segments) {
            const auto [first, last] = differ.overlapping(s.start, s.end);
            disagrees.push_back(last > first ? 1 : 0);
        }
    }
    m_model->setContents(std::move(segments), std::move(disagrees), m_editor->labelSet(),
                         r ? r->sampleRateHz : 1, r ? r->startTimeUs : 0);

    QItemSelection selection;
    for (int64_t start : selected) {
        const int row = m_model->rowStartingAt(start);
        if (row < 0)
            continue;
        const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(SegmentTableModel::ColumnCount - 1));
    }
    if (currentStart >= 0) {
        const int row = m_model->rowStartingAt(currentStart);
        const QModelIndex index =
            row >= 0 ? m_filter->mapFromSource(m_model->index(row, 0)) : QModelIndex();
        if (index.isValid())
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_refreshing = false;
    updateCount();
    if (m_followQueued)
        followCursor();
}

void SegmentListPanel::followCursor()
{
    if (!isVisible())
        return; // showing the dock follows the cursor
    if (m_refreshQueued || m_stale) {
        m_followQueued = true; // the rows are about to change: follow when they have
        return;
    }
    m_followQueued = false;
    const AnnotationTrack* track = m_editor->editedTrack();
    const long i = track ? track->indexAt(m_editor->cursorSample()) : -1;
    if (i < 0)
        return; // in a gap: the list keeps what it shows
    const int64_t start = track->segments()[size_t(i)].start;
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && m_model->span(m_filter->mapToSource(current).row()).start == start)
        return;
    // Rows the annotator selected in the list are theirs while they work there: a class key
    // or Delete is about to act on them.
    QItemSelectionModel* selection = m_table->selectionModel();
    if (m_table->hasFocus() && selection->selectedRows().size() > 1)
        return;
    const int row = m_model->rowStartingAt(start);
    const QModelIndex index =
        row >= 0 ? m_filter->mapFromSource(m_model->index(row, 0)) : QModelIndex();
    if (!index.isValid())
        return; // filtered out
    m_following = true;
    selection->setCurrentIndex(index,
                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_following = false;
    m_table->scrollTo(index);
}

void SegmentListPanel::updateCount()
{
    // Which track the rows are, now that the keys may edit another tier than the ground truth.
    const AnnotationTrack* edited = m_editor->editedTrack();
    m_count->setText(edited ? tr("%1 of %2 in %3")
                                  .arg(m_filter->rowCount())
                                  .arg(m_model->rowCount())
                                  .arg(edited->name())
                            : tr("No segments"));
}

std::vector<SampleSpan> SegmentListPanel::selectedSpans() const
{
    std::vector<SampleSpan> spans;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        spans.push_back(m_model->span(m_filter->mapToSource(index).row()));
    return spans;
}

bool SegmentListPanel::relabelSelected(int32_t classId)
{
    const auto spans = selectedSpans();
    return !spans.empty() && m_editor->relabelSpans(spans, classId);
}

bool SegmentListPanel::deleteSelected()
{
    const auto spans = selectedSpans();
    return !spans.empty() && m_editor->clearSpans(spans);
}

bool SegmentListPanel::pickClassForSelected()
{
    if (selectedSpans().empty())
        return false;
    const auto picked = LabelPickerDialog::pick(m_editor->labelSet(), this);
    return picked && relabelSelected(*picked);
}

void SegmentListPanel::showRow(int row)
{
    if (row < 0 || row >= m_filter->rowCount())
        return;
    m_editor->showSegment(m_model->span(m_filter->mapToSource(m_filter->index(row, 0)).row()));
}

int32_t SegmentListPanel::classForKey(const QKeyEvent* key) const
{
    const QKeySequence pressed(key->keyCombination());
    for (const LabelClass& c : m_editor->labelSet().classes)
        if (c.mergedInto == kUnlabelled && !c.shortcut.isEmpty() &&
            QKeySequence(c.shortcut) == pressed)
            return c.id;
    return kUnlabelled;
}

bool SegmentListPanel::event(QEvent* event)
{
    // Any widget of the dock with the keyboard (the table, the search box, a filter) keeps
    // its navigation keys: the override reaches the panel when the child did not take it.
    if (event->type() == QEvent::ShortcutOverride &&
        isNavigationKey(static_cast<QKeyEvent*>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

bool SegmentListPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        // Rows are selected whole, so Home and End go to the first and last row (as in a
        // list) rather than to the first and last column.
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Home || key->key() == Qt::Key_End) &&
            !(key->modifiers() & Qt::ControlModifier)) {
            QKeyEvent rows(QEvent::KeyPress, key->key(), key->modifiers() | Qt::ControlModifier);
            QCoreApplication::sendEvent(m_table, &rows);
            return true;
        }
    }
    if (watched != m_table ||
        (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QWidget::eventFilter(watched, event);
    // While the list has the focus, class keys and Delete act on its selected rows rather
    // than on the segment under the cursor (the window's shortcuts for the same keys).
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool del = key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace;
    const int32_t classId = classForKey(key);
    // Without a selected row they keep their meaning for the segment under the cursor.
    if ((!del && classId == kUnlabelled) || !m_table->selectionModel()->hasSelection())
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept(); // delivered as a key press instead of triggering the shortcut
        return true;
    }
    if (del)
        deleteSelected();
    else
        relabelSelected(classId);
    return true;
}

void SegmentListPanel::showContextMenu(const QPoint& pos)
{
    const auto spans = selectedSpans();
    if (spans.empty())
        return;
    QMenu menu(this);
    const QModelIndex at = m_table->indexAt(pos);
    if (at.isValid())
        menu.addAction(tr("&Go to Segment"), this, [this, row = at.row()] { showRow(row); });
    QMenu* relabel = menu.addMenu(tr("&Relabel %n Segment(s) as", nullptr, int(spans.size())));
    for (const LabelClass& c : m_editor->labelSet().classes) {
        if (c.mergedInto != kUnlabelled)
            continue;
        QAction* a = relabel->addAction(swatch(c.colour), c.name);
        if (!c.shortcut.isEmpty())
            a->setShortcut(QKeySequence(c.shortcut));
        connect(a, &QAction::triggered, this, [this, id = c.id] { relabelSelected(id); });
    }
    menu.addAction(tr("&Pick Class..."), this, [this] { pickClassForSelected(); });
    QAction* del = menu.addAction(tr("&Delete %n Segment(s)", nullptr, int(spans.size())), this,
                                  [this] { deleteSelected(); });
    del->setShortcut(QKeySequence(Qt::Key_Delete));
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void SegmentListPanel::showHeaderMenu(const QPoint& pos)
{
    QHeaderView* header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int c = 0; c < SegmentTableModel::ColumnCount; ++c) {
        QAction* a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        connect(a, &QAction::toggled, this,
                [header, c](bool on) { header->setSectionHidden(c, !on); });
    }
    menu.exec(header->mapToGlobal(pos));
}

} // namespace kinemark
