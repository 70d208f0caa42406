// The console's administrators' screens as one table (admin_screens.h): referring to
// kAdminScreens, as the console's main.cpp and the native tests do, links their state and views in.
#include "web/state/admin_screens.h"

#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/users_admin.h"
#include "web/views/app_view.h"

namespace gd {

namespace {

void open(App& app, Screen screen) {
    if (screen == Screen::robots) open_robot_runs(app);
    else if (screen == Screen::users) open_users(app);
    else if (screen == Screen::pipeline) open_pipeline(app);
}

void refresh(App& app, Screen screen) {
    if (screen == Screen::robots) load_robot_runs(app);
    else if (screen == Screen::users) load_users(app);
    else if (screen == Screen::pipeline) load_pipeline(app);
}

void retry(App& app, Screen screen) {
    if (screen == Screen::pipeline) {
        // A refused move is not sent again (the deal may have moved since): the pipeline is read
        // again, and the manager moves it once more if still wanted.
        PipelineDemo& p = app.state.pipeline;
        if (p.move.status == LoadStatus::failed) p.move = {.generation = p.move.generation + 1};
    }
    refresh(app, screen);
}

void tick(App& app) {
    tick_robot_runs(app);
    tick_pipeline(app);
    tick_users(app);
}

void draw(App& app, Screen screen) {
    if (screen == Screen::robots) draw_robots_screen(app);
    else if (screen == Screen::users) draw_users_screen(app);
    else if (screen == Screen::pipeline) draw_pipeline_screen(app);
}

} // namespace

const AdminScreens kAdminScreens = {open, refresh, retry, tick, draw};

} // namespace gd
