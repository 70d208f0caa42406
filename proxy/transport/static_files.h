#pragma once
// The built widget, served from web_root: "/" is index.html; other files by name with their MIME
// type. A "<file>.br" or "<file>.gz" next to a file is sent instead when the browser accepts it
// (brotli preferred). Content-hashed names (widget.3f9a1c2b7d.wasm) are cached for a year; the
// rest must revalidate (ETag). Paths that climb out of web_root, or name hidden files, are 404.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace gd {

// "text/javascript" for "widget.js"; application/octet-stream for unknown extensions.
std::string mime_type(std::string_view file_name);
// name.<8 or more hex digits>.ext: the name changes whenever the content does.
bool has_content_hash(std::string_view file_name);
// "br", "gzip" or "" (identity) from an Accept-Encoding header, given which variants exist.
std::string pick_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip);
// The file under web_root a raw request path names, or nullopt (bad escape, "..", hidden name).
std::optional<std::filesystem::path> resolve_web_path(std::string_view raw_path);

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path web_root) : root_(std::move(web_root)) {}

    // GET and HEAD only; answers 404 itself (as an empty body the error handler fills in).
    void serve(const httplib::Request& req, httplib::Response& res) const;

private:
    std::filesystem::path root_;
};

} // namespace gd
