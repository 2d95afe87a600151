#pragma once

#include <QString>
#include <functional>

namespace kinemark {

// How a background job ended, as the GUI thread learns it: done, cancelled by
// the user, or failed with a message. Callers branch on the status instead of
// comparing an error text with "cancelled", and each says in its own words
// what a cancel left behind.
class JobOutcome
{
public:
    enum class Status
    {
        Done,
        Cancelled,
        Failed
    };

    static JobOutcome done() { return JobOutcome(Status::Done, QString()); }
    static JobOutcome cancelled() { return JobOutcome(Status::Cancelled, QString()); }
    static JobOutcome failed(const QString& message) { return JobOutcome(Status::Failed, message); }
    // Runs `work` and says how it ended: Cancelled thrown is a cancel, any
    // other exception a failure with its what().
    static JobOutcome of(const std::function<void()>& work);

    Status status() const { return m_status; }
    bool isDone() const { return m_status == Status::Done; }
    bool isCancelled() const { return m_status == Status::Cancelled; }
    bool isFailed() const { return m_status == Status::Failed; }
    // The failure's message (empty unless failed).
    const QString& message() const { return m_message; }
    // Why the job's result is not to be used, in the caller's words: its text
    // for a cancel, the failure's message, or its text for a result that came
    // back `stale` (another project was opened meanwhile). Empty: use it.
    QString whyNotUsed(bool stale, const QString& whenCancelled, const QString& whenStale) const;

private:
    JobOutcome(Status status, const QString& message) : m_status(status), m_message(message) {}

    Status m_status;
    QString m_message;
};

} // namespace kinemark
