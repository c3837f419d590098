/* jacobi-2d (PolyBench): five-point Jacobi stencil, two grids swapped each step. */
#include "kernel.h"

#define N 600
#define TSTEPS 600
static double A[N][N], B[N][N];

int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = ((double)i * (j + 2) + 2) / N;
            B[i][j] = ((double)i * (j + 3) + 3) / N;
        }
    for (int t = 0; t < TSTEPS; t++) {
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                B[i][j] = 0.2 * (A[i][j] + A[i][j - 1] + A[i][1 + j] + A[1 + i][j] + A[i - 1][j]);
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                A[i][j] = 0.2 * (B[i][j] + B[i][j - 1] + B[i][1 + j] + B[1 + i][j] + B[i - 1][j]);
    }
    printf("jacobi-2d %dx%d t=%d checksum %.12g\n", N, N, TSTEPS, checksum_f64(&A[0][0], (long)N * N));
    return 0;
}
