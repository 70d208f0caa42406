// CPU time per frame of the widget's real views, next to a bare Dear ImGui table of the same rows.
//
// Each case holds two ImGui contexts with the same font and style: "ours" runs a frame as the
// browser does (web/platform/main.cpp: tick_app, NewFrame, draw_app, Render, the inspector) on an
// App whose state holds the data; "bare" draws one full-size window with a plain BeginTable of the
// same columns and rows (through ImGuiListClipper when the view uses one). Frames of the two
// alternate, so both share whatever else the machine is doing. No renderer: the draw lists are
// built and left unused, which is the CPU side of a frame.
//
// "typing" types a string into the participants' search field, one character a frame, and counts
// the frames until the field, the state and the filtered table show each character.
//
//   groupdesk-frames-bench [--frames 300] [--warmup 30] [--out bench/out]
#include "tests/web/ui_harness.h"
#include "web/state/visible_rows.h"
#include "web/views/ui_style.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace gd::bench {
namespace {

const ImVec2 kDisplay(1000, 700);   // the size bench/widget_size_and_start.mjs opens the page at

// ---------------------------------------------------------------------------------------------
// The data: demo-like names and numbers, the same every run.
// ---------------------------------------------------------------------------------------------

const char* const kFirstNames[] = {"Анна", "Мария", "Ольга", "Елена", "Ирина", "Наталья", "Иван", "Сергей",
                                   "Алексей", "Дмитрий", "Андрей", "Михаил", "Юлия", "Павел", "Татьяна", "Артём"};
const char* const kLastNames[] = {"Смирнов", "Иванов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
                                  "Новиков", "Морозов", "Петров", "Волков", "Соловьёв", "Васильев", "Зайцев"};

std::string person_name(int i) {
    std::string last = kLastNames[(i / 16) % 14];
    const int first = i % 16;
    if (first < 6 || first == 12 || first == 14) last += "а";   // her surname
    return std::string(kFirstNames[first]) + " " + last;
}

std::string phone_of(int i) {
    char phone[32];
    std::snprintf(phone, sizeof phone, "+7916%07d", 1000000 + i * 37);
    return phone;
}

// "+79161234567" as the proxy sends it for people: "+7 916 123-45-67".
std::string display_of(const std::string& e164) {
    return e164.substr(0, 2) + " " + e164.substr(2, 3) + " " + e164.substr(5, 3) + "-" + e164.substr(8, 2) + "-" + e164.substr(10);
}

Group big_group(int members) { return Group{"120363000000000001@g.us", "Клиенты — Москва", members, true}; }

ParticipantList participants(int count) {
    ParticipantList list;
    list.group = big_group(count);
    for (int i = 0; i < count; ++i) {
        const std::string phone = phone_of(i);
        ParticipantRole role = i == 0 ? ParticipantRole::owner : i < 4 ? ParticipantRole::admin : ParticipantRole::member;
        list.participants.push_back({phone.substr(1) + "@c.us", phone, i % 25 == 7 ? "" : person_name(i), role, display_of(phone)});
    }
    return list;
}

std::vector<Group> groups(int count) {
    std::vector<Group> list;
    for (int i = 0; i < count; ++i) {
        char id[64];
        std::snprintf(id, sizeof id, "1203630000%08d@g.us", i);
        list.push_back({id, "Клиенты «" + std::string(kLastNames[i % 14]) + "» №" + std::to_string(i + 1), 3 + (i * 53) % 900,
                        i % 3 != 0});
    }
    return list;
}

// A deal with `people` contacts: every other one already in the group, some without a number.
Card card_with(int people, const ParticipantList& group) {
    Card card{{EntityKind::deal, "101"}, "Поставка оборудования", {}};
    for (int i = 0; i < people; ++i) {
        CardPerson p;
        p.contact_id = std::to_string(i + 1);
        p.name = person_name(5000 + i);
        if (i % 10 == 9) {
            card.people.push_back(p);   // no number in the CRM
            continue;
        }
        p.phone = i % 2 ? group.participants[(size_t)i * 20].phone : phone_of(100000 + i);
        p.phone_as_stored = p.phone;
        p.phone_display = display_of(p.phone);
        card.people.push_back(p);
    }
    return card;
}

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

ImGuiContext* new_context() {
    ImGuiContext* context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = kDisplay;
    load_ui_font(io, 1.0f);
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);   // the atlas is built; nothing to upload it to
    apply_style(1.0f);
    return context;
}

// The widget as the browser runs it, minus WebGL: the UI tests' harness (tests/web/ui_harness.h),
// whose frame is main.cpp's. Its transport holds requests unanswered: the state already holds every
// answer, and a view that asked for something every frame would show in `sent`.
struct Ours : test::UiHarness {
    Ours() : UiHarness(1.0f, kDisplay) {
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;   // as main.cpp
        AppState& s = app.state;
        s.session_token = "bench";
        s.user = SessionUser{"demo", "Демо Менеджер", true, "standalone"};
        s.gateway.status = LoadStatus::loaded;
        s.jobs.group.status = LoadStatus::loaded;
        s.jobs.running.status = LoadStatus::loaded;
    }
};

// A bare ImGui table: one full-size window, the same columns and rows, nothing else.
struct Bare {
    struct Row {
        std::string cells[3];
    };
    std::vector<Row> rows;
    bool clipped = false;   // through ImGuiListClipper in a scrolling table, as the view does
    ImGuiContext* context = nullptr;

    Bare(std::vector<Row> rows_, bool clipped_) : rows(std::move(rows_)), clipped(clipped_) { context = new_context(); }
    ~Bare() { ImGui::DestroyContext(context); }

    void row(const Row& r) {
        ImGui::TableNextRow();
        for (int c = 0; c < 3; ++c) {
            ImGui::TableSetColumnIndex(c);
            ImGui::TextUnformatted(r.cells[c].c_str());
        }
    }

    void frame() {
        ImGui::SetCurrentContext(context);
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(kDisplay);
        ImGui::Begin("bare", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
        if (clipped) flags |= ImGuiTableFlags_ScrollY;
        if (ImGui::BeginTable("rows", 3, flags)) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("one", ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn("two", ImGuiTableColumnFlags_WidthStretch, 2.0f);
            ImGui::TableSetupColumn("three", ImGuiTableColumnFlags_WidthStretch, 1.5f);
            ImGui::TableHeadersRow();
            if (clipped) {
                ImGuiListClipper clipper;
                clipper.Begin((int)rows.size());
                while (clipper.Step())
                    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) row(rows[(size_t)r]);
            } else {
                for (const Row& r : rows) row(r);
            }
            ImGui::EndTable();
        }
        ImGui::End();
        ImGui::Render();
    }
};

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

struct Stats {
    double median_us = 0, p99_us = 0, mean_us = 0;
    std::vector<double> samples_us;
};

Stats stats_of(std::vector<double> us) {
    Stats s;
    s.samples_us = us;
    if (us.empty()) return s;
    std::sort(us.begin(), us.end());
    const size_t n = us.size();
    s.median_us = n % 2 ? us[n / 2] : (us[n / 2 - 1] + us[n / 2]) / 2;
    s.p99_us = us[std::min(n - 1, (size_t)((double)n * 0.99))];
    double sum = 0;
    for (double x : us) sum += x;
    s.mean_us = sum / (double)n;
    return s;
}

double timed_us(const std::function<void()>& f) {
    const double start = thread_cpu_seconds();
    f();
    return (thread_cpu_seconds() - start) * 1e6;
}

struct CaseResult {
    std::string name;
    int rows = 0;
    bool clipped = false;
    Stats ours, bare;
    int requests_sent = 0;   // by ours while measured: 0, the state holds everything
    int items_drawn = 0;     // items the inspector saw in ours' last frame
};

struct Settings {
    int frames = 300;
    int warmup = 30;
    std::string out = "bench/out";
};

CaseResult measure(const std::string& name, Ours& ours, Bare& bare, const Settings& settings) {
    for (int i = 0; i < settings.warmup; ++i) {
        ours.frame();
        bare.frame();
    }
    const int sent_before = ours.http.sent;
    std::vector<double> ours_us, bare_us;
    for (int i = 0; i < settings.frames; ++i) {
        // Alternate who goes first, so neither always runs on a cache the other warmed.
        if (i % 2) {
            ours_us.push_back(timed_us([&] { ours.frame(); }));
            bare_us.push_back(timed_us([&] { bare.frame(); }));
        } else {
            bare_us.push_back(timed_us([&] { bare.frame(); }));
            ours_us.push_back(timed_us([&] { ours.frame(); }));
        }
    }
    CaseResult r;
    r.name = name;
    r.rows = (int)bare.rows.size();
    r.clipped = bare.clipped;
    r.ours = stats_of(ours_us);
    r.bare = stats_of(bare_us);
    r.requests_sent = ours.http.sent - sent_before;
    r.items_drawn = (int)ours.inspector.items.size();
    return r;
}

std::vector<Bare::Row> participant_rows(const ParticipantList& list) {
    std::vector<Bare::Row> rows;
    for (const Participant& p : list.participants) rows.push_back({{p.name, p.phone, "участник"}});
    return rows;
}

void open_participants(Ours& ours, const ParticipantList& list) {
    AppState& s = ours.app.state;
    s.screen = Screen::participants;
    s.open_group_id = list.group.id;
    s.participants.status = LoadStatus::loaded;
    s.participants.data = list;
}

CaseResult participants_case(const Settings& settings) {
    const ParticipantList list = participants(1236);
    Ours ours;
    open_participants(ours, list);
    Bare bare(participant_rows(list), true);
    return measure("participants, 1236 members", ours, bare, settings);
}

CaseResult card_case(const Settings& settings) {
    const ParticipantList list = participants(1236);
    const Card card = card_with(50, list);
    Ours ours;
    open_participants(ours, list);
    AppState& s = ours.app.state;
    s.card.ref = card.entity;
    s.card.card.status = LoadStatus::loaded;
    s.card.card.data = card;
    std::vector<Bare::Row> rows;
    for (const CardPerson& p : card.people) rows.push_back({{p.name, p.phone, "нет в группе"}});
    Bare bare(rows, false);
    // The view's frame holds the card against the group and, below it, the group's own table.
    return measure("card panel, 50 people vs 1236", ours, bare, settings);
}

CaseResult groups_case(const Settings& settings) {
    Ours ours;
    AppState& s = ours.app.state;
    s.screen = Screen::groups;
    s.groups.status = LoadStatus::loaded;
    s.groups.data = groups(500);
    std::vector<Bare::Row> rows;
    for (const Group& g : s.groups.data)
        rows.push_back({{g.name, std::to_string(g.participant_count), g.we_are_admin ? "админ" : "не админ"}});
    Bare bare(rows, true);
    return measure("groups, 500 groups", ours, bare, settings);
}

// ---------------------------------------------------------------------------------------------
// Typing: one character a frame into the participants' search field.
// ---------------------------------------------------------------------------------------------

struct TypingResult {
    std::string text;
    int characters = 0;
    int frames = 0;          // from the first key until the last is shown
    int late_keys = 0;       // keys not shown in the frame they were typed in
    Stats per_frame;         // CPU of each of those frames
    int rows_at_end = 0;
};

// Splits UTF-8 into characters.
std::vector<std::string> characters_of(const std::string& utf8) {
    std::vector<std::string> out;
    for (size_t i = 0; i < utf8.size();) {
        const unsigned char c = (unsigned char)utf8[i];
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(utf8.substr(i, len));
        i += len;
    }
    return out;
}

TypingResult typing_case(const Settings& settings) {
    const ParticipantList list = participants(1236);
    Ours ours;
    open_participants(ours, list);
    for (int i = 0; i < settings.warmup; ++i) ours.frame();
    TypingResult r;
    // 20 characters: a name, then the start of a number (no member matches both: the last keys
    // empty the table, which is a frame's work too).
    std::vector<std::string> keys = characters_of(person_name(37) + " +7916");
    keys.resize(20);
    r.text.clear();
    for (const std::string& key : keys) r.text += key;
    r.characters = (int)keys.size();
    if (!ours.click("filter")) {
        std::fprintf(stderr, "typing: no search field on the participants screen\n");
        std::exit(1);
    }
    AppState& s = ours.app.state;
    std::string typed;
    std::vector<double> us;
    const int frame_limit = r.characters * 4;
    size_t next_key = 0;
    while (r.frames < frame_limit) {
        std::string expected = typed;
        if (next_key < keys.size()) {
            ImGui::SetCurrentContext(ours.context);
            ImGui::GetIO().AddInputCharactersUTF8(keys[next_key].c_str());
            expected += keys[next_key];
        }
        us.push_back(timed_us([&] { ours.frame(); }));
        ++r.frames;
        // Shown: the field holds it, and the table drawn in this frame was filtered by it.
        const int rows_expected = (int)visible_participant_rows(list.participants, expected, s.sort_column, s.sort_descending).size();
        const bool shown = s.participant_filter == expected && s.rows_shown == rows_expected;
        if (next_key < keys.size()) {
            if (!shown) ++r.late_keys;
            typed = expected;
            ++next_key;
        }
        if (next_key == keys.size() && shown) break;
    }
    r.per_frame = stats_of(us);
    r.rows_at_end = s.rows_shown;
    return r;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

nlohmann::json stats_json(const Stats& s) {
    return {{"median_us", s.median_us}, {"p99_us", s.p99_us}, {"mean_us", s.mean_us}, {"samples_us", s.samples_us}};
}

std::string utc_stamp() {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H-%M-%SZ", &utc);
    return text;
}

int run(const Settings& settings) {
    std::vector<CaseResult> cases{participants_case(settings), card_case(settings), groups_case(settings)};
    const TypingResult typing = typing_case(settings);

    std::printf("CPU time per frame, µs (%d frames each after %d unmeasured, ours and bare alternating; %gx%g, dpr 1)\n",
                settings.frames, settings.warmup, kDisplay.x, kDisplay.y);
    std::printf("%-32s %6s %9s %9s %9s %9s %7s %9s\n", "view", "rows", "ours p50", "ours p99", "bare p50", "bare p99", "ratio",
                "requests");
    for (const CaseResult& c : cases)
        std::printf("%-32s %6d %9.0f %9.0f %9.0f %9.0f %7.2f %9d\n", c.name.c_str(), c.rows, c.ours.median_us, c.ours.p99_us,
                    c.bare.median_us, c.bare.p99_us, c.ours.median_us / std::max(c.bare.median_us, 1e-9), c.requests_sent);
    std::printf("  ratio: median ours / median bare; requests: asked of the proxy while measured (should be 0)\n\n");
    std::printf("typing \"%s\" into the participants' search (1236 members), one character a frame:\n", typing.text.c_str());
    std::printf("  %d characters in %d frames (%d shown late), CPU per frame p50 %.0f µs, p99 %.0f µs; %d rows match at the end\n",
                typing.characters, typing.frames, typing.late_keys, typing.per_frame.median_us, typing.per_frame.p99_us,
                typing.rows_at_end);

    nlohmann::json out;
    out["when"] = utc_stamp();
    out["settings"] = {{"frames", settings.frames}, {"warmup", settings.warmup}, {"display", {kDisplay.x, kDisplay.y}}};
    for (const CaseResult& c : cases)
        out["cases"].push_back({{"name", c.name}, {"rows", c.rows}, {"clipped", c.clipped}, {"ours", stats_json(c.ours)},
                                {"bare", stats_json(c.bare)}, {"ratio_median", c.ours.median_us / std::max(c.bare.median_us, 1e-9)},
                                {"requests_sent", c.requests_sent}, {"items_drawn", c.items_drawn}});
    out["typing"] = {{"text", typing.text}, {"characters", typing.characters}, {"frames", typing.frames},
                     {"late_keys", typing.late_keys}, {"per_frame", stats_json(typing.per_frame)},
                     {"rows_at_end", typing.rows_at_end}};
    std::filesystem::create_directories(settings.out);
    const std::string file = settings.out + "/frames-" + utc_stamp() + ".json";
    std::ofstream(file) << out.dump(2) << "\n";
    std::ofstream(settings.out + "/frames-latest.json") << out.dump(2) << "\n";
    std::printf("\nJSON: %s\n", file.c_str());
    return 0;
}

} // namespace
} // namespace gd::bench

int main(int argc, char** argv) {
    gd::bench::Settings settings;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--frames" && has_value) settings.frames = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--warmup" && has_value) settings.warmup = std::max(0, std::atoi(argv[++i]));
        else if (arg == "--out" && has_value) settings.out = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--frames 300] [--warmup 30] [--out bench/out]\n", argv[0]);
            return 2;
        }
    }
    return gd::bench::run(settings);
}
