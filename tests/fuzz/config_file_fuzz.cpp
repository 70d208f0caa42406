// The configuration file (--config FILE, GROUPDESK_CONFIG) as load_config() reads it
// (proxy/config/config.h): any text must end as a usable Config or a list of problems, never a
// crash at start. The text is handed over as a file in memory (memfd), read through its
// /proc/self/fd path like any other file.
#include "proxy/config/config.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

int config_fd() {
    static const int fd = memfd_create("groupdesk-config", 0);
    if (fd < 0) std::abort();
    return fd;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const int fd = config_fd();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) std::abort();

    gd::ConfigSources sources;
    sources.config_file = "/proc/self/fd/" + std::to_string(fd);
    const gd::LoadedConfig loaded = gd::load_config(sources);
    // A usable configuration holds values the proxy can start with.
    if (loaded.ok() && (loaded.config.port < 0 || loaded.config.port > 65535 || loaded.config.max_body_bytes < 1024))
        std::abort();
    return 0;
}
