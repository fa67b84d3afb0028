# orderflow_library(NAME SOURCES... DEPENDS targets...)
# A library in libs/NAME: public headers under include/orderflow/NAME, sources under src/.
function(orderflow_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(orderflow_${name} STATIC ${ARG_SOURCES})
  add_library(orderflow::${name} ALIAS orderflow_${name})
  target_include_directories(orderflow_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                               PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(orderflow_${name} PUBLIC ${ARG_DEPENDS})
endfunction()

# orderflow_unit_test(NAME SOURCES... DEPENDS targets...)
# A GoogleTest binary whose tests CTest discovers one by one, labelled "unit".
function(orderflow_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPENDS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} PROPERTIES LABELS unit DISCOVERY_TIMEOUT 30)
endfunction()

# orderflow_embed_files(TARGET DIR GLOB NAMESPACE FUNCTION)
# Compiles the files under DIR matching GLOB into TARGET, readable at run time through
# NAMESPACE::FUNCTION() (see libs/common/include/orderflow/common/embedded_file.h).
function(orderflow_embed_files target dir glob namespace function)
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS ${dir}/${glob})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${function}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DDIR=${dir} -DGLOB=${glob} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${dir}/${glob}")
  target_sources(${target} PRIVATE ${output})
endfunction()
