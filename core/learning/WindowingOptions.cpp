#include "core/learning/WindowingOptions.h"

#include "core/base/FormatError.h"

#include <QJsonValue>
#include <cmath>

namespace kinemark {

namespace {

const char* const kRuleNames[] = {"majority", "centre", "whole-window"};

} // namespace

QString WindowingOptions::ruleName(LabelRule rule)
{
    return QLatin1String(kRuleNames[int(rule)]);
}

bool WindowingOptions::ruleFromName(const QString& name, LabelRule* rule)
{
    for (int i = 0; i < 3; ++i) {
        if (name == QLatin1String(kRuleNames[i])) {
            *rule = LabelRule(i);
            return true;
        }
    }
    return false;
}

QJsonObject WindowingOptions::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("length"), length);
    json.insert(QStringLiteral("stride"), stride);
    json.insert(QStringLiteral("rule"), ruleName(rule));
    json.insert(QStringLiteral("max_unlabelled_fraction"), maxUnlabelledFraction);
    return json;
}

WindowingOptions WindowingOptions::fromJson(const QJsonObject& json, const QString& source)
{
    const auto fail = [&](const QString& key, const QString& problem) {
        return FormatError(source, QStringLiteral("windowing: \"%1\" %2").arg(key, problem));
    };
    const auto positiveInteger = [&](const QString& key) {
        const QJsonValue v = json.value(key);
        if (v.isUndefined())
            throw fail(key, QStringLiteral("is missing"));
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d > 1e9 || std::floor(d) != d)
            throw fail(key, QStringLiteral("must be a positive integer"));
        return int(d);
    };

    WindowingOptions options;
    options.length = positiveInteger(QStringLiteral("length"));
    options.stride = positiveInteger(QStringLiteral("stride"));

    const QString ruleKey = QStringLiteral("rule");
    const QJsonValue rule = json.value(ruleKey);
    if (rule.isUndefined())
        throw fail(ruleKey, QStringLiteral("is missing"));
    if (!ruleFromName(rule.toString(), &options.rule))
        throw fail(ruleKey, QStringLiteral("must be \"majority\", \"centre\" or \"whole-window\""));

    const QString fractionKey = QStringLiteral("max_unlabelled_fraction");
    const QJsonValue fraction = json.value(fractionKey);
    if (fraction.isUndefined())
        throw fail(fractionKey, QStringLiteral("is missing"));
    options.maxUnlabelledFraction = fraction.toDouble(-1);
    if (!fraction.isDouble() || !(options.maxUnlabelledFraction >= 0) ||
        options.maxUnlabelledFraction > 1)
        throw fail(fractionKey, QStringLiteral("must be a number from 0 to 1"));
    return options;
}

} // namespace kinemark
