# amocrm_widget_archive: ${CMAKE_BINARY_DIR}/amocrm-widget.zip with manifest.json at its root, as
# amoCRM's upload expects (upload it renamed to widget.zip). Only the files listed here go in.
set(AMOCRM_WIDGET_SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(AMOCRM_WIDGET_ARCHIVE ${CMAKE_BINARY_DIR}/amocrm-widget.zip)
set(amocrm_widget_files
  manifest.json
  script.js
  i18n/ru.json
  i18n/en.json
  images/logo_main.png
  images/logo_small.png
  images/logo.png
  images/logo_medium.png
  images/logo_min.png
  images/tour_1_ru.png
  images/tour_1_en.png)
list(TRANSFORM amocrm_widget_files PREPEND ${AMOCRM_WIDGET_SOURCE_DIR}/ OUTPUT_VARIABLE amocrm_widget_inputs)

add_custom_command(OUTPUT ${AMOCRM_WIDGET_ARCHIVE}
  COMMAND ${CMAKE_COMMAND} -E rm -f ${AMOCRM_WIDGET_ARCHIVE}
  COMMAND ${CMAKE_COMMAND} -E tar cf ${AMOCRM_WIDGET_ARCHIVE} --format=zip -- ${amocrm_widget_files}
  WORKING_DIRECTORY ${AMOCRM_WIDGET_SOURCE_DIR}
  DEPENDS ${amocrm_widget_inputs}
  COMMENT "Packing the amoCRM widget into amocrm-widget.zip"
  VERBATIM)
add_custom_target(amocrm_widget_archive ALL DEPENDS ${AMOCRM_WIDGET_ARCHIVE})
