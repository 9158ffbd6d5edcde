import { DataError } from './dataset';

/**
 * The largest input the loaders accept, 512 MiB: beyond it a JavaScript string cannot hold the text
 * (V8's limit is about 2^29 characters) and a browser tab would run out of memory building columns.
 */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Refuses an input over {@link MAX_INPUT_BYTES} with a message that says what to do instead. */
export function checkSize(bytes: number, file: string): void {
  if (bytes > MAX_INPUT_BYTES) {
    const size =
      bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
    throw new DataError(
      `the file is ${size}; the workbench reads files up to 512 MiB. Keep fewer rows or columns (a shorter time range, fewer instances) or aggregate to a coarser step first`,
      file,
    );
  }
}
