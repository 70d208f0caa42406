// The amoCRM widget archive (research §5.1, §5.2): manifest.json at the root with the required
// keys, the lead and contact card locations and the proxy address setting; every file the
// manifest names is in it; the logos have amoCRM's sizes; both languages say the same keys.
// Checked in the sources and in the built amocrm-widget.zip.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace gd {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::set<std::string> kArchiveFiles = {
    "manifest.json",         "script.js",          "i18n/ru.json",          "i18n/en.json",
    "images/logo_main.png",  "images/logo_small.png", "images/logo.png",    "images/logo_medium.png",
    "images/logo_min.png",   "images/logo_dp.png",    "images/tour_1_ru.png",  "images/tour_1_en.png"};

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Width and height from a PNG's IHDR chunk; {0, 0} when it is not a PNG.
std::pair<int, int> png_size(const fs::path& path) {
    std::string bytes = read(path);
    if (bytes.size() < 24 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || bytes.compare(12, 4, "IHDR") != 0) return {0, 0};
    auto be32 = [&](size_t at) {
        return (int)(((unsigned char)bytes[at] << 24) | ((unsigned char)bytes[at + 1] << 16) |
                     ((unsigned char)bytes[at + 2] << 8) | (unsigned char)bytes[at + 3]);
    };
    return {be32(16), be32(20)};
}

// "widget.name" looked up in a language file.
const json* message(const json& language, const std::string& key) {
    const json* at = &language;
    std::stringstream parts(key);
    for (std::string part; std::getline(parts, part, '.');) {
        if (!at->is_object() || !at->contains(part)) return nullptr;
        at = &(*at)[part];
    }
    return at;
}

// Same keys at every level: amoCRM requires language files of identical structure.
void expect_same_shape(const json& a, const json& b, const std::string& where) {
    ASSERT_EQ(a.type(), b.type()) << where;
    if (!a.is_object()) return;
    for (auto& [key, value] : a.items()) {
        ASSERT_TRUE(b.contains(key)) << where << "." << key;
        expect_same_shape(value, b[key], where + "." + key);
    }
    EXPECT_EQ(a.size(), b.size()) << where;
}

// The Digital Pipeline action (digital_pipeline/integrations): its location, a dp block with the
// group, the action, invite on failure and the secret, one stage per action, and amoCRM's hook
// going to the proxy's /crm/amocrm/pipeline; dpSettings fills the form from the proxy.
void expect_pipeline_action(const json& manifest, const json& ru, const json& en, const std::string& script) {
    std::set<std::string> locations = manifest.at("locations").get<std::set<std::string>>();
    EXPECT_TRUE(locations.count("digital_pipeline"));
    const json& dp = manifest.at("dp");
    EXPECT_EQ(dp.at("action_multiple"), false);
    const std::string webhook = dp.at("webhook_url").get<std::string>();
    EXPECT_EQ(webhook.rfind("https://", 0), 0u) << webhook;
    const std::string path = "/crm/amocrm/pipeline";
    ASSERT_GT(webhook.size(), path.size());
    EXPECT_EQ(webhook.substr(webhook.size() - path.size()), path);
    for (const char* key : {"group", "action", "invite_on_failure", "secret"}) {
        const json& field = dp.at("settings").at(key);
        EXPECT_EQ(field.at("type"), "text") << key;
        for (const json* language : {&ru, &en}) EXPECT_TRUE(message(*language, field.at("name").get<std::string>())) << key;
    }
    for (const char* action : {"add", "remove", "promote", "demote"})
        for (const json* language : {&ru, &en}) EXPECT_TRUE(message(*language, std::string("dp.action_names.") + action));
    EXPECT_NE(script.find("dpSettings: function"), std::string::npos);
    EXPECT_NE(script.find("'/crm/amocrm/pipeline-settings'"), std::string::npos);
    EXPECT_NE(script.find("dpField('secret').attr('readonly'"), std::string::npos);
}

void expect_valid_widget(const fs::path& root) {
    SCOPED_TRACE(root.string());
    for (const std::string& file : kArchiveFiles) {
        ASSERT_TRUE(fs::is_regular_file(root / file)) << file;
        EXPECT_LE(fs::file_size(root / file), 300u * 1024) << file;
        EXPECT_NE(read(root / file).rfind("\xEF\xBB\xBF", 0), 0u) << file << " starts with a BOM";
    }

    json manifest = json::parse(read(root / "manifest.json"));
    json ru = json::parse(read(root / "i18n/ru.json"));
    json en = json::parse(read(root / "i18n/en.json"));
    expect_same_shape(ru, en, "i18n");

    const json& widget = manifest.at("widget");
    for (const char* key : {"name", "description", "short_description"}) {
        std::string text_key = widget.at(key).get<std::string>();
        for (const json* language : {&ru, &en}) {
            const json* text = message(*language, text_key);
            ASSERT_TRUE(text && text->is_string() && !text->get<std::string>().empty()) << text_key;
        }
    }
    EXPECT_EQ(widget.at("interface_version"), 2);
    EXPECT_EQ(widget.at("locale"), json::array({"ru", "en"}));
    EXPECT_EQ(widget.at("installation"), true);
    ASSERT_TRUE(widget.contains("support"));
    EXPECT_TRUE(widget["support"].contains("link") || widget["support"].contains("email"));

    std::set<std::string> locations = manifest.at("locations").get<std::set<std::string>>();
    EXPECT_TRUE(locations.count("lcard-1"));
    EXPECT_TRUE(locations.count("ccard-1"));

    const json& proxy_url = manifest.at("settings").at("proxy_url");
    EXPECT_EQ(proxy_url.at("type"), "text");
    EXPECT_EQ(proxy_url.at("required"), true);
    for (const json* language : {&ru, &en}) EXPECT_TRUE(message(*language, proxy_url.at("name").get<std::string>()));

    const json& tour = manifest.at("tour");
    EXPECT_EQ(tour.at("is_tour"), true);
    for (const json* language : {&ru, &en}) EXPECT_TRUE(message(*language, tour.at("tour_description").get<std::string>()));
    for (const char* lang : {"ru", "en"})
        for (const json& image : tour.at("tour_images").at(lang)) {
            std::string path = image.get<std::string>();
            ASSERT_EQ(path.rfind("/", 0), 0u);
            EXPECT_TRUE(fs::is_regular_file(root / path.substr(1))) << path;
        }

    // amoCRM's logo sizes (integrations/structure).
    EXPECT_EQ(png_size(root / "images/logo_main.png"), std::make_pair(400, 272));
    EXPECT_EQ(png_size(root / "images/logo_small.png"), std::make_pair(108, 108));
    EXPECT_EQ(png_size(root / "images/logo.png"), std::make_pair(130, 100));
    EXPECT_EQ(png_size(root / "images/logo_medium.png"), std::make_pair(240, 84));
    EXPECT_EQ(png_size(root / "images/logo_min.png"), std::make_pair(84, 84));
    EXPECT_EQ(png_size(root / "images/logo_dp.png"), std::make_pair(174, 109));

    // The card asks the proxy for a session with amoCRM's token and hands it over in the fragment.
    std::string script = read(root / "script.js");
    EXPECT_NE(script.find("define(['jquery', 'lib/components/base/modal']"), std::string::npos);
    EXPECT_NE(script.find("self.$authorizedAjax("), std::string::npos);
    EXPECT_NE(script.find("'/crm/amocrm/session'"), std::string::npos);
    EXPECT_NE(script.find("'/?crm=amocrm&view=' + view"), std::string::npos);
    EXPECT_NE(script.find("'#session=' + encodeURIComponent(opened.token)"), std::string::npos);
    // The right column's compact frame is heard only from its own window and the proxy's origin.
    EXPECT_NE(script.find("event.origin !== opened.origin || event.source !== opened.frame[0].contentWindow"), std::string::npos);
    EXPECT_NE(script.find("app.lang_id"), std::string::npos);
    for (const char* key : {"loading", "failed", "no_proxy", "unsaved"})
        for (const json* language : {&ru, &en}) EXPECT_TRUE(message(*language, std::string("card.") + key)) << key;
    expect_pipeline_action(manifest, ru, en, script);
}

TEST(AmoWidgetArchive, TheSourcesAreAValidWidget) { expect_valid_widget(GROUPDESK_AMOCRM_WIDGET_SOURCE); }

TEST(AmoWidgetArchive, TheBuiltArchiveHoldsExactlyTheWidgetWithTheManifestAtItsRoot) {
    const fs::path archive = GROUPDESK_AMOCRM_WIDGET_ARCHIVE;
    ASSERT_TRUE(fs::is_regular_file(archive)) << "build the amocrm_widget_archive target";
    const fs::path out = fs::temp_directory_path() / ("amocrm-widget-test-" + std::to_string(::getpid()));
    fs::remove_all(out);
    fs::create_directories(out);
    std::string command = "cd '" + out.string() + "' && cmake -E tar xf '" + archive.string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);

    std::set<std::string> unpacked;
    for (const auto& entry : fs::recursive_directory_iterator(out))
        if (entry.is_regular_file()) unpacked.insert(fs::relative(entry.path(), out).generic_string());
    EXPECT_EQ(unpacked, kArchiveFiles);
    expect_valid_widget(out);
    fs::remove_all(out);
}

} // namespace
} // namespace gd
