# Turns a text file into a C++ function returning its bytes, at build time (cmake -P), so that
# http/openapi.json and the status page stay plain files to read, edit and check.
# Usage: cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DFUNCTION=<name> -P embed_text.cmake
file(READ "${INPUT}" text)
set(delimiter "cq_embed")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}"
     "// Generated from ${INPUT} by cmake/embed_text.cmake: edit that file.\n"
     "#include \"http/embedded_assets.hpp\"\n\n"
     "namespace cutqueue::http {\n\n"
     "std::string_view ${FUNCTION}() {\n"
     "  static constexpr char text[] = R\"${delimiter}(${text})${delimiter}\";\n"
     "  return {text, sizeof text - 1};\n"
     "}\n\n"
     "} // namespace cutqueue::http\n")
