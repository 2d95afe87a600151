#pragma once

#include "core/model/LabelSet.h"

#include <QWidget>

namespace kinemark {

// The classes of a label set as colour swatches with names (and shortcut
// keys), wrapped over as many rows as the width needs.
class LabelLegend : public QWidget
{
    Q_OBJECT
public:
    explicit LabelLegend(QWidget* parent = nullptr);
    void setLabelSet(const LabelSet& labelSet);
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    // Lays out the items for `width`; returns the height used.
    int layoutItems(int width, QVector<QRect>* rects) const;
    QString itemText(const LabelClass& c) const;

    LabelSet m_labelSet;
};

} // namespace kinemark
