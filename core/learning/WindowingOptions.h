#pragma once

#include <QJsonObject>
#include <cstdint>
#include <vector>

namespace kinemark {

// How a window model cuts recordings into labelled windows (stored with every
// trained model, so that prediction cuts the same way).
struct WindowingOptions
{
    enum class LabelRule
    {
        Majority,   // the most frequent class among the window's labelled samples
                    // (a tie goes to the class that appears first in the window)
        Centre,     // the class of the centre sample (start + length / 2)
        WholeWindow // every sample of the window has one class; other windows are dropped
    };

    int length = 128; // samples
    int stride = 64;  // samples between window starts
    LabelRule rule = LabelRule::Majority;
    // Windows with a larger fraction of unlabelled samples are not used for
    // training or window-level evaluation (0: none may be unlabelled).
    double maxUnlabelledFraction = 0.0;

    QJsonObject toJson() const;
    // Throws FormatError (naming `source`) on missing or invalid values.
    static WindowingOptions fromJson(const QJsonObject& json, const QString& source);
    // "majority", "centre", "whole-window" (the names in the JSON and on the command line).
    static QString ruleName(LabelRule rule);
    static bool ruleFromName(const QString& name, LabelRule* rule);
};

} // namespace kinemark
