# Builds the widget with Emscripten as a nested project (same sources, emcmake toolchain) and
# writes the deployable files to GROUPDESK_DIST_DIR (and the browser tests' build to
# GROUPDESK_TEST_DIST_DIR). Part of the default build: `cmake --build`.
include(ExternalProject)
find_program(EMCMAKE emcmake REQUIRED)

# Debian's emcc needs node-acorn on NODE_PATH for optimised links.
set(GROUPDESK_EM_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
ExternalProject_Add(web_wasm
  SOURCE_DIR ${PROJECT_SOURCE_DIR}
  BINARY_DIR ${CMAKE_BINARY_DIR}/wasm
  CONFIGURE_COMMAND ${GROUPDESK_EM_ENV} ${EMCMAKE} ${CMAKE_COMMAND} -S <SOURCE_DIR> -B <BINARY_DIR> -G Ninja
                    -DCMAKE_BUILD_TYPE=MinSizeRel
                    -DGROUPDESK_IMGUI_DIR=${GROUPDESK_IMGUI_DIR}
                    -DGROUPDESK_DIST_DIR=${GROUPDESK_DIST_DIR}
                    -DGROUPDESK_TEST_DIST_DIR=${GROUPDESK_TEST_DIST_DIR}
  BUILD_COMMAND ${GROUPDESK_EM_ENV} ${CMAKE_COMMAND} --build <BINARY_DIR>
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  USES_TERMINAL_BUILD ON)
