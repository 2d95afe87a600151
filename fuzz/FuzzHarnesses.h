// The list of fuzz harnesses, one KINEMARK_HARNESS(reader) per fuzz_<reader>.cpp,
// for the regression runner (included with KINEMARK_HARNESS defined). Keep it
// in step with KINEMARK_FUZZ_HARNESSES in fuzz/CMakeLists.txt.
KINEMARK_HARNESS(csv)
KINEMARK_HARNESS(harth)
KINEMARK_HARNESS(hapt)
KINEMARK_HARNESS(cwa)
KINEMARK_HARNESS(gt3x)
KINEMARK_HARNESS(gt3x_log)
KINEMARK_HARNESS(geneactiv)
KINEMARK_HARNESS(label_csv)
KINEMARK_HARNESS(segment_csv)
KINEMARK_HARNESS(elan)
KINEMARK_HARNESS(project)
KINEMARK_HARNESS(model)
KINEMARK_HARNESS(tensor_archive)
