# amocrm_widget_archive: ${CMAKE_BINARY_DIR}/amocrm-widget.zip with manifest.json at its root, as
# amoCRM's upload expects (upload it renamed to widget.zip). Only the files listed here go in.
# The manifest's dp.webhook_url (where amoCRM posts the Digital Pipeline action) is the proxy's
# public address plus /crm/amocrm/pipeline: GROUPDESK_PUBLIC_URL at configure time, as the proxy's
# own setting; without it the archive keeps the placeholder https://groupdesk.invalid.
set(GROUPDESK_PUBLIC_URL "$ENV{GROUPDESK_PUBLIC_URL}" CACHE STRING
    "The proxy's https address as amoCRM reaches it, for the widget archive's dp.webhook_url")
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
  images/logo_dp.png
  images/tour_1_ru.png
  images/tour_1_en.png)
list(TRANSFORM amocrm_widget_files PREPEND ${AMOCRM_WIDGET_SOURCE_DIR}/ OUTPUT_VARIABLE amocrm_widget_inputs)
list(JOIN amocrm_widget_files "," amocrm_widget_file_list)

add_custom_command(OUTPUT ${AMOCRM_WIDGET_ARCHIVE}
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${AMOCRM_WIDGET_SOURCE_DIR} -DSTAGE_DIR=${CMAKE_BINARY_DIR}/amocrm-widget
          -DARCHIVE=${AMOCRM_WIDGET_ARCHIVE} -DFILES=${amocrm_widget_file_list} -DPUBLIC_URL=${GROUPDESK_PUBLIC_URL}
          -P ${AMOCRM_WIDGET_SOURCE_DIR}/pack_widget.cmake
  DEPENDS ${amocrm_widget_inputs} ${AMOCRM_WIDGET_SOURCE_DIR}/pack_widget.cmake ${CMAKE_BINARY_DIR}/CMakeCache.txt
  COMMENT "Packing the amoCRM widget into amocrm-widget.zip"
  VERBATIM)
add_custom_target(amocrm_widget_archive ALL DEPENDS ${AMOCRM_WIDGET_ARCHIVE})
