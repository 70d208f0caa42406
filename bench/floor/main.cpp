// The floor: the smallest Dear ImGui web app we can build here. Stock GLFW + OpenGL3 backends,
// WebGL2, the built-in font, one window with a few widgets, -Os. The bench compares the widget's
// size and cold start against this.
//
// After the first frame has been rendered it sets window.floorReady = true and
// window.floorReadyAt = performance.now(), the same signal the widget gives (groupdesk.ready/readyAt).
#include <emscripten.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace {

GLFWwindow* g_window = nullptr;
bool g_ready = false;
float g_value = 0.5f;
bool g_checked = true;
int g_clicks = 0;
char g_text[64] = "";

void frame() {
    glfwPollEvents();
    int width = 0, height = 0;
    glfwGetFramebufferSize(g_window, &width, &height);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(320, 180), ImGuiCond_FirstUseEver);
    ImGui::Begin("Floor");
    ImGui::Text("A bare Dear ImGui app.");
    ImGui::InputText("text", g_text, sizeof g_text);
    ImGui::SliderFloat("value", &g_value, 0.0f, 1.0f);
    ImGui::Checkbox("checked", &g_checked);
    if (ImGui::Button("Click")) ++g_clicks;
    ImGui::SameLine();
    ImGui::Text("%d clicks", g_clicks);
    ImGui::End();
    ImGui::Render();

    glViewport(0, 0, width, height);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (!g_ready) {
        g_ready = true;
        EM_ASM({ window.floorReadyAt = performance.now(); window.floorReady = true; });
    }
}

} // namespace

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    int width = EM_ASM_INT({ return document.getElementById('canvas').clientWidth; });
    int height = EM_ASM_INT({ return document.getElementById('canvas').clientHeight; });
    g_window = glfwCreateWindow(width > 0 ? width : 800, height > 0 ? height : 600, "floor", nullptr, nullptr);
    if (!g_window) return 1;
    glfwMakeContextCurrent(g_window);

    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsLight();
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
