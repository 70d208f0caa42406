#include "web/state/links.h"

namespace gd {

bool openable_url(std::string_view url) {
    return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

} // namespace gd
