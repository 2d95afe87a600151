#include "core/timeuse/TimeUseSettings.h"

#include "core/base/FormatError.h"
#include "core/model/Project.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace kinemark {

const QString TimeUseSettings::kMetadataKey = QStringLiteral("time_use_settings");

namespace {

// A number in [minimum, maximum]; absent keys keep the default.
double number(const QJsonObject& o, const char* key, double fallback, double minimum,
              double maximum, const QString& source)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < minimum ||
        v.toDouble() > maximum)
        throw FormatError(source, QStringLiteral("\"%1\" must be a number from %2 to %3")
                                      .arg(QLatin1String(key))
                                      .arg(minimum)
                                      .arg(maximum));
    return v.toDouble();
}

} // namespace

TimeUseOptions TimeUseSettings::optionsFor(const QString& labelSetId) const
{
    TimeUseOptions o = options;
    o.grouping = groupings.value(labelSetId);
    return o;
}

QByteArray TimeUseSettings::toJson() const
{
    const NonWearOptions& nw = options.nonWear;
    QJsonObject groups;
    for (auto it = groupings.begin(); it != groupings.end(); ++it)
        groups[it.key()] = QJsonDocument::fromJson(it.value().toJson()).object();
    const QJsonObject o{
        {"detect_non_wear", options.detectNonWear},
        {"non_wear", QJsonObject{{"epoch_seconds", nw.epochSeconds},
                                 {"still_sd_g", nw.stillSdG},
                                 {"minimum_seconds", nw.minimumSeconds},
                                 {"tolerated_seconds", nw.toleratedSeconds}}},
        {"minimum_bout_seconds", options.minimumBoutSeconds},
        {"bridge_seconds", options.bridgeSeconds},
        {"minimum_wear_seconds", options.minimumWearSeconds},
        {"utc_offset_seconds", options.utcOffsetSeconds},
        {"groupings", groups},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

TimeUseSettings TimeUseSettings::fromJson(const QByteArray& json, const QString& source)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (doc.isNull())
        throw FormatError(source, QStringLiteral("not JSON: %1 (at character %2)")
                                      .arg(error.errorString())
                                      .arg(error.offset));
    if (!doc.isObject())
        throw FormatError(source, QStringLiteral("expected a JSON object"));
    const QJsonObject o = doc.object();
    TimeUseSettings s;
    TimeUseOptions& opt = s.options;
    const QJsonValue detect = o.value("detect_non_wear");
    if (!detect.isUndefined() && !detect.isBool())
        throw FormatError(source, QStringLiteral("\"detect_non_wear\" must be true or false"));
    opt.detectNonWear = detect.toBool(opt.detectNonWear);
    const QJsonObject nw = o.value("non_wear").toObject();
    opt.nonWear.epochSeconds =
        number(nw, "epoch_seconds", opt.nonWear.epochSeconds, 1, 3600, source);
    opt.nonWear.stillSdG = number(nw, "still_sd_g", opt.nonWear.stillSdG, 0, 1, source);
    opt.nonWear.minimumSeconds =
        number(nw, "minimum_seconds", opt.nonWear.minimumSeconds, 0, 7 * 86400., source);
    opt.nonWear.toleratedSeconds =
        number(nw, "tolerated_seconds", opt.nonWear.toleratedSeconds, 0, 86400, source);
    opt.minimumBoutSeconds =
        number(o, "minimum_bout_seconds", opt.minimumBoutSeconds, 0, 86400, source);
    opt.bridgeSeconds = number(o, "bridge_seconds", opt.bridgeSeconds, 0, 3600, source);
    opt.minimumWearSeconds =
        number(o, "minimum_wear_seconds", opt.minimumWearSeconds, 0, 86400, source);
    opt.utcOffsetSeconds =
        int(number(o, "utc_offset_seconds", opt.utcOffsetSeconds, -14 * 3600, 14 * 3600, source));
    const QJsonObject groups = o.value("groupings").toObject();
    for (auto it = groups.begin(); it != groups.end(); ++it)
        s.groupings[it.key()] = ActivityGrouping::fromJson(
            QJsonDocument(it.value().toObject()).toJson(),
            source + QStringLiteral(" (groupings of '%1')").arg(it.key()));
    return s;
}

TimeUseSettings TimeUseSettings::of(const Project& project)
{
    const QString json = project.metadata.value(kMetadataKey);
    if (json.isEmpty())
        return TimeUseSettings();
    return fromJson(json.toUtf8(), QStringLiteral("project setting '%1'").arg(kMetadataKey));
}

void TimeUseSettings::storeIn(Project& project) const
{
    project.metadata[kMetadataKey] = QString::fromUtf8(toJson());
}

} // namespace kinemark
