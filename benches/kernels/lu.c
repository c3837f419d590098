/* lu (PolyBench): in-place LU decomposition without pivoting of a
 * diagonally dominant matrix. */
#include "kernel.h"

#define N 1000
static double A[N][N];

int main(void) {
    /* A diagonally dominant matrix keeps the decomposition stable without
     * pivoting. */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) A[i][j] = (i == j) ? (double)N + 1.0 : (double)((i * 7 + j * 3) % 11) / 11.0;

    for (int i = 0; i < N; i++) {
        for (int j = 0; j < i; j++) {
            for (int k = 0; k < j; k++) A[i][j] -= A[i][k] * A[k][j];
            A[i][j] /= A[j][j];
        }
        for (int j = i; j < N; j++)
            for (int k = 0; k < i; k++) A[i][j] -= A[i][k] * A[k][j];
    }
    printf("lu %dx%d checksum %.12g\n", N, N, checksum_f64(&A[0][0], (long)N * N));
    return 0;
}
