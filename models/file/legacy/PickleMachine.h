#pragma once

#include "models/file/legacy/LegacyZipArchive.h"
#include "models/file/legacy/PickleValue.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QtEndian>
#include <vector>

namespace kinemark {

// Interprets the pickle of a LibTorch module archive (data.pkl) as data: only
// the opcodes such archives use and only the globals that build tensors,
// storages and module objects (anything else is refused naming the opcode or
// global and its byte offset); every value lands in one arena (`values`), and
// the stack, memo, nesting, strings and value count are bounded.
class PickleMachine
{
public:
    PickleMachine(const QByteArray& pickle, QString place, const LegacyZipArchive& zip,
                  QString prefix);

    // The object the pickle builds (STOP's value).
    int run();

    std::vector<PickleValue> values;

private:
    [[noreturn]] void fail(const QString& what) const;
    QString opName() const;
    const char* take(qint64 n);
    template <typename T> T takeLittleEndian() { return qFromLittleEndian<T>(take(sizeof(T))); }
    QString takeLine();
    QString takeString(qint64 length);

    int make(PickleValue v);
    int makeSimple(PickleValue::Kind kind, int64_t integer = 0);
    void push(int value);
    int pop();
    // The values above the last MARK, which is removed.
    std::vector<int> popToMark();
    int top();
    int makeTuple(const std::vector<int>& items);
    PickleValue& as(int index, PickleValue::Kind kind, const char* role);
    void grow(int container, int child);
    void setItem(int dict, int key, int value);
    void appendItem(int list, int value);
    void memoPut(quint32 index);
    void memoGet(quint32 index);
    void global(const QString& module, const QString& name);
    int64_t integerOf(int index, const char* role);
    std::vector<int64_t> integers(int tuple, const char* role);
    void persistentLoad();
    void reduce();
    void newObject();
    void build();
    int rebuildTensor(const std::vector<int>& args);

    static constexpr int kMaxLine = 256;
    const QByteArray& m_pickle;
    QString m_place;
    const LegacyZipArchive& m_zip;
    QString m_prefix;
    qint64 m_at = 0, m_opAt = 0;
    char m_op = 0;
    std::vector<int> m_stack;
    std::vector<size_t> m_marks;
    QHash<quint32, int> m_memo;
};

} // namespace kinemark
