// OpenBLAS (Debian's libopenblas-dev), for the sentence encoder's matrix products: only
// cblas_sgemm is used, through ReflectMeaning's MatrixProduct.
#include <cblas.h>
