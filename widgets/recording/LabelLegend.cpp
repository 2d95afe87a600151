#include "widgets/recording/LabelLegend.h"

#include <QPainter>

namespace kinemark {

namespace {
constexpr int kSwatch = 10;
constexpr int kGap = 12;
constexpr int kRowSpacing = 3;
} // namespace

LabelLegend::LabelLegend(QWidget* parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void LabelLegend::setLabelSet(const LabelSet& labelSet)
{
    m_labelSet = labelSet;
    updateGeometry();
    update();
}

QString LabelLegend::itemText(const LabelClass& c) const
{
    return c.shortcut.isEmpty() ? c.name : QStringLiteral("%1 [%2]").arg(c.name, c.shortcut);
}

int LabelLegend::layoutItems(int width, QVector<QRect>* rects) const
{
    const QFontMetrics fm(font());
    const int rowHeight = std::max(kSwatch, fm.height());
    int x = 4, y = 2;
    for (const LabelClass& c : m_labelSet.classes) {
        if (c.mergedInto != kUnlabelled)
            continue; // merged classes are drawn in their target's colour
        const int w = kSwatch + 4 + fm.horizontalAdvance(itemText(c));
        if (x > 4 && x + w > width) {
            x = 4;
            y += rowHeight + kRowSpacing;
        }
        if (rects)
            rects->append(QRect(x, y, w, rowHeight));
        x += w + kGap;
    }
    return y + rowHeight + 2;
}

int LabelLegend::heightForWidth(int width) const
{
    return layoutItems(width, nullptr);
}

QSize LabelLegend::sizeHint() const
{
    return QSize(600, heightForWidth(width() > 0 ? width() : 600));
}

void LabelLegend::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    QVector<QRect> rects;
    layoutItems(width(), &rects);
    int i = 0;
    for (const LabelClass& c : m_labelSet.classes) {
        if (c.mergedInto != kUnlabelled)
            continue;
        const QRect r = rects.value(i++);
        const QRect swatch(r.x(), r.center().y() - kSwatch / 2, kSwatch, kSwatch);
        p.fillRect(swatch, QColor(c.colour.isEmpty() ? QStringLiteral("#999999") : c.colour));
        p.setPen(palette().text().color());
        p.drawText(r.adjusted(kSwatch + 4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, itemText(c));
    }
}

} // namespace kinemark
