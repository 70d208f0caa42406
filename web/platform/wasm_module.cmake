# Links the browser widget (widget.js + widget.wasm) and packages it into GROUPDESK_DIST_DIR with
# content-hashed names, index.html and precompressed .br/.gz copies (cmake/package_web.cmake).
add_executable(widget
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/main.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_input.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_fetch.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_clipboard.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_links.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_host.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/platform/test_api.cpp)
target_link_libraries(widget PRIVATE groupdesk_web_lib groupdesk_web_random imgui_webgl)
set(glue ${CMAKE_CURRENT_SOURCE_DIR}/platform/browser_glue.js)
# Size: each option below is measured in bench/README.md (brotli bytes it saves).
target_link_options(widget PRIVATE
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
  --pre-js ${glue})
set_target_properties(widget PROPERTIES SUFFIX ".js" LINK_DEPENDS ${glue})

# Closure Compiler (npm's, pinned in package.json: Debian's is too old for emcc) minifies the JS
# glue; emcc finds it through EM_CLOSURE_COMPILER. browser_glue.js quotes what must keep its name.
set(GROUPDESK_CLOSURE_COMPILER "${PROJECT_SOURCE_DIR}/node_modules/google-closure-compiler-linux/compiler"
    CACHE FILEPATH "Closure Compiler's native binary (npm google-closure-compiler)")
if(NOT EXISTS "${GROUPDESK_CLOSURE_COMPILER}")
  message(FATAL_ERROR "Closure Compiler not found at ${GROUPDESK_CLOSURE_COMPILER}: run scripts/setup.sh (npm ci)")
endif()
set_target_properties(widget PROPERTIES
  CXX_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;EM_CLOSURE_COMPILER=${GROUPDESK_CLOSURE_COMPILER}")
target_link_options(widget PRIVATE --closure 1)

find_program(BROTLI brotli REQUIRED)
find_program(GZIP gzip REQUIRED)
set(dist_stamp ${CMAKE_CURRENT_BINARY_DIR}/widget-dist.stamp)
add_custom_command(
  OUTPUT ${dist_stamp}
  COMMAND ${CMAKE_COMMAND}
          -DBUILD_DIR=$<TARGET_FILE_DIR:widget>
          -DINDEX_TEMPLATE=${PROJECT_SOURCE_DIR}/index.html
          -DASSETS_DIR=${PROJECT_SOURCE_DIR}/assets
          -DDIST_DIR=${GROUPDESK_DIST_DIR}
          -DBROTLI=${BROTLI} -DGZIP=${GZIP}
          -P ${PROJECT_SOURCE_DIR}/cmake/package_web.cmake
  COMMAND ${CMAKE_COMMAND} -E touch ${dist_stamp}
  DEPENDS widget ${PROJECT_SOURCE_DIR}/index.html ${PROJECT_SOURCE_DIR}/assets/favicon.svg
          ${PROJECT_SOURCE_DIR}/cmake/package_web.cmake
  COMMENT "Packaging the widget into ${GROUPDESK_DIST_DIR}")
add_custom_target(widget_dist ALL DEPENDS ${dist_stamp})
