# The UI font: Roboto (Debian's fonts-roboto-unhinted) cut down to the characters listed in
# assets/fonts/ui-font-glyphs.txt, then compiled in as a byte array (smallest to deliver, no
# filesystem code in the WASM). Nothing third-party is committed: the build makes the subset.
set(GROUPDESK_FONT_SOURCE "/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf"
    CACHE FILEPATH "TTF to subset for the UI font")
find_program(PYFTSUBSET pyftsubset REQUIRED)

set(GROUPDESK_FONT_TTF "${CMAKE_BINARY_DIR}/generated/groupdesk-ui.ttf")
set(GROUPDESK_FONT_HEADER "${CMAKE_BINARY_DIR}/generated/groupdesk_ui_font.inc")
add_custom_command(
  OUTPUT ${GROUPDESK_FONT_TTF}
  COMMAND ${PYFTSUBSET} ${GROUPDESK_FONT_SOURCE}
          --unicodes-file=${CMAKE_SOURCE_DIR}/assets/fonts/ui-font-glyphs.txt
          --layout-features= --no-hinting --desubroutinize --drop-tables+=GSUB,GPOS,GDEF,DSIG
          --name-IDs=0,1,2,3,4,5,6 --output-file=${GROUPDESK_FONT_TTF}
  DEPENDS ${CMAKE_SOURCE_DIR}/assets/fonts/ui-font-glyphs.txt ${GROUPDESK_FONT_SOURCE}
  COMMENT "Subsetting the UI font")
add_custom_command(
  OUTPUT ${GROUPDESK_FONT_HEADER}
  COMMAND ${CMAKE_COMMAND} -DINPUT=${GROUPDESK_FONT_TTF} -DOUTPUT=${GROUPDESK_FONT_HEADER}
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_bytes.cmake
  DEPENDS ${GROUPDESK_FONT_TTF} ${CMAKE_SOURCE_DIR}/cmake/embed_bytes.cmake)
add_custom_target(groupdesk_font DEPENDS ${GROUPDESK_FONT_HEADER})
