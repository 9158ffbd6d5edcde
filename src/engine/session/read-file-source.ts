import type { DataSource } from './types';

/** Apache Arrow IPC files, read as bytes; every other format is text. */
export function isArrowFileName(name: string): boolean {
  return /\.(arrow|feather|ipc|arrows)$/i.test(name);
}

/** Reads an uploaded file source into a text or bytes source (other sources are returned as they are). */
export async function readFileSource(source: DataSource): Promise<DataSource> {
  if (source.kind !== 'file') return source;
  if (isArrowFileName(source.name)) {
    return { kind: 'bytes', name: source.name, bytes: new Uint8Array(await source.file.arrayBuffer()) };
  }
  return { kind: 'csv', name: source.name, text: await source.file.text() };
}
