# Dear ImGui from Debian's source package (scripts/setup.sh unpacks it into .deps/imgui).
# The same sources serve the WASM widget and the native UI tests. IMGUI_ENABLE_TEST_ENGINE turns on
# ImGui's item hooks, which web/inspect/ implements to list visible items for tests.
if(NOT EXISTS "${GROUPDESK_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${GROUPDESK_IMGUI_DIR}: run scripts/setup.sh")
endif()
file(STRINGS "${GROUPDESK_IMGUI_DIR}/imgui_draw.cpp" default_font_guard REGEX "IMGUI_DISABLE_DEFAULT_FONT")
if(NOT default_font_guard)
  message(FATAL_ERROR "${GROUPDESK_IMGUI_DIR}/imgui_draw.cpp has no IMGUI_DISABLE_DEFAULT_FONT guard: run scripts/setup.sh")
endif()

add_library(imgui STATIC
  ${GROUPDESK_IMGUI_DIR}/imgui.cpp
  ${GROUPDESK_IMGUI_DIR}/imgui_draw.cpp
  ${GROUPDESK_IMGUI_DIR}/imgui_tables.cpp
  ${GROUPDESK_IMGUI_DIR}/imgui_widgets.cpp
  ${GROUPDESK_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${GROUPDESK_IMGUI_DIR} ${GROUPDESK_IMGUI_DIR}/misc/cpp)
target_compile_definitions(imgui PUBLIC
  IMGUI_ENABLE_TEST_ENGINE
  IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  IMGUI_DISABLE_DEMO_WINDOWS
  IMGUI_DISABLE_DEBUG_TOOLS
  IMGUI_DISABLE_DEFAULT_FONT)   # we always load our own Cyrillic font (scripts/setup.sh puts the guard into 1.90.1)
set_target_properties(imgui PROPERTIES POSITION_INDEPENDENT_CODE ON)

if(EMSCRIPTEN)
  add_library(imgui_webgl STATIC ${GROUPDESK_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(imgui_webgl SYSTEM PUBLIC ${GROUPDESK_IMGUI_DIR}/backends)
  target_compile_definitions(imgui_webgl PUBLIC IMGUI_IMPL_OPENGL_ES3)   # WebGL2
  target_link_libraries(imgui_webgl PUBLIC imgui)
endif()
