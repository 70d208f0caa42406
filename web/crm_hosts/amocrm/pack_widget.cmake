# Packs the widget (cmake -P, called by widget_archive.cmake): copies FILES (","-separated) from
# SOURCE_DIR to STAGE_DIR, puts the proxy's address (PUBLIC_URL) into the manifest's
# dp.webhook_url, and zips STAGE_DIR into ARCHIVE with manifest.json at its root.
string(REPLACE "," ";" files "${FILES}")
file(REMOVE_RECURSE "${STAGE_DIR}")
foreach(file IN LISTS files)
  get_filename_component(folder "${STAGE_DIR}/${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${folder}")
  file(COPY_FILE "${SOURCE_DIR}/${file}" "${STAGE_DIR}/${file}")
endforeach()
if(PUBLIC_URL)
  string(REGEX REPLACE "/+$" "" public_url "${PUBLIC_URL}")
  file(READ "${STAGE_DIR}/manifest.json" manifest)
  string(REPLACE "https://groupdesk.invalid/crm/amocrm/pipeline" "${public_url}/crm/amocrm/pipeline" manifest "${manifest}")
  file(WRITE "${STAGE_DIR}/manifest.json" "${manifest}")
endif()
file(REMOVE "${ARCHIVE}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar cf "${ARCHIVE}" --format=zip -- ${files}
                WORKING_DIRECTORY "${STAGE_DIR}" RESULT_VARIABLE packed)
if(NOT packed EQUAL 0)
  message(FATAL_ERROR "the amoCRM widget archive could not be packed")
endif()
