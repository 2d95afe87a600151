#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli import <inputs...> --format F [mapping options] -o project.kmk
// [--append|--overwrite]
class ImportCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
