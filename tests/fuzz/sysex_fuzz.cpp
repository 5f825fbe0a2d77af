// libFuzzer target for the DX7 SysEx / bank parser: any byte string must either parse into
// valid voices (which then pack, export and re-parse identically) or raise SysExError — never
// crash, hang or read out of bounds (built with AddressSanitizer and UBSan).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/fm/SysEx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentrack::core::fm;
    try {
        const DxBank bank = parseBank(std::span(data, size));
        for (const auto& voice : bank.voices) {
            validateVoice(voice);
            const auto again = parseBank(singleVoiceSysEx(voice));
            if (again.voices.size() != 1 || !(again.voices[0] == voice))
                std::abort(); // a parsed voice must survive export and re-import
        }
    } catch (const SysExError&) {
    }
    return 0;
}
