#include "widgets/patient/PatientPanel.h"

#include "widgets/patient/PatientDayView.h"
#include "widgets/patient/TimeUseSummaryPanel.h"
#include "widgets/plot/TimeAxisState.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace kinemark {

PatientPanel::PatientPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_track = new QComboBox(this);
    m_track->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* trackLabel = new QLabel(tr("&Activities from:"), this);
    trackLabel->setBuddy(m_track);
    m_status = new QLabel(this);
    top->addWidget(trackLabel);
    top->addWidget(m_track);
    top->addSpacing(12);
    top->addWidget(m_status, 1);
    auto* settings = new QPushButton(tr("&Settings…"), this);
    settings->setToolTip(
        tr("Non-wear rule, bout length, minimum wear, UTC offset and activity groups"));
    connect(settings, &QPushButton::clicked, this, &PatientPanel::settingsRequested);
    top->addWidget(settings);
    layout->addLayout(top);

    // The days scroll when there are more of them than fit at a readable row height.
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_dayScroll = new QScrollArea(m_splitter);
    m_dayScroll->setWidgetResizable(true);
    m_dayScroll->setFrameShape(QFrame::NoFrame);
    m_dayView = new PatientDayView(m_dayScroll);
    m_dayView->setToolTip(QString()); // tooltips come from PatientDayView::describeAt
    m_dayScroll->setWidget(m_dayView);
    m_dayScroll->setMinimumSize(PatientDayView::kMinimumWidth / 2, 160);
    m_summaryPanel = new TimeUseSummaryPanel(m_splitter);
    m_summaryPanel->setMinimumSize(300, 200);
    m_splitter->addWidget(m_dayScroll);
    m_splitter->addWidget(m_summaryPanel);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);
    updateOrientation();

    m_watcher = new QFutureWatcher<std::shared_ptr<const TimeUseSummary>>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_again) {
            m_again = false;
            recompute();
            return;
        }
        m_summary = m_watcher->result();
        m_dayView->setSummary(m_summary);
        m_summaryPanel->setSummary(m_summary);
        const int flagged = m_summary ? int(m_summary->days.size()) - m_summary->validDays : 0;
        m_status->setText(
            m_summary ? tr("%n day(s), %1 with enough wear", "", int(m_summary->days.size()))
                                .arg(m_summary->validDays) +
                            (flagged > 0 ? tr("; %n flagged", "", flagged) : QString())
                      : QString());
        Q_EMIT summaryReady();
    });
    connect(m_track, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    // Edits come in bursts (a key held down, a drag): one summary after the last.
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(400);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] { recompute(); });
    connect(m_dayView, &PatientDayView::momentActivated, this, [this](double t) {
        if (!m_axis)
            return;
        m_axis->setCursor(t);
        m_axis->setVisibleRange(t - 300, t + 300);
    });
}

PatientPanel::~PatientPanel()
{
    m_watcher->waitForFinished();
}

void PatientPanel::setRecording(std::shared_ptr<const Recording> recording,
                                const LabelSet* labelSet)
{
    m_recording = std::move(recording);
    m_hasLabelSet = labelSet != nullptr;
    m_labelSet = labelSet ? *labelSet : LabelSet();
    const QSignalBlocker block(m_track);
    const QString previous = m_track->currentText();
    m_track->clear();
    if (m_recording)
        for (const AnnotationTrack& t : m_recording->tracks)
            m_track->addItem(t.name());
    const int keep = m_track->findText(previous);
    if (keep >= 0)
        m_track->setCurrentIndex(keep);
    recompute();
}

void PatientPanel::setSettings(const TimeUseSettings& settings)
{
    m_settings = settings;
    recompute();
}

void PatientPanel::refresh()
{
    if (!m_recording)
        return;
    // Repopulate the track list: a prediction may have been added or renamed.
    const QSignalBlocker block(m_track);
    const QString previous = m_track->currentText();
    m_track->clear();
    for (const AnnotationTrack& t : m_recording->tracks)
        m_track->addItem(t.name());
    m_track->setCurrentIndex(std::max(0, m_track->findText(previous)));
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_refreshTimer->start();
}

void PatientPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateOrientation();
}

void PatientPanel::updateOrientation()
{
    // Wide (the Patient workspace, a bottom dock): the summary beside the
    // days, which then get the whole height; narrow (a side dock): below them.
    const Qt::Orientation wanted = width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() == wanted && m_orientationChosen)
        return;
    m_splitter->setOrientation(wanted);
    m_orientationChosen = true;
    if (wanted == Qt::Horizontal) {
        m_splitter->setStretchFactor(0, 3);
        m_splitter->setStretchFactor(1, 2);
        m_splitter->setSizes({width() * 3 / 5, width() * 2 / 5});
    } else {
        m_splitter->setStretchFactor(0, 1);
        m_splitter->setStretchFactor(1, 1);
        m_splitter->setSizes({height() / 2, height() / 2});
    }
}

void PatientPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        recompute();
    }
}

QString PatientPanel::trackName() const
{
    return m_track->currentText();
}

void PatientPanel::setTrackName(const QString& name)
{
    const int i = m_track->findText(name);
    if (i >= 0)
        m_track->setCurrentIndex(i);
}

void PatientPanel::waitForSummary()
{
    if (m_refreshTimer->isActive()) {
        m_refreshTimer->stop();
        recompute();
    }
    while (m_watcher->isRunning() || m_again) {
        m_watcher->waitForFinished();
        QCoreApplication::processEvents();
    }
    QCoreApplication::processEvents();
}

void PatientPanel::recompute()
{
    if (m_watcher->isRunning()) {
        m_again = true;
        return;
    }
    if (!m_recording) {
        m_summary.reset();
        m_dayView->setSummary(nullptr);
        m_summaryPanel->setSummary(nullptr);
        m_status->clear();
        return;
    }
    // The track is copied here, on the GUI thread, because edits change it there;
    // the signal columns are never edited, so the worker may read them.
    const AnnotationTrack* chosen = m_recording->track(m_track->currentText());
    auto track = std::make_shared<AnnotationTrack>(chosen ? *chosen : AnnotationTrack());
    const bool hasTrack = chosen != nullptr;
    auto recording = m_recording;
    auto labelSet = std::make_shared<LabelSet>(m_labelSet);
    const bool hasSet = m_hasLabelSet;
    const TimeUseOptions options = m_settings.optionsFor(m_labelSet.id);
    m_status->setText(tr("Computing…"));
    m_watcher->setFuture(QtConcurrent::run([recording, track, hasTrack, labelSet, hasSet, options] {
        return std::shared_ptr<const TimeUseSummary>(std::make_shared<TimeUseSummary>(
            TimeUseSummary::compute(*recording, hasTrack ? track.get() : nullptr,
                                    hasSet ? labelSet.get() : nullptr, options)));
    }));
}

} // namespace kinemark
