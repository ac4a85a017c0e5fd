package dev.ledgerlens.extract.offline;

import java.util.Arrays;

/**
 * Counts the separate marks of ink on a grey page (8-connected dark regions after an Otsu threshold): about one or
 * two per printed character, one per speck of noise. Tesseract's layout analysis, which runs before recognition and
 * cannot be stopped, takes time that grows faster than the number of marks; counting them first is how a page of
 * speckle or noise is told from a page of text before Tesseract spends minutes on it.
 *
 * <p>Linear in the pixels: runs of ink are joined row by row in a union-find. Stateless and thread-safe.
 */
final class MarkCounter {
    private MarkCounter() {
    }

    /**
     * The marks on the {@code width}×{@code height} grey page {@code gray} (one byte per pixel, rows top down), or
     * {@code limit + 1} as soon as the page has more runs of ink than {@code limit} marks could hold.
     */
    static int count(byte[] gray, int width, int height, int limit) {
        int threshold = otsu(gray);
        // union-find over runs of ink; a run is [start, end) in its row
        int[] parent = new int[1024];
        int runs = 0;
        int joins = 0;
        int[] previousStarts = new int[16];
        int[] previousEnds = new int[16];
        int[] previousIds = new int[16];
        int previousCount = 0;
        int[] starts = new int[16];
        int[] ends = new int[16];
        int[] ids = new int[16];
        long maxRuns = (long) limit * 64; // a character is rarely more than a few dozen runs tall
        for (int y = 0; y < height; y++) {
            int count = 0;
            int row = y * width;
            int x = 0;
            while (x < width) {
                if ((gray[row + x] & 0xFF) >= threshold) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && (gray[row + x] & 0xFF) < threshold) {
                    x++;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                    ids = Arrays.copyOf(ids, count * 2);
                }
                if (runs == parent.length) {
                    parent = Arrays.copyOf(parent, runs * 2);
                }
                parent[runs] = runs;
                starts[count] = start;
                ends[count] = x;
                ids[count] = runs;
                runs++;
                if (runs > maxRuns) {
                    return limit + 1;
                }
                count++;
            }
            // join each run with the runs of the row above that touch it, diagonals included
            int above = 0;
            for (int run = 0; run < count; run++) {
                while (above < previousCount && previousEnds[above] < starts[run]) {
                    above++;
                }
                for (int other = above; other < previousCount && previousStarts[other] <= ends[run]; other++) {
                    if (union(parent, ids[run], previousIds[other])) {
                        joins++;
                    }
                }
            }
            int[] swap = previousStarts;
            previousStarts = starts;
            starts = swap;
            swap = previousEnds;
            previousEnds = ends;
            ends = swap;
            swap = previousIds;
            previousIds = ids;
            ids = swap;
            previousCount = count;
        }
        return runs - joins;
    }

    private static boolean union(int[] parent, int a, int b) {
        int rootA = find(parent, a);
        int rootB = find(parent, b);
        if (rootA == rootB) {
            return false;
        }
        parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
        return true;
    }

    private static int find(int[] parent, int node) {
        int root = node;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[node] != root) { // path compression
            int next = parent[node];
            parent[node] = root;
            node = next;
        }
        return root;
    }

    /** Otsu's threshold: the grey level that best splits the histogram into ink and paper (ink is below it). */
    static int otsu(byte[] gray) {
        long[] histogram = new long[256];
        for (byte value : gray) {
            histogram[value & 0xFF]++;
        }
        long total = gray.length;
        double sumAll = 0;
        for (int level = 0; level < 256; level++) {
            sumAll += (double) level * histogram[level];
        }
        double sumBelow = 0;
        long below = 0;
        double bestSpread = -1;
        int best = 128;
        for (int level = 0; level < 256; level++) {
            below += histogram[level];
            if (below == 0) {
                continue;
            }
            long above = total - below;
            if (above == 0) {
                break;
            }
            sumBelow += (double) level * histogram[level];
            double meanBelow = sumBelow / below;
            double meanAbove = (sumAll - sumBelow) / above;
            double spread = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (spread > bestSpread) {
                bestSpread = spread;
                best = level + 1; // ink is strictly below the threshold
            }
        }
        return best;
    }
}
