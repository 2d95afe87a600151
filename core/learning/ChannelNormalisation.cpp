#include "core/learning/ChannelNormalisation.h"

#include "core/base/FormatError.h"

#include <QJsonArray>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {

// Below this a channel is taken as constant: dividing by it would blow noise up
// to huge values, so it is left unscaled (std 1).
constexpr double kSmallestStd = 1e-8;

} // namespace

ChannelNormalisation::ChannelNormalisation(std::vector<float> mean, std::vector<float> deviations)
    : m_mean(std::move(mean)), m_std(std::move(deviations))
{
    if (m_mean.size() != m_std.size())
        throw std::invalid_argument("ChannelNormalisation: mean and std differ in length");
    m_inverseStd.reserve(m_std.size());
    for (size_t c = 0; c < m_std.size(); ++c) {
        if (!std::isfinite(m_mean[c]) || !std::isfinite(m_std[c]) || !(m_std[c] > 0))
            throw std::invalid_argument(
                QStringLiteral("ChannelNormalisation: channel %1 has mean %2 and std %3")
                    .arg(c)
                    .arg(double(m_mean[c]))
                    .arg(double(m_std[c]))
                    .toStdString());
        m_inverseStd.push_back(1.0f / m_std[c]);
    }
}

ChannelNormalisation
ChannelNormalisation::fit(const std::vector<std::shared_ptr<const Recording>>& recordings,
                          const JobControl* job)
{
    if (recordings.empty() || !recordings.front())
        throw std::invalid_argument("ChannelNormalisation::fit: no recordings");
    const size_t channels = recordings.front()->channelCount();
    int64_t totalSamples = 0;
    for (const auto& r : recordings) {
        if (!r)
            throw std::invalid_argument("ChannelNormalisation::fit: a recording is missing (null)");
        if (r->channelCount() != channels)
            throw std::invalid_argument(
                QStringLiteral("ChannelNormalisation::fit: recording '%1' has %2 channels, but "
                               "'%3' has %4")
                    .arg(r->id)
                    .arg(r->channelCount())
                    .arg(recordings.front()->id)
                    .arg(channels)
                    .toStdString());
        totalSamples += int64_t(r->sampleCount() * channels);
    }

    // Sums of (x - shift) and (x - shift)^2 in double, with the channel's first
    // sample as shift: one pass over the data, and no cancellation when the
    // spread is small next to the mean (gravity on an axis at rest); a constant
    // channel comes out with exactly zero variance.
    std::vector<double> shift(channels, 0.0), sum(channels, 0.0), sumOfSquares(channels, 0.0);
    std::vector<bool> shiftSet(channels, false);
    int64_t count = 0, done = 0;
    constexpr size_t kBlock = size_t(1) << 20; // samples between cancel checks
    for (const auto& r : recordings) {
        const size_t n = r->sampleCount();
        for (size_t c = 0; c < channels; ++c) {
            const float* samples = r->channel(c).samples.data();
            if (n > 0 && !shiftSet[c]) {
                shift[c] = samples[0];
                shiftSet[c] = true;
            }
            for (size_t from = 0; from < n; from += kBlock) {
                throwIfCancelled(job);
                const size_t to = std::min(n, from + kBlock);
                double s = 0, ss = 0;
                const double k = shift[c];
                for (size_t i = from; i < to; ++i) {
                    const double d = double(samples[i]) - k;
                    s += d;
                    ss += d * d;
                }
                sum[c] += s;
                sumOfSquares[c] += ss;
                done += int64_t(to - from);
                reportProgress(job, double(done) / double(totalSamples),
                               QStringLiteral("Normalisation of %1").arg(r->id));
            }
        }
        count += int64_t(n);
    }

    std::vector<float> mean(channels, 0.0f), deviations(channels, 1.0f);
    for (size_t c = 0; c < channels && count > 0; ++c) {
        const double meanOffset = sum[c] / double(count);
        const double variance =
            std::max(0.0, sumOfSquares[c] / double(count) - meanOffset * meanOffset);
        const double deviation = std::sqrt(variance);
        mean[c] = float(shift[c] + meanOffset);
        deviations[c] = deviation < kSmallestStd ? 1.0f : float(deviation);
    }
    return ChannelNormalisation(std::move(mean), std::move(deviations));
}

QJsonObject ChannelNormalisation::toJson() const
{
    QJsonArray mean, deviations;
    for (float m : m_mean)
        mean.append(double(m));
    for (float s : m_std)
        deviations.append(double(s));
    QJsonObject json;
    json.insert(QStringLiteral("mean"), mean);
    json.insert(QStringLiteral("std"), deviations);
    return json;
}

ChannelNormalisation ChannelNormalisation::fromJson(const QJsonObject& json, const QString& source)
{
    const auto numbers = [&](const QString& key) {
        const QJsonValue value = json.value(key);
        if (!value.isArray())
            throw FormatError(
                source,
                QStringLiteral("normalisation: \"%1\" must be an array of numbers").arg(key));
        std::vector<float> out;
        for (const QJsonValue& v : value.toArray()) {
            // Finite as the float it is kept in, too (1e300 is not).
            if (!v.isDouble() || !std::isfinite(float(v.toDouble())))
                throw FormatError(
                    source, QStringLiteral("normalisation: \"%1\" holds something that is not a "
                                           "finite number")
                                .arg(key));
            out.push_back(float(v.toDouble()));
        }
        return out;
    };
    std::vector<float> mean = numbers(QStringLiteral("mean"));
    std::vector<float> deviations = numbers(QStringLiteral("std"));
    if (mean.size() != deviations.size())
        throw FormatError(source,
                          QStringLiteral("normalisation: %1 means but %2 standard deviations")
                              .arg(mean.size())
                              .arg(deviations.size()));
    for (size_t c = 0; c < deviations.size(); ++c)
        if (!(deviations[c] > 0))
            throw FormatError(source, QStringLiteral("normalisation: \"std\" of channel %1 is %2, "
                                                     "not positive")
                                          .arg(c)
                                          .arg(double(deviations[c])));
    return ChannelNormalisation(std::move(mean), std::move(deviations));
}

} // namespace kinemark
