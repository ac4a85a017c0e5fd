package dev.ledgerlens.eval;

/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) with an L2 penalty on the weights,
 * for fitting {@link dev.ledgerlens.validate.ConfidenceModel}: a handful of signals and a few hundred examples, so a
 * dense solve per step is all it takes. Stateless.
 */
final class LogisticFit {
    private LogisticFit() {
    }

    /**
     * The intercept and weights that best predict {@code y} (0 or 1) from the rows of {@code x}.
     *
     * @param ridge the L2 penalty on the weights (the intercept is not penalised)
     * @return {intercept, weight of column 0, weight of column 1, …}
     */
    static double[] fit(double[][] x, double[] y, double ridge) {
        int k = x[0].length + 1;
        double[] beta = new double[k];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] gradient = new double[k];
            double[][] hessian = new double[k][k];
            for (int row = 0; row < x.length; row++) {
                double[] features = withIntercept(x[row]);
                double p = 1 / (1 + Math.exp(-dot(beta, features)));
                double w = Math.max(p * (1 - p), 1e-9);
                for (int i = 0; i < k; i++) {
                    gradient[i] += (y[row] - p) * features[i];
                    for (int j = 0; j < k; j++) {
                        hessian[i][j] += w * features[i] * features[j];
                    }
                }
            }
            for (int i = 1; i < k; i++) {
                gradient[i] -= ridge * beta[i];
                hessian[i][i] += ridge;
            }
            double[] step = solve(hessian, gradient);
            double largest = 0;
            for (int i = 0; i < k; i++) {
                beta[i] += step[i];
                largest = Math.max(largest, Math.abs(step[i]));
            }
            if (largest < 1e-8) {
                break;
            }
        }
        return beta;
    }

    private static double[] withIntercept(double[] row) {
        double[] features = new double[row.length + 1];
        features[0] = 1;
        System.arraycopy(row, 0, features, 1, row.length);
        return features;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] matrix, double[] vector) {
        int n = vector.length;
        double[][] a = new double[n][];
        double[] b = vector.clone();
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            double t = b[column];
            b[column] = b[pivot];
            b[pivot] = t;
            if (Math.abs(a[column][column]) < 1e-12) {
                continue; // a signal that never varies: leave its weight where it is
            }
            for (int row = column + 1; row < n; row++) {
                double factor = a[row][column] / a[column][column];
                for (int j = column; j < n; j++) {
                    a[row][j] -= factor * a[column][j];
                }
                b[row] -= factor * b[column];
            }
        }
        double[] solution = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = b[row];
            for (int j = row + 1; j < n; j++) {
                sum -= a[row][j] * solution[j];
            }
            solution[row] = Math.abs(a[row][row]) < 1e-12 ? 0 : sum / a[row][row];
        }
        return solution;
    }
}
