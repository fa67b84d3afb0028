# Writes OUTPUT, a C++ source defining orderflow::storage::migrations() from the files
# MIGRATIONS_DIR/NNN_name.sql, version NNN. Run with cmake -P.
file(GLOB files ${MIGRATIONS_DIR}/*.sql)
list(SORT files)
set(entries "")
foreach(file ${files})
  get_filename_component(base ${file} NAME_WE)
  if(NOT base MATCHES "^([0-9]+)_(.+)$")
    message(FATAL_ERROR "migration ${file} is not named NNN_description.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name ${CMAKE_MATCH_2})
  file(READ ${file} sql)
  string(APPEND entries "      {${version}, \"${name}\", R\"orderflow_sql(${sql})orderflow_sql\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated from libs/storage/migrations by cmake/embed_migrations.cmake.\n"
  "#include \"orderflow/storage/schema.h\"\n\n"
  "namespace orderflow::storage {\n\n"
  "const std::vector<postgres::Migration>& migrations() {\n"
  "  static const std::vector<postgres::Migration> kMigrations = {\n${entries}  };\n"
  "  return kMigrations;\n}\n\n}  // namespace orderflow::storage\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
