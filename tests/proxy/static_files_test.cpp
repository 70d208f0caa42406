// The widget's files as a browser fetches them: index.html at "/", the right MIME types, the
// precompressed variant the browser accepts, a year of caching for content-hashed names, and
// nothing outside web_root.
#include "proxy/transport/static_files.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::FakeWidget;
using test::RunningProxy;

const std::string kCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

TEST(StaticFiles, TheRootIsIndexHtmlNeverCachedWithTheContentSecurityPolicy) {
    RunningProxy proxy;
    auto r = proxy.client().Get("/");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, FakeWidget().index);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
    std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_EQ(csp.rfind(kCsp, 0), 0u) << csp;
    EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'self'"), std::string::npos) << csp;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(proxy.client().Get("/index.html")->body, FakeWidget().index);
}

TEST(StaticFiles, EachFileTypeHasItsMimeType) {
    RunningProxy proxy;
    auto client = proxy.client();
    const std::pair<std::string, std::string> expected[] = {
        {std::string("/") + FakeWidget::kWasm, "application/wasm"},
        {std::string("/") + FakeWidget::kJs, "text/javascript"},
        {"/favicon.svg", "image/svg+xml"},
        {"/fonts/ui.ttf", "font/ttf"},
        {"/logo.png", "image/png"},
        {"/manifest.json", "application/json"},
    };
    for (const auto& [path, mime] : expected) {
        auto r = client.Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 200) << path;
        EXPECT_EQ(r->get_header_value("Content-Type"), mime) << path;
        EXPECT_FALSE(r->has_header("Content-Security-Policy")) << path;
    }
}

TEST(StaticFiles, BrotliIsPreferredWhenTheBrowserAcceptsIt) {
    RunningProxy proxy;
    auto r = proxy.client().Get(std::string("/") + FakeWidget::kWasm, {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, FakeWidget().wasm_br);
    EXPECT_EQ(r->get_header_value("Content-Encoding"), "br");
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/wasm");
    EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_EQ(r->get_header_value_count("Content-Encoding"), 1u);
}

TEST(StaticFiles, GzipWhenBrotliIsNotAccepted) {
    RunningProxy proxy;
    auto client = proxy.client();
    for (const char* accept : {"gzip", "gzip, deflate", "br;q=0, gzip", "GZIP"}) {
        auto r = client.Get(std::string("/") + FakeWidget::kWasm, {{"Accept-Encoding", accept}});
        ASSERT_TRUE(r) << accept;
        EXPECT_EQ(r->body, FakeWidget().wasm_gz) << accept;
        EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip") << accept;
    }
}

TEST(StaticFiles, TheOriginalWhenNothingCompressedIsAcceptedOrThere) {
    RunningProxy proxy;
    auto client = proxy.client();
    auto plain = client.Get(std::string("/") + FakeWidget::kWasm);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->body, FakeWidget().wasm);
    EXPECT_FALSE(plain->has_header("Content-Encoding"));
    auto identity = client.Get(std::string("/") + FakeWidget::kWasm, {{"Accept-Encoding", "identity"}});
    EXPECT_EQ(identity->body, FakeWidget().wasm);
    // The js has only a .gz: a brotli-only browser gets the original, never a recompressed copy.
    auto js = client.Get(std::string("/") + FakeWidget::kJs, {{"Accept-Encoding", "br"}});
    EXPECT_EQ(js->body, FakeWidget().js);
    EXPECT_FALSE(js->has_header("Content-Encoding"));
    auto js_gz = client.Get(std::string("/") + FakeWidget::kJs, {{"Accept-Encoding", "br, gzip"}});
    EXPECT_EQ(js_gz->body, FakeWidget().js_gz);
}

TEST(StaticFiles, HashedNamesAreCachedForAYearOthersRevalidate) {
    RunningProxy proxy;
    auto client = proxy.client();
    for (const char* path : {"/widget.3f9a1c2b7d.wasm", "/widget.0123abcd4567.js"}) {
        auto r = client.Get(path, {{"Accept-Encoding", "br"}});
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable") << path;
    }
    for (const char* path : {"/", "/favicon.svg", "/manifest.json"})
        EXPECT_EQ(client.Get(path)->get_header_value("Cache-Control"), "no-cache") << path;
}

TEST(StaticFiles, ARevalidationWithTheSameETagIs304) {
    RunningProxy proxy;
    auto client = proxy.client();
    auto first = client.Get("/");
    std::string etag = first->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    auto again = client.Get("/", {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
    // The compressed variant is a different representation with its own tag.
    auto br = client.Get(std::string("/") + FakeWidget::kWasm, {{"Accept-Encoding", "br"}});
    auto plain = client.Get(std::string("/") + FakeWidget::kWasm);
    EXPECT_NE(br->get_header_value("ETag"), plain->get_header_value("ETag"));
}

TEST(StaticFiles, MissingFilesAre404InJson) {
    RunningProxy proxy;
    auto r = proxy.client().Get("/nothing.js?lang=en");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(test::json_of(r)["error"]["code"], "not_found");
    EXPECT_EQ(test::json_of(r)["error"]["message"], test::json_of(r)["error"]["message_en"]);
    EXPECT_EQ(proxy.client().Get("/fonts")->status, 404);   // a folder is not a file
}

TEST(StaticFiles, NothingOutsideWebRootOrHiddenIsServed) {
    RunningProxy proxy;
    test::write_file(proxy.web_root().parent_path() / "outside.txt", "secret");
    auto client = proxy.client();
    for (const char* path : {"/../outside.txt", "/%2e%2e/outside.txt", "/%2E%2E%2Foutside.txt", "/fonts/../../outside.txt",
                             "/fonts/%2e%2e/%2e%2e/outside.txt", "/..%5coutside.txt", "/.secret", "/%2esecret",
                             "/fonts//ui.ttf", "/index.html%00.png", "/%zz", "/./index.html"}) {
        auto r = client.Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 404) << path;
        EXPECT_EQ(r->body.find("secret"), std::string::npos) << path;
    }
}

TEST(StaticFiles, ASymlinkLeadingOutOfWebRootIsNotFollowed) {
    RunningProxy proxy;
    test::write_file(proxy.web_root().parent_path() / "outside.txt", "secret");
    std::filesystem::create_symlink(proxy.web_root().parent_path() / "outside.txt", proxy.web_root() / "link.txt");
    EXPECT_EQ(proxy.client().Get("/link.txt")->status, 404);
}

TEST(StaticFiles, OnlyGetAndHeadReadFiles) {
    RunningProxy proxy;
    auto r = proxy.client().Post("/index.html", "x", "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405);
    EXPECT_EQ(r->get_header_value("Allow"), "GET, HEAD");
    EXPECT_EQ(test::json_of(r)["error"]["code"], "method_not_allowed");
    auto head = proxy.client().Head(std::string("/") + FakeWidget::kWasm);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_TRUE(head->body.empty());
}

TEST(StaticFiles, WithoutAWidgetTheApiStillWorks) {
    RunningProxy proxy;
    std::filesystem::remove_all(proxy.web_root());
    EXPECT_EQ(proxy.client().Get("/")->status, 404);
    EXPECT_EQ(proxy.client().Get("/healthz")->status, 200);
}

// ---------------------------------------------------------------------------------------------
// The rules underneath
// ---------------------------------------------------------------------------------------------

TEST(StaticFileRules, ContentHashesAreEightOrMoreHexDigitsBeforeTheExtension) {
    EXPECT_TRUE(has_content_hash("widget.3f9a1c2b7d.wasm"));
    EXPECT_TRUE(has_content_hash("widget.0123abcd.js"));
    EXPECT_TRUE(has_content_hash("app.min.DEADBEEF00.js"));
    EXPECT_FALSE(has_content_hash("widget.wasm"));
    EXPECT_FALSE(has_content_hash("widget.3f9a1c2.wasm"));     // 7 digits
    EXPECT_FALSE(has_content_hash("widget.3f9a1c2g7d.wasm"));  // not hex
    EXPECT_FALSE(has_content_hash("3f9a1c2b7d.wasm"));
    EXPECT_FALSE(has_content_hash("index.html"));
}

TEST(StaticFileRules, EncodingChoice) {
    EXPECT_EQ(pick_encoding("gzip, deflate, br", true, true), "br");
    EXPECT_EQ(pick_encoding("gzip, deflate, br", false, true), "gzip");
    EXPECT_EQ(pick_encoding("gzip, deflate, br", false, false), "");
    EXPECT_EQ(pick_encoding("br;q=0", true, true), "");
    EXPECT_EQ(pick_encoding("br;q=0.0, gzip;q=0.5", true, true), "gzip");
    EXPECT_EQ(pick_encoding("gzip;q=1.0,br;q=0.1", true, true), "br");   // both fine: smaller wins
    EXPECT_EQ(pick_encoding("", true, true), "");
    EXPECT_EQ(pick_encoding("brotli, xgzip", true, true), "");
}

TEST(StaticFileRules, MimeTypes) {
    EXPECT_EQ(mime_type("a.html"), "text/html; charset=utf-8");
    EXPECT_EQ(mime_type("a.wasm"), "application/wasm");
    EXPECT_EQ(mime_type("a.js"), "text/javascript");
    EXPECT_EQ(mime_type("a.bin"), "application/octet-stream");
    EXPECT_EQ(mime_type("html"), "application/octet-stream");
}

TEST(StaticFileRules, WebPaths) {
    EXPECT_EQ(resolve_web_path("/").value(), "index.html");
    EXPECT_EQ(resolve_web_path("/fonts/ui.ttf").value(), std::filesystem::path("fonts/ui.ttf"));
    EXPECT_EQ(resolve_web_path("/a%20b.js").value(), "a b.js");
    for (const char* bad : {"", "x", "/..", "/a/..", "/%2e%2e", "/a/", "//a", "/.git/config", "/a%00", "/%"})
        EXPECT_FALSE(resolve_web_path(bad).has_value()) << bad;
}

} // namespace
} // namespace gd
