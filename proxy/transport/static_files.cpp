#include "proxy/transport/static_files.h"

#include "proxy/transport/responses.h"
#include "shared/routes.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace gd {

namespace fs = std::filesystem;

std::string mime_type(std::string_view name) {
    struct Type { std::string_view ext, mime; };
    static const Type kTypes[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript"}, {".mjs", "text/javascript"},
        {".wasm", "application/wasm"},         {".css", "text/css"},        {".json", "application/json"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},       {".ico", "image/x-icon"},
        {".ttf", "font/ttf"},                  {".woff2", "font/woff2"},    {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    };
    for (const Type& t : kTypes)
        if (name.size() > t.ext.size() && name.substr(name.size() - t.ext.size()) == t.ext) return std::string(t.mime);
    return "application/octet-stream";
}

bool has_content_hash(std::string_view name) {
    size_t last_dot = name.rfind('.');
    if (last_dot == std::string_view::npos || last_dot == 0) return false;
    size_t hash_dot = name.rfind('.', last_dot - 1);
    if (hash_dot == std::string_view::npos || hash_dot == 0) return false;
    std::string_view hash = name.substr(hash_dot + 1, last_dot - hash_dot - 1);
    if (hash.size() < 8) return false;
    for (char c : hash)
        if (!std::isxdigit((unsigned char)c)) return false;
    return true;
}

std::string pick_encoding(std::string_view header, bool have_br, bool have_gzip) {
    // Tokens like "gzip;q=0.8"; q=0 means "not this one". Browsers list what they accept; the
    // choice between acceptable ones is ours: brotli is smaller.
    bool br = false, gzip = false;
    while (!header.empty()) {
        size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        size_t semi = item.find(';');
        std::string_view coding = item.substr(0, semi);
        while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
        while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
        bool refused = false;
        if (semi != std::string_view::npos) {
            std::string params(item.substr(semi + 1));
            size_t q = params.find("q=");
            if (q != std::string::npos) refused = std::strtod(params.c_str() + q + 2, nullptr) <= 0.0;
        }
        if (refused) continue;
        std::string name(coding);
        for (char& c : name) c = (char)std::tolower((unsigned char)c);   // codings ignore case
        if (name == "br") br = true;
        if (name == "gzip") gzip = true;
    }
    if (br && have_br) return "br";
    if (gzip && have_gzip) return "gzip";
    return "";
}

std::optional<fs::path> resolve_web_path(std::string_view raw) {
    std::string path;
    if (!routes::url_decode(raw, path)) return std::nullopt;
    if (path.empty() || path[0] != '/') return std::nullopt;
    if (path == "/") return fs::path("index.html");
    // Checked after decoding, so "%2e%2e" and "%2f" are caught too.
    fs::path relative;
    size_t start = 1;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        std::string segment = path.substr(start, slash - start);
        // Empty segments ("a//b", a trailing "/"), "." and "..", and hidden names (".git") are never served.
        if (segment.empty() || segment[0] == '.') return std::nullopt;
        for (char c : segment)
            if (c == '\\' || c == '\0' || (unsigned char)c < 0x20) return std::nullopt;
        relative /= segment;
        start = slash + 1;
    }
    return relative;
}

namespace {

bool regular_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::shared_ptr<const std::string> read_whole(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream out;
    out << in.rdbuf();
    return std::make_shared<const std::string>(out.str());
}

// Changes whenever the served bytes do: size and modification time of the variant sent.
std::string etag_of(const fs::path& p, std::uintmax_t size) {
    std::error_code ec;
    auto mtime = fs::last_write_time(p, ec).time_since_epoch().count();
    std::ostringstream tag;
    tag << '"' << std::hex << size << '-' << mtime << '"';
    return tag.str();
}

} // namespace

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
    if (req.method != "GET" && req.method != "HEAD") {
        res.status = 405;
        res.set_header("Allow", "GET, HEAD");
        return;
    }
    std::optional<fs::path> relative = resolve_web_path(raw_path(req));
    fs::path file = relative ? root_ / *relative : fs::path();
    if (!relative || !regular_file(file)) {
        res.status = 404;
        return;
    }
    // A symlink inside web_root must not lead out of it.
    std::error_code file_ec, root_ec;
    fs::path real = fs::canonical(file, file_ec), root = fs::canonical(root_, root_ec);
    auto [root_end, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (file_ec || root_ec || root_end != root.end()) {
        res.status = 404;
        return;
    }

    const std::string name = file.filename().string();
    fs::path br = file, gz = file;
    br += ".br";
    gz += ".gz";
    const std::string encoding =
        pick_encoding(req.get_header_value("Accept-Encoding"), regular_file(br), regular_file(gz));
    const fs::path sent = encoding == "br" ? br : encoding == "gzip" ? gz : file;

    std::shared_ptr<const std::string> body = read_whole(sent);
    if (!body) {
        res.status = 404;
        return;
    }

    res.set_header("Cache-Control", has_content_hash(name) ? "public, max-age=31536000, immutable" : "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (!encoding.empty()) res.set_header("Content-Encoding", encoding);
    const std::string etag = etag_of(sent, body->size());
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    // A content provider with a known length: cpp-httplib then sends the bytes as they are. With
    // set_content it would compress text types again on the fly, on top of our .br/.gz.
    res.set_content_provider(body->size(), mime_type(name),
                             [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                 sink.write(body->data() + offset, length);
                                 return true;
                             });
}

} // namespace gd
