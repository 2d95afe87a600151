#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli labels set export <project.kmk> [--label-set ID] -o FILE.json
// kinemark-cli labels set import <project.kmk> FILE.json [--label-set ID] [--merge]
//
// Moves a project's label set to and from a file a lab keeps (LabelSetFile):
// export writes it; import replaces it (or, with --merge, adds and updates
// classes and keeps the others), refusing a file that lacks classes the
// project's tracks use, since their segments would lose their names.
class LabelSetCommand
{
public:
    // `arguments` as main() got them: program, "labels", "set", action, ...
    static int run(const QStringList& arguments);
};

} // namespace kinemark
