/** A dense row-major matrix of float64 values: the input every detector takes. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Builds a matrix from row arrays (all of the same length). */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r ? rows[0].length : 0;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new Error(`matrix row ${i} has ${rows[i].length} values, expected ${c}`);
    data.set(rows[i], i * c);
  }
  return { data, rows: r, cols: c };
}

/** Builds a matrix from columns (all of the same length). */
export function matrixFromColumns(columns: readonly ArrayLike<number>[]): Matrix {
  const c = columns.length;
  const r = c ? columns[0].length : 0;
  const data = new Float64Array(r * c);
  for (let j = 0; j < c; j++) {
    const col = columns[j];
    for (let i = 0; i < r; i++) data[i * c + j] = col[i];
  }
  return { data, rows: r, cols: c };
}

/** The rows at the given indices, as a new matrix. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float64Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { data, rows: indices.length, cols: m.cols };
}

/** Row i as a view (no copy). */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}
