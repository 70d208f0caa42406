# Links the browser widget (widget.js + widget.wasm) and packages it with content-hashed names,
# index.html and precompressed .br/.gz copies (cmake/package_web.cmake).
# Two links of the same objects: `widget`, which users get, and `widget_under_test`, which adds the
# test build's window.groupdesk.state() (test_api.cpp, test_glue.js) that tests/browser/ drive. The
# state call serialises most of the state and cost every user 5 KB (bench/README.md).
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

# groupdesk_widget(<target> <dist dir> <extra pre-js or "">  [extra sources...]): links the widget
# into <binary dir>/<target>/widget.{js,wasm} and packages it into <dist dir>.
function(groupdesk_widget target dist_dir extra_glue)
  add_executable(${target} ${widget_sources} ${ARGN})
  target_link_libraries(${target} PRIVATE groupdesk_web_lib groupdesk_web_random imgui_webgl)
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
    OUTPUT_NAME widget SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${target}
    LINK_DEPENDS "${glue_files}"
    CXX_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;EM_CLOSURE_COMPILER=${GROUPDESK_CLOSURE_COMPILER}")

  set(dist_stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}-dist.stamp)
  add_custom_command(
    OUTPUT ${dist_stamp}
    COMMAND ${CMAKE_COMMAND}
            -DBUILD_DIR=$<TARGET_FILE_DIR:${target}>
            -DINDEX_TEMPLATE=${PROJECT_SOURCE_DIR}/index.html
            -DASSETS_DIR=${PROJECT_SOURCE_DIR}/assets
            -DDIST_DIR=${dist_dir}
            -DBROTLI=${BROTLI} -DGZIP=${GZIP}
            -P ${PROJECT_SOURCE_DIR}/cmake/package_web.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${dist_stamp}
    DEPENDS ${target} ${PROJECT_SOURCE_DIR}/index.html ${PROJECT_SOURCE_DIR}/assets/favicon.svg
            ${PROJECT_SOURCE_DIR}/cmake/package_web.cmake
    COMMENT "Packaging ${target} into ${dist_dir}")
  add_custom_target(${target}_dist ALL DEPENDS ${dist_stamp})
endfunction()

groupdesk_widget(widget ${GROUPDESK_DIST_DIR} "")
groupdesk_widget(widget_under_test ${GROUPDESK_TEST_DIST_DIR} ${test_glue}
                 ${CMAKE_CURRENT_SOURCE_DIR}/platform/test_api.cpp)
