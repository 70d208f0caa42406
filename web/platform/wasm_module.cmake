# Links the browser widget and packages it with content-hashed names, its page and precompressed
# .br/.gz copies (cmake/package_web.cmake). Four links of the same objects:
#   widget   index.html: the card widget, which every manager loads with every card. It leaves
#            out the administrators' screens (web/state/admin_screens.h) and opens console.html
#            for them;
#   console  console.html: everything, the administrators' screens too;
# each again with the test build's window.groupdesk.state() (test_api.cpp, test_glue.js), which
# tests/browser/ drive: build/web-dist-under-test. Left out of what users get, state() saves
# them 5 KB and the console's screens 13 KB (brotli, bench/README.md).
set(widget_sources
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_input.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_fetch.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_clipboard.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_links.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_host.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/visible_items.cpp)
set(glue ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_glue.js)
set(test_glue ${CMAKE_CURRENT_SOURCE_DIR}/platform/test_glue.js)

# Closure Compiler (npm's, pinned in package.json: Debian's is too old for emcc) minifies the JS
# glue; emcc finds it through EM_CLOSURE_COMPILER. browser_glue.js quotes what must keep its name.
set(GROUPDESK_CLOSURE_COMPILER "${PROJECT_SOURCE_DIR}/node_modules/google-closure-compiler-linux/compiler"
    CACHE FILEPATH "Closure Compiler's native binary (npm google-closure-compiler)")
if(NOT EXISTS "${GROUPDESK_CLOSURE_COMPILER}")
  message(FATAL_ERROR "Closure Compiler not found at ${GROUPDESK_CLOSURE_COMPILER}: run scripts/setup.sh (npm ci)")
endif()
find_program(BROTLI brotli REQUIRED)
find_program(GZIP gzip REQUIRED)

# groupdesk_widget(<target> <name> <page> <dist dir> <extra pre-js or ""> <definitions or ""> [extra sources...]):
# links <binary dir>/<target>/<name>.{js,wasm} and packages it as <dist dir>/<page>.
function(groupdesk_widget target name page dist_dir extra_glue definitions)
  add_executable(${target} ${widget_sources} ${ARGN})
  target_link_libraries(${target} PRIVATE groupdesk_web_lib groupdesk_web_random imgui_webgl)
  if(definitions)
    target_compile_definitions(${target} PRIVATE ${definitions})
  endif()
  set(pre_js "SHELL:--pre-js ${glue}")   # SHELL: keeps CMake from merging the repeated --pre-js
  set(glue_files ${glue})
  if(extra_glue)
    list(APPEND pre_js "SHELL:--pre-js ${extra_glue}")
    list(APPEND glue_files ${extra_glue})
  endif()
  # Size: each option below is measured in bench/README.md (brotli bytes it saves).
  target_link_options(${target} PRIVATE
    -sENVIRONMENT=web
    -sFILESYSTEM=0
    -sMALLOC=emmalloc                     # a small allocator: the widget makes few, short-lived allocations
    -sTEXTDECODER=2                       # every browser with WebGL2 has TextDecoder: no JS fallback
    -sSUPPORT_LONGJMP=0
    -sDYNAMIC_EXECUTION=0
    -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0   # ImGui's WebGL2 backend uses no extension
    -sGL_EXTENSIONS_IN_PREFIXED_FORMAT=0
    -sBINARYEN_EXTRA_PASSES=-Oz           # wasm-opt -Oz once more on the linked module
    -sALLOW_MEMORY_GROWTH=1
    -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sEXPORTED_FUNCTIONS=_main,_malloc,_free
    -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8
    ${pre_js}
    --closure 1)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name} SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${target}
    LINK_DEPENDS "${glue_files}"
    CXX_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;EM_CLOSURE_COMPILER=${GROUPDESK_CLOSURE_COMPILER}")

  set(dist_stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}-dist.stamp)
  add_custom_command(
    OUTPUT ${dist_stamp}
    COMMAND ${CMAKE_COMMAND}
            -DBUILD_DIR=$<TARGET_FILE_DIR:${target}>
            -DNAME=${name} -DPAGE=${page}
            -DINDEX_TEMPLATE=${PROJECT_SOURCE_DIR}/index.html
            -DASSETS_DIR=${PROJECT_SOURCE_DIR}/assets
            -DDIST_DIR=${dist_dir}
            -DBROTLI=${BROTLI} -DGZIP=${GZIP}
            -P ${PROJECT_SOURCE_DIR}/cmake/package_web.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${dist_stamp}
    DEPENDS ${target} ${PROJECT_SOURCE_DIR}/index.html ${PROJECT_SOURCE_DIR}/assets/favicon.svg
            ${PROJECT_SOURCE_DIR}/cmake/package_web.cmake
    COMMENT "Packaging ${target} into ${dist_dir}/${page}")
  add_custom_target(${target}_dist ALL DEPENDS ${dist_stamp})
endfunction()

set(test_api ${CMAKE_CURRENT_SOURCE_DIR}/platform/test_api.cpp)
groupdesk_widget(widget widget index.html ${GROUPDESK_DIST_DIR} "" "")
groupdesk_widget(console console console.html ${GROUPDESK_DIST_DIR} "" GROUPDESK_CONSOLE)
groupdesk_widget(widget_under_test widget index.html ${GROUPDESK_TEST_DIST_DIR} ${test_glue} "" ${test_api})
groupdesk_widget(console_under_test console console.html ${GROUPDESK_TEST_DIST_DIR} ${test_glue} GROUPDESK_CONSOLE ${test_api})
