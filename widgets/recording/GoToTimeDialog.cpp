#include "widgets/recording/GoToTimeDialog.h"

#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/TimeText.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace kinemark {

GoToTimeDialog::GoToTimeDialog(TimeAxisState* axis, int64_t startTimeUs, QWidget* parent)
    : QDialog(parent), m_axis(axis), m_startTimeUs(startTimeUs)
{
    setWindowTitle(tr("Go to Time"));
    auto* layout = new QVBoxLayout(this);
    const bool absolute = startTimeUs != 0;
    auto* hint = new QLabel(
        absolute ? tr("Time from the start (h:mm:ss or seconds), or a date and time of day "
                      "(yyyy-MM-dd hh:mm:ss, UTC):")
                 : tr("Time from the start (h:mm:ss or seconds):"),
        this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_input = new QLineEdit(this);
    // The cursor's own time, selected, so that typing replaces it and Enter goes there.
    const double now = axis->cursor();
    m_input->setText(absolute ? TimeText::wallClock(startTimeUs, now).left(19)
                              : TimeText::relative(now));
    m_input->selectAll();
    layout->addWidget(m_input);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &GoToTimeDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &GoToTimeDialog::reject);
    connect(m_input, &QLineEdit::textEdited, m_error, &QLabel::hide);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void GoToTimeDialog::accept()
{
    QString why;
    const auto seconds = TimeText::parse(m_input->text(), m_axis->duration(), m_startTimeUs, &why);
    if (!seconds) {
        m_error->setText(why);
        m_error->show();
        m_input->setFocus();
        return;
    }
    m_chosen = seconds;
    goTo(m_axis, *seconds);
    QDialog::accept();
}

void GoToTimeDialog::goTo(TimeAxisState* axis, double seconds)
{
    axis->clearSelection();
    axis->setCursor(seconds);
    const double half = axis->visibleSpan() / 2;
    axis->setVisibleRange(seconds - half, seconds + half);
}

} // namespace kinemark
