#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli labels export <project.kmk> -o FILE [--recording ID] [--track NAME] [--format F]
// kinemark-cli labels import <project.kmk> FILE [--recording ID] [--track NAME] [--format F]
//                            [--column COL] [--no-header] [--tier NAME] [--clip]
class LabelsCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
