#include "ui/fm/FmPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/fm/SysEx.h"
#include "ui/fm/AlgorithmView.h"
#include "ui/fm/EnvelopePlot.h"
#include "ui/fm/KeyboardWidget.h"

namespace latentrack::ui {

using namespace core::fm;

namespace {
constexpr int kGlobalFirst = kNumOperators * kOperatorParams; // 126
constexpr int kGlobalCount = static_cast<int>(VoiceParam::Name) - kGlobalFirst;
} // namespace

int FmPanel::paramForCell(int row, int column) {
    return DxVoice::opOffset(column + 1) + row;
}

FmPanel::FmPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    buildBankRow();
    auto* top = new QHBoxLayout;
    m_voiceList = new QListWidget(this);
    m_voiceList->setMaximumWidth(170);
    top->addWidget(m_voiceList);
    auto* middle = new QVBoxLayout;
    auto* switches = new QHBoxLayout;
    switches->addWidget(new QLabel(tr("Operators"), this));
    for (int op = 1; op <= kNumOperators; ++op) {
        auto* box = new QCheckBox(QString::number(op), this);
        box->setChecked(true);
        m_opSwitches.push_back(box);
        switches->addWidget(box);
        connect(box, &QCheckBox::toggled, this, [this] {
            unsigned mask = 0;
            for (std::size_t i = 0; i < m_opSwitches.size(); ++i)
                mask |= m_opSwitches[i]->isChecked() ? 1u << i : 0u;
            m_algorithm->setAlgorithm(m_voice.get(VoiceParam::Algorithm) + 1, mask);
            emit operatorMaskChanged(mask);
        });
    }
    switches->addStretch(1);
    middle->addLayout(switches);
    auto* plots = new QHBoxLayout;
    m_algorithm = new AlgorithmView(this);
    m_envelope = new EnvelopePlot(this);
    plots->addWidget(m_algorithm);
    plots->addWidget(m_envelope, 1);
    middle->addLayout(plots, 1);
    top->addLayout(middle, 1);
    layout->addLayout(top, 2);
    buildTables();
    auto* tables = new QHBoxLayout;
    tables->addWidget(m_opTable, 3);
    tables->addWidget(m_globalTable, 1);
    layout->addLayout(tables, 3);
    m_keyboard = new KeyboardWidget(this);
    layout->addWidget(m_keyboard);
    connect(m_keyboard, &KeyboardWidget::noteOn, this, &FmPanel::noteOn);
    connect(m_keyboard, &KeyboardWidget::noteOff, this, &FmPanel::noteOff);
    connect(m_voiceList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_updating && row >= 0)
            chooseVoice(row + 1);
    });
    const auto banks = findHexterBanks();
    for (const auto& b : banks)
        m_bankCombo->addItem(QString::fromStdString(b.filename().string()),
                             QString::fromStdString(b.string()));
    if (!banks.empty())
        loadBank(QString::fromStdString(banks.front().string()));
    refresh();
}

void FmPanel::buildBankRow() {
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Bank"), this));
    m_bankCombo = new QComboBox(this);
    row->addWidget(m_bankCombo, 1);
    auto* load = new QPushButton(tr("Load bank…"), this);
    auto* saveCart = new QPushButton(tr("Save cartridge…"), this);
    auto* saveOne = new QPushButton(tr("Save voice…"), this);
    row->addWidget(load);
    row->addWidget(saveCart);
    row->addWidget(saveOne);
    row->addWidget(new QLabel(tr("Name"), this));
    m_name = new QLineEdit(this);
    m_name->setMaxLength(kNameLength);
    m_name->setMaximumWidth(120);
    row->addWidget(m_name);
    static_cast<QVBoxLayout*>(layout())->addLayout(row);
    connect(m_bankCombo, &QComboBox::activated, this,
            [this](int i) { loadBank(m_bankCombo->itemData(i).toString()); });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Load DX7 bank"), {}, tr("DX7 banks (*.syx *.SYX *.dx7);;All files (*)"));
        if (!path.isEmpty() && loadBank(path))
            m_bankCombo->addItem(QFileInfo(path).fileName(), path);
    });
    connect(saveCart, &QPushButton::clicked, this, &FmPanel::saveCartridge);
    connect(saveOne, &QPushButton::clicked, this, &FmPanel::saveVoice);
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        DxVoice v = m_voice;
        v.setName(m_name->text().toStdString());
        for (int i = 0; i < kNameLength; ++i) {
            const int index = static_cast<int>(VoiceParam::Name) + i;
            if (v.params[static_cast<std::size_t>(index)] !=
                m_voice.params[static_cast<std::size_t>(index)]) {
                m_voice.params[static_cast<std::size_t>(index)] =
                    v.params[static_cast<std::size_t>(index)];
                emit paramChanged(index, v.params[static_cast<std::size_t>(index)]);
            }
        }
    });
}

void FmPanel::buildTables() {
    m_opTable = new QTableWidget(kOperatorParams, kNumOperators, this);
    QStringList rows;
    for (int r = 0; r < kOperatorParams; ++r)
        rows << QString::fromStdString(paramName(r).substr(4));
    m_opTable->setVerticalHeaderLabels(rows);
    QStringList cols;
    for (int op = 1; op <= kNumOperators; ++op)
        cols << tr("OP%1").arg(op);
    m_opTable->setHorizontalHeaderLabels(cols);
    m_opTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_opTable->verticalHeader()->setDefaultSectionSize(20);
    m_globalTable = new QTableWidget(kGlobalCount, 1, this);
    QStringList globals;
    for (int i = 0; i < kGlobalCount; ++i)
        globals << QString::fromStdString(paramName(kGlobalFirst + i));
    m_globalTable->setVerticalHeaderLabels(globals);
    m_globalTable->setHorizontalHeaderLabels({tr("Value")});
    m_globalTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_globalTable->verticalHeader()->setDefaultSectionSize(20);
    for (int r = 0; r < kOperatorParams; ++r)
        for (int c = 0; c < kNumOperators; ++c)
            m_opTable->setItem(r, c, new QTableWidgetItem);
    for (int r = 0; r < kGlobalCount; ++r)
        m_globalTable->setItem(r, 0, new QTableWidgetItem);
    connect(m_opTable, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (!m_updating)
            cellEdited(paramForCell(item->row(), item->column()), item->text());
    });
    connect(m_globalTable, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (!m_updating)
            cellEdited(kGlobalFirst + item->row(), item->text());
    });
    for (QTableWidget* table : {m_opTable, m_globalTable}) {
        table->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(table, &QWidget::customContextMenuRequested, this,
                [this, table](const QPoint& pos) {
                    const QTableWidgetItem* item = table->itemAt(pos);
                    if (!item)
                        return;
                    const int index = table == m_opTable ? paramForCell(item->row(), item->column())
                                                         : kGlobalFirst + item->row();
                    contextMenuFor(index, table->viewport()->mapToGlobal(pos));
                });
    }
}

void FmPanel::contextMenuFor(int paramIndex, const QPoint& globalPos) {
    QMenu menu(this);
    menu.addAction(tr("MIDI learn: %1").arg(QString::fromStdString(paramName(paramIndex))), this,
                   [this, paramIndex] { emit learnRequested(paramIndex); });
    menu.addAction(tr("Forget MIDI mapping"), this,
                   [this, paramIndex] { emit forgetRequested(paramIndex); });
    menu.exec(globalPos);
}

void FmPanel::cellEdited(int index, const QString& text) {
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < 0 || value > paramMax(index)) {
        emit errorOccurred(tr("%1 must be a whole number 0 … %2")
                               .arg(QString::fromStdString(paramName(index)))
                               .arg(paramMax(index)));
        refresh();
        return;
    }
    m_voice.params[static_cast<std::size_t>(index)] = static_cast<std::uint8_t>(value);
    emit paramChanged(index, value);
    refresh();
}

void FmPanel::setVoice(const DxVoice& voice) {
    m_voice = voice;
    refresh();
}

void FmPanel::setParam(int index, int value) {
    if (index < 0 || index >= kVoiceParams)
        return;
    m_voice.params[static_cast<std::size_t>(index)] = static_cast<std::uint8_t>(value);
    refresh();
}

bool FmPanel::loadBank(const QString& path) {
    try {
        auto bank = loadBankFile(path.toStdString());
        const std::string repairs = describeRepairs(bank);
        m_bank = std::move(bank.voices);
        m_bankPath = path;
        if (!repairs.empty())
            emit statusMessage(QFileInfo(path).fileName() + QStringLiteral(": ") +
                               QString::fromStdString(repairs));
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return false;
    }
    m_updating = true;
    m_voiceList->clear();
    for (std::size_t i = 0; i < m_bank.size(); ++i)
        m_voiceList->addItem(
            QStringLiteral("%1  %2").arg(i + 1, 3).arg(QString::fromStdString(m_bank[i].name())));
    const int index = m_bankCombo->findData(path);
    if (index >= 0)
        m_bankCombo->setCurrentIndex(index);
    m_updating = false;
    return true;
}

int FmPanel::addToBank(const DxVoice& voice) {
    int index = static_cast<int>(m_bank.size());
    if (m_bank.size() < 32)
        m_bank.push_back(voice);
    else {
        index = std::max(0, m_voiceList->currentRow());
        m_bank[static_cast<std::size_t>(index)] = voice;
    }
    const QString text =
        QStringLiteral("%1  %2").arg(index + 1, 3).arg(QString::fromStdString(voice.name()));
    m_updating = true;
    if (index < m_voiceList->count())
        m_voiceList->item(index)->setText(text);
    else
        m_voiceList->addItem(text);
    m_voiceList->setCurrentRow(index);
    m_updating = false;
    return index + 1;
}

void FmPanel::chooseVoice(int number) {
    if (number < 1 || number > static_cast<int>(m_bank.size()))
        return;
    m_voice = m_bank[static_cast<std::size_t>(number - 1)];
    m_updating = true;
    m_voiceList->setCurrentRow(number - 1);
    m_updating = false;
    refresh();
    emit voiceChosen(m_voice, m_bankPath, number);
}

void FmPanel::refresh() {
    m_updating = true;
    for (int r = 0; r < kOperatorParams; ++r)
        for (int c = 0; c < kNumOperators; ++c)
            m_opTable->item(r, c)->setText(
                QString::number(m_voice.params[static_cast<std::size_t>(paramForCell(r, c))]));
    for (int r = 0; r < kGlobalCount; ++r)
        m_globalTable->item(r, 0)->setText(
            QString::number(m_voice.params[static_cast<std::size_t>(kGlobalFirst + r)]));
    if (!m_name->hasFocus())
        m_name->setText(QString::fromStdString(m_voice.name()));
    unsigned mask = 0;
    for (std::size_t i = 0; i < m_opSwitches.size(); ++i)
        mask |= m_opSwitches[i]->isChecked() ? 1u << i : 0u;
    m_algorithm->setAlgorithm(m_voice.get(VoiceParam::Algorithm) + 1, mask);
    m_envelope->setVoice(m_voice);
    m_updating = false;
}

void FmPanel::saveCartridge() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save cartridge"), {}, tr("SysEx (*.syx)"));
    if (path.isEmpty())
        return;
    try {
        std::vector<DxVoice> voices(m_bank.begin(),
                                    m_bank.begin() + std::min<std::size_t>(32, m_bank.size()));
        if (voices.empty())
            voices.push_back(m_voice);
        saveCartridgeFile(path.toStdString(), voices);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
}

void FmPanel::saveVoice() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save voice"), {}, tr("SysEx (*.syx)"));
    if (path.isEmpty())
        return;
    try {
        saveSingleVoiceFile(path.toStdString(), m_voice);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
}

} // namespace latentrack::ui
