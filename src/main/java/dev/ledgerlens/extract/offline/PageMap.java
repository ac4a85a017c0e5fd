package dev.ledgerlens.extract.offline;

/**
 * A projective map of the plane (a homography): u = (ax + by + c) / (gx + hy + 1), v = (dx + ey + f) / (gx + hy + 1).
 * It takes a point of a straightened photo back to where it lies in the photo as stored, so that the word boxes read on
 * the straightened page are shown where they are printed. Immutable.
 *
 * @param coefficients a, b, c, d, e, f, g, h
 */
public record PageMap(double[] coefficients) {

    public PageMap {
        coefficients = coefficients.clone();
    }

    /** The map taking each of the four {@code from} points to the {@code to} point of the same index. */
    public static PageMap between(double[][] from, double[][] to) {
        // eight equations in eight unknowns, two per point pair, solved by Gauss-Jordan with partial pivoting
        double[][] system = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = from[i][0];
            double y = from[i][1];
            double u = to[i][0];
            double v = to[i][1];
            system[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            system[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int column = 0; column < 8; column++) {
            int pivot = column;
            for (int row = column + 1; row < 8; row++) {
                if (Math.abs(system[row][column]) > Math.abs(system[pivot][column])) {
                    pivot = row;
                }
            }
            double[] swap = system[column];
            system[column] = system[pivot];
            system[pivot] = swap;
            for (int row = 0; row < 8; row++) {
                if (row != column) {
                    double factor = system[row][column] / system[column][column];
                    for (int k = column; k < 9; k++) {
                        system[row][k] -= factor * system[column][k];
                    }
                }
            }
        }
        double[] coefficients = new double[8];
        for (int i = 0; i < 8; i++) {
            coefficients[i] = system[i][8] / system[i][i];
        }
        return new PageMap(coefficients);
    }

    /** Where (x, y) goes. */
    public double[] apply(double x, double y) {
        double[] c = coefficients;
        double w = c[6] * x + c[7] * y + 1;
        return new double[] {(c[0] * x + c[1] * y + c[2]) / w, (c[3] * x + c[4] * y + c[5]) / w};
    }

    /** This map after scaling by {@code 1 / scale}: for points of the page once it is scaled up by {@code scale}. */
    PageMap afterScaling(double scale) {
        double[] c = coefficients.clone();
        for (int i : new int[] {0, 1, 3, 4, 6, 7}) {
            c[i] /= scale;
        }
        return new PageMap(c);
    }

    /** The box (left, top, width, height) around where the four corners of a box go. */
    public int[] box(int left, int top, int width, int height) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] corner : new double[][] {{left, top}, {left + width, top}, {left, top + height}, {left + width, top + height}}) {
            double[] p = apply(corner[0], corner[1]);
            minX = Math.min(minX, p[0]);
            minY = Math.min(minY, p[1]);
            maxX = Math.max(maxX, p[0]);
            maxY = Math.max(maxY, p[1]);
        }
        int x = (int) Math.round(minX);
        int y = (int) Math.round(minY);
        return new int[] {x, y, (int) Math.round(maxX) - x, (int) Math.round(maxY) - y};
    }
}
