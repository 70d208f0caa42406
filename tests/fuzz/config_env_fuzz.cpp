// The GROUPDESK_* environment as load_config() reads it (proxy/config/config.h), given as lines of
// NAME=value: any values must end as a usable Config or a list of problems, never a crash at start.
#include "proxy/config/config.h"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::map<std::string, std::string> environment;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        const size_t equals = line.find('=');
        if (equals != std::string_view::npos) environment[std::string(line.substr(0, equals))] = line.substr(equals + 1);
        start = end + 1;
    }

    gd::ConfigSources sources;
    sources.env = [&environment](const std::string& name) -> std::optional<std::string> {
        auto it = environment.find(name);
        if (it == environment.end()) return std::nullopt;
        return it->second;
    };
    const gd::LoadedConfig loaded = gd::load_config(sources);
    if (loaded.ok() && (loaded.config.port < 0 || loaded.config.port > 65535)) std::abort();
    return 0;
}
