#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli labels export <project.kmk> -o FILE [--recording ID] [--track NAME] [--format F]
// kinemark-cli labels import <project.kmk> FILE [--recording ID] [--track NAME] [--format F]
//                            [--column COL] [--no-header] [--tier NAME] [--clip]
// kinemark-cli labels set export|import ...: the project's label set (LabelSetCommand)
class LabelsCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
