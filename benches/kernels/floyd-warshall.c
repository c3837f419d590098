/* floyd-warshall (PolyBench): all-pairs shortest paths on an integer
 * distance matrix (branchy min in the inner loop). */
#include "kernel.h"

#define N 640
static int32_t path[N][N];

int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            path[i][j] = i * j % 7 + 1;
            if ((i + j) % 13 == 0 || (i + j) % 7 == 0 || (i + j) % 11 == 0) path[i][j] = 999;
        }
    for (int k = 0; k < N; k++)
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                path[i][j] = path[i][j] < path[i][k] + path[k][j] ? path[i][j] : path[i][k] + path[k][j];
    printf("floyd-warshall %d checksum %016llx\n", N,
           (unsigned long long)checksum_i32(&path[0][0], (long)N * N));
    return 0;
}
