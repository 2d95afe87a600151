#pragma once

#include <QDialog>

class QMenuBar;

namespace kinemark {

// Help > Keyboard Reference: every menu action that has a shortcut, built
// from the menus themselves so that it can never go out of date.
class KeyboardReference : public QDialog
{
    Q_OBJECT
public:
    KeyboardReference(const QMenuBar* menus, QWidget* parent = nullptr);
};

} // namespace kinemark
