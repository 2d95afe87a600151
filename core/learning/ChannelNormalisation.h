#pragma once

#include "core/base/JobControl.h"
#include "core/model/Recording.h"

#include <QJsonObject>
#include <memory>
#include <vector>

namespace kinemark {

// Per-channel standardisation (x - mean) / std, fitted on training data only
// and stored with the model, so that prediction scales inputs the same way.
class ChannelNormalisation
{
public:
    ChannelNormalisation() = default;
    // Throws std::invalid_argument unless the lengths match, every value is
    // finite and every std is positive.
    ChannelNormalisation(std::vector<float> mean, std::vector<float> std);

    // Mean and standard deviation (population, divided by n) of every channel
    // over all samples of the recordings (double accumulators; a channel with
    // std below 1e-8 gets std 1). Throws std::invalid_argument when there are no
    // recordings or their channel counts differ (naming the recording).
    static ChannelNormalisation fit(const std::vector<std::shared_ptr<const Recording>>& recordings,
                                    const JobControl* job = nullptr);

    size_t channelCount() const { return m_mean.size(); }
    const std::vector<float>& mean() const { return m_mean; }
    const std::vector<float>& std() const { return m_std; }
    // 1 / std, as apply() uses it (for loops that hoist it per channel).
    const std::vector<float>& inverseStd() const { return m_inverseStd; }
    float apply(size_t channel, float x) const
    {
        return (x - m_mean[channel]) * m_inverseStd[channel];
    }

    QJsonObject toJson() const;
    static ChannelNormalisation fromJson(const QJsonObject& json, const QString& source);
    bool operator==(const ChannelNormalisation& o) const
    {
        return m_mean == o.m_mean && m_std == o.m_std;
    }

private:
    std::vector<float> m_mean, m_std, m_inverseStd;
};

} // namespace kinemark
