#pragma once

#include <QDialog>
#include <optional>

class QLabel;
class QLineEdit;

namespace kinemark {

class TimeAxisState;

// View › Go to Time (Ctrl+G): a time typed as h:mm:ss from the start, seconds,
// or a date and time of day for recordings with an absolute start (TimeText).
// Input that cannot be reached is refused in the dialog with the reason, and
// the dialog stays open; accepted, the cursor moves there and the view is
// centred on it, keeping its zoom.
class GoToTimeDialog : public QDialog
{
    Q_OBJECT
public:
    GoToTimeDialog(TimeAxisState* axis, int64_t startTimeUs, QWidget* parent = nullptr);

    QLineEdit* input() const { return m_input; }
    QLabel* errorLabel() const { return m_error; }
    // The time chosen, in seconds from the start, once accepted.
    std::optional<double> chosen() const { return m_chosen; }

    void accept() override;

    // Moves `axis`'s cursor to `seconds` and centres the view on it.
    static void goTo(TimeAxisState* axis, double seconds);

private:
    TimeAxisState* m_axis;
    int64_t m_startTimeUs;
    QLineEdit* m_input;
    QLabel* m_error;
    std::optional<double> m_chosen;
};

} // namespace kinemark
