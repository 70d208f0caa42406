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
target_link_options(widget PRIVATE
  -sENVIRONMENT=web
  -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8
  --pre-js ${glue})
set_target_properties(widget PROPERTIES SUFFIX ".js" LINK_DEPENDS ${glue})

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
