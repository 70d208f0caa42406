# Writes the deployable widget: widget.<hash>.wasm, widget.<hash>.js (which names that wasm),
# index.html (which names that js), each with .br and .gz next to it. Content-hashed names let the
# proxy cache them for a year; index.html itself is never cached.
function(content_hash file out)
  file(SHA256 "${file}" sum)
  string(SUBSTRING "${sum}" 0 12 short)
  set(${out} "${short}" PARENT_SCOPE)
endfunction()

function(precompress file)
  execute_process(COMMAND ${BROTLI} -f -q 11 -o "${file}.br" "${file}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "brotli failed on ${file}")
  endif()
  execute_process(COMMAND ${GZIP} -9 -n -k -f "${file}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "gzip failed on ${file}")
  endif()
endfunction()

file(MAKE_DIRECTORY "${DIST_DIR}")
file(GLOB old "${DIST_DIR}/widget.*" "${DIST_DIR}/index.html*" "${DIST_DIR}/favicon.svg*")
if(old)
  file(REMOVE ${old})
endif()

content_hash("${BUILD_DIR}/widget.wasm" wasm_hash)
set(wasm_name "widget.${wasm_hash}.wasm")
file(COPY_FILE "${BUILD_DIR}/widget.wasm" "${DIST_DIR}/${wasm_name}")

file(READ "${BUILD_DIR}/widget.js" js)
string(REPLACE "\"widget.wasm\"" "\"${wasm_name}\"" js "${js}")
string(REPLACE "'widget.wasm'" "'${wasm_name}'" js "${js}")
file(WRITE "${DIST_DIR}/widget.tmp.js" "${js}")
content_hash("${DIST_DIR}/widget.tmp.js" js_hash)
set(js_name "widget.${js_hash}.js")
file(RENAME "${DIST_DIR}/widget.tmp.js" "${DIST_DIR}/${js_name}")

file(READ "${INDEX_TEMPLATE}" html)
string(REPLACE "widget.js" "${js_name}" html "${html}")
file(WRITE "${DIST_DIR}/index.html" "${html}")

file(COPY_FILE "${ASSETS_DIR}/favicon.svg" "${DIST_DIR}/favicon.svg")

foreach(f "${DIST_DIR}/${wasm_name}" "${DIST_DIR}/${js_name}" "${DIST_DIR}/index.html" "${DIST_DIR}/favicon.svg")
  precompress("${f}")
endforeach()
message(STATUS "Widget packaged: index.html, ${js_name}, ${wasm_name}")
