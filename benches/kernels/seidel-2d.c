/* seidel-2d (PolyBench): nine-point Gauss-Seidel stencil updated in place
 * (a loop-carried dependence: no vectorisation, latency bound). */
#include "kernel.h"

#define N 700
#define TSTEPS 60
static double A[N][N];

int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) A[i][j] = ((double)i * (j + 2) + 2) / N;
    for (int t = 0; t < TSTEPS; t++)
        for (int i = 1; i <= N - 2; i++)
            for (int j = 1; j <= N - 2; j++)
                A[i][j] = (A[i - 1][j - 1] + A[i - 1][j] + A[i - 1][j + 1] + A[i][j - 1] + A[i][j] +
                           A[i][j + 1] + A[i + 1][j - 1] + A[i + 1][j] + A[i + 1][j + 1]) / 9.0;
    printf("seidel-2d %dx%d t=%d checksum %.12g\n", N, N, TSTEPS, checksum_f64(&A[0][0], (long)N * N));
    return 0;
}
