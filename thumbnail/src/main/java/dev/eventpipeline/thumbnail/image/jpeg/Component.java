package dev.eventpipeline.thumbnail.image.jpeg;

import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.BASIS;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.ZIGZAG;

/** One component (colour plane) of the frame being decoded: its geometry, its reduced plane and its coefficients. */
final class Component {
  int id;
  int h;
  int v;
  int tq;
  int blocksPerLine;
  int blocksPerColumn;
  int bplMcu;
  int bpcMcu;
  int planeW;
  byte[] plane;
  /** Progressive: each block's DC coefficient. */
  short[] dcs;
  /** Progressive, below 1/8: each block's AC coefficients that weigh in at the scale, at their SLOTS. */
  short[] coefs;
  /** Progressive, below 1/8: per block, bit k set exactly when zigzag coefficient k (1..63) is nonzero. */
  long[] nonzero;
  int pred;
  /** Sequential frames: a scan has coded this component. */
  boolean coded;
  JpegHuffman dc;
  JpegHuffman ac;
  float[] weights;
  int[] weightsFor;

  /** weights[k * n*n + j*n + i]: dequantized contribution of zigzag coefficient k to output pixel (i, j). */
  void prepareWeights(int[] q, int n) {
    if (weights != null && weightsFor == q) {
      return;
    }
    float[] basis = BASIS[n];
    int nn = n * n;
    weights = new float[64 * nn];
    for (int k = 0; k < 64; k++) {
      int natural = ZIGZAG[k];
      int u = natural & 7;
      int v = natural >> 3;
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          weights[k * nn + j * n + i] = q[k] * basis[u * n + i] * basis[v * n + j];
        }
      }
    }
    weightsFor = q;
  }
}
